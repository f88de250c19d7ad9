"""Decoding edgeav's H.264 with FFmpeg's decoder (PyAV) for the conformance tests,
and test frames: real photos (scikit-image) moved by a known camera path."""

from __future__ import annotations

import io

import numpy as np


def decode(stream: bytes) -> tuple[list[np.ndarray], list[str]]:
    """All frames of an Annex B stream as I420 arrays, and every message of
    warning level or worse that the decoder logged."""
    import av
    import av.logging

    previous = av.logging.get_level()
    av.logging.set_level(av.logging.VERBOSE)
    try:
        with av.logging.Capture() as logs:
            container = av.open(io.BytesIO(stream), format="h264")
            frames = [f.to_ndarray(format="yuv420p") for f in container.decode(video=0)]
            container.close()
    finally:
        av.logging.set_level(previous)
    problems = [f"{name}: {message.strip()}" for level, name, message in logs if level <= av.logging.WARNING]
    return frames, problems


def decode_each(packets: list[bytes]) -> list[tuple[list[np.ndarray], list[str]]]:
    """Feeds Annex B access units to one decoder in turn: for each, the frames
    it gave and the messages of warning level or worse logged while decoding it
    (so a test may accept errors on frames that lost their reference and none
    after the stream recovers)."""
    import av
    import av.logging

    codec = av.CodecContext.create("h264", "r")
    previous = av.logging.get_level()
    av.logging.set_level(av.logging.VERBOSE)
    results = []
    try:
        for data in list(packets) + [None]:  # None flushes
            with av.logging.Capture() as logs:
                frames = [f.to_ndarray(format="yuv420p") for f in codec.decode(av.Packet(data) if data else None)]
            problems = [f"{name}: {message.strip()}" for level, name, message in logs if level <= av.logging.WARNING]
            if data is None:
                results[-1][0].extend(frames)
                results[-1][1].extend(problems)
            else:
                results.append((frames, problems))
    finally:
        av.logging.set_level(previous)
    return results


def moving_photo(width: int, height: int, count: int, seed: int = 0) -> list[np.ndarray]:
    """I420 frames cut from a real photo along a smooth pan with a little
    zoom-free jitter (sub-pixel motion via 2x upsampled source), so every
    motion-compensation path is exercised."""
    from skimage import data, transform

    import edgeav

    photo = data.astronaut() if (width * height) < 700_000 else data.chelsea()
    scale = max((height + 64) * 2 / photo.shape[0], (width + 64) * 2 / photo.shape[1])
    big = (transform.rescale(photo, scale, channel_axis=2, order=1) * 255).astype(np.uint8)
    rng = np.random.default_rng(seed)
    frames = []
    x, y = 8.0, 8.0
    for _ in range(count):
        x += 1.5 + rng.uniform(-1, 1)
        y += 0.75 + rng.uniform(-1, 1)
        ix, iy = int(x * 2) % 32, int(y * 2) % 32
        crop = big[iy : iy + 2 * height : 2, ix : ix + 2 * width : 2]
        frames.append(edgeav.convert(np.ascontiguousarray(crop), "rgb24", "i420"))
    return frames
