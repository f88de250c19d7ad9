"""The product claim (issue 13, part 4): sending 720p and upscaling it on the
device against sending 1080p, at equal VMAF.

PRODUCT.md quotes the reference product: 720p at 5.6 Mbit/s upscaled to 1080p
looks close to 1080p at 8.2 Mbit/s (about 30% less bandwidth). Measured here
for edgeav: 1080p material made from the training sources (synthetic camera
moves over two photos of Debian's wallpaper packages, sensor noise sigma 1,
60 frames at 30 fps each; said so, as it is synthetic), encoded by edgeav's
encoder (default speed, CBR) natively at 1080p and, downscaled (Pillow's
antialiased bicubic), at 720p; the 720p recon upscaled to 1080p by OpenCV
cubic, edgeav standard and edgeav professional super-resolution (chroma
through each method too). VMAF (libvmaf vmaf_v0.6.1) against the 1080p source;
BD-rate on VMAF of each 720p+upscale curve against native 1080p: negative =
bandwidth saved at equal VMAF. Writes bench/out/sr_claim.json and
bench/out/sr_claim_rd.png.

    python -m pip install ".[bench]" && apt-get install mate-backgrounds ukui-wallpapers
    python bench/sr_claim_bench.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

import edgeav
from bdrate import bd_rate
from video_clips import FFMPEG

OUT = Path(__file__).parent / "out"
SOURCES = {"garden": "/usr/share/backgrounds/mate/nature/Garden.jpg",
           "bridge": "/usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg"}
FRAMES, FPS = 60, 30
# Rates where VMAF is still below its ceiling on this material (at 8 Mbit/s both curves sit near
# 97-98 and do not overlap enough for a BD-rate).
RATES_1080 = (800, 1300, 2100, 3400)
RATES_720 = (400, 650, 1050, 1700)
UPSCALERS = ("cubic", "standard", "professional")


def camera_move(path: str, seed: int) -> np.ndarray:
    """FRAMES 1920x1080 I420 frames: a slow pan and zoom over the photo (scaled to 2600 px wide)."""
    img = Image.open(path).convert("RGB")
    img = img.resize((2600, round(img.size[1] * 2600 / img.size[0])), Image.LANCZOS)
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(FRAMES):
        s = 1 - 0.002 * i
        box = (2 * i, 1.5 * i, s, (img.size[1] - 1080 * s) / 2)
        frame = img.transform((1920, 1080), Image.AFFINE, (s, 0, box[0] + 100, 0, s, box[3]), Image.BICUBIC)
        noisy = np.clip(np.asarray(frame, np.float32) + rng.normal(0, 1.0, (1080, 1920, 3)), 0, 255).astype(np.uint8)
        frames.append(edgeav.convert(noisy, "rgb24", "i420"))
    return np.stack(frames)


def downscale(frames: np.ndarray) -> np.ndarray:
    out = []
    for f in frames:
        rgb = edgeav.convert(f, "i420", "rgb24")
        small = np.asarray(Image.fromarray(rgb).resize((1280, 720), Image.BICUBIC))
        out.append(edgeav.convert(np.ascontiguousarray(small), "rgb24", "i420"))
    return np.stack(out)


def encode(frames: np.ndarray, kbps: int) -> tuple[np.ndarray, float]:
    """(recon frames, actual kbit/s)."""
    h, w = frames.shape[1] * 2 // 3, frames.shape[2]
    enc = edgeav.video.Encoder(w, h, fps=FPS, bitrate_kbps=kbps)
    recon, size = [], 0
    for f in frames:
        size += enc.encode(f).size
        recon.append(enc.recon())
    return np.stack(recon), size * 8 / 1000 / (len(frames) / FPS)


def upscale(frames: np.ndarray, method: str) -> np.ndarray:
    if method == "cubic":
        out = []
        for f in frames:
            y, u, v = f[:720], f[720:].reshape(2, 360, 640)[0], f[720:].reshape(2, 360, 640)[1]
            planes = [cv2.resize(p, size, interpolation=cv2.INTER_CUBIC) for p, size in
                      ((y, (1920, 1080)), (u, (960, 540)), (v, (960, 540)))]
            out.append(np.concatenate([planes[0], planes[1].reshape(-1, 1920), planes[2].reshape(-1, 1920)]))
        return np.stack(out)
    sr = edgeav.enhance.SuperResolution((1920, 1080), mode=method)
    return np.stack([sr.process(f, format="i420") for f in frames])


def vmaf(distorted: np.ndarray, reference: np.ndarray) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        d, r, log = Path(tmp) / "d.yuv", Path(tmp) / "r.yuv", Path(tmp) / "vmaf.json"
        distorted.tofile(d)
        reference.tofile(r)
        raw = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1920x1080", "-framerate", str(FPS)]
        subprocess.run([FFMPEG, "-v", "error", *raw, "-i", str(d), *raw, "-i", str(r), "-lavfi",
                        f"libvmaf=log_path={log}:log_fmt=json:n_threads=2", "-f", "null", "-"], check=True)
        return float(json.loads(log.read_text())["pooled_metrics"]["vmaf"]["mean"])


def main() -> None:
    report = {}
    for seed, (name, path) in enumerate(SOURCES.items()):
        source = camera_move(path, seed)
        small = downscale(source)
        curves = {"native 1080p": []}
        for kbps in RATES_1080:
            recon, actual = encode(source, kbps)
            curves["native 1080p"].append((actual, vmaf(recon, source)))
        for kbps in RATES_720:
            recon, actual = encode(small, kbps)
            for method in UPSCALERS:
                curves.setdefault(f"720p + {method}", []).append((actual, vmaf(upscale(recon, method), source)))
        report[name] = curves
        native = curves["native 1080p"]
        print(f"\n{name}: VMAF at each rate (kbit/s)")
        for label, points in curves.items():
            print(f"  {label:<22} " + "  ".join(f"{k:6.0f}:{v:5.2f}" for k, v in points))
        for method in UPSCALERS:
            pts = curves[f"720p + {method}"]
            bd = bd_rate([k for k, _ in native], [v for _, v in native], [k for k, _ in pts], [v for _, v in pts])
            report[name][f"bd_rate_{method}"] = bd
            print(f"  720p + {method:<13} BD-rate on VMAF vs native 1080p: {bd:+.1f}%")
    OUT.mkdir(exist_ok=True)
    (OUT / "sr_claim.json").write_text(json.dumps(report, indent=2))
    save_plot(report, OUT / "sr_claim_rd.png")
    print(f"wrote {OUT / 'sr_claim.json'} and {OUT / 'sr_claim_rd.png'}")


def save_plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(report), figsize=(6 * len(report), 4.5), squeeze=False)
    for ax, (name, curves) in zip(axes[0], report.items()):
        for label, points in curves.items():
            if label.startswith("bd_rate"):
                continue
            ax.plot([k for k, _ in points], [v for _, v in points], "-o" if "1080p" in label else "--s", label=label)
        ax.set_xscale("log")
        ax.set_xlabel("bitrate (kbit/s)")
        ax.set_ylabel("VMAF (1080p)")
        ax.set_title(f"{name} (synthetic camera move, {FRAMES} frames)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    main()
