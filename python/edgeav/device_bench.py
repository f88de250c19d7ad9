"""`python -m edgeav bench`: the device benchmark.

Shaped like the reference product's published tables: per feature and
configuration, frames per second on one core, the share of one core needed in
real time at the content's frame rate, the process's peak memory, and the SIMD
speed-up over the C path measured in the same run. Times are CPU seconds of
this process (the machine may be shared). Input frames are generated (smooth
gradients plus noise): these kernels' speed does not depend on content. The
H.264 rows pan such a picture (each call codes one P frame), so they show the
encoder's cost on noisy content; bench/h264_bench.py measures real clips. The
audio rows run the whole 3A chain, or the volume equalizer, on noise.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

from . import _core

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


def cpu_seconds() -> float:
    """CPU time of this thread: the kernels run on it, and other threads of the
    process (a BLAS pool spinning down, say) must not be charged to them."""
    return time.thread_time()


def peak_memory_mb() -> float:
    if resource is None:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def test_image(width: int, height: int, channels: int) -> np.ndarray:
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)], axis=-1)
    noisy = base[..., :channels] + rng.normal(0, 12, (height, width, min(channels, 3)))
    img = np.clip(noisy, 0, 255).astype(np.uint8)
    if channels == 4:
        img = np.concatenate([img, np.full((height, width, 1), 255, np.uint8)], axis=-1)
    return img


@dataclass
class Case:
    feature: str
    config: str
    fps: float  # the content's frame rate, for the real-time CPU share
    make: Callable[[], Callable[[], object]]  # returns one frame's work


def _convert_case(src_fmt: str, dst_fmt: str, width: int, height: int) -> Callable[[], Callable[[], object]]:
    def make() -> Callable[[], object]:
        rgb = test_image(width, height, 4 if src_fmt in ("rgba", "bgra") else 3)
        src = rgb if src_fmt not in ("i420", "nv12") else _core.convert(rgb, "rgb24", src_fmt)
        out = _core.convert(src, src_fmt, dst_fmt)
        return lambda: _core.convert(src, src_fmt, dst_fmt, out=out)

    return make


def _downscale_case(width: int, height: int) -> Callable[[], Callable[[], object]]:
    def make() -> Callable[[], object]:
        plane = test_image(width, height, 3)[..., 0].copy()
        out = _core.downscale2(plane)
        return lambda: _core.downscale2(plane, out=out)

    return make


def _sr_case(fmt: str, width: int, height: int, out_size: tuple[int, int],
             mode: str = "standard") -> Callable[[], Callable[[], object]]:
    def make() -> Callable[[], object]:
        rgb = test_image(width, height, 3)
        frame = _core.convert(rgb, "rgb24", "i420") if fmt == "i420" else rgb[..., 1].copy()
        sr = _core.SuperResolution(out_size, mode=mode)
        out = sr.process(frame, format=fmt)
        return lambda: sr.process(frame, format=fmt, out=out)

    return make


def _enhance_case(width: int, height: int) -> Callable[[], Callable[[], object]]:
    def make() -> Callable[[], object]:
        frame = _core.convert(test_image(width, height, 3), "rgb24", "i420")
        enhancer = _core.QualityEnhancer()
        out = enhancer.process(frame, format="i420")
        return lambda: enhancer.process(frame, format="i420", out=out)

    return make


def _interpolate_case(width: int, height: int) -> Callable[[], Callable[[], object]]:
    """The frame halfway between two different frames (the second panned by 4 pixels)."""

    def make() -> Callable[[], object]:
        rgb = test_image(width + 4, height, 3)
        prev, next_ = (_core.convert(np.ascontiguousarray(rgb[:, dx : dx + width]), "rgb24", "i420") for dx in (0, 4))
        interpolator = _core.FrameInterpolator()
        out = interpolator.process(prev, next_, 0.5, format="i420")
        return lambda: interpolator.process(prev, next_, 0.5, format="i420", out=out)

    return make


def _encode_case(
    width: int, height: int, speed: str, kbps: int, profile: str = "baseline"
) -> Callable[[], Callable[[], object]]:
    """One P frame of a panning picture per call (the encoder keeps its state between calls)."""

    def make() -> Callable[[], object]:
        rgb = test_image(width + 64, height, 3)
        frames = [_core.convert(np.ascontiguousarray(rgb[:, 4 * k : 4 * k + width]), "rgb24", "i420") for k in range(16)]
        enc = _core.Encoder(width, height, bitrate_kbps=kbps, speed=speed, profile=profile)
        state = {"i": 0}

        def work() -> object:
            state["i"] += 1
            return enc.encode(frames[state["i"] % 16])

        return work

    return make


def _audio_case(rate: int, aec_mode: str = "speech", ans: str = "moderate") -> Callable[[], Callable[[], object]]:
    """One 10 ms frame of the whole 3A chain (far end, then near end)."""

    def make() -> Callable[[], object]:
        rng = np.random.default_rng(2)
        n = rate // 100
        far = (0.1 * rng.standard_normal(n)).astype(np.float32)
        near = (0.05 * rng.standard_normal(n)).astype(np.float32)
        apm = _core.AudioProcessor(rate, aec_mode=aec_mode, ans=ans)
        out = np.empty_like(near)

        def work() -> object:
            apm.process_reverse(far)
            return apm.process(near, out=out)

        return work

    return make


def _volume_eq_case(rate: int) -> Callable[[], Callable[[], object]]:
    """One 10 ms frame of volume equalization, in place."""

    def make() -> Callable[[], object]:
        frame = (0.05 * np.random.default_rng(3).standard_normal(rate // 100)).astype(np.float32)
        veq = _core.VolumeEqualizer(rate)
        out = np.empty_like(frame)

        def work() -> object:
            return veq.process(frame, out=out)

        return work

    return make


CASES = [
    Case("convert rgb24->i420", "1080p bt601", 30, _convert_case("rgb24", "i420", 1920, 1080)),
    Case("convert rgb24->i420", "720p bt601", 30, _convert_case("rgb24", "i420", 1280, 720)),
    Case("convert rgba->nv12", "1080p bt601", 30, _convert_case("rgba", "nv12", 1920, 1080)),
    Case("convert i420->rgba", "1080p bt601", 30, _convert_case("i420", "rgba", 1920, 1080)),
    Case("convert nv12->rgb24", "1080p bt601", 30, _convert_case("nv12", "rgb24", 1920, 1080)),
    Case("convert i420->nv12", "1080p", 30, _convert_case("i420", "nv12", 1920, 1080)),
    Case("downscale 2:1", "1080p luma", 30, _downscale_case(1920, 1080)),
    Case("super-resolution", "540p x2 luma", 30, _sr_case("gray", 960, 540, (1920, 1080))),
    Case("super-resolution", "720p x1.5 luma", 30, _sr_case("gray", 1280, 720, (1920, 1080))),
    Case("super-resolution", "720p x1.5 i420", 30, _sr_case("i420", 1280, 720, (1920, 1080))),
    Case("super-resolution", "576p x1.25 i420", 30, _sr_case("i420", 1024, 576, (1280, 720))),
    Case("super-resolution pro", "540p x2 luma", 30, _sr_case("gray", 960, 540, (1920, 1080), "professional")),
    Case("super-resolution pro", "720p x1.5 i420", 30, _sr_case("i420", 1280, 720, (1920, 1080), "professional")),
    Case("ai enhancement", "720p i420", 30, _enhance_case(1280, 720)),
    # 30 -> 60 fps: one frame between each pair of the 30 a second
    Case("frame interpolation", "720p i420 t=0.5", 30, _interpolate_case(1280, 720)),
    Case("h264 encode", "720p default", 30, _encode_case(1280, 720, "default", 2000)),
    Case("h264 encode", "720p fastest", 30, _encode_case(1280, 720, "fastest", 2000)),
    Case("h264 encode High", "720p default", 30, _encode_case(1280, 720, "default", 2000, "high")),
    Case("h264 encode", "1080p default", 30, _encode_case(1920, 1080, "default", 4000)),
    Case("audio 3A", "16 kHz 10 ms", 100, _audio_case(16000)),
    Case("audio 3A", "48 kHz 10 ms", 100, _audio_case(48000)),
    Case("audio 3A music mode", "48 kHz 10 ms", 100, _audio_case(48000, "music")),
    Case("audio 3A AI NR", "48 kHz 10 ms", 100, _audio_case(48000, ans="ai")),
    Case("volume equalizer", "48 kHz 10 ms", 100, _volume_eq_case(48000)),
]


def seconds_per_frame(work: Callable[[], object], min_cpu: float) -> float:
    work()  # warm caches and page in the output
    frames, start = 0, cpu_seconds()
    while True:
        work()
        frames += 1
        spent = cpu_seconds() - start
        if spent >= min_cpu and frames >= 5:
            return spent / frames


@dataclass
class Row:
    feature: str
    config: str
    isa: str
    fps_per_core: float
    cpu_share_percent: float
    peak_memory_mb: float
    simd_speedup: float
    c_fps_per_core: float


def run(json_path: str | None = "edgeav-bench.json", quick: bool = False) -> list[Row]:
    min_cpu = 0.1 if quick else 0.5
    isa = _core.build_info()["dsp"]
    best = max((v for t in isa.values() for v in t.values()), key=lambda n: n != "c")
    rows = []
    for case in CASES:
        simd = seconds_per_frame(case.make(), min_cpu)
        _core.set_cpu_mask([])
        try:
            # A fresh object: the fast rows would take one past evaluation mode's 10 minutes.
            c_only = seconds_per_frame(case.make(), min_cpu)
        finally:
            _core.set_cpu_mask(None)
        rows.append(Row(case.feature, case.config, best, 1 / simd, 100 * simd * case.fps, peak_memory_mb(),
                        c_only / simd, 1 / c_only))
    machine = f"{platform.machine()} {platform.processor() or ''}".strip()
    print(f"edgeav {_core.__version__} device benchmark - {machine}, one thread, CPU time")
    header = f"{'feature':<22} {'config':<16} {'isa':<5} {'fps/core':>9} {'CPU% @fps':>10} {'peak MB':>8} {'SIMD x':>7} {'C fps':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r.feature:<22} {r.config:<16} {r.isa:<5} {r.fps_per_core:9.1f} {r.cpu_share_percent:10.2f} "
              f"{r.peak_memory_mb:8.1f} {r.simd_speedup:7.2f} {r.c_fps_per_core:8.1f}")
    if json_path:
        report = {"version": _core.__version__, "machine": machine, "python": platform.python_version(),
                  "cpu_features": _core.cpu_features(), "rows": [asdict(r) for r in rows]}
        with open(json_path, "w") as f:
            json.dump(report, f, indent=2)
        print(f"wrote {json_path}")
    return rows
