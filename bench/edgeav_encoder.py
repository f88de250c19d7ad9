"""Running edgeav's H.264 encoder (edgeav.video.Encoder) over a clip.

CPU time is this thread's CPU clock (time.thread_time) summed around each
encode() call only: reading frames and writing the .264 file are outside. The
process CPU time around the same calls (time.process_time) is kept as well, so
a helper thread inside the encoder, which the one-thread budget forbids, would
show up as process time well above thread time. A CRC of enc.recon() after
each frame (outside the timing) lets the benchmarks say when the decoder's
frames differ from the encoder's reconstruction (drift).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


def unavailable_reason() -> str | None:
    """None when edgeav.video can be imported, else why not."""
    try:
        import edgeav.video  # noqa: F401
    except ImportError as e:
        return f"edgeav.video not importable ({e})"
    return None


@dataclass
class EdgeavRun:
    thread_cpu_s: float
    process_cpu_s: float
    sizes: list[int] = field(default_factory=list)
    keyframes: list[bool] = field(default_factory=list)
    frame_types: list[str] = field(default_factory=list)
    qps: list[float] = field(default_factory=list)
    recon_crcs: list[int] = field(default_factory=list)


def run(frames: np.ndarray, out: Path, encoder_kwargs: dict, roi=None,
        before_frame: Callable[[object, int], None] | None = None, cpu_mask: list[str] | None = None,
        keyframes: Collection[int] = ()) -> EdgeavRun:
    """Encodes frames ((N, H*3/2, W) I420) into the Annex B file `out`.
    roi: passed to every encode() call; before_frame(encoder, i): run-time changes (reconfigure);
    cpu_mask: edgeav.set_cpu_mask() for this run ([] = C only), restored afterwards;
    keyframes: frame indices where a keyframe is requested (force_keyframe)."""
    import edgeav
    from edgeav.video import Encoder

    height, width = frames.shape[1] * 2 // 3, frames.shape[2]
    edgeav.set_cpu_mask(cpu_mask)
    try:
        encoder = Encoder(width, height, **encoder_kwargs)
        result = EdgeavRun(0.0, 0.0)
        with open(out, "wb") as f:
            for i, frame in enumerate(frames):
                if before_frame is not None:
                    before_frame(encoder, i)
                thread_start, process_start = time.thread_time(), time.process_time()
                packet = encoder.encode(frame, roi=roi, force_keyframe=i in keyframes)
                result.thread_cpu_s += time.thread_time() - thread_start
                result.process_cpu_s += time.process_time() - process_start
                f.write(packet)
                record(result, packet)
                result.recon_crcs.append(zlib.crc32(encoder.recon()))
    finally:
        edgeav.set_cpu_mask(None)
    return result


def record(result: EdgeavRun, packet) -> None:
    result.sizes.append(packet.size)
    result.keyframes.append(bool(packet.keyframe))
    result.frame_types.append(packet.frame_type)
    result.qps.append(float(packet.qp))


def recon_mismatches(run: EdgeavRun, decoded_frames: np.ndarray) -> list[int]:
    """Indices of the frames where the decoder's output differs from enc.recon()."""
    return [i for i, (crc, frame) in enumerate(zip(run.recon_crcs, decoded_frames))
            if crc != zlib.crc32(np.ascontiguousarray(frame))]
