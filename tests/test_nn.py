"""The neural core and the professional super-resolution: the compiled-in
weights are the exporter's, the library computes the network the numpy model
computes (SIMD or C), every size and layout works, and the refinement pays on
a real photo."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import edgeav
from edgeav.enhance import SuperResolution
from nn_reference import MODELS_BIN, load_models, refine

ROOT = Path(__file__).resolve().parents[1]


def test_the_embedded_models_are_what_the_exporter_writes():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import nn_export
    finally:
        sys.path.pop(0)
    assert nn_export.export_bytes() == MODELS_BIN.read_bytes()


def photo(shape=(120, 160)) -> np.ndarray:
    from skimage import data

    return data.camera()[100: 100 + shape[0], 150: 150 + shape[1]].copy()


def reference(lr: np.ndarray, scale: float) -> np.ndarray:
    """The professional output by the numpy model: the standard output, refined."""
    base = SuperResolution(scale).process(lr, format="gray")
    return refine(load_models()[{1.5: "sr_pro_x1.5", 2.0: "sr_pro_x2"}[scale]], base)


@pytest.mark.parametrize("scale", [1.25, 1.75, 2.1, 3.0, 4.0])
def test_professional_mode_is_the_standard_mode_at_untrained_scales(scale):
    lr = photo((60, 80))
    assert np.array_equal(SuperResolution(scale, mode="professional").process(lr, format="gray"),
                          SuperResolution(scale).process(lr, format="gray"))


@pytest.mark.parametrize("scale", [1.5, 2.0])
@pytest.mark.parametrize("isa", ["all", "c"])
def test_professional_mode_computes_the_exported_network(scale, isa):
    lr = photo()
    want, correction = reference(lr, scale)
    edgeav.set_cpu_mask([] if isa == "c" else None)
    try:
        got = SuperResolution(scale, mode="professional").process(lr, format="gray")
    finally:
        edgeav.set_cpu_mask(None)
    diff = np.abs(got.astype(int) - want)
    # float32 sums in another order may round a correction near .5 the other way
    assert diff.max() <= 1
    assert np.all(np.abs(np.abs(correction - np.floor(correction)) - 0.5)[diff > 0] < 1e-3)
    assert np.abs(correction).max() > 2  # the network does something


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (7, 5), (33, 17), (300, 9), (9, 400)])
def test_professional_mode_at_odd_and_tiny_sizes(size):
    h, w = size
    lr = (np.arange(h * w).reshape(h, w) * 37 % 251).astype(np.uint8)
    want, _ = reference(lr, 2.0)
    got = SuperResolution(2.0, mode="professional").process(lr, format="gray")
    assert got.shape == want.shape and np.abs(got.astype(int) - want).max() <= 1


def test_professional_mode_keeps_flat_input_flat_enough():
    out = SuperResolution(2.0, mode="professional").process(np.full((40, 50), 128, np.uint8), format="gray")
    assert np.abs(out.astype(int) - 128).max() <= 2


def test_professional_mode_frame_layouts_and_out():
    lr = photo((64, 96))
    sr = SuperResolution(2.0, mode="professional")
    y = sr.process(lr, format="gray")
    u = np.full((32, 48), 90, np.uint8)
    v = np.full((32, 48), 160, np.uint8)
    out = (np.zeros((128, 192), np.uint8), np.zeros((64, 96), np.uint8), np.zeros((64, 96), np.uint8))
    assert sr.process((lr, u, v), out=out) is out
    assert np.array_equal(out[0], y)
    assert np.array_equal(out[1], SuperResolution(2.0).process(u, format="gray"))  # chroma: the standard filters
    rgb = np.dstack([lr, lr, lr])
    got = sr.process(rgb)
    assert got.shape == (128, 192, 3) and all(np.array_equal(got[..., c], y) for c in range(3))


def psnr(a: np.ndarray, b: np.ndarray, border: int) -> float:
    d = a[border:-border, border:-border].astype(np.float64) - b[border:-border, border:-border]
    return 10 * math.log10(255**2 / np.mean(d * d))


def test_professional_beats_standard_on_a_real_photo():
    from PIL import Image
    from skimage import data

    rgb = data.astronaut()[:256, :384]
    hr = np.clip(np.rint(16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255), 0, 255)
    lr_rgb = np.asarray(Image.fromarray(rgb).resize((192, 128), Image.BICUBIC)).astype(np.float64)
    lr = np.clip(np.rint(16 + (65.481 * lr_rgb[..., 0] + 128.553 * lr_rgb[..., 1] + 24.966 * lr_rgb[..., 2]) / 255),
                 0, 255).astype(np.uint8)
    standard = SuperResolution(2.0).process(lr, format="gray")
    pro = SuperResolution(2.0, mode="professional").process(lr, format="gray")
    assert psnr(pro, hr, 2) > psnr(standard, hr, 2) + 0.15


def decoded_like(shape=(96, 128), seed=3) -> np.ndarray:
    """A real photo through edgeav's encoder at a low rate: blocky, ringing."""
    from skimage import data

    h, w = shape
    rgb = np.ascontiguousarray(data.coffee()[:h, :w])
    frame = edgeav.convert(rgb, "rgb24", "i420")
    enc = edgeav.video.Encoder(w, h, rc="cqp", qp=40)
    enc.encode(frame)
    return enc.recon()


@pytest.mark.parametrize("isa", ["all", "c"])
def test_quality_enhancer_computes_the_exported_network(isa):
    frame = decoded_like()
    want, _ = refine(load_models()["enhance"], frame[:96])
    edgeav.set_cpu_mask([] if isa == "c" else None)
    try:
        got = edgeav.enhance.QualityEnhancer().process(frame, format="i420")
    finally:
        edgeav.set_cpu_mask(None)
    assert np.abs(got[:96].astype(int) - want).max() <= 1 and np.mean(got[:96] != want) < 0.01
    assert np.array_equal(got[96:], frame[96:])  # chroma passes through
    assert not np.array_equal(got[:96], frame[:96])


def test_quality_enhancer_layouts_in_place_and_strength():
    frame = decoded_like()
    y = frame[:96].copy()
    full = edgeav.enhance.QualityEnhancer().process(y, format="gray")
    nv12 = np.concatenate([y, np.full((48, 128), 100, np.uint8)])
    assert np.array_equal(edgeav.enhance.QualityEnhancer().process(nv12, format="nv12")[:96], full)
    in_place = frame.copy()
    assert edgeav.enhance.QualityEnhancer().process(in_place, format="i420", out=in_place) is in_place
    assert np.array_equal(in_place[:96], full)
    assert np.array_equal(edgeav.enhance.QualityEnhancer(strength=0).process(y, format="gray"), y)
    half = edgeav.enhance.QualityEnhancer(strength=0.5).process(y, format="gray").astype(int)
    assert np.abs(half - y).sum() < np.abs(full.astype(int) - y).sum()


@pytest.mark.parametrize("call,error,message", [
    (lambda: edgeav.enhance.QualityEnhancer(strength=3), edgeav.InvalidArgument, "strength"),
    (lambda: edgeav.enhance.QualityEnhancer(strength=float("nan")), edgeav.InvalidArgument, "strength"),
    (lambda: edgeav.enhance.QualityEnhancer(fps=0), edgeav.InvalidArgument, "fps"),
    (lambda: edgeav.enhance.QualityEnhancer().process(np.zeros((8, 8, 3), np.uint8)), edgeav.Unsupported, "I420"),
    (lambda: edgeav.enhance.QualityEnhancer().process(np.zeros((12, 8), np.uint8), format="gray",
                                                      out=np.zeros((12, 10), np.uint8)), edgeav.InvalidArgument,
     "same format and size"),
    (lambda: edgeav.enhance.QualityEnhancer().process(np.zeros((12, 8), np.float32), format="gray"),
     edgeav.InvalidArgument, "dtype uint8"),
    (lambda: edgeav.enhance.QualityEnhancer().process(np.zeros((15, 9), np.uint8), format="i420"),
     edgeav.InvalidArgument, "even width and height"),
])
def test_quality_enhancer_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_quality_enhancer_refuses_a_read_only_out():
    y = np.zeros((16, 16), np.uint8)
    out = np.zeros((16, 16), np.uint8)
    out.flags.writeable = False
    with pytest.raises(edgeav.InvalidArgument):
        edgeav.enhance.QualityEnhancer().process(y, format="gray", out=out)
