"""The H.264 encoders the benchmarks compare, behind one call: encode(name, clip, settings, out).

Anchors run in imageio-ffmpeg's ffmpeg, each on one thread with zero frames
of latency, as a terminal-side encoder must:
  x264-superfast / x264-ultrafast: libx264 -preset P -tune zerolatency -profile:v baseline,
      threads=1 (no sliced threads, no lookahead thread), CBR-like: -b:v = -maxrate, -bufsize = VBV;
  x264-superfast-high / x264-veryfast-high: the same with -profile:v high (CABAC, 8x8 transform;
      zerolatency means no B frames);
  openh264: libopenh264 constrained baseline (CAVLC), rc_mode bitrate, -maxrate = -b:v,
      one thread, frame skipping off (so every source frame is coded).
Their CPU time is the ffmpeg child process's user+system time (getrusage
RUSAGE_CHILDREN) minus that of an ffmpeg run that only reads the same raw clip
(`-f null`, the cheapest of three runs): it includes the encoder library and
ffmpeg's per-frame wrapper and muxing, not reading the input.
edgeav-<speed> runs edgeav.video.Encoder in this process (see edgeav_encoder.py);
edgeav-<speed>-high the same with profile="high".
"""

from __future__ import annotations

import functools
import resource
import subprocess
from dataclasses import dataclass
from pathlib import Path

import edgeav_encoder
from video_clips import FFMPEG, Clip

ANCHORS = ("x264-superfast", "x264-ultrafast", "openh264")
HIGH_ANCHORS = ("x264-superfast-high", "x264-veryfast-high")
EDGEAV_SPEEDS = ("fastest", "fast", "default", "slow", "best")
ANCHOR_VBV_MS = 1000  # the anchors' VBV where Settings leave it to the encoder
QP_RANGE_X264 = 51  # libx264 maps an addroi qoffset q in [-1, 1] to q * 51 QP (8-bit)


@dataclass(frozen=True)
class Settings:
    kbps: float
    vbv_ms: int | None = 1000  # None: edgeav's default, ANCHOR_VBV_MS for the anchors
    keyint: int = 250
    roi: tuple[int, int, int, int, int] | None = None  # x, y, w, h, qp_offset (same box every frame)
    reconfigure: tuple[int, float] | None = None  # (frame index, new kbps): edgeav only
    cpu_mask: list[str] | None = None  # edgeav only: [] = C only
    keyframe_at: int | None = None  # a keyframe requested at this frame (a receiver's loss report)


@dataclass
class Encoded:
    encoder: str
    path: Path
    cpu_s: float  # encoder CPU seconds for the whole clip
    run: edgeav_encoder.EdgeavRun | None = None  # edgeav's per-frame packet info


def anchor_available(name: str) -> bool:
    """Whether this ffmpeg build has the anchor's encoder library."""
    library = "libx264" if name.startswith("x264-") else "libopenh264"
    out = subprocess.run([FFMPEG, "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return any(line.split()[1:2] == [library] for line in out.splitlines())


def encode(name: str, clip: Clip, settings: Settings, out: Path) -> Encoded:
    if name.startswith("edgeav-"):
        return encode_edgeav(name.removeprefix("edgeav-"), clip, settings, out)
    return encode_anchor(name, clip, settings, out)


def encode_edgeav(name: str, clip: Clip, settings: Settings, out: Path) -> Encoded:
    from edgeav.video import Roi

    speed, _, profile = name.partition("-")
    kwargs = dict(fps=float(clip.fps), bitrate_kbps=round(settings.kbps), rc="cbr", speed=speed,
                  keyint=settings.keyint, vbv_ms=settings.vbv_ms, profile=profile or "baseline")
    roi = [Roi(*settings.roi)] if settings.roi else None

    def before_frame(encoder, i: int) -> None:
        if settings.reconfigure and i == settings.reconfigure[0]:
            encoder.reconfigure(bitrate_kbps=round(settings.reconfigure[1]))

    keyframes = () if settings.keyframe_at is None else (settings.keyframe_at,)
    run = edgeav_encoder.run(clip.read(), out, kwargs, roi, before_frame, settings.cpu_mask, keyframes)
    return Encoded(f"edgeav-{name}", out, run.thread_cpu_s, run)


def encode_anchor(name: str, clip: Clip, settings: Settings, out: Path) -> Encoded:
    if settings.reconfigure or settings.cpu_mask is not None:
        raise ValueError(f"{name}: reconfigure and cpu_mask are edgeav-only settings")
    keyframe = [] if settings.keyframe_at is None else ["-force_key_frames", f"expr:eq(n,{settings.keyframe_at})"]
    cmd = [FFMPEG, "-v", "error", "-y", *clip.ffmpeg_input(), *roi_filter(name, settings.roi),
           *anchor_args(name, settings), *keyframe, "-f", "h264", str(out)]
    cpu = child_cpu(cmd) - read_only_cpu(clip)
    return Encoded(name, out, max(cpu, 0.0))


def anchor_args(name: str, s: Settings) -> list[str]:
    rate = ["-b:v", f"{s.kbps:g}k", "-maxrate", f"{s.kbps:g}k", "-g", str(s.keyint), "-threads", "1"]
    if name.startswith("x264-"):
        preset, _, profile = name.removeprefix("x264-").partition("-")
        return ["-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-profile:v", profile or "baseline",
                "-x264-params", "threads=1:lookahead-threads=1:sliced-threads=0",
                "-bufsize", f"{s.kbps * (s.vbv_ms or ANCHOR_VBV_MS) / 1000:g}k", *rate]
    if name == "openh264":
        return ["-c:v", "libopenh264", "-profile:v", "constrained_baseline", "-coder", "cavlc",
                "-rc_mode", "bitrate", "-allow_skip_frames", "0", *rate]
    raise ValueError(f"unknown encoder {name}")


def roi_filter(name: str, roi: tuple[int, int, int, int, int] | None) -> list[str]:
    """x264's ROI through ffmpeg's addroi filter (libx264 turns it into per-macroblock quant offsets;
    it needs adaptive quantization on, which the ultrafast preset turns off)."""
    if roi is None:
        return []
    if not name.startswith("x264-"):
        raise ValueError(f"{name} has no ROI input")
    x, y, w, h, qp_offset = roi
    return ["-vf", f"addroi=x={x}:y={y}:w={w}:h={h}:qoffset={qp_offset}/{QP_RANGE_X264}"]


def child_cpu(cmd: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@functools.cache
def read_only_cpu(clip: Clip) -> float:
    cmd = [FFMPEG, "-v", "error", *clip.ffmpeg_input(), "-f", "null", "-"]
    return min(child_cpu(cmd) for _ in range(3))
