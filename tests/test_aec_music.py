"""Echo cancellation music mode (Processor(aec_mode="music")): validation, licensing,
switching while running, and what it must do with a held chord and with echo.
The realistic measurements (piano and strings against far-end speech echo) are
bench/aec_music_bench.py's."""

import wave

import numpy as np
import pytest

import edgeav
from edgeav.audio import Processor

from test_audio import db, evaluation_mode, run  # noqa: F401 (evaluation_mode: autouse fixture)


def chord(rate: int, seconds: float, level_dbfs: float) -> np.ndarray:
    """A held C major chord with harmonics (an organ-like tone, no decay): what a
    noise tracker would learn as noise if it could."""
    t = np.arange(int(seconds * rate)) / rate
    x = sum(a / h * np.sin(2 * np.pi * h * f * t + h) for f, a in ((261.6, 1.0), (329.6, 0.8), (392.0, 0.7))
            for h in (1, 2, 3, 4))
    x *= np.minimum(t / 0.05, 1.0)  # a 50 ms attack
    return x * 10 ** (level_dbfs / 20) / np.sqrt(np.mean(x**2))


def sdr_db(reference: np.ndarray, out: np.ndarray) -> float:
    a = np.dot(out, reference) / np.dot(reference, reference)
    return 10 * np.log10(a * a * np.dot(reference, reference) / np.dot(out - a * reference, out - a * reference))


def far_and_echo(rate: int, seconds: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Far-end noise bursts (no period for the delay estimate to alias to) and their
    echo: 60 ms later, through a short decaying path, 6 dB down."""
    lengths = rng.integers(rate // 10, rate // 2, 100)
    env = np.concatenate([np.full(n, k % 2 * 0.9 + 0.1) for k, n in enumerate(lengths)])[: int(seconds * rate)]
    far = rng.standard_normal(len(env)) * env * 0.1
    path = np.zeros(int(0.06 * rate) + 64)
    path[int(0.06 * rate) :] = 0.5 * np.exp(-np.arange(64) / 12.0) / np.sqrt(np.sum(np.exp(-np.arange(64) / 6.0)))
    return far, np.convolve(far, path)[: len(far)]


@pytest.mark.parametrize("bad", ["karaoke", "Music", "", None, 1, True])
def test_unknown_modes_are_refused(bad):
    with pytest.raises(edgeav.InvalidArgument, match="aec_mode"):
        Processor(16000, aec_mode=bad)
    apm = Processor(16000)
    with pytest.raises(edgeav.InvalidArgument, match="aec_mode"):
        apm.aec_mode = bad
    assert apm.aec_mode == "speech"


def test_default_and_switching_at_run_time(rng):
    apm = Processor(16000)
    assert apm.aec_mode == "speech"
    frame = (rng.standard_normal(160) * 0.05).astype(np.float32)
    apm.process_reverse(frame)
    apm.process(frame)
    apm.aec_mode = "music"
    assert apm.aec_mode == "music" and apm.latency_samples == Processor(16000, aec_mode="music").latency_samples
    apm.process_reverse(frame)
    apm.process(frame)
    apm.aec_mode = "speech"
    assert apm.aec_mode == "speech"


def test_speech_mode_is_the_default_bit_for_bit(rng):
    x = (rng.standard_normal(32000) * 0.05).astype(np.float32)
    far = (rng.standard_normal(32000) * 0.05).astype(np.float32)
    assert np.array_equal(run(Processor(16000), x, far), run(Processor(16000, aec_mode="speech"), x, far))


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_held_chord_comes_through_music_mode(rate):
    """No far end, a chord held for 6 s: the noise suppressor must not learn it as
    noise, and the AGC must not pump it (the whole default chain)."""
    x = chord(rate, 6.0, -26.0) + np.random.default_rng(5).standard_normal(6 * rate) * 10 ** (-65 / 20)
    sdr = {}
    for mode in ("speech", "music"):
        apm = Processor(rate, aec_mode=mode)
        y = run(apm, x.astype(np.float32)).astype(np.float64)
        lat = apm.latency_samples
        tail = slice(3 * rate, 6 * rate - lat)
        sdr[mode] = sdr_db(x[tail], y[tail.start + lat : tail.stop + lat])
    assert sdr["music"] > 20, sdr
    assert sdr["music"] > sdr["speech"], sdr


@pytest.mark.parametrize("rate", [16000, 48000])
def test_music_mode_still_removes_the_echo(rate, rng):
    far, echo = far_and_echo(rate, 8.0, rng)
    mic = echo + rng.standard_normal(len(echo)) * 10 ** (-65 / 20)
    apm = Processor(rate, aec_mode="music")
    out = run(apm, mic.astype(np.float32), far.astype(np.float32)).astype(np.float64)
    tail = slice(4 * rate, len(out))
    assert db(mic[tail]) - db(out[tail]) > 25


def test_music_mode_keeps_the_chord_in_double_talk(rng):
    """Echo of the far end plus a held chord: music mode keeps the chord (it does not
    gate the near end or suppress it as residual echo) and still removes echo."""
    rate = 16000
    far, echo = far_and_echo(rate, 10.0, rng)
    music = np.zeros_like(echo)
    music[5 * rate :] = chord(rate, 5.0, -26.0)
    mic = echo + music + rng.standard_normal(len(echo)) * 10 ** (-65 / 20)
    apm = Processor(rate, aec_mode="music", agc=False)
    out = run(apm, mic.astype(np.float32), far.astype(np.float32)).astype(np.float64)
    lat = apm.latency_samples
    dt = slice(6 * rate, 10 * rate - lat)
    assert sdr_db(music[dt], out[dt.start + lat : dt.stop + lat]) > 10
    alone = slice(2 * rate, 5 * rate)
    assert db(mic[alone]) - db(out[alone]) > 20


def test_cli_aec_mode_music(tmp_path):
    from edgeav.__main__ import main

    from test_audio import write_wav

    rate = 16000
    x = chord(rate, 4.0, -26.0)
    write_wav(tmp_path / "near.wav", x, rate)
    write_wav(tmp_path / "far.wav", np.zeros(rate), rate)
    args = ["audio", str(tmp_path / "near.wav"), "--far", str(tmp_path / "far.wav"), "-o", str(tmp_path / "out.wav")]
    assert main(args + ["--aec-mode", "music"]) == 0
    with wave.open(str(tmp_path / "out.wav")) as w:
        y = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    tail = slice(2 * rate, 4 * rate)  # the CLI compensates the latency
    assert sdr_db(x[tail], y[tail]) > 20
    with pytest.raises(SystemExit):
        main(args + ["--aec-mode", "karaoke"])
