"""Video: the real-time H.264 encoder (Constrained Baseline or High, one thread, zero latency).

    enc = edgeav.video.Encoder(1280, 720, fps=30, bitrate_kbps=1500)     # rc="cbr" | "vbr" | "cqp"
    pkt = enc.encode(frame)                  # I420 (H*3/2, W) or (y, u, v); NV12 with format="nv12"
    stream.write(pkt)                        # Annex B bytes through the buffer protocol, no copy
    pkt.keyframe, pkt.frame_type, pkt.qp, pkt.size
    enc.encode(frame, roi=[edgeav.video.Roi(48, 16, 64, 80, -6)])       # or an int8 (ceil(h/16), ceil(w/16)) map
    enc.encode(frame, force_keyframe=True)   # answers a receiver's keyframe request
    enc.reconfigure(bitrate_kbps=800)        # from the next frame on, no IDR
    enc.recon()                              # what the decoder reconstructs, as I420
    Encoder(..., max_slice_bytes=1200)       # RTP: every slice NAL unit within 1200 bytes (RFC 6184
                                             # single NAL unit mode); split a packet at its start codes
    Encoder(..., temporal_layers=3)          # L1T3 (0,2,1,2): an SFU forwards pkt.temporal_id <= k
    Encoder(..., profile="high")             # Constrained High (CABAC, 8x8 transform): fewer bits
    Encoder(..., ltr=True)                   # long-term references: when a pkt.ltr frame arrives,
    enc.ack_ltr(pkt.index)                   # the receiver's feedback; after a loss,
    enc.request_recovery()                   # the next frame predicts from the newest acknowledged LTR
"""

from __future__ import annotations

from typing import NamedTuple

from ._core import Encoder, Packet

__all__ = ["Encoder", "Packet", "Roi"]


class Roi(NamedTuple):
    """A region of interest in pixels; a negative ``qp_offset`` spends more bits there."""

    x: int
    y: int
    w: int
    h: int
    qp_offset: int
