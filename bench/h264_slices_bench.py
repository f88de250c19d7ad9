"""RTP slices (issue 15): what max_slice_bytes=1200 costs against one slice per frame,
at 1 Mbit/s CBR on SD-size content (bigbuckbunny and bikes scaled and cropped to
720x400), for edgeav's presets and, for reference, x264 superfast with
slice-max-size=1200. Every slice NAL unit is checked against the limit and every
stream decoded by FFmpeg (PyAV) to the encoder's reconstruction.
Bar: at most 0.25 dB PSNR-Y lost, the two rates within 3%.

    python bench/h264_slices_bench.py [--kbps 1000] [--limit 1200]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import video_metrics
from h264_decode import decode
from video_clips import FFMPEG, OUT, Clip, prepare

SD_WIDTH, SD_HEIGHT = 720, 400
MAX_LOSS_DB, MAX_RATE_PCT = 0.25, 3.0


def sd_clip(name: str) -> Clip:
    clip = prepare(name)
    path = OUT / "clips" / f"{name}_sd.yuv"
    if not path.exists():
        subprocess.run([FFMPEG, "-v", "error", "-y", *clip.ffmpeg_input(), "-vf",
                        f"scale={SD_WIDTH}:-2,crop={SD_WIDTH}:{SD_HEIGHT}", "-pix_fmt", "yuv420p", "-f", "rawvideo",
                        str(path)], check=True)
    return Clip(f"{name}_sd", path, SD_WIDTH, SD_HEIGHT, clip.fps, clip.frames)


def nal_sizes(stream: bytes) -> list[int]:
    """Sizes of the slice NAL units (types 1 and 5) of an Annex B stream, without start codes."""
    parts = stream.split(b"\0\0\1")[1:]
    return [len(p.rstrip(b"\0")) for p in parts if p and p[0] & 0x1F in (1, 5)]


def edgeav_run(clip: Clip, kbps: int, speed: str, limit: int) -> dict:
    from edgeav.video import Encoder

    enc = Encoder(clip.width, clip.height, fps=float(clip.fps), bitrate_kbps=kbps, speed=speed,
                  max_slice_bytes=limit or None)
    stream, recons = bytearray(), []
    for frame in clip.read():
        stream += memoryview(enc.encode(frame))
        recons.append(enc.recon())
    return summarize(bytes(stream), clip, np.array(recons))


def x264_run(clip: Clip, kbps: int, limit: int) -> dict:
    out = OUT / "h264_slices" / f"{clip.name}_x264_{limit}.264"
    out.parent.mkdir(parents=True, exist_ok=True)
    params = "threads=1:lookahead-threads=1:sliced-threads=0" + (f":slice-max-size={limit}" if limit else "")
    subprocess.run([FFMPEG, "-v", "error", "-y", *clip.ffmpeg_input(), "-c:v", "libx264", "-preset", "superfast",
                    "-tune", "zerolatency", "-profile:v", "baseline", "-x264-params", params, "-b:v", f"{kbps}k",
                    "-maxrate", f"{kbps}k", "-bufsize", f"{kbps}k", "-f", "h264", str(out)], check=True)
    return summarize(out.read_bytes(), clip, None)


def summarize(stream: bytes, clip: Clip, recons: np.ndarray | None) -> dict:
    path = OUT / "h264_slices" / "check.264"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stream)
    d = decode(path, clip.width, clip.height)
    if recons is not None and not np.array_equal(d.frames, recons):
        raise RuntimeError(f"{clip.name}: the decoder's frames differ from the encoder's reconstruction")
    sizes = nal_sizes(stream)
    return {"kbps": float(d.sizes.sum()) * 8 * float(clip.fps) / len(d.sizes) / 1000,
            "psnr_y": video_metrics.psnr_y(d.frames, clip.read(), clip.height),
            "slices_per_frame": len(sizes) / len(d.sizes), "largest_slice": max(sizes)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kbps", type=int, default=1000)
    p.add_argument("--limit", type=int, default=1200)
    args = p.parse_args()
    rows = []
    for clip in (sd_clip("bigbuckbunny"), sd_clip("bikes")):
        runs = {f"edgeav-{s}": (lambda lim, s=s: edgeav_run(clip, args.kbps, s, lim)) for s in ("default", "fastest")}
        runs["x264-superfast"] = lambda lim: x264_run(clip, args.kbps, lim)
        for encoder, run in runs.items():
            one, sliced = run(0), run(args.limit)
            loss, rate = sliced["psnr_y"] - one["psnr_y"], (sliced["kbps"] / one["kbps"] - 1) * 100
            ok = -loss <= MAX_LOSS_DB and abs(rate) <= MAX_RATE_PCT and sliced["largest_slice"] <= args.limit
            rows.append({"encoder": encoder, "clip": clip.name, "one_slice": one, "sliced": sliced,
                         "psnr_change_db": loss, "rate_change_pct": rate, "pass": ok})
    print(f"{args.limit}-byte slices against one slice per frame, {args.kbps} kbit/s CBR "
          f"(bar: at most {MAX_LOSS_DB} dB PSNR-Y lost, rates within {MAX_RATE_PCT:g}%)")
    print(f"{'encoder':<16} {'clip':<16} {'kbps 1':>7} {'kbps N':>7} {'dB 1':>6} {'dB N':>6} {'change':>7} "
          f"{'slices':>6} {'largest':>7}")
    for r in rows:
        one, sliced = r["one_slice"], r["sliced"]
        verdict = ("PASS" if r["pass"] else "FAIL") if r["encoder"].startswith("edgeav") else "(reference)"
        print(f"{r['encoder']:<16} {r['clip']:<16} {one['kbps']:7.0f} {sliced['kbps']:7.0f} {one['psnr_y']:6.2f} "
              f"{sliced['psnr_y']:6.2f} {r['psnr_change_db']:+7.3f} {sliced['slices_per_frame']:6.1f} "
              f"{sliced['largest_slice']:7d}  {verdict}")
    (OUT / "h264_slices_bench.json").write_text(json.dumps({"command": " ".join(sys.argv), "rows": rows}, indent=2))
    print(f"wrote {OUT / 'h264_slices_bench.json'}")


if __name__ == "__main__":
    main()
