"""Frame interpolation (edgeav.enhance.FrameInterpolator): argument errors, out=
and views, every frame layout, exactness where the answer is known (equal
frames, flat frames, flat chroma), and the midpoint of a panned photo."""

import math

import numpy as np
import pytest

import edgeav
from edgeav.enhance import FrameInterpolator

H, W = 48, 64


def luma(rgb: np.ndarray) -> np.ndarray:
    y = 16 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray, border: int) -> float:
    d = a[border:-border, border:-border].astype(np.float64) - b[border:-border, border:-border]
    return 10 * math.log10(255**2 / max(np.mean(d * d), 1e-12))


def frame(fmt: str, rgb: np.ndarray) -> np.ndarray:
    return luma(rgb) if fmt == "gray" else edgeav.convert(np.ascontiguousarray(rgb), "rgb24", fmt)


@pytest.fixture(autouse=True)
def evaluation_mode():
    edgeav.license.deactivate()
    yield
    edgeav.set_cpu_mask(None)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()


@pytest.fixture
def pair(rng):
    return rng.integers(0, 256, (H, W), np.uint8), rng.integers(0, 256, (H, W), np.uint8)


# --- arguments ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fps", [0.0, -30.0, 1000.5, math.nan, math.inf])
def test_fps_outside_0_1000_is_refused(fps):
    with pytest.raises(edgeav.InvalidArgument, match="fps"):
        FrameInterpolator(fps=fps)


def test_fps_is_keyword_only():
    with pytest.raises(TypeError):
        FrameInterpolator(30.0)
    FrameInterpolator(fps=1000.0)


@pytest.mark.parametrize("t", [0.0, -0.0, -0.5, 1.0, 1.5, math.nan, math.inf, -math.inf])
def test_t_outside_0_1_is_refused(pair, t):
    with pytest.raises(edgeav.InvalidArgument, match="t must"):
        FrameInterpolator().process(*pair, t, format="gray")


def test_wrong_dtype_is_refused(pair):
    prev, next_ = pair
    fi = FrameInterpolator()
    for args in [(prev.astype(np.float32), next_), (prev, next_.astype(np.int16)), (prev, next_.astype(bool))]:
        with pytest.raises(edgeav.InvalidArgument, match="uint8"):
            fi.process(*args, format="gray")
    with pytest.raises(edgeav.InvalidArgument, match="uint8"):
        fi.process(prev, next_, format="gray", out=np.zeros((H, W), np.int8))
    with pytest.raises(edgeav.InvalidArgument, match="numpy uint8 array"):
        fi.process(prev, next_.tolist(), format="gray")


@pytest.mark.parametrize("fmt,bad", [("gray", np.zeros(W, np.uint8)), ("gray", np.zeros((H, W, 1), np.uint8)),
                                     ("i420", np.zeros((H * 3 // 2 + 1, W), np.uint8)),  # not H*3/2 rows
                                     ("nv12", np.zeros((H * 3 // 2, W, 2), np.uint8))])
def test_wrong_ndim_or_shape_is_refused(fmt, bad):
    good = np.zeros((H, W) if fmt == "gray" else (H * 3 // 2, W), np.uint8)
    fi = FrameInterpolator()
    for args in [(bad, good), (good, bad)]:
        with pytest.raises(edgeav.InvalidArgument):
            fi.process(*args, format=fmt)


@pytest.mark.parametrize("fmt,other", [("gray", (H, W + 2)), ("gray", (H - 1, W)), ("i420", (H * 3 // 2, W + 2)),
                                       ("nv12", ((H + 2) * 3 // 2, W))])
def test_prev_and_next_of_other_sizes_are_refused(fmt, other):
    shape = (H, W) if fmt == "gray" else (H * 3 // 2, W)
    fi = FrameInterpolator()
    for prev, next_ in [(np.zeros(shape, np.uint8), np.zeros(other, np.uint8)),
                        (np.zeros(other, np.uint8), np.zeros(shape, np.uint8))]:
        with pytest.raises(edgeav.InvalidArgument, match="size"):
            fi.process(prev, next_, format=fmt)


def test_i420_planes_of_other_sizes_are_refused():
    prev = (np.zeros((H, W), np.uint8), np.zeros((H // 2, W // 2), np.uint8), np.zeros((H // 2, W // 2), np.uint8))
    next_ = (np.zeros((H + 2, W), np.uint8), np.zeros((H // 2 + 1, W // 2), np.uint8),
             np.zeros((H // 2 + 1, W // 2), np.uint8))
    with pytest.raises(edgeav.InvalidArgument, match="size"):
        FrameInterpolator().process(prev, next_)


def test_out_of_another_size_is_refused(pair):
    with pytest.raises(edgeav.InvalidArgument, match="size"):
        FrameInterpolator().process(*pair, format="gray", out=np.zeros((H, W - 2), np.uint8))


@pytest.mark.parametrize("fmt,shape", [("i420", (24 * 3 // 2, 15)), ("nv12", (24 * 3 // 2, 31)),
                                       ("i420", (25, 16)), ("nv12", (15 * 3 // 2 + 1, 16))])
def test_odd_4_2_0_sizes_are_refused(fmt, shape):
    a = np.zeros(shape, np.uint8)
    with pytest.raises(edgeav.InvalidArgument):
        FrameInterpolator().process(a, a.copy(), format=fmt)


def test_odd_i420_planes_are_refused():
    odd = (np.zeros((15, 16), np.uint8), np.zeros((8, 8), np.uint8), np.zeros((8, 8), np.uint8))
    with pytest.raises(edgeav.InvalidArgument, match="even"):
        FrameInterpolator().process(odd, odd)


def test_odd_gray_sizes_work():
    a = np.full((15, 17), 90, np.uint8)
    assert np.array_equal(FrameInterpolator().process(a, a.copy(), 0.5, format="gray"), a)


@pytest.mark.parametrize("shape", [(0, W), (H, 0), (0, 0)])
def test_empty_arrays_are_refused(shape):
    empty = np.zeros(shape, np.uint8)
    full = np.zeros((H, W), np.uint8)
    fi = FrameInterpolator()
    for args in [(empty, full), (full, empty), (empty, empty)]:
        with pytest.raises(edgeav.InvalidArgument, match="empty"):
            fi.process(*args, format="gray")
    with pytest.raises(edgeav.InvalidArgument, match="empty"):
        fi.process(full, full, format="gray", out=empty)


def test_format_is_needed_for_2d_buffers_and_rgb_is_unsupported(pair):
    fi = FrameInterpolator()
    with pytest.raises(edgeav.InvalidArgument, match="cannot tell"):
        fi.process(*pair)
    with pytest.raises(edgeav.InvalidArgument, match="unknown pixel format"):
        fi.process(*pair, format="yuv")
    rgb = np.zeros((H, W, 3), np.uint8)
    with pytest.raises(edgeav.Unsupported):
        fi.process(rgb, rgb.copy())


def test_read_only_out_is_refused(pair):
    out = np.zeros((H, W), np.uint8)
    out.flags.writeable = False
    with pytest.raises(edgeav.InvalidArgument, match="read-only"):
        FrameInterpolator().process(*pair, format="gray", out=out)


def test_read_only_inputs_are_fine(pair):
    prev, next_ = (np.frombuffer(p.tobytes(), np.uint8).reshape(H, W) for p in pair)  # as y4m frames are
    assert not prev.flags.writeable
    FrameInterpolator().process(prev, next_, format="gray")


@pytest.mark.parametrize("fmt", ["gray", "i420", "nv12"])
def test_out_that_is_prev_or_next_is_refused(fmt, astronaut):
    prev, next_ = frame(fmt, astronaut[:H, :W]), frame(fmt, astronaut[8 : 8 + H, 4 : 4 + W])
    keep = prev.copy(), next_.copy()
    fi = FrameInterpolator()
    for out in (prev, next_):
        with pytest.raises(edgeav.InvalidArgument, match="share memory"):
            fi.process(prev, next_, 0.5, format=fmt, out=out)
    with pytest.raises(edgeav.InvalidArgument, match="share memory"):
        fi.process(prev, prev, 0.5, format=fmt, out=prev)
    assert np.array_equal(prev, keep[0]) and np.array_equal(next_, keep[1])  # nothing written


def test_out_overlapping_prev_or_next_is_refused(pair):
    fi = FrameInterpolator()
    buffer = np.zeros((H + 8, W), np.uint8)
    buffer[:H] = pair[0]
    prev, out = buffer[:H], buffer[8:]  # out starts 8 rows into prev
    with pytest.raises(edgeav.InvalidArgument, match="share memory"):
        fi.process(prev, pair[1], format="gray", out=out)
    wide = np.zeros((H, 2 * W), np.uint8)
    wide[:, W // 2 : W // 2 + W] = pair[1]  # next in the middle columns, out on the right half of the same rows
    with pytest.raises(edgeav.InvalidArgument, match="share memory"):
        fi.process(pair[0], wide[:, W // 2 : W // 2 + W], format="gray", out=wide[:, W:])
    y, u, v = np.zeros((H, W), np.uint8), np.zeros((H // 2, W // 2), np.uint8), np.zeros((H // 2, W // 2), np.uint8)
    other = tuple(p.copy() for p in (y, u, v))
    with pytest.raises(edgeav.InvalidArgument, match="share memory"):  # only one plane shared
        fi.process((y, u, v), other, out=(np.zeros_like(y), np.zeros_like(u), v))


# --- out=, views, layouts -----------------------------------------------------------------------------------------

def test_out_is_returned_as_it_is(pair):
    fi = FrameInterpolator()
    out = np.zeros((H, W), np.uint8)
    assert fi.process(*pair, 0.3, format="gray", out=out) is out
    assert np.array_equal(out, fi.process(*pair, 0.3, format="gray"))
    planes = tuple(np.zeros(s, np.uint8) for s in ((H, W), (H // 2, W // 2), (H // 2, W // 2)))
    prev = edgeav.convert(np.dstack([pair[0]] * 3), "rgb24", "i420")
    split = (prev[:H], prev[H : H + H // 4].reshape(H // 2, W // 2), prev[H + H // 4 :].reshape(H // 2, W // 2))
    assert fi.process(split, split, out=planes) is planes  # a tuple of 3 planes: I420 without format=
    assert all(np.array_equal(o, s) for o, s in zip(planes, split))


def test_the_default_t_is_one_half(pair):
    fi = FrameInterpolator()
    assert np.array_equal(fi.process(*pair, format="gray"), fi.process(*pair, 0.5, format="gray"))


@pytest.mark.parametrize("fmt", ["gray", "nv12"])
def test_views_with_a_row_stride_are_taken(fmt, astronaut):
    prev, next_ = frame(fmt, astronaut[:H, :W]), frame(fmt, astronaut[3 : 3 + H, 5 : 5 + W])
    want = FrameInterpolator().process(prev, next_, 0.4, format=fmt)

    def strided(a):  # the same frame as a column slice of a wider array
        wide = np.zeros((a.shape[0], a.shape[1] + 24), np.uint8)
        wide[:, 8 : 8 + a.shape[1]] = a
        return wide[:, 8 : 8 + a.shape[1]]

    out = strided(np.zeros_like(want))
    got = FrameInterpolator().process(strided(prev), strided(next_), 0.4, format=fmt, out=out)
    assert got is out and not out.flags.c_contiguous
    assert np.array_equal(out, want)
    rows = np.zeros((2 * prev.shape[0], prev.shape[1]), np.uint8)  # every other row: stride 2 W
    rows[::2] = prev
    assert np.array_equal(FrameInterpolator().process(rows[::2], next_, 0.4, format=fmt), want)


def test_strided_i420_needs_planes(astronaut):
    prev, next_ = frame("i420", astronaut[:H, :W]), frame("i420", astronaut[3 : 3 + H, 5 : 5 + W])
    want = FrameInterpolator().process(prev, next_, 0.6, format="i420")
    wide = np.zeros((prev.shape[0], W + 16), np.uint8)
    wide[:, :W] = prev
    with pytest.raises(edgeav.InvalidArgument, match="C-contiguous"):
        FrameInterpolator().process(wide[:, :W], next_, 0.6, format="i420")

    def planes(buf):  # each plane a column slice of a wider array
        y, u, v = buf[:H], buf[H : H + H // 4].reshape(H // 2, W // 2), buf[H + H // 4 :].reshape(H // 2, W // 2)
        out = []
        for p in (y, u, v):
            w = np.zeros((p.shape[0], p.shape[1] + 10), np.uint8)
            w[:, 2 : 2 + p.shape[1]] = p
            out.append(w[:, 2 : 2 + p.shape[1]])
        return tuple(out)

    assert np.array_equal(FrameInterpolator().process(planes(prev), planes(next_), 0.6), want)  # new: one buffer
    out = planes(np.zeros_like(want))
    FrameInterpolator().process(planes(prev), planes(next_), 0.6, out=out)
    assert np.array_equal(np.concatenate([out[0], out[1].reshape(-1, W), out[2].reshape(-1, W)]), want)


def test_column_strided_views_are_refused(pair):
    wide = np.zeros((H, 2 * W), np.uint8)
    with pytest.raises(edgeav.InvalidArgument, match="contiguous rows"):
        FrameInterpolator().process(wide[:, ::2], pair[1], format="gray")
    with pytest.raises(edgeav.InvalidArgument, match="contiguous rows"):
        FrameInterpolator().process(*pair, format="gray", out=wide[:, ::2])


# --- what the output must be --------------------------------------------------------------------------------------

def periodic(h: int, w: int) -> np.ndarray:
    """A pattern with periods of 6 (across) and 4 (down), as fences and text have."""
    y, x = np.mgrid[0:h, 0:w]
    return np.where((x % 6 < 3) ^ (y % 4 < 2), 40, 200).astype(np.uint8)


@pytest.mark.parametrize("fmt", ["gray", "i420", "nv12"])
@pytest.mark.parametrize("content", ["photo", "noise", "periodic", "flat"])
def test_equal_frames_give_that_frame_back(fmt, content, astronaut, rng):
    h, w = 96, 128
    if content == "photo":
        rgb = astronaut[100 : 100 + h, 180 : 180 + w]
    elif content == "noise":
        rgb = rng.integers(0, 256, (h, w, 3), np.uint8)
    elif content == "periodic":  # vectors of a period match as well as zero does
        rgb = np.dstack([periodic(h, w)] * 3)
    else:
        rgb = np.full((h, w, 3), (70, 140, 210), np.uint8)
    f = frame(fmt, rgb)
    fi = FrameInterpolator()
    for t in (0.01, 0.25, 0.5, 0.75, 0.99):
        assert np.array_equal(fi.process(f, f.copy(), t, format=fmt), f), t
        assert np.array_equal(fi.process(f, f, t, format=fmt), f), t  # prev may be next


@pytest.mark.parametrize("fmt", ["gray", "i420", "nv12"])
@pytest.mark.parametrize("a,b", [(40, 80), (100, 104), (255, 0)])
def test_flat_frames_blend_by_t(fmt, a, b):
    fi = FrameInterpolator()
    shape = (H, W) if fmt == "gray" else (H * 3 // 2, W)
    prev, next_ = np.full(shape, a, np.uint8), np.full(shape, b, np.uint8)
    for t in (0.125, 0.5, 0.75):
        out = fi.process(prev, next_, t, format=fmt)
        assert out.shape == shape and out.dtype == np.uint8
        assert np.abs(out.astype(int) - (a + t * (b - a))).max() <= 1, t


@pytest.mark.parametrize("fmt", ["i420", "nv12"])
def test_static_chroma_is_unchanged_while_luma_moves(fmt, astronaut):
    """Flat chroma under moving luma: whatever the vectors, chroma comes back as it was."""
    fi = FrameInterpolator()
    prev, next_ = frame(fmt, astronaut[:96, :128]), frame(fmt, astronaut[4:100, 6:134])
    chroma = np.empty((48, 128), np.uint8)
    if fmt == "i420":
        chroma[:24], chroma[24:] = 70, 130  # the U plane, then the V plane
    else:
        chroma[:, 0::2], chroma[:, 1::2] = 70, 130  # U and V interleaved
    prev[96:] = next_[96:] = chroma
    for t in (0.2, 0.5, 0.8):
        out = fi.process(prev, next_, t, format=fmt)
        assert np.array_equal(out[96:], chroma), t


@pytest.mark.parametrize("fmt", ["i420", "nv12"])
def test_static_frame_chroma_is_unchanged(fmt, astronaut):
    f = frame(fmt, astronaut[200:296, 100:228])
    out = FrameInterpolator().process(f, f.copy(), 0.5, format=fmt)
    assert np.array_equal(out[96:], f[96:]) and np.array_equal(out[:96], f[:96])


@pytest.mark.parametrize("fmt", ["gray", "i420", "nv12"])
def test_simd_equals_c(fmt, astronaut):
    prev, next_ = frame(fmt, astronaut[:130, :180]), frame(fmt, astronaut[3:133, 7:187])
    want = FrameInterpolator().process(prev, next_, 0.4, format=fmt)
    edgeav.set_cpu_mask([])
    assert np.array_equal(FrameInterpolator().process(prev, next_, 0.4, format=fmt), want)


def test_a_panned_photo_is_reconstructed_at_the_midpoint(astronaut):
    """prev and next 4 pixels apart: the t=0.5 frame is the photo 2 pixels along.
    A plain blend of prev and next (a placeholder) fails this; motion compensation passes."""
    gray = luma(astronaut)
    h, w, y0, x0 = 256, 320, 100, 60

    def at(dx: int) -> np.ndarray:
        return np.ascontiguousarray(gray[y0 : y0 + h, x0 + dx : x0 + dx + w])

    mid = FrameInterpolator().process(at(0), at(4), 0.5, format="gray")
    assert psnr(mid, at(2), 16) > 30
