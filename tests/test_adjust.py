"""Adjust follows FFmpeg's eq filter: compared with the ffmpeg binary itself
(imageio-ffmpeg's build) on random frames over a grid of settings."""

import itertools
import subprocess

import numpy as np
import pytest

import edgeav
from edgeav.enhance import Adjust

pytestmark = pytest.mark.subprocess

W, H = 67 * 2, 49 * 2  # odd chroma width and height, so SIMD tails run too


def ffmpeg_eq(frame: np.ndarray, brightness: float, contrast: float, saturation: float) -> np.ndarray:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{W}x{H}",
           "-i", "-", "-vf", f"eq=brightness={brightness}:contrast={contrast}:saturation={saturation}",
           "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"]
    out = subprocess.run(cmd, input=frame.tobytes(), capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(frame.shape)


@pytest.fixture(scope="module")
def frame():
    return np.random.default_rng(7).integers(0, 256, (H * 3 // 2, W), dtype=np.uint8)


GRID = list(itertools.product([-0.6, -0.1, 0.0, 0.2, 0.5], [-1.5, 0.4, 1.0, 1.7, 12.0], [0.0, 0.6, 1.0, 2.5]))


@pytest.mark.parametrize("brightness,contrast,saturation", GRID)
def test_matches_ffmpeg_eq(frame, brightness, contrast, saturation):
    want = ffmpeg_eq(frame, brightness, contrast, saturation)
    got = Adjust(brightness=brightness, contrast=contrast, saturation=saturation).process(frame, format="i420")
    assert np.abs(got.astype(int) - want).max() <= 1  # measured: 0 everywhere


def test_nv12_and_in_place(frame):
    adjust = Adjust(brightness=0.1, contrast=1.3, saturation=1.4)
    i420 = adjust.process(frame, format="i420")
    nv12 = edgeav.convert(frame, "i420", "nv12")
    assert adjust.process(nv12, format="nv12", out=nv12) is nv12
    assert np.array_equal(nv12, edgeav.convert(i420, "i420", "nv12"))


def test_sr_applies_the_same_adjustment(frame):
    plain = edgeav.enhance.SuperResolution(2.0).process(frame, format="i420")
    adjusted = edgeav.enhance.SuperResolution(2.0, brightness=0.1, contrast=1.3, saturation=1.4).process(frame, format="i420")
    assert np.array_equal(adjusted, Adjust(brightness=0.1, contrast=1.3, saturation=1.4).process(plain, format="i420"))


@pytest.mark.parametrize("kwargs,message", [
    ({"brightness": 1.5}, "brightness"), ({"contrast": -2000.0}, "contrast"), ({"saturation": -0.1}, "saturation"),
    ({"saturation": float("nan")}, "saturation"),
])
def test_out_of_range_is_refused(kwargs, message):
    with pytest.raises(edgeav.InvalidArgument, match=message):
        Adjust(**kwargs)


def test_rgb_is_refused():
    with pytest.raises(edgeav.Unsupported, match="YUV"):
        Adjust(brightness=0.1).process(np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(edgeav.Unsupported, match="YUV"):
        edgeav.enhance.SuperResolution(2.0, contrast=1.2).process(np.zeros((4, 4, 3), np.uint8))
