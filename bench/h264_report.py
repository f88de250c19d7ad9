"""Printed tables of the H.264 rate-distortion benchmark (h264_bench.py)."""

from __future__ import annotations

import math

METRIC_TITLES = {"psnr_y": "PSNR-Y", "ssim_y": "SSIM-Y", "vmaf": "VMAF"}


def print_all(clips, points: list[dict], bd: list[dict], speed: list[dict], bars: dict, notes: list[str],
              bars_title: str = "Issue 4 bars") -> None:
    for clip in clips:
        print_points(clip, [p for p in points if p["clip"] == clip.name])
    for metric in dict.fromkeys(r["metric"] for r in bd):
        print_bd(metric, [c.name for c in clips], [r for r in bd if r["metric"] == metric])
    if speed:
        print_speed(speed)
    print_bars(bars, bars_title)
    for note in notes:
        print(f"note: {note}")


def print_points(clip, points: list[dict]) -> None:
    print(f"\n{clip.name} {clip.width}x{clip.height} {float(clip.fps):.2f} fps, {clip.frames} frames")
    header = f"{'encoder':<20} {'target':>6} {'kbps':>8} {'PSNR-Y':>7} {'SSIM-Y':>7} {'VMAF':>6} {'ms/frame':>9}"
    print(header)
    print("-" * len(header))
    for p in points:
        print(f"{p['encoder']:<20} {p['target_kbps']:>6} {p['kbps']:8.1f} {p['psnr_y']:7.2f} {p['ssim_y']:7.4f} "
              f"{p['vmaf']:6.2f} {1000 * p['cpu_s_per_frame']:9.3f}")


SMALL_OVERLAP = 0.5


def percent(v: float, overlap: float = 1.0) -> str:
    if math.isnan(v):
        return "n/a"
    return f"{v:+.1f}%" + ("*" if overlap < SMALL_OVERLAP else "")


def print_bd(metric: str, clips: list[str], rows: list[dict]) -> None:
    print(f"\nBD-rate ({METRIC_TITLES[metric]}), negative = fewer bits than the anchor at equal quality")
    header = f"{'test':<20} {'anchor':<20} " + " ".join(f"{c:>12}" for c in clips) + f" {'mean':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        cells = " ".join(f"{percent(r['clips'][c], r['overlap'][c]):>12}" for c in clips)
        print(f"{r['test']:<20} {r['anchor']:<20} {cells} {percent(r['mean']):>8}")
    print(f"n/a: a curve whose quality does not rise with rate, or no overlap; *: the curves share less than "
          f"{SMALL_OVERLAP:.0%} of the narrower quality range (mostly extrapolated)")


def print_speed(rows: list[dict]) -> None:
    print(f"\nSpeed, one thread, encoder CPU time: {rows[0]['run']}, mean over the bitrates")
    header = f"{'encoder':<20} {'ms/frame':>9} {'fps/core':>9} {'C-only ms':>10} {'SIMD x':>7}"
    print(header)
    print("-" * len(header))
    for r in rows:
        c_only = f"{1000 * r['c_only_s_per_frame']:10.2f}" if "c_only_s_per_frame" in r else f"{'':>10}"
        speedup = f"{r['simd_speedup']:7.2f}" if "simd_speedup" in r else f"{'':>7}"
        ms, fps = 1000 * r["cpu_s_per_frame"], 1 / r["cpu_s_per_frame"]
        print(f"{r['encoder']:<20} {ms:9.2f} {fps:9.1f} {c_only} {speedup}")
    runs = {r["speedup_run"] for r in rows if "speedup_run" in r}
    if runs:
        print(f"(C-only and SIMD x: {', '.join(runs)} of the same clip, SIMD vs edgeav.set_cpu_mask([]))")


def verdict(v: bool | None) -> str:
    return "NOT RUN" if v is None else "PASS" if v else "FAIL"


def print_bars(bars: dict, title: str) -> None:
    print(f"\n{title}")
    for name, v in bars.items():
        print(f"  {verdict(v):<8} {name}")
