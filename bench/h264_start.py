"""The first second and a requested keyframe (issue 15, defects 1 and 2), cases of
bench/h264_rc_bench.py, every encoder in CBR at the same target.

First second: mean PSNR-Y of the frames of the first second, the first keyframe's
  size against half the bucket (edgeav's default VBV of 1 s; x264 -bufsize 1 s;
  OpenH264 has no bucket), the bits of that second and the rate of the whole
  sequence, so that an anchor which misses its target shows it.
  Bar: edgeav's first second at least every anchor's, its keyframe within half the bucket.
Requested keyframe: a keyframe asked for at frame KEY_AT (edgeav force_keyframe,
  the anchors -force_key_frames), its PSNR-Y against the mean of the ten frames
  before it, its size against half the bucket, and the mean of the ten after.
  Bar: at most 2 dB below the frames before it, within half the bucket.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import video_metrics
from h264_decode import Decoded
from h264_encoders import Settings
from h264_rate_stats import bitrate_kbps
from video_clips import Clip

START_TARGETS = {"bigbuckbunny": (300, 600, 1000), "bikes": (150, 300, 600), "carphone": (100, 200, 400)}
KEY_TARGETS = {"bigbuckbunny": (500, 1000, 2000), "bikes": (300, 600), "carphone": (200, 400)}
KEY_AT = 60
KEY_DROP_DB = 2.0
BUCKET_SECONDS = 1.0  # the default VBV of every encoder here

Runner = Callable[[str, Clip, Settings, str], Decoded]


def frame_psnr(d: Decoded, clip: Clip) -> np.ndarray:
    return video_metrics.frame_psnr(d.frames[:, :clip.height], clip.read()[:len(d.frames), :clip.height])


def first_second_case(run: Runner, encoder: str, clip: Clip, kbps: int) -> dict:
    d, fps = run(encoder, clip, Settings(kbps), f"start{kbps}"), float(clip.fps)
    second, psnr = round(fps), frame_psnr(d, clip)
    key_kbit = float(d.sizes[0]) * 8 / 1000
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "psnr_y_first_second": float(psnr[:second].mean()),
            "first_frame_psnr_y": float(psnr[0]), "keyframe_kbit": key_kbit,
            "keyframe_over_half_bucket": key_kbit / (kbps * BUCKET_SECONDS / 2),
            "first_second_kbit": float(d.sizes[:second].sum()) * 8 / 1000,
            "sequence_kbps": bitrate_kbps(d.sizes, fps)}


def judge_first_second(rows: list[dict]) -> None:
    """Each edgeav row passes when its first second is at least every anchor's at the
    same clip and rate, with its keyframe within half the bucket."""
    for r in rows:
        anchors = [a for a in rows if not a["encoder"].startswith("edgeav-")
                   and (a["clip"], a["kbps"]) == (r["clip"], r["kbps"])]
        r["best_anchor_psnr_y"] = max((a["psnr_y_first_second"] for a in anchors), default=float("nan"))
        r["pass"] = (r["psnr_y_first_second"] >= r["best_anchor_psnr_y"] and r["keyframe_over_half_bucket"] <= 1.0
                     if r["encoder"].startswith("edgeav-") else True)


def requested_key_case(run: Runner, encoder: str, clip: Clip, kbps: int) -> dict:
    d = run(encoder, clip, Settings(kbps, keyframe_at=KEY_AT), f"key{KEY_AT}_{kbps}")
    if not d.keyframes[KEY_AT]:
        raise RuntimeError(f"{encoder} {clip.name} {kbps}: no keyframe at frame {KEY_AT}")
    psnr = frame_psnr(d, clip)
    before, after = float(psnr[KEY_AT - 10:KEY_AT].mean()), float(psnr[KEY_AT + 1:KEY_AT + 11].mean())
    key_kbit = float(d.sizes[KEY_AT]) * 8 / 1000
    drop = before - float(psnr[KEY_AT])
    return {"encoder": encoder, "clip": clip.name, "kbps": kbps, "psnr_y_before": before,
            "psnr_y_keyframe": float(psnr[KEY_AT]), "drop_db": drop, "psnr_y_after": after,
            "keyframe_kbit": key_kbit, "keyframe_over_half_bucket": key_kbit / (kbps * BUCKET_SECONDS / 2),
            "pass": drop <= KEY_DROP_DB and key_kbit <= kbps * BUCKET_SECONDS / 2}
