"""A numpy model of the neural core (cpp/src/nn): parses cpp/data/models.bin as
cpp/src/nn/model.cpp does and runs PlaneRefiner's computation in float64, for
tests that check the library's networks against their exported weights."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODELS_BIN = Path(__file__).resolve().parents[1] / "cpp" / "data" / "models.bin"


@dataclass
class Layer:
    kind: int  # 0 conv3x3, 1 conv1x1, 2 depthwise3x3
    weights: np.ndarray
    bias: np.ndarray
    slope: np.ndarray | None


@dataclass
class Model:
    in_scale: float
    in_offset: float
    out_scale: float
    layers: list[Layer] = field(default_factory=list)

    @property
    def halo(self) -> int:
        return sum(0 if layer.kind == 1 else 1 for layer in self.layers)


def load_models(path: Path = MODELS_BIN) -> dict[str, Model]:
    data = path.read_bytes()
    assert data[:8] == b"EAVNN001"
    (count,), pos = struct.unpack_from("<I", data, 8), 12
    models = {}
    for _ in range(count):
        (n,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2: pos + 2 + n].decode()
        pos += 2 + n
        in_scale, in_offset, out_scale, layers = struct.unpack_from("<fffI", data, pos)
        pos += 16
        model = Model(in_scale, in_offset, out_scale)
        for _ in range(layers):
            kind, prelu, cin, cout = struct.unpack_from("<BBHH", data, pos)
            pos += 6
            shape = {0: (3, 3, cin, cout), 1: (cin, cout), 2: (3, 3, cout)}[kind]
            count_w = int(np.prod(shape))
            w = np.frombuffer(data, "<f4", count_w, pos).reshape(shape).astype(np.float64)
            pos += 4 * count_w
            b = np.frombuffer(data, "<f4", cout, pos).astype(np.float64)
            pos += 4 * cout
            a = None
            if prelu:
                a = np.frombuffer(data, "<f4", cout, pos).astype(np.float64)
                pos += 4 * cout
            model.layers.append(Layer(kind, w, b, a))
        models[name] = model
    assert pos == len(data)
    return models


def _layer(x: np.ndarray, layer: Layer) -> np.ndarray:
    h, w, _ = x.shape
    if layer.kind == 1:
        out = x @ layer.weights
    elif layer.kind == 0:
        out = sum(x[ky: ky + h - 2, kx: kx + w - 2] @ layer.weights[ky, kx] for ky in range(3) for kx in range(3))
    else:
        out = sum(x[ky: ky + h - 2, kx: kx + w - 2] * layer.weights[ky, kx] for ky in range(3) for kx in range(3))
    out = out + layer.bias
    if layer.slope is not None:
        out = np.where(out < 0, out * layer.slope, out)
    return out


def refine(model: Model, plane: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(refined uint8 plane, the correction before rounding) of a uint8 plane."""
    h, w = plane.shape
    border = 2 * model.halo
    padded = np.pad(plane, ((border, border + h % 2), (border, border + w % 2)), mode="edge").astype(np.float64)
    x = np.stack([padded[0::2, 0::2], padded[0::2, 1::2], padded[1::2, 0::2], padded[1::2, 1::2]], axis=-1)
    x = x * model.in_scale + model.in_offset
    for layer in model.layers:
        x = _layer(x, layer)
    hh, hw = x.shape[:2]
    correction = (x * model.out_scale).reshape(hh, hw, 2, 2).transpose(0, 2, 1, 3).reshape(2 * hh, 2 * hw)[:h, :w]
    return np.clip(plane + np.rint(correction), 0, 255).astype(np.uint8), correction
