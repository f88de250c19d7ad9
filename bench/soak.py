"""Soak: every product line in parallel threads for a while, with run-time
changes in between, checking that memory and handles stay flat.

Threads (the GIL is released around native work, so they really overlap):
  video_i420   H.264 Encoder, 352x288, I420 planes as strided views of a photo
  video_nv12   H.264 Encoder, 330x250 (not a multiple of 16: cropping and the
               source copy), NV12 planes as strided views
               both: reconfigure (bitrate, fps), keyframe requests, ROI lists and
               int8 maps switched on and off, recon(), and re-creation with
               another speed / rate control every few hundred frames
  audio        3A Processor, 16 kHz mono float32 and 48 kHz stereo int16 in turn:
               aec/ans/agc switched, agc target changed, stream delay hints,
               stats(), reset(), re-creation every few thousand frames
  sr           SuperResolution re-created every few dozen frames with another
               scale (x1.25 .. x4, or an output size), sharpness and sometimes
               brightness/contrast; gray, I420, NV12 and RGB inputs, out= reused
  adjust       Adjust (new parameters every hundred frames; in place and not),
               convert RGB <-> I420/NV12/RGBA, downscale2
  license      activates dev-key licenses granting different product lines, or
               deactivates (evaluation mode), every 0.2-1.5 s
  cpu_mask     (--cpu-mask-toggle only) set_cpu_mask([]) / None every 0.1-0.5 s

Content: panning crops of scikit-image photos (astronaut, coffee, motorcycle,
rocket, chelsea, hubble deep field); the audio is SYNTHETIC (harmonic voices
with syllable envelopes, an echo of the far end through a decaying impulse
response, and noise), 10 s looped.

Expected exceptions: edgeav.FeatureNotLicensed when an object is created while
the active license does not grant its line (the thread retries a moment
later), edgeav.EvaluationLimitReached when an object created in evaluation mode
has handled 10 minutes of media (it is re-created). Any other exception, or an
output failing its sanity check, fails the soak.

Flatness: RSS (VmRSS), open file descriptors (/proc/self/fd) and threads are
sampled periodically. After the warm-up (20% of the run, at least 10 s) they
must stay flat: RSS may not grow by more than max(8 MiB, 5% of its post-warm-up
start), measured both as median(last 10% of samples) - median(first 10%) and as
the least-squares slope times the post-warm-up duration; descriptors and
threads may not grow at all (no sample above the post-warm-up start). Exits 1
on any failure.

    python bench/soak.py --minutes 1          # writes bench/out/soak.json
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
RSS_LIMIT_BYTES = 8 * MIB
RSS_LIMIT_FRACTION = 0.05


# --- flatness -------------------------------------------------------------------------
@dataclass
class Flatness:
    name: str
    unit: str
    start: float  # first sample after the warm-up
    end: float
    max: float
    growth: float  # end - start
    robust_growth: float  # median(last 10%) - median(first 10%)
    trend: float  # least-squares slope x post-warm-up duration
    limit: float
    ok: bool
    reason: str = ""


def least_squares_slope(t: np.ndarray, v: np.ndarray) -> float:
    if len(t) < 2 or np.ptp(t) == 0:
        return 0.0
    tc = t - t.mean()
    return float(np.dot(tc, v - v.mean()) / np.dot(tc, tc))


def check_flat(name: str, unit: str, times, values, warmup_s: float, limit: float | None) -> Flatness:
    """limit None: the series may not rise above its post-warm-up start at all
    (handles); otherwise neither the robust growth nor the trend may exceed it."""
    t, v = np.asarray(times, float), np.asarray(values, float)
    keep = t >= warmup_s
    t, v = t[keep], v[keep]
    if len(v) < 4:
        return Flatness(name, unit, *(float("nan"),) * 6, limit or 0.0, False, "fewer than 4 samples after warm-up")
    k = max(1, len(v) // 10)
    robust = float(np.median(v[-k:]) - np.median(v[:k]))
    trend = least_squares_slope(t, v) * float(t[-1] - t[0])
    f = Flatness(name, unit, float(v[0]), float(v[-1]), float(v.max()), float(v[-1] - v[0]), robust, trend,
                 0.0 if limit is None else limit, True)
    if limit is None:
        if f.max > f.start:
            f.ok, f.reason = False, f"rose from {f.start:g} to {f.max:g} after the warm-up"
    elif robust > limit:
        f.ok, f.reason = False, f"grew by {robust:g} (limit {limit:g})"
    elif trend > limit:
        f.ok, f.reason = False, f"trend {trend:g} over the run (limit {limit:g})"
    return f


def rss_limit(start_bytes: float) -> float:
    return max(RSS_LIMIT_BYTES, RSS_LIMIT_FRACTION * start_bytes)


# --- process probes -------------------------------------------------------------------
def proc_status() -> dict[str, str]:
    with open("/proc/self/status") as f:
        return dict(line.split(":", 1) for line in f if ":" in line)


def sample() -> tuple[int, int, int]:
    """(RSS bytes, open fds, threads). The fd count includes the descriptor
    listdir itself holds open, the same in every sample."""
    st = proc_status()
    rss = int(st["VmRSS"].split()[0]) * 1024
    threads = int(st["Threads"])
    fds = len(os.listdir("/proc/self/fd"))
    return rss, fds, threads


# --- content --------------------------------------------------------------------------
def photos() -> list[np.ndarray]:
    from skimage import data

    imgs = [data.astronaut(), data.coffee(), data.stereo_motorcycle()[0], data.rocket(), data.chelsea(),
            data.hubble_deep_field()[:512, :640]]
    return [np.ascontiguousarray(im[: im.shape[0] // 2 * 2, : im.shape[1] // 2 * 2]) for im in imgs]


class Pan:
    """A crop window of (h, w) moving across a photo, a new photo every `cut` frames."""

    def __init__(self, n_photos: int, ph_pw: list[tuple[int, int]], h: int, w: int, cut: int, rng: random.Random):
        self.sizes, self.h, self.w, self.cut, self.rng = ph_pw, h, w, cut, rng
        self.n, self.i, self.photo = n_photos, 0, 0
        self._new_path()

    def _new_path(self):
        ph, pw = self.sizes[self.photo]
        self.y0, self.x0 = self.rng.randrange(0, ph - self.h + 1), self.rng.randrange(0, pw - self.w + 1)
        self.dy, self.dx = self.rng.choice([-2, 0, 2]), self.rng.choice([-4, -2, 2, 4])

    def next(self) -> tuple[int, int, int]:
        """(photo index, even y, even x) of the next frame."""
        if self.i and self.i % self.cut == 0:
            self.photo = self.rng.randrange(self.n)
            self._new_path()
        ph, pw = self.sizes[self.photo]
        k = self.i % self.cut
        y = min(max(self.y0 + self.dy * k, 0), ph - self.h) // 2 * 2
        x = min(max(self.x0 + self.dx * k, 0), pw - self.w) // 2 * 2
        self.i += 1
        return self.photo, y, x


def voice(rate: int, seconds: float, f0: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(rate * seconds)) / rate
    pitch = f0 * (1 + 0.08 * np.sin(2 * np.pi * 0.7 * t) + 0.03 * np.sin(2 * np.pi * 5.1 * t))
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    x = sum(np.sin(k * phase) * (0.8 ** k) for k in range(1, 16))
    syllables = np.clip(np.sin(2 * np.pi * 3.7 * t + rng.uniform(0, 6)), 0, None) ** 0.7
    pauses = (np.sin(2 * np.pi * 0.23 * t + rng.uniform(0, 6)) > -0.4).astype(float)
    return (x * syllables * pauses / np.abs(x).max()).astype(np.float64)


def audio_scene(rate: int, channels: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(far, near) float32 in -1..1, 10 s, shape (n,) or (n, channels): near holds
    its own voice, the far end's echo (60 ms, decaying response) and noise."""
    rng = np.random.default_rng(seed)
    far = 0.25 * voice(rate, 10, 190, seed + 1)
    near_voice = 0.2 * voice(rate, 10, 120, seed + 2) * (np.arange(10 * rate) > 4 * rate)  # double talk after 4 s
    taps = int(0.03 * rate)
    response = rng.standard_normal(taps) * np.exp(-np.arange(taps) / (0.006 * rate)) * 0.3
    echo = np.convolve(far, response)[: len(far)]
    delay = int(0.06 * rate)
    echo = np.concatenate([np.zeros(delay), echo[:-delay]])
    near = near_voice + echo + 0.003 * rng.standard_normal(len(far))
    if channels > 1:
        far = np.repeat(far[:, None], channels, axis=1)
        near = np.stack([near * (0.9 + 0.1 * c) for c in range(channels)], axis=1)
    return far.astype(np.float32), np.clip(near, -1, 1).astype(np.float32)


# --- the soak -------------------------------------------------------------------------
@dataclass
class Soak:
    seconds: float
    seed: int
    toggle_cpu_mask: bool
    stop: threading.Event = field(default_factory=threading.Event)
    iterations: Counter = field(default_factory=Counter)
    expected: dict = field(default_factory=dict)  # component -> Counter of exception names
    failures: list = field(default_factory=list)

    def expect(self, component: str, exc: BaseException) -> None:
        self.expected.setdefault(component, Counter())[type(exc).__name__] += 1

    def fail(self, component: str, message: str) -> None:
        self.failures.append({"component": component, "error": message})
        self.stop.set()

    def check(self, component: str, condition: bool, message: str) -> None:
        if not condition:
            raise AssertionError(f"{component}: {message}")


def run_thread(soak: Soak, name: str, body) -> threading.Thread:
    def target():
        try:
            body()
        except BaseException:  # noqa: BLE001 - any other exception fails the soak
            soak.fail(name, traceback.format_exc())

    th = threading.Thread(target=target, name=f"soak-{name}", daemon=True)
    th.start()
    return th


def create(soak: Soak, name: str, make):
    """make() until it is licensed (or the soak stops); None when stopped."""
    import edgeav

    while not soak.stop.is_set():
        try:
            return make()
        except edgeav.FeatureNotLicensed as e:
            soak.expect(name, e)
            soak.stop.wait(0.02)
    return None


def video_body(soak: Soak, name: str, imgs, size: tuple[int, int], nv12: bool, seed: int):
    import edgeav
    from edgeav.video import Encoder, Roi

    rng = random.Random(seed)
    w, h = size
    planes = []
    for im in imgs:
        yuv = edgeav.convert(im, "rgb24", "nv12" if nv12 else "i420")
        ph, pw = im.shape[:2]
        y = yuv[:ph]
        if nv12:
            planes.append((y, yuv[ph:].reshape(ph // 2, pw)))
        else:
            chroma = yuv[ph:].reshape(2, ph // 2, pw // 2)
            planes.append((y, chroma[0], chroma[1]))
    pan = Pan(len(imgs), [im.shape[:2] for im in imgs], h, w, 90, rng)
    mb_h, mb_w = (h + 15) // 16, (w + 15) // 16

    def make():
        speed = rng.choice(["fastest", "fast", "default"] + ([] if nv12 else ["slow"]))
        rc = rng.choice(["cbr", "vbr"])
        kwargs = dict(fps=rng.choice([15, 25, 30]), bitrate_kbps=rng.choice([300, 800, 1500]), rc=rc, speed=speed,
                      intra_refresh=rng.random() < 0.25, keyint=rng.choice([0, 60]))
        if rc == "vbr":
            kwargs["max_bitrate_kbps"] = kwargs["bitrate_kbps"] * 2
        return Encoder(w, h, **kwargs)

    enc, frames, roi = None, 0, None
    recon = np.empty((h * 3 // 2, w), np.uint8)
    while not soak.stop.is_set():
        if enc is None:
            enc, frames = create(soak, name, make), 0
            if enc is None:
                return
        p, y0, x0 = pan.next()
        if nv12:
            yp, uv = planes[p]
            frame = (yp[y0 : y0 + h, x0 : x0 + w], uv[y0 // 2 : (y0 + h) // 2, x0 : x0 + w])
        else:
            yp, u, v = planes[p]
            frame = (yp[y0 : y0 + h, x0 : x0 + w], u[y0 // 2 : (y0 + h) // 2, x0 // 2 : (x0 + w) // 2],
                     v[y0 // 2 : (y0 + h) // 2, x0 // 2 : (x0 + w) // 2])
        if frames % 20 == 0:
            pick = rng.random()
            if pick < 0.3:
                roi = None
            elif pick < 0.65:
                roi = []
                for _ in range(rng.randrange(1, 4)):
                    rx, ry = rng.randrange(0, w - 32), rng.randrange(0, h - 32)
                    roi.append(Roi(rx, ry, rng.randrange(16, min(96, w - rx) + 1), rng.randrange(16, min(96, h - ry) + 1),
                                   rng.randrange(-10, 6)))
            else:
                roi = np.random.default_rng(rng.randrange(1 << 30)).integers(-8, 8, (mb_h, mb_w), dtype=np.int8)
        if frames and frames % 30 == 0:
            enc.reconfigure(bitrate_kbps=rng.randrange(150, 3000), fps=rng.choice([None, 12.5, 15, 24, 30, 60]))
        force = frames > 0 and rng.random() < 0.02
        try:
            pkt = enc.encode(frame, roi=roi, force_keyframe=force)
        except edgeav.EvaluationLimitReached as e:
            soak.expect(name, e)
            enc = None
            continue
        soak.check(name, pkt.size > 0 and (pkt.keyframe or not (force or frames == 0)),
                   f"frame {frames}: size {pkt.size}, keyframe {pkt.keyframe}, forced {force}")
        if frames % 50 == 49:
            enc.recon(out=recon)
        frames += 1
        soak.iterations[name] += 1
        if frames >= rng.randrange(250, 600):
            enc = None  # re-create (another speed and rate control)


def audio_body(soak: Soak, name: str, seed: int):
    import edgeav
    from edgeav.audio import Processor

    rng = random.Random(seed)
    scenes = {(16000, 1): audio_scene(16000, 1, seed), (48000, 2): audio_scene(48000, 2, seed + 10)}
    ans_levels = [None, "low", "moderate", "high", "very_high"]
    apm, frames, pos, flavour = None, 0, 0, 0
    while not soak.stop.is_set():
        if apm is None:
            flavour ^= 1
            rate, channels = (16000, 1) if flavour else (48000, 2)
            kw = dict(aec=rng.random() < 0.8, ans=rng.choice(ans_levels), agc=rng.random() < 0.8)
            apm = create(soak, name, lambda: Processor(rate, channels, **kw))
            if apm is None:
                return
            far_all, near_all = scenes[(rate, channels)]
            if not flavour:  # int16 for the 48 kHz stereo processor
                far_all = np.round(far_all * 32767).astype(np.int16)
                near_all = np.round(near_all * 32767).astype(np.int16)
            n, frames, pos = apm.frame_size, 0, 0
            out = np.empty((n, channels) if channels > 1 else (n,), near_all.dtype)
        if pos + n > len(far_all):
            pos = 0
        far, near = far_all[pos : pos + n], near_all[pos : pos + n]
        pos += n
        try:
            apm.process_reverse(far)
            res = apm.process(near, out=out) if frames % 2 else apm.process(near)
        except edgeav.EvaluationLimitReached as e:
            soak.expect(name, e)
            apm = None
            continue
        if res.dtype == np.float32:
            soak.check(name, bool(np.isfinite(res).all()) and float(np.abs(res).max()) <= 1.0, "output not in -1..1")
        frames += 1
        soak.iterations[name] += 1
        if frames % 150 == 0:
            which = rng.randrange(5)
            try:  # switching a stage on asks the license gate again
                if which == 0:
                    apm.aec = not apm.aec
                elif which == 1:
                    apm.ans = rng.choice(ans_levels)
                elif which == 2:
                    apm.agc = not apm.agc
                elif which == 3:
                    apm.agc_target_dbfs = rng.uniform(-30, -10)
                else:
                    apm.set_stream_delay_ms(rng.randrange(0, 400))
            except edgeav.FeatureNotLicensed as e:
                soak.expect(name, e)
        if frames % 100 == 0:
            st = apm.stats()
            soak.check(name, all(np.isfinite(v) for v in st.values() if v is not None), f"stats {st}")
        if frames % 2500 == 0 and rng.random() < 0.3:
            apm.reset()
        if frames >= rng.randrange(2000, 6000):
            apm = None


def sr_body(soak: Soak, name: str, imgs, seed: int):
    import edgeav
    from edgeav.enhance import SuperResolution

    rng = random.Random(seed)
    scales = [1.25, 1.5, 2.0, 3.0, 4.0, (300, 200), (333, 251)]
    formats = ["gray", "i420", "nv12", "rgb24"]
    sr, frames, outs = None, 0, {}
    while not soak.stop.is_set():
        if sr is None:
            scale = rng.choice(scales)
            kw = {"sharpness": rng.choice([0.0, 0.5, 1.0, 2.0])}
            if rng.random() < 0.3:
                kw.update(brightness=rng.uniform(-0.2, 0.2), contrast=rng.uniform(0.6, 1.6), saturation=rng.uniform(0, 2))
            sr = create(soak, name, lambda: SuperResolution(scale, **kw))
            if sr is None:
                return
            frames, outs = 0, {}
        im = rng.choice(imgs)
        if isinstance(scale, tuple):  # an output size: inputs that keep both axes within x1.0..x4.0
            w = rng.randrange(scale[0] // 3, scale[0] * 4 // 5) // 2 * 2
            h = rng.randrange(scale[1] // 3, scale[1] * 4 // 5) // 2 * 2
        else:
            h = rng.randrange(48, 121) // 2 * 2
            w = rng.randrange(64, 161) // 2 * 2
        y0, x0 = rng.randrange(0, im.shape[0] - h) // 2 * 2, rng.randrange(0, im.shape[1] - w) // 2 * 2
        rgb = im[y0 : y0 + h, x0 : x0 + w]
        allowed = formats
        if isinstance(scale, tuple) and (scale[0] % 2 or scale[1] % 2):
            allowed = [f for f in allowed if f not in ("i420", "nv12")]  # 4:2:0 needs even output sizes
        if len(kw) > 1:
            allowed = [f for f in allowed if f != "rgb24"]  # eq semantics: YUV or gray only
        fmt = rng.choice(allowed)
        if fmt == "rgb24":
            frame = rgb
        elif fmt == "gray":
            frame = np.ascontiguousarray(rgb[..., 1])
        else:
            frame = edgeav.convert(np.ascontiguousarray(rgb), "rgb24", fmt)
        try:
            key = (fmt, h, w)
            if key in outs:
                res = sr.process(frame, format=fmt if fmt != "rgb24" else None, out=outs[key])
            else:
                res = outs[key] = sr.process(frame, format=fmt if fmt != "rgb24" else None)
        except edgeav.EvaluationLimitReached as e:
            soak.expect(name, e)
            sr = None
            continue
        oh = res.shape[0] * 2 // 3 if fmt in ("i420", "nv12") else res.shape[0]
        soak.check(name, oh >= h and res.shape[1] >= (w if fmt != "rgb24" else w), f"output {res.shape} for {(h, w)}")
        frames += 1
        soak.iterations[name] += 1
        if frames >= rng.randrange(20, 80):
            sr = None


def adjust_body(soak: Soak, name: str, imgs, seed: int):
    import edgeav
    from edgeav.enhance import Adjust

    rng = random.Random(seed)
    adj, frames = None, 0
    while not soak.stop.is_set():
        if adj is None:
            kw = dict(brightness=rng.uniform(-0.3, 0.3), contrast=rng.uniform(0.5, 2.0), saturation=rng.uniform(0, 3))
            adj = create(soak, name, lambda: Adjust(**kw))
            if adj is None:
                return
            frames = 0
        im = rng.choice(imgs)
        h, w = rng.randrange(32, 241) // 2 * 2, rng.randrange(32, 321) // 2 * 2
        rgb = im[:h, :w]
        fmt = rng.choice(["i420", "nv12"])
        yuv = edgeav.convert(rgb, "rgb24", fmt, matrix=rng.choice(["bt601", "bt709"]), full_range=rng.random() < 0.5)
        try:
            if frames % 2:
                adj.process(yuv, format=fmt, out=yuv)
            else:
                yuv = adj.process(yuv, format=fmt)
            adj.process(np.ascontiguousarray(rgb[..., 0]), format="gray")
        except edgeav.EvaluationLimitReached as e:
            soak.expect(name, e)
            adj = None
            continue
        back = edgeav.convert(yuv, fmt, rng.choice(["rgba", "bgr24", "rgb24"]))
        half = edgeav.downscale2(yuv[:h])
        soak.check(name, back.shape[:2] == (h, w) and half.shape == (h // 2, w // 2), "convert/downscale shapes")
        frames += 1
        soak.iterations[name] += 1
        if frames >= 100:
            adj = None


def license_body(soak: Soak, name: str, seed: int):
    import edgeav
    from edgeav.license_tool import load_key, sign

    rng = random.Random(seed)
    key = load_key(str(ROOT / "tests" / "license_dev_key.pem"))
    grants = [{"video": "standard", "audio": "premium", "enhance": "premium"}, {"enhance": "standard"},
              {"audio": "standard"}, {"video": "premium"}, {"video": "standard", "audio": "standard"},
              {"enhance": "professional", "audio": "professional"}]
    tokens = [sign(key, {"license_id": f"SOAK-{i}", "licensee": "soak", "app_ids": ["com.example.soak"], "products": g,
                         "not_before": "2026-01-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z"})
              for i, g in enumerate(grants)]
    try:
        while not soak.stop.wait(rng.uniform(0.2, 1.5)):
            if rng.random() < 0.4:
                edgeav.license.deactivate()
                soak.check(name, edgeav.license.status().mode == "evaluation", "not in evaluation mode")
            else:
                i = rng.randrange(len(tokens))
                info = edgeav.license.activate(tokens[i], "com.example.soak")
                soak.check(name, info.license_id == f"SOAK-{i}", f"activated {info.license_id}")
            soak.iterations[name] += 1
    finally:
        edgeav.license.deactivate()


def cpu_mask_body(soak: Soak, name: str, seed: int):
    import edgeav

    rng = random.Random(seed)
    try:
        while not soak.stop.wait(rng.uniform(0.1, 0.5)):
            edgeav.set_cpu_mask(rng.choice([[], None]))
            soak.iterations[name] += 1
    finally:
        edgeav.set_cpu_mask(None)


def run(seconds: float, seed: int, interval: float, toggle_cpu_mask: bool):
    imgs = photos()
    soak = Soak(seconds, seed, toggle_cpu_mask)
    sizes = [im.shape[:2] for im in imgs]
    threads = [
        run_thread(soak, "video_i420", lambda: video_body(soak, "video_i420", imgs, (352, 288), False, seed + 1)),
        run_thread(soak, "video_nv12", lambda: video_body(soak, "video_nv12", imgs, (330, 250), True, seed + 2)),
        run_thread(soak, "audio", lambda: audio_body(soak, "audio", seed + 3)),
        run_thread(soak, "sr", lambda: sr_body(soak, "sr", imgs, seed + 4)),
        run_thread(soak, "adjust", lambda: adjust_body(soak, "adjust", imgs, seed + 5)),
        run_thread(soak, "license", lambda: license_body(soak, "license", seed + 6)),
    ]
    if toggle_cpu_mask:
        threads.append(run_thread(soak, "cpu_mask", lambda: cpu_mask_body(soak, "cpu_mask", seed + 7)))
    del sizes
    start = time.monotonic()
    samples = []  # (t, rss, fds, threads, total iterations)
    while True:
        t = time.monotonic() - start
        rss, fds, nthreads = sample()
        samples.append((t, rss, fds, nthreads, sum(soak.iterations.values())))
        if t >= seconds or soak.stop.is_set():
            break
        soak.stop.wait(min(interval, max(0.0, seconds - t)))
    elapsed = time.monotonic() - start
    soak.stop.set()
    for th in threads:
        th.join(timeout=60)
        if th.is_alive():
            soak.failures.append({"component": th.name, "error": "did not stop within 60 s"})
    return soak, samples, elapsed


def summarize(soak: Soak, samples, elapsed: float, warmup_s: float) -> dict:
    t = [s[0] for s in samples]
    rss = [s[1] for s in samples]
    post = [r for tt, r in zip(t, rss) if tt >= warmup_s]
    checks = [
        check_flat("RSS", "bytes", t, rss, warmup_s, rss_limit(post[0] if post else 0.0)),
        check_flat("open fds", "count", t, [s[2] for s in samples], warmup_s, None),
        check_flat("threads", "count", t, [s[3] for s in samples], warmup_s, None),
    ]
    ok = not soak.failures and all(c.ok for c in checks)
    return {
        "ok": ok,
        "seconds": elapsed,
        "warmup_s": warmup_s,
        "samples": len(samples),
        "checks": [asdict(c) for c in checks],
        "iterations": dict(soak.iterations),
        "expected_exceptions": {k: dict(v) for k, v in soak.expected.items()},
        "failures": soak.failures,
    }


def print_table(summary: dict, interval: float) -> None:
    print(f"edgeav soak: {summary['seconds']:.0f} s, warm-up {summary['warmup_s']:.0f} s, "
          f"{summary['samples']} samples every {interval:g} s")
    header = f"{'metric':<10} {'start':>10} {'end':>10} {'max':>10} {'growth':>10} {'robust':>10} {'trend':>10} {'limit':>10}  verdict"
    print(header)
    print("-" * len(header))
    for c in summary["checks"]:
        scale = MIB if c["unit"] == "bytes" else 1
        unit = " MiB" if c["unit"] == "bytes" else ""
        vals = [c[k] / scale for k in ("start", "end", "max", "growth", "robust_growth", "trend")]
        lim = f"{c['limit'] / scale:.1f}" if c["unit"] == "bytes" else "0"
        fmt = ".1f" if c["unit"] == "bytes" else ".0f"
        print(f"{c['name'] + unit:<10} " + " ".join(f"{v:>10{fmt}}" for v in vals) + f" {lim:>10}  "
              + ("ok" if c["ok"] else "FAIL: " + c["reason"]))
    print()
    print(f"{'component':<12} {'iterations':>11} {'per s':>8}  expected exceptions")
    for name, n in sorted(summary["iterations"].items()):
        exp = summary["expected_exceptions"].get(name, {})
        print(f"{name:<12} {n:>11} {n / max(summary['seconds'], 1e-9):>8.1f}  "
              + (", ".join(f"{k} x{v}" for k, v in sorted(exp.items())) or "-"))
    for f in summary["failures"]:
        print(f"\nFAILURE in {f['component']}:\n{f['error']}")
    print("\nsoak", "PASSED" if summary["ok"] else "FAILED")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, required=True, help="how long to run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--interval", type=float, default=None,
                        help="seconds between samples (default: the run / 300, 0.25 to 5)")
    parser.add_argument("--cpu-mask-toggle", action="store_true", help="also switch set_cpu_mask([]) / None")
    parser.add_argument("--json", default=str(ROOT / "bench" / "out" / "soak.json"))
    args = parser.parse_args(argv)
    seconds = args.minutes * 60
    if seconds <= 0:
        parser.error("--minutes must be positive")
    interval = args.interval or min(5.0, max(0.25, seconds / 300))
    warmup_s = max(10.0, 0.2 * seconds)
    if warmup_s >= seconds:
        parser.error(f"the run must be longer than the warm-up ({warmup_s:g} s)")

    import edgeav

    started = _dt.datetime.now(_dt.timezone.utc)
    soak, samples, elapsed = run(seconds, args.seed, interval, args.cpu_mask_toggle)
    summary = summarize(soak, samples, elapsed, warmup_s)
    print_table(summary, interval)
    report = {
        "command": " ".join([Path(sys.executable).name] + sys.argv),
        "started_utc": started.isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor()}".strip() + f", {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "edgeav": edgeav.__version__,
        "cpu_in_use": edgeav.build_info()["cpu_in_use"],
        "interval_s": interval,
        "rss_limit": f"max({RSS_LIMIT_BYTES // MIB} MiB, {RSS_LIMIT_FRACTION:.0%} of the post-warm-up start)",
        **summary,
        "series": {"t": [round(s[0], 3) for s in samples], "rss_bytes": [s[1] for s in samples],
                   "fds": [s[2] for s in samples], "threads": [s[3] for s in samples],
                   "iterations": [s[4] for s in samples]},
    }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(f"wrote {out}")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
