"""Floating-point BT.601/BT.709 formulas, written from the standards, to check
the fixed-point kernels against (independently of their coefficient tables)."""

import numpy as np

KR_KB = {"bt601": (0.299, 0.114), "bt709": (0.2126, 0.0722)}


def rgb_to_yuv420(rgb: np.ndarray, matrix: str, full_range: bool):
    kr, kb = KR_KB[matrix]
    kg = 1 - kr - kb
    p = rgb[..., :3].astype(np.float64)
    luma = kr * p[..., 0] + kg * p[..., 1] + kb * p[..., 2]
    avg = (p[0::2, 0::2] + p[1::2, 0::2] + p[0::2, 1::2] + p[1::2, 1::2]) / 4
    luma_avg = kr * avg[..., 0] + kg * avg[..., 1] + kb * avg[..., 2]
    cb = (avg[..., 2] - luma_avg) / (2 * (1 - kb))
    cr = (avg[..., 0] - luma_avg) / (2 * (1 - kr))
    ys, cs, y0 = (1, 1, 0) if full_range else (219 / 255, 224 / 255, 16)
    return y0 + ys * luma, 128 + cs * cb, 128 + cs * cr


def yuv420_to_rgb(y: np.ndarray, u: np.ndarray, v: np.ndarray, matrix: str, full_range: bool) -> np.ndarray:
    kr, kb = KR_KB[matrix]
    kg = 1 - kr - kb
    up = lambda c: np.repeat(np.repeat(c.astype(np.float64), 2, 0), 2, 1)  # noqa: E731
    ys, cs, y0 = (1, 1, 0) if full_range else (255 / 219, 255 / 224, 16)
    luma = (y.astype(np.float64) - y0) * ys
    cb, cr = (up(u) - 128) * cs, (up(v) - 128) * cs
    r = luma + 2 * (1 - kr) * cr
    b = luma + 2 * (1 - kb) * cb
    g = (luma - kr * r - kb * b) / kg
    return np.stack([r, g, b], axis=-1)
