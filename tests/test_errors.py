"""Bad input raises a clear edgeav.InvalidArgument (a ValueError); never a crash."""

import numpy as np
import pytest

import edgeav


def test_hierarchy():
    assert issubclass(edgeav.InvalidArgument, edgeav.Error) and issubclass(edgeav.InvalidArgument, ValueError)
    assert issubclass(edgeav.Unsupported, edgeav.Error)
    assert issubclass(edgeav.Error, Exception)


rgb = np.zeros((4, 6, 3), np.uint8)
i420 = np.zeros((6, 6), np.uint8)


@pytest.mark.parametrize("call,message", [
    (lambda: edgeav.convert(rgb.astype(np.float32), "rgb24", "i420"), "dtype uint8"),
    (lambda: edgeav.convert(rgb.astype(np.uint16), "rgb24", "i420"), "dtype uint8"),
    (lambda: edgeav.convert(rgb.tolist(), "rgb24", "i420"), "numpy uint8 array"),
    (lambda: edgeav.convert(rgb[..., :2], "rgb24", "i420"), "shape (H, W, 3)"),
    (lambda: edgeav.convert(rgb, "rgba", "i420"), "shape (H, W, 4)"),
    (lambda: edgeav.convert(rgb[:, ::2], "rgb24", "i420"), "contiguous pixels"),
    (lambda: edgeav.convert(rgb[::-1], "rgb24", "i420"), "non-positive stride"),
    (lambda: edgeav.convert(np.zeros((0, 6, 3), np.uint8), "rgb24", "i420"), "empty"),
    (lambda: edgeav.convert(np.zeros((5, 6, 3), np.uint8), "rgb24", "i420"), "even width and height"),
    (lambda: edgeav.convert(np.zeros((4, 7, 3), np.uint8), "rgb24", "nv12"), "even width and height"),
    (lambda: edgeav.convert(np.zeros((7, 6), np.uint8), "i420", "rgb24"), "H*3/2 rows"),
    (lambda: edgeav.convert(np.zeros((6, 7), np.uint8), "nv12", "rgb24"), "even width and height"),
    (lambda: edgeav.convert(np.zeros((6, 12), np.uint8)[:, :6], "i420", "rgb24"), "C-contiguous"),
    (lambda: edgeav.convert(np.zeros((6, 6, 1), np.uint8), "i420", "rgb24"), "must be 2-D"),
    (lambda: edgeav.convert((i420[:4], i420[4:, :3]), "i420", "rgb24"), "tuple of 3"),
    (lambda: edgeav.convert((i420[:4], i420[:2, :3], i420[:2, :2]), "i420", "rgb24"), "V plane must have shape (2, 3)"),
    (lambda: edgeav.convert((i420[:4], i420[:3]), "nv12", "rgb24"), "UV plane must have shape (2, 6)"),
    (lambda: edgeav.convert(rgb, "rgb24", "yuv444"), "unknown pixel format"),
    (lambda: edgeav.convert(rgb, "rgb24", "i420", matrix="bt2020"), "unknown matrix"),
    (lambda: edgeav.convert(rgb, "rgb24", "i420", out=np.zeros((6, 8), np.uint8)), "src is 6x4 but dst is 8x4"),
    (lambda: edgeav.convert(rgb, "rgb24", "i420", out=np.zeros((6, 6), np.float32)), "dtype uint8"),
    (lambda: edgeav.convert(i420, "i420", "rgb24", out=np.zeros((4, 6, 3), np.uint8)[:, ::-1]), "non-positive stride"),
    (lambda: edgeav.downscale2(np.zeros((4, 4, 3), np.uint8)), "must be 2-D"),
    (lambda: edgeav.downscale2(np.zeros((4, 4), np.uint8), out=np.zeros((3, 2), np.uint8)), "out must have shape (2, 2)"),
    (lambda: edgeav.set_cpu_mask(["avx9"]), "unknown CPU feature"),
    (lambda: edgeav.set_cpu_mask("avx2"), "list of names"),
])
def test_bad_input_raises_invalid_argument(call, message):
    with pytest.raises(edgeav.InvalidArgument, match=None) as info:
        call()
    assert message in str(info.value), str(info.value)


def test_read_only_out_is_refused():
    out = np.zeros((6, 6), np.uint8)
    out.flags.writeable = False
    with pytest.raises(edgeav.InvalidArgument, match="read-only"):
        edgeav.convert(rgb, "rgb24", "i420", out=out)


def test_unsupported_pair():
    with pytest.raises(edgeav.Unsupported, match="no conversion from rgb24 to bgr24"):
        edgeav.convert(rgb, "rgb24", "bgr24")


def test_too_large_is_refused_before_touching_memory():
    big = np.lib.stride_tricks.as_strided(np.zeros(1, np.uint8), shape=(2, 20000, 3), strides=(0, 0, 0))
    with pytest.raises(edgeav.InvalidArgument):
        edgeav.convert(big, "rgb24", "i420")


def test_failed_call_leaves_the_module_usable():
    with pytest.raises(edgeav.InvalidArgument):
        edgeav.convert(rgb[:3], "rgb24", "i420")
    assert edgeav.convert(rgb, "rgb24", "i420").shape == (6, 6)
