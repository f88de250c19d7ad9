"""Frames are taken without a copy and written in place (bar 4 of issue 2)."""

import tracemalloc

import numpy as np
import pytest

import edgeav

FORMATS = ["rgb24", "rgba", "i420", "nv12"]


def strided_view(frame: np.ndarray, pad: int = 40) -> np.ndarray:
    """The same frame as a view into a larger array (rows longer than the frame)."""
    big = np.zeros((frame.shape[0] + 6, frame.shape[1] + pad) + frame.shape[2:], np.uint8)
    view = big[3 : 3 + frame.shape[0], 8 : 8 + frame.shape[1]]
    view[...] = frame
    assert not view.flags.c_contiguous and np.shares_memory(view, big)
    return view


def frame_in(photo: np.ndarray, fmt: str) -> np.ndarray:
    if fmt == "rgb24":
        return photo
    if fmt == "rgba":
        return edgeav.convert(edgeav.convert(photo, "rgb24", "i420"), "i420", "rgba")
    return edgeav.convert(photo, "rgb24", fmt)


def allocated_during(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("src_fmt,dst_fmt", [("rgb24", "nv12"), ("rgba", "i420"), ("nv12", "rgb24"),
                                             ("nv12", "i420"), ("rgb24", "rgb24")])
def test_strided_view_input_equals_processing_a_copy(photo, src_fmt, dst_fmt):
    src = frame_in(photo, src_fmt)
    view = strided_view(src)
    assert np.array_equal(edgeav.convert(view, src_fmt, dst_fmt), edgeav.convert(view.copy(), src_fmt, dst_fmt))


def test_i420_planes_as_strided_views(photo):
    i420 = edgeav.convert(photo, "rgb24", "i420")
    h, w = photo.shape[:2]
    flat = i420.reshape(-1)
    planes = (i420[:h], flat[h * w : h * w * 5 // 4].reshape(h // 2, w // 2), flat[h * w * 5 // 4 :].reshape(h // 2, w // 2))
    views = tuple(strided_view(p) for p in planes)
    assert np.array_equal(edgeav.convert(views, "i420", "rgb24"), edgeav.convert(i420, "i420", "rgb24"))
    # And as output: the tuple comes back as it is, written in place.
    out = tuple(strided_view(np.zeros_like(p)) for p in planes)
    assert edgeav.convert(photo, "rgb24", "i420", out=out) is out
    for got, want in zip(out, planes):
        assert np.array_equal(got, want)


def test_nv12_uv_as_pairs(photo):
    nv12 = edgeav.convert(photo, "rgb24", "nv12")
    h, w = photo.shape[:2]
    y, uv = nv12[:h], nv12[h:].reshape(h // 2, w // 2, 2)
    assert np.array_equal(edgeav.convert((y, uv), "nv12", "rgba"), edgeav.convert(nv12, "nv12", "rgba"))


@pytest.mark.parametrize("src_fmt,dst_fmt", [("rgb24", "i420"), ("rgb24", "nv12"), ("i420", "rgba"), ("nv12", "rgb24"),
                                             ("i420", "nv12")])
def test_out_is_written_in_place_without_allocating(photo, src_fmt, dst_fmt):
    src = strided_view(frame_in(photo, src_fmt)) if src_fmt != "i420" else frame_in(photo, src_fmt)
    expected = edgeav.convert(src, src_fmt, dst_fmt)
    # A 2-D I420 buffer must be contiguous (its chroma rows are packed two per row).
    out = np.zeros_like(expected) if dst_fmt == "i420" else strided_view(np.zeros_like(expected))
    before = out.__array_interface__["data"][0]
    result = None

    def call():
        nonlocal result
        result = edgeav.convert(src, src_fmt, dst_fmt, out=out)

    peak = allocated_during(call)
    assert result is out and out.__array_interface__["data"][0] == before
    assert np.array_equal(out, expected)
    # A copy of the input or a new output would be >= 100 KB here.
    assert peak < 4096, peak
    # ... whereas the allocating form does show up, so the measurement can fail.
    assert allocated_during(lambda: edgeav.convert(src, src_fmt, dst_fmt)) >= expected.nbytes


def test_downscale2_out_in_place(photo):
    plane = strided_view(np.ascontiguousarray(photo[..., 1]))
    out = np.empty(((plane.shape[0] + 1) // 2, (plane.shape[1] + 1) // 2), np.uint8)
    assert edgeav.downscale2(plane, out=out) is out
    assert np.array_equal(out, edgeav.downscale2(plane.copy()))


def test_read_only_input_is_accepted(photo):
    src = photo.copy()
    src.flags.writeable = False
    assert edgeav.convert(src, "rgb24", "i420").shape == (576, 510)
