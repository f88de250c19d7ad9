"""Bjontegaard delta rate (VCEG-M33): the average bitrate difference at equal quality.

Each rate-quality curve is fitted by a cubic polynomial of log10(rate) as a
function of quality; both fits are integrated over the quality range the two
curves share, and the mean log-rate difference is turned into a percentage.
Negative means the test encoder needs fewer bits than the anchor.

    python bench/bdrate.py      # checks the implementation on curves with known answers
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.polynomial import Polynomial


def bd_rate(anchor_kbps: Sequence[float], anchor_quality: Sequence[float],
            test_kbps: Sequence[float], test_quality: Sequence[float]) -> float:
    """BD-rate in percent of `test` against `anchor` (4 or more points each). NaN when a curve's
    quality does not rise with its rate (log-rate is then no function of quality) or the
    quality ranges do not overlap."""
    fits, ranges = [], []
    for kbps, quality in ((anchor_kbps, anchor_quality), (test_kbps, test_quality)):
        if not rises(kbps, quality):
            return float("nan")
        q = np.asarray(quality, np.float64)
        log_rate = np.log10(np.asarray(kbps, np.float64))
        # Polynomial.fit maps quality onto [-1, 1] first, so SSIM's narrow range stays well conditioned;
        # integ() integrates with respect to quality itself
        fits.append(Polynomial.fit(q, log_rate, 3).integ())
        ranges.append((q.min(), q.max()))
    low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
    if high <= low:
        return float("nan")
    mean_log = [(f(high) - f(low)) / (high - low) for f in fits]
    return float((10 ** (mean_log[1] - mean_log[0]) - 1) * 100)


def rises(kbps: Sequence[float], quality: Sequence[float]) -> bool:
    """At least 4 finite points whose quality strictly increases with the rate."""
    order = np.argsort(np.asarray(kbps, np.float64))
    q = np.asarray(quality, np.float64)[order]
    return len(q) >= 4 and bool(np.all(np.isfinite(q))) and bool(np.all(np.diff(q) > 0))


def overlap(anchor_quality: Sequence[float], test_quality: Sequence[float]) -> float:
    """The shared quality range as a fraction of the narrower curve's range (0: none, 1: all).
    A BD-rate over a small overlap is mostly extrapolation."""
    a, t = np.asarray(anchor_quality, np.float64), np.asarray(test_quality, np.float64)
    shared = min(a.max(), t.max()) - max(a.min(), t.min())
    return float(max(shared, 0.0) / max(min(np.ptp(a), np.ptp(t)), 1e-12))


def self_check() -> list[str]:
    """Raises AssertionError unless BD-rate gives the answers known in closed form; returns the cases."""
    kbps = np.array([500.0, 1000.0, 2000.0, 4000.0])
    psnr = np.array([32.1, 35.0, 37.6, 40.3])
    ssim = np.array([0.9712, 0.9803, 0.9871, 0.9915])
    checks = {
        "identical curves": (bd_rate(kbps, psnr, kbps, psnr), 0.0),
        "rate x1.1": (bd_rate(kbps, psnr, kbps * 1.1, psnr), 10.0),
        "rate x0.8": (bd_rate(kbps, psnr, kbps * 0.8, psnr), -20.0),
        # same curve, sampled at other rates: log-rate is linear in quality here,
        # so the cubic fit is exact and the answer is 0
        "resampled line": (bd_rate(kbps, 10 * np.log10(kbps), kbps * 1.37, 10 * np.log10(kbps * 1.37)), 0.0),
        # quality = 20 log10(rate) - 20 on both sides, the test shifted by +1 quality unit: at equal
        # quality the test needs 10^(-1/20) of the rate, i.e. -10.87%
        "quality +1 on a line": (bd_rate(kbps, 20 * np.log10(kbps) - 20, kbps, 20 * np.log10(kbps) - 19),
                                 (10 ** (-1 / 20) - 1) * 100),
        "SSIM-like narrow range, x1.1": (bd_rate(kbps, ssim, kbps * 1.1, ssim), 10.0),
    }
    for name, (got, want) in checks.items():
        assert abs(got - want) < 1e-6, f"BD-rate {name}: got {got}, want {want}"
    assert np.isnan(bd_rate(kbps, psnr, kbps, psnr + 100)), "BD-rate of disjoint curves must be NaN"
    assert np.isnan(bd_rate(kbps, psnr, kbps, psnr[[0, 2, 1, 3]])), "BD-rate of a non-rising curve must be NaN"
    assert overlap(psnr, psnr + 100) == 0 and overlap(psnr, psnr) == 1, "overlap of disjoint / equal curves"
    return [*checks, "disjoint curves NaN", "non-rising curve NaN", "overlap 0 and 1"]


if __name__ == "__main__":
    print("BD-rate self-check: PASS (" + "; ".join(self_check()) + ")")
