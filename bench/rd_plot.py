"""Rate-distortion curves of one clip as a PNG: one panel per metric, one line per encoder."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import NullFormatter, ScalarFormatter  # noqa: E402

TITLES = {"psnr_y": "PSNR-Y (dB)", "ssim_y": "SSIM-Y", "vmaf": "VMAF"}


def save(points: list[dict], clip: str, encoders: list[str], metrics: list[str], path: Path) -> Path:
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        for encoder in encoders:
            sel = sorted((p for p in points if p["clip"] == clip and p["encoder"] == encoder), key=lambda p: p["kbps"])
            style = "-o" if encoder.startswith("edgeav") else "--s"
            ax.plot([p["kbps"] for p in sel], [p[metric] for p in sel], style, label=encoder, markersize=4)
        ax.set_xscale("log")
        ax.set_xticks(sorted({p["target_kbps"] for p in points if p["clip"] == clip}))  # the targets, in kbps
        ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("bitrate (kbps)")
        ax.set_ylabel(TITLES[metric])
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].legend()
    fig.suptitle(f"{clip}: one thread, zero latency, CBR")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
