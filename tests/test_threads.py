"""Threads: objects working in parallel threads (the GIL is released around
native work) give exactly their single-threaded output, one object shared by
threads gives each caller its own result, and set_cpu_mask from another thread
never changes a result in flight (base/dsp_table.h: a call runs on one set of
DSP tables, chosen when it starts). cpp/tests/threads_test.cpp checks the same
in C++ under ThreadSanitizer and ASan + UBSan (the last test here)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import edgeav
from edgeav.audio import Processor
from edgeav.enhance import Adjust, SuperResolution
from edgeav.video import Encoder, Roi

W, H, FRAMES = 176, 144, 24


@pytest.fixture(autouse=True)
def all_isas():
    edgeav.license.deactivate()
    edgeav.set_cpu_mask(None)
    yield
    edgeav.set_cpu_mask(None)


def in_threads(jobs: list) -> list:
    """Runs every job in its own thread, all released at once; returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def target(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except BaseException as e:  # re-raised in the caller
            errors.append(e)

    threads = [threading.Thread(target=target, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


@pytest.fixture(scope="module")
def clip() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A pan across scikit-image's astronaut: I420 planes as strided views of the whole photo."""
    from skimage import data

    rgb = np.ascontiguousarray(data.astronaut())
    yuv = edgeav.convert(rgb, "rgb24", "i420")
    y, chroma = yuv[:512], yuv[512:].reshape(2, 256, 256)
    frames = []
    for t in range(FRAMES):
        r, c = 2 * t, 6 * t + 40
        frames.append((y[r : r + H, c : c + W], chroma[0, r // 2 : (r + H) // 2, c // 2 : (c + W) // 2],
                       chroma[1, r // 2 : (r + H) // 2, c // 2 : (c + W) // 2]))
    return frames


ENCODERS = [
    dict(kwargs=dict(bitrate_kbps=400)),
    dict(kwargs=dict(speed="fast", rc="vbr", bitrate_kbps=300, max_bitrate_kbps=600), roi=[Roi(40, 30, 64, 48, -6)]),
    dict(kwargs=dict(speed="slow", bitrate_kbps=500, keyint=10), roi="map", reconfigure=12, keyframe=7),
    dict(kwargs=dict(speed="fastest", intra_refresh=True, bitrate_kbps=250), nv12=True),
]


def encode(clip, case: dict) -> list[bytes]:
    enc = Encoder(W, H, **case["kwargs"])
    roi = case.get("roi")
    if roi == "map":
        roi = (np.arange(((H + 15) // 16) * ((W + 15) // 16)) % 9 - 4).astype(np.int8).reshape((H + 15) // 16, -1)
    out = []
    for i, (y, u, v) in enumerate(clip):
        if i == case.get("reconfigure"):
            enc.reconfigure(bitrate_kbps=150, fps=15)
        frame = (y, np.stack([u, v], axis=-1)) if case.get("nv12") else (y, u, v)
        out.append(bytes(enc.encode(frame, roi=roi, force_keyframe=i == case.get("keyframe"))))
    return out


def test_encoders_in_threads_equal_sequential(clip):
    alone = [encode(clip, case) for case in ENCODERS]
    assert all(len(s) == FRAMES and all(s) for s in alone)
    assert in_threads([lambda case=case: encode(clip, case) for case in ENCODERS]) == alone


def test_h264_c_and_simd_streams_are_identical(clip):
    """The premise of the set_cpu_mask test below: the encoder's kernels are bit-exact."""
    simd = [encode(clip, case) for case in ENCODERS]
    edgeav.set_cpu_mask([])
    assert [encode(clip, case) for case in ENCODERS] == simd


def voice(rate: int, seconds: float, f0: float, seed: int) -> np.ndarray:
    """Synthetic speech-like audio: harmonics with vibrato, syllables and pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(rate * seconds)) / rate
    phase = 2 * np.pi * np.cumsum(f0 * (1 + 0.05 * np.sin(2 * np.pi * 0.8 * t))) / rate
    x = sum(np.sin(k * phase) * 0.7**k for k in range(1, 12))
    envelope = np.clip(np.sin(2 * np.pi * 3.1 * t + rng.uniform(0, 6)), 0, None)
    return 0.3 * x * envelope / np.abs(x).max()


AUDIO = [  # (rate, channels, dtype, processor settings)
    (16000, 1, np.float32, dict()),
    (32000, 1, np.int16, dict(ans="high", agc_target_dbfs=-22.0)),
    (48000, 2, np.float32, dict(aec=False, ans="very_high")),
]


def audio_frames(rate: int, channels: int, dtype) -> list[tuple[np.ndarray, np.ndarray]]:
    far = voice(rate, 2.0, 180, 1)
    delay = rate // 25
    near = voice(rate, 2.0, 120, 2) * (np.arange(len(far)) > rate // 2) + 0.5 * np.concatenate(
        [np.zeros(delay), far[:-delay]]) + 0.002 * np.random.default_rng(3).standard_normal(len(far))
    if channels > 1:
        far, near = np.repeat(far[:, None], channels, 1), np.stack([near, 0.9 * near], 1)
    if dtype == np.int16:
        far, near = np.round(far * 32767), np.round(near * 32767)
    far, near = far.astype(dtype), near.astype(dtype)
    n = rate // 100
    return [(far[i : i + n], near[i : i + n]) for i in range(0, len(far) - n + 1, n)]


def process(case, frames) -> np.ndarray:
    rate, channels, _, settings = case
    apm = Processor(rate, channels, **settings)
    out = []
    for far, near in frames:
        apm.process_reverse(far)
        out.append(apm.process(near))
    return np.concatenate(out)


def test_audio_processors_in_threads_equal_sequential():
    frames = [audio_frames(rate, ch, dtype) for rate, ch, dtype, _ in AUDIO]
    alone = [process(case, f) for case, f in zip(AUDIO, frames)]
    together = in_threads([lambda c=c, f=f: process(c, f) for c, f in zip(AUDIO, frames)] * 2)
    for i, got in enumerate(together):
        assert np.array_equal(got, alone[i % len(AUDIO)]), AUDIO[i % len(AUDIO)][:3]


@pytest.fixture(scope="module")
def pictures():
    """Crops of real photos of assorted (even) sizes, RGB."""
    from skimage import data

    photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket()]
    rng = np.random.default_rng(5)
    out = []
    for i in range(12):
        p = photos[i % 4]
        h, w = int(rng.integers(20, 60)) * 2, int(rng.integers(20, 80)) * 2
        y, x = int(rng.integers(0, p.shape[0] - h)), int(rng.integers(0, p.shape[1] - w))
        out.append(np.ascontiguousarray(p[y : y + h, x : x + w]))
    return out


def enhance_work(kind: str, pictures) -> list[np.ndarray]:
    """A fixed sequence of one kind of work over the pictures; returns every output."""
    out = []
    for i, rgb in enumerate(pictures):
        if kind == "sr_i420":
            out.append(SuperResolution(1.5).process(edgeav.convert(rgb, "rgb24", "i420"), format="i420"))
        elif kind == "sr_gray":
            out.append(SuperResolution(2.0, sharpness=1.5, contrast=1.2).process(np.ascontiguousarray(rgb[..., 1]),
                                                                                  format="gray"))
        elif kind == "sr_rgb":
            out.append(SuperResolution((rgb.shape[1] * 3, rgb.shape[0] * 3 + 1)).process(rgb))
        elif kind == "adjust":
            nv12 = edgeav.convert(rgb, "rgb24", "nv12", matrix="bt709")
            out.append(Adjust(brightness=0.05 * (i % 3), contrast=1.3, saturation=1.5).process(nv12, format="nv12",
                                                                                                out=nv12))
        elif kind == "convert":
            i420 = edgeav.convert(rgb, "rgb24", "i420", full_range=True)
            out += [i420, edgeav.convert(i420, "i420", "rgba"), edgeav.convert(i420, "i420", "nv12"),
                    edgeav.downscale2(i420[: rgb.shape[0]])]
    return out


KINDS = ["sr_i420", "sr_gray", "sr_rgb", "adjust", "convert"]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def test_enhance_and_convert_in_threads_equal_sequential(pictures):
    alone = {k: enhance_work(k, pictures) for k in KINDS}
    together = in_threads([lambda k=k: enhance_work(k, pictures) for k in KINDS] * 2)
    for k, got in zip(KINDS * 2, together):
        assert same(got, alone[k]), k


def test_one_object_shared_by_threads(pictures):
    """One SuperResolution and one Adjust, called from 4 threads with frames of different sizes."""
    sr, adjust = SuperResolution(2.0), Adjust(contrast=1.4, saturation=0.5)
    frames = [edgeav.convert(p, "rgb24", "i420") for p in pictures]
    alone = [(sr.process(f, format="i420"), adjust.process(f, format="i420")) for f in frames]

    def work(offset: int):
        order = [(offset + 5 * j) % len(frames) for j in range(len(frames))]
        return {i: (sr.process(frames[i], format="i420"), adjust.process(frames[i], format="i420")) for i in order}

    for got in in_threads([lambda k=k: work(k) for k in range(4)]):
        for i, (up, adj) in got.items():
            assert np.array_equal(up, alone[i][0]) and np.array_equal(adj, alone[i][1]), i


def test_one_encoder_shared_by_threads(clip):
    """Two threads encode into one encoder with their own ROI lists while a third
    changes its rate and reads the reconstruction: every call is serialised
    (the binding's lock covers encode, reconfigure and recon, and the ROI map
    it draws), so the packets, in index order, make one valid stream."""
    from h264_reference import decode

    enc = Encoder(W, H, bitrate_kbps=400)
    packets = []
    done = threading.Event()

    def encoder(offset: int, roi: list):
        for i in range(offset, FRAMES, 2):
            pkt = enc.encode(clip[i], roi=roi)
            packets.append((pkt.index, bytes(pkt)))

    def controller():
        n = 0
        while not done.is_set() or n < 20:
            enc.reconfigure(bitrate_kbps=200 + 50 * (n % 8), fps=[15, 30][n % 2])
            if packets:
                enc.recon()
            n += 1

    def encoders():
        try:
            in_threads([lambda: encoder(0, [Roi(0, 0, 80, 64, -8)]), lambda: encoder(1, [Roi(90, 70, 80, 70, 4)])])
        finally:
            done.set()

    in_threads([encoders, controller])
    assert sorted(i for i, _ in packets) == list(range(FRAMES))
    frames, problems = decode(b"".join(p for _, p in sorted(packets)))
    assert len(frames) == FRAMES and not problems, problems


def test_set_cpu_mask_from_another_thread_never_changes_a_result(clip, pictures):
    """Work runs while another thread switches set_cpu_mask([]) / None as fast as
    it can. Integer pipelines (H.264, super-resolution, adjust, convert) are
    bit-exact between C and SIMD, so every output must equal its reference; the
    3A processor's float kernels differ between ISAs within a tolerance, so its
    output may move by that much (that each call runs on one ISA exactly is
    checked in C++, cpp/tests/threads_test.cpp)."""
    streams = [encode(clip, case) for case in ENCODERS[:2]]
    enhanced = {k: enhance_work(k, pictures) for k in ("sr_i420", "adjust", "convert")}
    audio_case, frames = AUDIO[0], audio_frames(*AUDIO[0][:3])
    audio_ref = process(audio_case, frames)
    done = threading.Event()
    toggles = [0]

    def toggler():
        while not done.is_set() or toggles[0] < 50:
            edgeav.set_cpu_mask([] if toggles[0] % 2 else None)
            toggles[0] += 1
        edgeav.set_cpu_mask(None)
        return toggles[0]

    def rounds(fn, ref, check=lambda a, b: a == b):
        return all(check(fn(), ref) for _ in range(3))

    def workers():
        try:
            return in_threads(
                [lambda i=i: rounds(lambda: encode(clip, ENCODERS[i]), streams[i]) for i in range(2)]
                + [lambda k=k: rounds(lambda: enhance_work(k, pictures), enhanced[k], same) for k in enhanced]
                + [lambda: rounds(lambda: process(audio_case, frames), audio_ref,
                                  lambda a, b: np.abs(a - b).max() < 1e-3)])
        finally:
            done.set()

    results, flips = in_threads([workers, toggler])
    assert flips >= 50
    assert results == [True] * len(results), results
    assert edgeav.cpu_flags() == edgeav.cpu_features()


@pytest.mark.native_build
@pytest.mark.parametrize("sanitizer", ["thread", "address"])
def test_threads_test_under_sanitizers(sanitizer):
    """cpp/tests/threads_test.cpp with ThreadSanitizer (data races) and with ASan + UBSan."""
    from native_build import cmake_build, run

    if sanitizer == "thread":
        flags = "-fsanitize=thread -fno-omit-frame-pointer"
        build = cmake_build("threads-tsan", "-DCMAKE_BUILD_TYPE=RelWithDebInfo", f"-DCMAKE_CXX_FLAGS={flags}",
                            "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread", targets=("threads_test",))
        env = {"TSAN_OPTIONS": "halt_on_error=1 exitcode=66"}
    else:
        # The same build as test_native's sanitized checkasm: only threads_test is new to it.
        build = cmake_build("asan", "-DEDGEAV_SANITIZE=ON", "-DCMAKE_BUILD_TYPE=RelWithDebInfo", targets=("threads_test",))
        env = {}
    output = run([str(build / "threads_test"), "2"], env=env)
    assert "threads_test: ok" in output and "Sanitizer" not in output, output[-4000:]
