"""Minimal YUV4MPEG2 (.y4m) reading and writing for 8-bit 4:2:0 video."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import BinaryIO, Iterator

import numpy as np

from ._core import InvalidArgument


@dataclass
class Y4mHeader:
    width: int
    height: int
    params: list[str]  # the other header tokens (frame rate, aspect, colour space...), kept as they are

    def encode(self) -> bytes:
        return " ".join(["YUV4MPEG2", f"W{self.width}", f"H{self.height}", *self.params]).encode() + b"\n"


def frame_rate(header: Y4mHeader) -> Fraction:
    """The F token's rate; 30 fps when the header has none."""
    token = next((p for p in header.params if p.startswith("F")), "F30:1")
    num, _, den = token[1:].partition(":")
    try:
        rate = Fraction(int(num), int(den or 1))
    except (ValueError, ZeroDivisionError):
        rate = Fraction(0)
    if rate <= 0:
        raise InvalidArgument(f"bad .y4m frame rate {token}")
    return rate


def with_frame_rate(header: Y4mHeader, rate: Fraction) -> Y4mHeader:
    """The header with its F token set to `rate` (in place of the old one, or added)."""
    token = f"F{rate.numerator}:{rate.denominator}"
    if not any(p.startswith("F") for p in header.params):
        return Y4mHeader(header.width, header.height, [token, *header.params])
    return Y4mHeader(header.width, header.height, [token if p.startswith("F") else p for p in header.params])


def read_header(f: BinaryIO) -> Y4mHeader:
    tokens = f.readline().decode("ascii", "replace").split()
    if not tokens or tokens[0] != "YUV4MPEG2":
        raise InvalidArgument("not a YUV4MPEG2 file")
    width = height = 0
    params = []
    for t in tokens[1:]:
        if t[0] == "W":
            width = int(t[1:])
        elif t[0] == "H":
            height = int(t[1:])
        else:
            params.append(t)
    colour = next((p for p in params if p[0] == "C"), "C420jpeg")
    if not colour.startswith("C420") or colour.endswith(("p10", "p12")):
        raise InvalidArgument(f"only 8-bit 4:2:0 .y4m is supported, got {colour}")
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise InvalidArgument(f"bad or odd .y4m size {width}x{height}")
    return Y4mHeader(width, height, params)


def read_frames(f: BinaryIO, header: Y4mHeader) -> Iterator[np.ndarray]:
    """Yields each frame as an (H*3/2, W) I420 buffer."""
    size = header.width * header.height * 3 // 2
    while True:
        line = f.readline()
        if not line:
            return
        if not line.startswith(b"FRAME"):
            raise InvalidArgument("corrupt .y4m: expected FRAME")
        data = f.read(size)
        if len(data) != size:
            raise InvalidArgument("truncated .y4m frame")
        yield np.frombuffer(data, np.uint8).reshape(header.height * 3 // 2, header.width)


def write_frame(f: BinaryIO, frame: np.ndarray) -> None:
    f.write(b"FRAME\n")
    f.write(memoryview(np.ascontiguousarray(frame)).cast("B"))
