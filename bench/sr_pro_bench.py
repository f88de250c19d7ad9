"""Professional super-resolution (issue 13, part 2): quality against cubic and
the standard mode, speed, and a side-by-side crop.

Protocol as bench/sr_bench.py's luma protocol: Pillow's antialiased BICUBIC
downscale, BT.601 luma as uint8, every method upscales the same LR luma;
PSNR-Y and SSIM-Y with a border of ceil(scale); VMAF (ffmpeg's libvmaf,
vmaf_v0.6.1, one frame, the luma with flat chroma). Material: the 13
scikit-image photos and 4 carphone frames of sr_bench.py; none is in the
training set (tools/train_sr_pro.py). Bars, on the mean of the 13 photos:
x2 cubic + 1.4 dB and standard + 0.3 dB, x1.5 cubic + 1.2 and standard + 0.2,
and no photo more than 0.1 dB below the standard mode.

Speed: CPU ms per frame on this thread (time.thread_time), 960x540 -> 1920x1080
luma, professional and standard, the SIMD path and the C path.

    python -m pip install ".[bench]" && python bench/sr_pro_bench.py
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data

import edgeav
from sr_bench import PHOTOS, as_u8, carphone_frames, degrade, luma, metrics, ms_per_frame

OUT = Path(__file__).parent / "out"
METHODS = ("cubic", "standard", "professional")
BARS = {(2, 1): (1.4, 0.3), (3, 2): (1.2, 0.2)}  # mean over photos: vs cubic, vs standard


def vmaf(distorted: np.ndarray, reference: np.ndarray) -> float:
    """VMAF of one luma image (cropped to even size, chroma flat)."""
    import imageio_ffmpeg

    h, w = (reference.shape[0] // 2) * 2, (reference.shape[1] // 2) * 2
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, y in (("d", distorted), ("r", reference)):
            path = Path(tmp) / f"{name}.yuv"
            chroma = np.full((h // 2, w // 2), 128, np.uint8)
            path.write_bytes(y[:h, :w].tobytes() + chroma.tobytes() * 2)
            paths.append(path)
        log = Path(tmp) / "vmaf.json"
        raw = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{w}x{h}"]
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", *raw, "-i", str(paths[0]), *raw, "-i",
                        str(paths[1]), "-lavfi", f"libvmaf=log_path={log}:log_fmt=json:n_threads=1", "-f", "null", "-"],
                       check=True)
        return float(json.loads(log.read_text())["pooled_metrics"]["vmaf"]["mean"])


def quality(images, num: int, den: int, with_vmaf: bool) -> list[dict]:
    standard = edgeav.enhance.SuperResolution(num / den)
    pro = edgeav.enhance.SuperResolution(num / den, mode="professional")
    border = math.ceil(num / den)
    rows = []
    for name, img in images:
        hr, lr = degrade(img, num, den)
        hr_y, src = luma(hr), as_u8(luma(lr))
        up = {"cubic": cv2.resize(src, (hr.shape[1], hr.shape[0]), interpolation=cv2.INTER_CUBIC),
              "standard": standard.process(src, format="gray"), "professional": pro.process(src, format="gray")}
        row = {"image": name}
        for k, v in up.items():
            row[f"{k}_psnr"], row[f"{k}_ssim"] = metrics(v.astype(np.float64), hr_y, border)
            if with_vmaf:
                row[f"{k}_vmaf"] = vmaf(v, as_u8(hr_y))
        rows.append(row)
    return rows


def speed(rounds: int) -> list[dict]:
    photo = as_u8(luma(data.astronaut()))
    lr = cv2.resize(photo, (960, 540), interpolation=cv2.INTER_AREA)
    out = np.empty((1080, 1920), np.uint8)
    rows = []
    for mode in ("standard", "professional"):
        sr = edgeav.enhance.SuperResolution((1920, 1080), mode=mode)
        simd = ms_per_frame(lambda: sr.process(lr, format="gray", out=out), 5, rounds)
        edgeav.set_cpu_mask([])
        try:
            c_path = ms_per_frame(lambda: sr.process(lr, format="gray", out=out), 1, 3)
        finally:
            edgeav.set_cpu_mask(None)
        rows.append({"mode": mode, "simd_ms": simd, "c_ms": c_path})
    return rows


def save_crops(path: Path) -> None:
    hr, lr = degrade(data.astronaut(), 2, 1)
    y, x, s = 60, 180, 96  # the face and the helmet's edge
    src, hr_y = as_u8(luma(lr)), as_u8(luma(hr))
    panels = [cv2.resize(src, (hr.shape[1], hr.shape[0]), interpolation=cv2.INTER_NEAREST),
              cv2.resize(src, (hr.shape[1], hr.shape[0]), interpolation=cv2.INTER_CUBIC),
              edgeav.enhance.SuperResolution(2.0).process(src, format="gray"),
              edgeav.enhance.SuperResolution(2.0, mode="professional").process(src, format="gray"), hr_y]
    crops = [np.kron(p[y: y + s, x: x + s], np.ones((3, 3), np.uint8)) for p in panels]
    Image.fromarray(np.concatenate([np.pad(c, ((0, 0), (0, 6)), constant_values=255) for c in crops], axis=1)).save(path)


def cell(values: dict, method: str, cols: list[str]) -> str:
    """'psnr/ssim[/vmaf]' of one method from a dict keyed '<method>_<metric>'."""
    return "/".join(f"{values[method + '_' + c]:.4f}" if c == "ssim" else f"{values[method + '_' + c]:.2f}" for c in cols)


def report_scale(rows: list[dict], num: int, den: int, with_vmaf: bool) -> bool:
    metric_cols = ["psnr", "ssim"] + (["vmaf"] if with_vmaf else [])
    print(f"\nx{num / den:g}: PSNR-Y dB / SSIM-Y" + (" / VMAF" if with_vmaf else "") + f" (border {math.ceil(num / den)})")
    width = 7 * len(metric_cols) + 2
    print(f"{'image':<22}" + "".join(f"{m:>{width}}" for m in METHODS) + f"{'pro-cubic':>10}{'pro-std':>9}")
    for r in rows:
        cells = "".join(f"{cell(r, m, metric_cols):>{width}}" for m in METHODS)
        print(f"{r['image']:<22}{cells}{r['professional_psnr'] - r['cubic_psnr']:+10.2f}"
              f"{r['professional_psnr'] - r['standard_psnr']:+9.2f}")
    photos = [r for r in rows if not r["image"].startswith("carphone")]
    mean = {f"{m}_{c}": statistics.mean(r[f"{m}_{c}"] for r in photos) for m in METHODS for c in metric_cols}
    print(f"{'mean of 13 photos':<22}" + "".join(f"{cell(mean, m, metric_cols):>{width}}" for m in METHODS)
          + f"{mean['professional_psnr'] - mean['cubic_psnr']:+10.2f}"
          f"{mean['professional_psnr'] - mean['standard_psnr']:+9.2f}")
    vs_cubic, vs_std = BARS[(num, den)]
    worst = min(r["professional_psnr"] - r["standard_psnr"] for r in rows)
    checks = [(f"mean vs cubic >= +{vs_cubic}", mean["professional_psnr"] - mean["cubic_psnr"] >= vs_cubic),
              (f"mean vs standard >= +{vs_std}", mean["professional_psnr"] - mean["standard_psnr"] >= vs_std),
              (f"every image vs standard >= -0.1 (worst {worst:+.2f})", worst >= -0.1)]
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for _, ok in checks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-vmaf", action="store_true")
    args = parser.parse_args()
    images = [(n, getattr(data, n)()) for n in PHOTOS] + [(f"carphone#{i}", f) for i, f in enumerate(carphone_frames())]
    report = {"isa": edgeav.build_info()["dsp"]["nn"]["nn_conv3x3"], "quality": {}}
    for num, den in [(2, 1), (3, 2)]:
        rows = quality(images, num, den, not args.no_vmaf)
        report["quality"][f"x{num / den:g}"] = rows
        report_scale(rows, num, den, not args.no_vmaf)
    report["speed"] = speed(args.rounds)
    print(f"\n960x540 -> 1920x1080 luma, CPU ms per frame, one thread [{report['isa']}] (bar: professional <= 33 ms)")
    for r in report["speed"]:
        print(f"  {r['mode']:<13} {r['simd_ms']:7.2f} ms   C path {r['c_ms']:8.1f} ms")
    OUT.mkdir(exist_ok=True)
    (OUT / "sr_pro_bench.json").write_text(json.dumps(report, indent=2))
    save_crops(OUT / "sr_pro_crops.png")
    print(f"wrote {OUT / 'sr_pro_bench.json'} and {OUT / 'sr_pro_crops.png'} "
          "(LR nearest | cubic | standard | professional | HR)")


if __name__ == "__main__":
    main()
