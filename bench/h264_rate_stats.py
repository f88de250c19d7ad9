"""What a stream's frame sizes say about its rate control (bar 4 of issue 4).

Sizes are the coded bytes of each access unit in decode order (= display
order: no B-frames), as the H.264 parser of the decoder splits the stream.
"""

from __future__ import annotations

import math

import numpy as np


def bitrate_kbps(sizes: np.ndarray, fps: float) -> float:
    return float(np.sum(sizes)) * 8 * fps / len(sizes) / 1000


def window_rates(sizes: np.ndarray, fps: float, seconds: float = 2.0,
                 skip_seconds: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(first frame, bitrate in kbps) of every window of `seconds` that starts at or after
    skip_seconds, sliding one frame at a time."""
    length, first = round(seconds * fps), math.ceil(skip_seconds * fps)
    if first + length > len(sizes):
        raise ValueError(f"{len(sizes)} frames hold no {seconds} s window after {skip_seconds} s")
    sums = np.convolve(sizes.astype(np.float64), np.ones(length), "valid")[first:]
    return np.arange(first, first + len(sums)), sums * 8 / (length / fps) / 1000


def worst_deviation(rates: np.ndarray, target_kbps: float) -> tuple[float, int]:
    """The largest |rate / target - 1| over the windows, in percent (signed), and its window's index."""
    dev = (rates / target_kbps - 1) * 100
    worst = int(np.argmax(np.abs(dev)))
    return float(dev[worst]), worst


def peak_p_ratio(sizes: np.ndarray, pict_types: list[str], target_kbps: float, fps: float) -> float:
    """Largest P-frame over the average frame size. The average is the smaller of the
    target's bytes per frame and the stream's actual mean, so an undershooting stream
    is not flattered."""
    p_sizes = sizes[[t == "P" for t in pict_types]]
    average = min(target_kbps * 1000 / 8 / fps, float(np.mean(sizes)))
    return float(np.max(p_sizes) / average)
