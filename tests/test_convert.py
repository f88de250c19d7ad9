"""Colour conversion: accuracy against the standards' formulas, every format
pair, the SIMD paths against the C path, and the frame layouts numpy users pass."""

import numpy as np
import pytest

import edgeav
from yuv_reference import rgb_to_yuv420, yuv420_to_rgb

PACKED = ["rgb24", "bgr24", "rgba", "bgra"]
MATRICES = [("bt601", False), ("bt601", True), ("bt709", False), ("bt709", True)]


def as_layout(rgb: np.ndarray, fmt: str) -> np.ndarray:
    """An RGB image in `fmt`'s channel order (alpha random: it must be ignored)."""
    out = rgb[..., ::-1] if fmt.startswith("bgr") else rgb
    if fmt in ("rgba", "bgra"):
        alpha = np.random.default_rng(0).integers(0, 256, rgb.shape[:2] + (1,), dtype=np.uint8)
        out = np.concatenate([out, alpha], axis=-1)
    return np.ascontiguousarray(out)


def split_i420(buf: np.ndarray):
    h = buf.shape[0] * 2 // 3
    w = buf.shape[1]
    flat = buf.reshape(-1)
    y = buf[:h]
    u = flat[h * w : h * w + h * w // 4].reshape(h // 2, w // 2)
    v = flat[h * w + h * w // 4 :].reshape(h // 2, w // 2)
    return y, u, v


@pytest.mark.parametrize("matrix,full_range", MATRICES)
@pytest.mark.parametrize("fmt", PACKED)
def test_rgb_to_i420_matches_the_standard(photo, fmt, matrix, full_range):
    yuv = edgeav.convert(as_layout(photo, fmt), fmt, "i420", matrix=matrix, full_range=full_range)
    assert yuv.shape == (photo.shape[0] * 3 // 2, photo.shape[1]) and yuv.dtype == np.uint8
    ref = rgb_to_yuv420(photo, matrix, full_range)
    for got, want in zip(split_i420(yuv), ref):
        err = np.abs(got.astype(np.float64) - np.clip(want, 0, 255))
        assert err.max() <= 1.0, err.max()  # fixed point rounds, never drifts
        assert err.mean() < 0.3


@pytest.mark.parametrize("matrix,full_range", MATRICES)
@pytest.mark.parametrize("fmt", PACKED)
def test_i420_to_rgb_matches_the_standard(photo, fmt, matrix, full_range):
    yuv = edgeav.convert(photo, "rgb24", "i420", matrix=matrix, full_range=full_range)
    y, u, v = split_i420(yuv)
    out = edgeav.convert(yuv, "i420", fmt, matrix=matrix, full_range=full_range)
    if fmt in ("rgba", "bgra"):
        assert (out[..., 3] == 255).all()
    rgb = out[..., :3][..., ::-1] if fmt.startswith("bgr") else out[..., :3]
    want = np.clip(yuv420_to_rgb(y, u, v, matrix, full_range), 0, 255)
    err = np.abs(rgb.astype(np.float64) - want)
    assert err.max() <= 2.0, err.max()  # Q6 chroma weights: at most ~1 code value from them
    assert err.mean() < 0.5


def test_round_trip_is_close_on_a_real_photo(photo):
    back = edgeav.convert(edgeav.convert(photo, "rgb24", "i420", full_range=True), "i420", "rgb24", full_range=True)
    # Chroma subsampling loses detail; on a real photo the mean error stays small.
    assert np.abs(back.astype(int) - photo).mean() < 3.0


def test_nv12_equals_i420_with_interleaved_chroma(photo):
    i420 = edgeav.convert(photo, "rgb24", "i420")
    nv12 = edgeav.convert(photo, "rgb24", "nv12")
    y, u, v = split_i420(i420)
    h = photo.shape[0]
    assert np.array_equal(nv12[:h], y)
    assert np.array_equal(nv12[h:, 0::2], u) and np.array_equal(nv12[h:, 1::2], v)
    assert np.array_equal(edgeav.convert(i420, "i420", "nv12"), nv12)
    assert np.array_equal(edgeav.convert(nv12, "nv12", "i420"), i420)
    for fmt in PACKED:
        assert np.array_equal(edgeav.convert(nv12, "nv12", fmt), edgeav.convert(i420, "i420", fmt))


def test_same_format_is_a_copy(photo):
    for fmt, frame in [("rgb24", photo), ("i420", edgeav.convert(photo, "rgb24", "i420"))]:
        out = edgeav.convert(frame, fmt, fmt)
        assert out is not frame and np.array_equal(out, frame)


def test_extremes_do_not_wrap():
    # Saturated colours are where 16-bit fixed point overflows if done carelessly.
    colours = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0],
                        [0, 255, 255], [255, 0, 255]], np.uint8)
    rgb = np.repeat(np.repeat(colours[None], 2, 0), 2, 1).reshape(2, 16, 3)
    rgb = np.tile(rgb, (4, 4, 1))  # 8x64: exercises SIMD bodies and tails
    for matrix, full in MATRICES:
        yuv = edgeav.convert(rgb, "rgb24", "i420", matrix=matrix, full_range=full)
        ref = rgb_to_yuv420(rgb, matrix, full)
        for got, want in zip(split_i420(yuv), ref):
            assert np.abs(got - np.clip(want, 0, 255)).max() <= 1
        back = edgeav.convert(yuv, "i420", "rgb24", matrix=matrix, full_range=full)
        assert np.abs(back.astype(int) - rgb).max() <= 3


@pytest.mark.parametrize("src_fmt,dst_fmt", [(s, d) for s in PACKED for d in ("i420", "nv12")]
                         + [(s, d) for s in ("i420", "nv12") for d in PACKED + ["i420", "nv12"]])
def test_every_simd_path_equals_c(photo, src_fmt, dst_fmt):
    # Odd multiples of the vector widths, so bodies and tails both run.
    frame = photo[:98, :498]
    src = as_layout(frame, src_fmt) if src_fmt in PACKED else edgeav.convert(frame, "rgb24", src_fmt)
    results = {}
    try:
        for name, mask in [("c", []), ("all", None)] + [(f, [f]) for f in edgeav.cpu_features()]:
            edgeav.set_cpu_mask(mask)
            results[name] = edgeav.convert(src, src_fmt, dst_fmt, matrix="bt709")
    finally:
        edgeav.set_cpu_mask(None)
    for name, out in results.items():
        assert np.array_equal(out, results["c"]), name


def test_cpu_mask_restricts_the_dsp_tables():
    try:
        edgeav.set_cpu_mask([])
        assert edgeav.cpu_flags() == []
        assert {isa for t in edgeav.build_info()["dsp"].values() for isa in t.values()} == {"c"}
    finally:
        edgeav.set_cpu_mask(None)
    assert edgeav.cpu_flags() == edgeav.cpu_features()


@pytest.mark.subprocess
def test_cpu_mask_environment_variable():
    import subprocess
    import sys

    code = "import edgeav; print(edgeav.cpu_flags(), edgeav.build_info()['dsp']['plane']['copy'])"
    env = {**__import__("os").environ, "EDGEAV_CPU_MASK": "none"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "c"]


def test_downscale2(rng):
    for h, w in [(6, 8), (7, 9), (1, 1), (33, 65), (1080, 1920)]:
        plane = rng.integers(0, 256, (h, w), dtype=np.uint8)
        padded = np.pad(plane, ((0, h % 2), (0, w % 2)), mode="edge").astype(np.int32)
        want = (padded[0::2, 0::2] + padded[0::2, 1::2] + padded[1::2, 0::2] + padded[1::2, 1::2] + 2) >> 2
        got = edgeav.downscale2(plane)
        assert got.shape == ((h + 1) // 2, (w + 1) // 2)
        assert np.array_equal(got, want)
