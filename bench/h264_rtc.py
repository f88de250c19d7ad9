"""Temporal layers and LTR loss recovery (issue 15), cases of bench/h264_rc_bench.py.

Every stream here is edgeav's own (the anchors have neither feature through
ffmpeg), decoded packet by packet by FFmpeg's decoder (PyAV); what a receiver
shows is what the decoder outputs, and every frame counted must equal
enc.recon() (bit-exact).

Temporal layers: CBR at each target with 1, 2 and 3 layers. The one-layer
  stream runs at three rates (0.9x, 1x, 1.1x the target) so its PSNR-Y can be
  read at the layered stream's actual rate (log-rate interpolation): the cost of
  the layers at equal rate. Each sub-stream (layers <= k) is decoded alone;
  the table gives its frame rate, bitrate and the share of the bits per layer.
  Bar: three layers at most 0.6 dB below one layer at equal rate.
Loss: bursts of three lost frames on bigbuckbunny; the receiver notices a loss
  when the next frame arrives and its feedback reaches the sender RTT later.
  Keyframe path: the sender answers with force_keyframe (Standard). LTR path:
  ltr=True, the receiver acknowledges every LTR frame it got (RTT later) and the
  sender answers a loss with request_recovery(). Per burst: the size of the
  frame that repairs the stream and the mean PSNR-Y of it and the nine frames
  after it (ten frames), against the source.
  Bar: the recovery frame at most half the keyframe's size, its ten frames
  within 0.5 dB of the keyframe path's.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np

import video_metrics
from video_clips import Clip

LAYER_TARGETS = {"bigbuckbunny": (500, 1000), "bikes": (300, 600), "carphone": (100, 200)}
MAX_LAYER_COST_DB = 0.6
LOSS_CLIP, LOSS_KBPS, BURST, RTT_MS = "bigbuckbunny", (500, 1000), 3, 100
LOSS_STARTS = (40, 90, 140, 190)  # first lost frame of each burst
MAX_RECOVERY_SIZE, MAX_RECOVERY_LOSS_DB, QUALITY_FRAMES = 0.5, 0.5, 10


@dataclass
class Stream:
    packets: list[bytes]
    temporal_ids: list[int]
    recovery: list[bool]
    keyframes: list[bool]
    recons: list[np.ndarray]


def encode(clip: Clip, receiver: Receiver | None = None, **kwargs) -> Stream:
    """The receiver's feedback reaches the encoder before each frame."""
    from edgeav.video import Encoder

    enc = Encoder(clip.width, clip.height, fps=float(clip.fps), **kwargs)
    s = Stream([], [], [], [], [])
    for i, frame in enumerate(clip.read()):
        force = receiver.feedback(i, enc) if receiver else False
        p = enc.encode(frame, force_keyframe=force)
        s.packets.append(bytes(p))
        s.temporal_ids.append(p.temporal_id)
        s.recovery.append(p.recovery)
        s.keyframes.append(p.keyframe)
        s.recons.append(enc.recon())
        if p.ltr and receiver:
            receiver.sent_ltr(i, p.index)
    return s


def decode_kept(s: Stream, kept: list[int]) -> dict[int, np.ndarray]:
    """The frames a decoder outputs for the packets `kept` (in order), by frame index."""
    codec = av.CodecContext.create("h264", "r")
    out = {}
    for i in kept:
        frames = codec.decode(av.Packet(s.packets[i]))
        if frames:
            out[i] = frames[-1].to_ndarray(format="yuv420p")
    return out


def bitrate(s: Stream, frames: list[int], fps: float) -> float:
    return sum(len(s.packets[i]) for i in frames) * 8 / 1000 / (len(s.packets) / fps)


def layer_case(clip: Clip, kbps: int, layers: int, one_layer: list[tuple[float, float]]) -> dict:
    """one_layer: (kbps, PSNR-Y) of the one-layer stream at several rates."""
    fps, src = float(clip.fps), clip.read()
    s = encode(clip, bitrate_kbps=kbps, temporal_layers=layers)
    every = list(range(len(s.packets)))
    psnr = float(video_metrics.frame_psnr(np.array(s.recons)[:, :clip.height], src[:, :clip.height]).mean())
    actual = bitrate(s, every, fps)
    subs = []
    for k in range(layers):
        kept = [i for i in every if s.temporal_ids[i] <= k]
        decoded = decode_kept(s, kept)
        exact = len(decoded) == len(kept) and all(np.array_equal(decoded[i], s.recons[i]) for i in kept)
        subs.append({"layers": k + 1, "fps": fps * len(kept) / len(every), "kbps": bitrate(s, kept, fps),
                     "bit_share": sum(len(s.packets[i]) for i in kept if s.temporal_ids[i] == k)
                     / sum(len(p) for p in s.packets), "bit_exact": exact})
    rates, psnrs = zip(*sorted(one_layer))
    reference = float(np.interp(np.log(actual), np.log(rates), psnrs))
    cost = reference - psnr
    return {"encoder": "edgeav-default", "clip": clip.name, "kbps": kbps, "layers": layers, "actual_kbps": actual,
            "psnr_y": psnr, "one_layer_psnr_y_at_rate": reference, "cost_db": cost, "sub_streams": subs,
            "pass": all(x["bit_exact"] for x in subs) and (layers < 3 or cost <= MAX_LAYER_COST_DB)}


def layer_cases(clip: Clip) -> list[dict]:
    fps, src = float(clip.fps), clip.read()
    rows = []
    for kbps in LAYER_TARGETS[clip.name]:
        one_layer = []
        for scale in (0.9, 1.0, 1.1):
            s = encode(clip, bitrate_kbps=round(kbps * scale))
            psnr = video_metrics.frame_psnr(np.array(s.recons)[:, :clip.height], src[:, :clip.height]).mean()
            one_layer.append((bitrate(s, list(range(len(s.packets))), fps), float(psnr)))
        rows += [layer_case(clip, kbps, layers, one_layer) for layers in (2, 3)]
    return rows


class Receiver:
    """Loses the bursts' packets, notices each loss at the next frame it gets, and
    acknowledges the LTR frames it decoded intact (none between a loss and the
    frame that repairs it); its messages reach the sender rtt frames later."""

    def __init__(self, lost: set[int], rtt_frames: int, ltr: bool) -> None:
        self.lost, self.rtt, self.ltr = lost, rtt_frames, ltr
        self.acks: list[tuple[int, int]] = []  # (frame index, frame at which the sender hears of it)
        self.repair_at = {max(b) + 1 + rtt_frames for b in bursts(lost)}
        self.broken = {i for b in bursts(lost) for i in range(b[0], max(b) + 1 + rtt_frames)}

    def sent_ltr(self, i: int, index: int) -> None:
        if i not in self.broken:
            self.acks.append((index, i + self.rtt))

    def feedback(self, i: int, enc) -> bool:
        """What reaches the sender before frame i; returns whether to force a keyframe."""
        for index, due in [a for a in self.acks if a[1] == i]:
            enc.ack_ltr(index)
        if i not in self.repair_at:
            return False
        if self.ltr:
            enc.request_recovery()
            return False
        return True


def bursts(lost: set[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in sorted(lost):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def loss_case(clip: Clip, kbps: int) -> list[dict]:
    fps, src = float(clip.fps), clip.read()
    rtt_frames = max(1, round(RTT_MS / 1000 * fps))
    starts = [s for s in LOSS_STARTS if s + BURST + rtt_frames + QUALITY_FRAMES <= clip.frames]
    lost = {s + j for s in starts for j in range(BURST)}
    paths = {}
    for name, ltr in (("keyframe", False), ("ltr", True)):
        receiver = Receiver(lost, rtt_frames, ltr)
        s = encode(clip, receiver, bitrate_kbps=kbps, ltr=ltr)
        kept = [i for i in range(len(s.packets)) if i not in lost]
        decoded = decode_kept(s, kept)
        paths[name] = (s, decoded, sorted(receiver.repair_at))
    rows = []
    for burst, start in enumerate(starts):
        row = {"encoder": "edgeav-default", "clip": clip.name, "kbps": kbps, "burst": f"{start}-{start + BURST - 1}"}
        for name, (s, decoded, repairs) in paths.items():
            at = repairs[burst]
            window = range(at, min(at + QUALITY_FRAMES, len(s.packets)))
            exact = all(i in decoded and np.array_equal(decoded[i], s.recons[i]) for i in window)
            shown = np.array([decoded[i] for i in window])[:, :clip.height]
            row[f"{name}_frame"] = at
            row[f"{name}_kbit"] = len(s.packets[at]) * 8 / 1000
            row[f"{name}_type"] = "I" if s.keyframes[at] else "P (recovery)" if s.recovery[at] else "P"
            row[f"{name}_psnr_y"] = float(video_metrics.frame_psnr(shown, src[list(window), :clip.height]).mean())
            row[f"{name}_exact"] = exact
            row[f"{name}_stream_kbps"] = bitrate(s, list(range(len(s.packets))), fps)
        row["size_ratio"] = row["ltr_kbit"] / row["keyframe_kbit"]
        row["psnr_diff_db"] = row["ltr_psnr_y"] - row["keyframe_psnr_y"]
        row["pass"] = (row["ltr_exact"] and row["keyframe_exact"] and row["ltr_type"] == "P (recovery)"
                       and row["size_ratio"] <= MAX_RECOVERY_SIZE and row["psnr_diff_db"] >= -MAX_RECOVERY_LOSS_DB)
        rows.append(row)
    return rows
