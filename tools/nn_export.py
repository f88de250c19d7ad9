"""Writes cpp/data/models.bin, the networks compiled into the library, from
the trained checkpoints in tools/models/ (one .npz per model, written by the
tools/train_*.py scripts). The format is documented in cpp/src/nn/model.h;
tests/test_nn.py checks that the embedded file is what this script writes.

    python tools/nn_export.py            # rewrite cpp/data/models.bin
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINTS = ROOT / "tools" / "models"
MODELS_BIN = ROOT / "cpp" / "data" / "models.bin"
KINDS = {"conv3": 0, "conv1": 1, "dw3": 2}


def save_checkpoint(name: str, specs, params, in_scale: float, in_offset: float, out_scale: float) -> Path:
    """Stores a trained network: specs [(kind, cin, cout, prelu)], params [{w, b, a?}]."""
    arrays = {"in_scale": np.float32(in_scale), "in_offset": np.float32(in_offset), "out_scale": np.float32(out_scale)}
    for i, ((kind, cin, cout, prelu), p) in enumerate(zip(specs, params)):
        arrays[f"{i}_kind"] = np.array(kind)
        arrays[f"{i}_w"] = np.asarray(p["w"], np.float32)
        arrays[f"{i}_b"] = np.asarray(p["b"], np.float32)
        if prelu:
            arrays[f"{i}_a"] = np.asarray(p["a"], np.float32)
    CHECKPOINTS.mkdir(exist_ok=True)
    path = CHECKPOINTS / f"{name}.npz"
    np.savez(path, **arrays)
    return path


def model_bytes(name: str, ckpt) -> bytes:
    layers = sorted({int(k.split("_")[0]) for k in ckpt.files if k[0].isdigit()})
    out = struct.pack("<H", len(name)) + name.encode()
    out += struct.pack("<fffI", float(ckpt["in_scale"]), float(ckpt["in_offset"]), float(ckpt["out_scale"]), len(layers))
    for i in layers:
        kind = str(ckpt[f"{i}_kind"])
        w = ckpt[f"{i}_w"]
        cin = w.shape[2] if kind != "dw3" else w.shape[3]
        cout = w.shape[3]
        prelu = f"{i}_a" in ckpt.files
        out += struct.pack("<BBHH", KINDS[kind], int(prelu), cin, cout)
        out += w.astype("<f4").tobytes() + ckpt[f"{i}_b"].astype("<f4").tobytes()
        if prelu:
            out += ckpt[f"{i}_a"].astype("<f4").tobytes()
    return out


def export_bytes() -> bytes:
    files = sorted(CHECKPOINTS.glob("*.npz"))
    out = b"EAVNN001" + struct.pack("<I", len(files))
    for f in files:
        with np.load(f) as ckpt:
            out += model_bytes(f.stem, ckpt)
    return out


def main() -> None:
    data = export_bytes()
    MODELS_BIN.write_bytes(data)
    print(f"wrote {MODELS_BIN.relative_to(ROOT)}: {len(data)} bytes")


if __name__ == "__main__":
    main()
