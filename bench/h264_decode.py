"""Decoding an Annex B .264 file with PyAV (FFmpeg's H.264 decoder).

Metrics are always taken on what a real decoder outputs, never on an encoder's
own reconstruction. The demuxer's H.264 parser splits the stream into access
units, which gives each frame's coded size (parameter sets included in the
first) and whether it is an IDR.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.video.frame import PictureType


@dataclass
class Decoded:
    frames: np.ndarray  # (N, H*3/2, W) I420
    sizes: np.ndarray  # bytes of each access unit, in decode (= display: no B-frames) order
    keyframes: np.ndarray  # bool per access unit
    pict_types: list[str]  # "I"/"P"/... per decoded frame


def decode(path: Path, width: int, height: int) -> Decoded:
    sizes, keys, frames, types = [], [], [], []
    with av.open(str(path), format="h264") as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            if packet.size:
                sizes.append(packet.size)
                keys.append(packet.is_keyframe)
            for frame in packet.decode():
                frames.append(as_i420(frame, width, height))
                types.append(PictureType(frame.pict_type).name)
    return Decoded(np.stack(frames), np.array(sizes), np.array(keys, bool), types)


def as_i420(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    if (frame.width, frame.height) != (width, height) or frame.format.name != "yuv420p":
        got = f"{frame.width}x{frame.height} {frame.format.name}"
        raise RuntimeError(f"decoded {got}, expected {width}x{height} yuv420p")
    return frame.to_ndarray()
