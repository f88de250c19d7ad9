"""Standard super-resolution: geometry, every frame layout, SIMD == C, zero-copy,
errors, and a quality regression guard on a real photo."""

import math

import numpy as np
import pytest

import edgeav
from edgeav.enhance import SuperResolution


def luma(rgb: np.ndarray) -> np.ndarray:
    y = 16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray, border: int) -> float:
    d = a[border:-border, border:-border].astype(np.float64) - b[border:-border, border:-border]
    return 10 * math.log10(255**2 / np.mean(d * d))


@pytest.mark.parametrize("scale,size,expected", [(2.0, (100, 60), (200, 120)), (1.5, (100, 60), (150, 90)),
                                                 (1.25, (64, 48), (80, 60)), (4.0, (30, 20), (120, 80))])
def test_output_size(scale, size, expected):
    assert SuperResolution(scale).output_size(*size) == expected
    assert SuperResolution(scale).process(np.zeros(size[::-1], np.uint8), format="gray").shape == expected[::-1]


def test_fixed_output_size_and_even_4_2_0():
    sr = SuperResolution((1920, 1080))
    assert sr.output_size(960, 540, "i420") == (1920, 1080)
    assert SuperResolution(1.5).output_size(102, 58, "i420") == (154, 88)  # rounded to even for chroma


def test_flat_input_stays_flat():
    # Every filter has unit gain: a constant image must come back unchanged.
    for value in (0, 17, 128, 255):
        out = SuperResolution(1.5).process(np.full((40, 50), value, np.uint8), format="gray")
        assert (out == value).all()


@pytest.fixture(scope="module")
def photo_y():
    from skimage import data

    return luma(data.astronaut()[:256, :320])


def test_beats_bicubic_on_a_real_photo(photo_y):
    import cv2
    from PIL import Image

    hr = photo_y
    lr = np.asarray(Image.fromarray(hr).resize((hr.shape[1] // 2, hr.shape[0] // 2), Image.BICUBIC))
    ours = SuperResolution(2.0).process(lr, format="gray")
    cubic = cv2.resize(lr, (hr.shape[1], hr.shape[0]), interpolation=cv2.INTER_CUBIC)
    assert psnr(ours, hr, 2) > psnr(cubic, hr, 2) + 0.3


FORMATS = ["gray", "i420", "nv12", "rgb24", "rgba"]


def frame_of(rgb: np.ndarray, fmt: str):
    if fmt == "gray":
        return luma(rgb)
    if fmt in ("rgb24", "rgba"):
        return rgb if fmt == "rgb24" else edgeav.convert(edgeav.convert(rgb, "rgb24", "i420"), "i420", "rgba")
    return edgeav.convert(rgb, "rgb24", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scale", [1.5, 2.0, (334, 250)])
def test_simd_equals_c(fmt, scale):
    from skimage import data

    rgb = np.ascontiguousarray(data.chelsea()[:126, :190])
    frame = frame_of(rgb, fmt)
    try:
        edgeav.set_cpu_mask([])
        want = SuperResolution(scale).process(frame, format=fmt)
        edgeav.set_cpu_mask(None)
        got = SuperResolution(scale).process(frame, format=fmt)
    finally:
        edgeav.set_cpu_mask(None)
    assert np.array_equal(got, want)


def test_i420_nv12_and_rgb_agree_with_their_planes():
    from skimage import data

    rgb = np.ascontiguousarray(data.coffee()[:120, :160])
    sr = SuperResolution(2.0)
    i420 = sr.process(frame_of(rgb, "i420"), format="i420")
    nv12 = sr.process(frame_of(rgb, "nv12"), format="nv12")
    gray = sr.process(frame_of(rgb, "i420")[:120], format="gray")
    assert np.array_equal(i420[:240], gray) and np.array_equal(nv12[:240], gray)
    # NV12 chroma is the I420 chroma interleaved.
    u = i420.reshape(-1)[240 * 320 : 240 * 320 + 120 * 160].reshape(120, 160)
    assert np.array_equal(nv12[240:, 0::2], u)
    out = sr.process(rgb)  # format inferred from the shape
    assert out.shape == (240, 320, 3)
    assert np.array_equal(sr.process(frame_of(rgb, "rgba"))[..., 3], np.full((240, 320), 255, np.uint8))


def test_zero_copy_views_and_out_in_place():
    from skimage import data

    rgb = np.ascontiguousarray(data.astronaut()[:100, :140])
    i420 = frame_of(rgb, "i420")
    y, u, v = i420[:100], i420.reshape(-1)[14000:17500].reshape(50, 70), i420.reshape(-1)[17500:].reshape(50, 70)
    big = np.zeros((120, 200), np.uint8)
    view = big[5:105, 30:170]
    view[...] = y
    sr = SuperResolution(2.0)
    planes = sr.process((view, u, v))
    assert np.array_equal(planes[:200], sr.process(y.copy(), format="gray"))
    out_big = np.zeros((230, 300), np.uint8)
    out = (out_big[:200, :280], np.zeros((100, 140), np.uint8), np.zeros((100, 140), np.uint8))
    assert sr.process((view, u, v), out=out) is out
    assert np.array_equal(out[0], planes[:200])


@pytest.mark.parametrize("call,message", [
    (lambda: SuperResolution(0.5), "outside 1.0..4.0"),
    (lambda: SuperResolution(4.5), "outside 1.0..4.0"),
    (lambda: SuperResolution(float("nan")), "outside 1.0..4.0"),
    (lambda: SuperResolution((100, 0)), "not within 1..16384"),
    (lambda: SuperResolution(2.0, sharpness=3.0), "sharpness"),
    (lambda: SuperResolution(2.0, mode="turbo"), "mode must be 'standard' or 'professional'"),
    (lambda: SuperResolution((100, 100)).process(np.zeros((10, 10), np.uint8), format="gray"), "scale outside"),
    (lambda: SuperResolution(2.0).process(np.zeros((10, 10), np.uint8)), "pass format="),
    (lambda: SuperResolution(2.0).process(np.zeros((10, 10), np.float32), format="gray"), "dtype uint8"),
    (lambda: SuperResolution(2.0).process(np.zeros((16, 10), np.uint8), format="i420"), "H*3/2"),
    (lambda: SuperResolution(2.0).process(np.zeros((15, 9), np.uint8), format="i420"), "even width and height"),
    (lambda: SuperResolution(2.0).process(np.zeros((12, 10), np.uint8)[:, ::2], format="gray"), "contiguous rows"),
    (lambda: SuperResolution(2.0).process(np.zeros((10, 10), np.uint8), format="gray",
                                          out=np.zeros((20, 21), np.uint8)), "dst must be 20x20"),
    (lambda: SuperResolution(2.0).process((np.zeros((10, 10), np.uint8),) * 3), "U plane must have shape (5, 5)"),
])
def test_bad_input(call, message):
    with pytest.raises(edgeav.InvalidArgument) as info:
        call()
    assert message in str(info.value), str(info.value)
