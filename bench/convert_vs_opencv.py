"""Colour conversion at 1920x1080 on one thread: edgeav against OpenCV's
cv2.cvtColor (cv2.setNumThreads(1)), measured in the same run, in CPU time.

Input is a real photo (scikit-image's astronaut and chelsea, resized to
1080p). Both libraries write into preallocated outputs. Each round times every
contender once, in turn, for `--frames` frames; the table reports the median
over rounds. Note: OpenCV's RGB->I420 takes each 2x2 block's top-left pixel for
chroma, while edgeav averages the block (more work, no aliasing).

    python bench/convert_vs_opencv.py [--rounds 15] [--frames 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import cv2
import numpy as np
from skimage import data

import edgeav

W, H = 1920, 1080


def cpu_seconds() -> float:
    """This thread's CPU clock (CLOCK_THREAD_CPUTIME_ID): CPU time, not wall
    time, and finer than getrusage's tick for rounds of a few milliseconds."""
    return time.thread_time()


def real_frames() -> list[np.ndarray]:
    return [np.ascontiguousarray(cv2.resize(img, (W, H), interpolation=cv2.INTER_CUBIC))
            for img in (data.astronaut(), data.chelsea())]


def cases(rgb: np.ndarray):
    """(name, edgeav call, opencv call) for each conversion OpenCV also has."""
    rgba = np.ascontiguousarray(np.concatenate([rgb, np.full((H, W, 1), 255, np.uint8)], axis=-1))
    i420 = cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420)
    nv12 = edgeav.convert(rgb, "rgb24", "nv12")
    yuv_out, rgb_out = np.empty_like(i420), np.empty_like(rgb)
    ocv_yuv, ocv_rgb = np.empty_like(i420), np.empty_like(rgb)
    return [
        ("rgb24->i420 bt601", lambda: edgeav.convert(rgb, "rgb24", "i420", out=yuv_out),
         lambda: cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420, dst=ocv_yuv)),
        ("rgba->i420 bt601", lambda: edgeav.convert(rgba, "rgba", "i420", out=yuv_out),
         lambda: cv2.cvtColor(rgba, cv2.COLOR_RGBA2YUV_I420, dst=ocv_yuv)),
        ("i420->rgb24 bt601", lambda: edgeav.convert(i420, "i420", "rgb24", out=rgb_out),
         lambda: cv2.cvtColor(i420, cv2.COLOR_YUV2RGB_I420, dst=ocv_rgb)),
        ("nv12->rgb24 bt601", lambda: edgeav.convert(nv12, "nv12", "rgb24", out=rgb_out),
         lambda: cv2.cvtColor(nv12, cv2.COLOR_YUV2RGB_NV12, dst=ocv_rgb)),
    ]


def time_frames(fn, frames: int) -> float:
    start = cpu_seconds()
    for _ in range(frames):
        fn()
    return (cpu_seconds() - start) / frames


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--json", default=str(Path(__file__).parent / "out" / "convert_vs_opencv.json"))
    args = parser.parse_args()
    cv2.setNumThreads(1)
    frames = real_frames()
    rows = []
    for name, ours, theirs in cases(frames[0]):
        samples = {"edgeav": [], "edgeav C": [], "opencv": []}
        for r in range(args.rounds):
            samples["edgeav"].append(time_frames(ours, args.frames))
            samples["opencv"].append(time_frames(theirs, args.frames))
            edgeav.set_cpu_mask([])
            try:
                samples["edgeav C"].append(time_frames(ours, max(1, args.frames // 4)))
            finally:
                edgeav.set_cpu_mask(None)
        med = {k: statistics.median(v) * 1e3 for k, v in samples.items()}
        rows.append({"conversion": name, "edgeav_ms": med["edgeav"], "edgeav_c_ms": med["edgeav C"],
                     "opencv_ms": med["opencv"], "speedup_vs_opencv": med["opencv"] / med["edgeav"]})
    isa = edgeav.build_info()["dsp"]["convert"]["rgb24_to_y"]
    print(f"1920x1080, one thread, CPU ms per frame (median of {args.rounds} rounds x {args.frames} frames); "
          f"edgeav {edgeav.__version__} [{isa}], OpenCV {cv2.__version__}, {platform.machine()}")
    print(f"{'conversion':<20} {'edgeav':>8} {'edgeav C':>9} {'OpenCV':>8} {'OpenCV/edgeav':>14}")
    for r in rows:
        print(f"{r['conversion']:<20} {r['edgeav_ms']:8.3f} {r['edgeav_c_ms']:9.3f} {r['opencv_ms']:8.3f} "
              f"{r['speedup_vs_opencv']:13.2f}x")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"isa": isa, "opencv": cv2.__version__, "rows": rows}, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
