"""Encoder CPU time per frame at 1280x720 (issue 4, bar 3), measured so a shared machine
distorts it as little as possible.

Every encoder encodes the same clip at each bitrate, the encoders interleaved
(A, B, C, A, B, C, ...) `repeats` times; each (encoder, bitrate) keeps its
cheapest run, since other processes only ever add CPU time (shared caches and
cores), and the table gives the mean over the bitrates. edgeav's SIMD speed-up
over its C-only build (edgeav.set_cpu_mask([])) is measured the same way,
SIMD and C runs interleaved, on the first frames of the clip at one bitrate.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Hashable

from h264_encoders import Settings, encode
from video_clips import OUT, Clip


def cheapest(jobs: dict[Hashable, Callable[[], float]], repeats: int) -> dict[Hashable, float]:
    best = dict.fromkeys(jobs, math.inf)
    for _ in range(repeats):
        for key, job in jobs.items():
            best[key] = min(best[key], job())
    return best


def cpu_seconds(encoder: str, clip: Clip, settings: Settings) -> float:
    return encode(encoder, clip, settings, OUT / "h264" / f"speed_{encoder}.264").cpu_s


def speed_table(encoders: list[str], clip: Clip, bitrates: list[int], vbv_ms: int, repeats: int) -> list[dict]:
    jobs = {(e, k): (lambda e=e, k=k: cpu_seconds(e, clip, Settings(k, vbv_ms=vbv_ms)))
            for k in bitrates for e in encoders}
    best = cheapest(jobs, repeats)
    return [{"encoder": e, "cpu_s_per_frame": statistics.fmean(best[e, k] for k in bitrates) / clip.frames,
             "run": f"{clip.name} {clip.width}x{clip.height}, {clip.frames} frames at {bitrates} kbps, "
                    f"cheapest of {repeats}"}
            for e in encoders]


def simd_speedup(encoder: str, clip: Clip, kbps: int, vbv_ms: int, repeats: int) -> dict:
    masks = {"simd": None, "c": []}
    jobs = {name: (lambda mask=mask: cpu_seconds(encoder, clip, Settings(kbps, vbv_ms=vbv_ms, cpu_mask=mask)))
            for name, mask in masks.items()}
    best = cheapest(jobs, repeats)
    return {"c_only_s_per_frame": best["c"] / clip.frames, "simd_s_per_frame": best["simd"] / clip.frames,
            "simd_speedup": best["c"] / best["simd"],
            "speedup_run": f"{clip.frames} frames at {kbps} kbps, cheapest of {repeats}"}
