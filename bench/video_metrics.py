"""Full-reference quality of decoded frames against the source clip.

PSNR-Y is computed here with numpy (mean over frames of each frame's PSNR, the
way x264 and the JCT-VC common test conditions average it; an identical frame
counts as 100 dB). SSIM-Y (ffmpeg's `ssim` filter, luma, mean over frames) and
VMAF (ffmpeg's `libvmaf` filter, model vmaf_v0.6.1, mean over frames) run in
one ffmpeg pass over the decoded frames written as raw I420.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from video_clips import FFMPEG, Clip

MAX_PSNR = 100.0


def frame_psnr(decoded: np.ndarray, source: np.ndarray) -> np.ndarray:
    """PSNR of each frame of two uint8 stacks (N, ...), in dB."""
    mse = np.array([np.mean(np.square(d.astype(np.int32) - s.astype(np.int32))) for d, s in zip(decoded, source)])
    with np.errstate(divide="ignore"):
        psnr = 10 * np.log10(255.0**2 / mse)
    return np.minimum(psnr, MAX_PSNR)


def psnr_y(decoded: np.ndarray, source: np.ndarray, height: int, box: tuple[int, int, int, int] | None = None) -> float:
    """Mean per-frame PSNR-Y of (N, H*3/2, W) I420 stacks; box = (x, y, w, h) limits it to a rectangle."""
    dec, src = decoded[:, :height], source[:, :height]
    if box is not None:
        x, y, w, h = box
        dec, src = dec[:, y:y + h, x:x + w], src[:, y:y + h, x:x + w]
    return float(np.mean(frame_psnr(dec, src)))


def psnr_y_outside(decoded: np.ndarray, source: np.ndarray, height: int, box: tuple[int, int, int, int]) -> float:
    """Mean per-frame PSNR-Y of the pixels outside box = (x, y, w, h)."""
    x, y, w, h = box
    mask = np.ones(decoded.shape[1:], bool)
    mask[height:] = False
    mask[y:y + h, x:x + w] = False
    return float(np.mean(frame_psnr(decoded[:, mask], source[:, mask])))


def ssim_vmaf(decoded: np.ndarray, clip: Clip, vmaf: bool = True) -> tuple[float, float]:
    """(SSIM-Y, VMAF) of decoded frames against the clip; VMAF is NaN when vmaf is False."""
    with tempfile.TemporaryDirectory(dir=clip.path.parent) as tmp:
        dist = Path(tmp) / "decoded.yuv"
        decoded.tofile(dist)
        ssim_log, vmaf_log = Path(tmp) / "ssim.log", Path(tmp) / "vmaf.json"
        raw = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{clip.width}x{clip.height}",
               "-framerate", str(clip.fps)]
        graph = f"[0:v][1:v]ssim=stats_file={ssim_log}"
        if vmaf:
            graph = (f"[0:v]split[d0][d1];[1:v]split[r0][r1];[d0][r0]ssim=stats_file={ssim_log};"
                     f"[d1][r1]libvmaf=log_path={vmaf_log}:log_fmt=json:n_threads=1")
        cmd = [FFMPEG, "-v", "error", *raw, "-i", str(dist), *raw, "-i", str(clip.path),
               "-filter_complex", graph, "-f", "null", "-"]
        subprocess.run(cmd, check=True)
        ssim = read_ssim_y(ssim_log, len(decoded))
        score = read_vmaf(vmaf_log, len(decoded)) if vmaf else float("nan")
    return ssim, score


def read_ssim_y(path: Path, frames: int) -> float:
    values = [float(tok[2:]) for line in path.read_text().splitlines() for tok in line.split() if tok.startswith("Y:")]
    if len(values) != frames:
        raise RuntimeError(f"ssim filter compared {len(values)} frames, expected {frames}")
    return float(np.mean(values))


def read_vmaf(path: Path, frames: int) -> float:
    log = json.loads(path.read_text())
    if len(log["frames"]) != frames:
        raise RuntimeError(f"libvmaf compared {len(log['frames'])} frames, expected {frames}")
    return float(log["pooled_metrics"]["vmaf"]["mean"])


def has_libvmaf() -> bool:
    out = subprocess.run([FFMPEG, "-hide_banner", "-filters"], capture_output=True, text=True).stdout
    return any(line.split()[1:2] == ["libvmaf"] for line in out.splitlines() if len(line.split()) > 1)
