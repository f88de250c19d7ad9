"""Audio 3A (edgeav.audio.Processor): frames, dtypes and errors, each stage on
synthetic signals, int16 == float, SIMD == C, the C-API-free paths of the CLI,
and the license gating of the audio features."""

import math
import wave
from pathlib import Path

import numpy as np
import pytest

import edgeav
from edgeav.audio import Processor

RATES = [16000, 32000, 48000]


def db(x: np.ndarray) -> float:
    return 10 * math.log10(float(np.mean(np.asarray(x, np.float64) ** 2)) + 1e-20)


def speech_like(rate: int, seconds: float, level_dbfs: float, rng, pause_s: float = 0.4) -> np.ndarray:
    """Voiced 'syllables': a harmonic series on a gliding pitch under formant-like
    weights and a syllable envelope, with pauses; active level set to level_dbfs."""
    t = np.arange(int(rate * seconds)) / rate
    f0 = 140 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    x = np.zeros_like(t)
    for h in range(1, 30):
        f = h * 140
        if f > min(4000, rate / 2 - 200):
            break
        weight = math.exp(-((f - 500) / 400) ** 2) + 0.5 * math.exp(-((f - 1500) / 500) ** 2) + 0.1
        x += weight * np.sin(h * phase + rng.uniform(0, 2 * np.pi))
    period = 0.3 + pause_s
    env = np.sqrt(np.clip(np.sin(np.pi * np.minimum(t % period, 0.3) / 0.3), 0, 1)) * ((t % period) < 0.3)
    x *= env
    active = env > 0
    return x * 10 ** (level_dbfs / 20) / math.sqrt(np.mean(x[active] ** 2))


def run(apm: Processor, near: np.ndarray, far: np.ndarray | None = None) -> np.ndarray:
    n = apm.frame_size
    out = np.empty_like(near)
    for i in range(0, len(near) // n * n, n):
        if far is not None:
            apm.process_reverse(far[i : i + n])
        out[i : i + n] = apm.process(near[i : i + n])
    return out[: len(near) // n * n]


def to_i16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 32768), -32768, 32767).astype(np.int16)


@pytest.fixture(autouse=True)
def evaluation_mode():
    edgeav.license.deactivate()
    yield
    edgeav.license.deactivate()
    edgeav.set_cpu_mask(None)


# --- frames, dtypes, errors ------------------------------------------------------
@pytest.mark.parametrize("rate", RATES)
def test_frame_size_latency_and_dtypes(rate):
    apm = Processor(sample_rate=rate, aec=False, ans="moderate", agc=False)
    n = rate // 100
    assert apm.frame_size == n and apm.sample_rate == rate and apm.channels == 1
    assert apm.latency_samples == n  # the suppressor's overlap: one frame
    for dtype in (np.int16, np.float32):
        frame = np.zeros(n, dtype)
        out = apm.process(frame)
        assert out.dtype == dtype and out.shape == (n,)
        target = np.empty((n, 1), dtype)
        assert apm.process(frame.reshape(n, 1), out=target) is target
    assert Processor(sample_rate=rate, aec=False, ans=None, agc=True).latency_samples == 0


def test_bad_configurations_are_refused():
    for kwargs, match in [(dict(sample_rate=44100), "sample_rate"), (dict(sample_rate=8000), "sample_rate"),
                          (dict(channels=0), "channels"), (dict(channels=9), "channels"),
                          (dict(ans="max"), "ans"), (dict(ans=True), "ans"),
                          (dict(agc_target_dbfs=3.0), "agc_target_dbfs"), (dict(agc_max_gain_db=-1.0), "agc_max_gain_db"),
                          (dict(agc_target_dbfs=float("nan")), "agc_target_dbfs")]:
        with pytest.raises(edgeav.InvalidArgument, match=match):
            Processor(**kwargs)


def test_stream_delay_out_of_range_is_refused():
    apm = Processor(sample_rate=16000)
    for bad in (-100, -1, 501, 10**6):
        with pytest.raises(edgeav.InvalidArgument, match="stream delay must be 0..500 ms"):
            apm.set_stream_delay_ms(bad)
    apm.set_stream_delay_ms(0)
    apm.set_stream_delay_ms(500)


# Frames a mono 16 kHz object refuses, with what the message says.
BAD_MONO_FRAMES_16K = [
    (np.zeros(159, np.float32), "160 samples"),
    (np.zeros(320, np.int16), "160 samples"),
    (np.zeros(160, np.float64), "int16 or float32"),
    (np.zeros(160, np.int32), "int16 or float32"),
    (np.zeros((160, 2), np.float32), "shape"),
    (np.zeros(320, np.float32)[::2], "contiguous"),
    ([0.0] * 160, "numpy array"),
]


def with_non_finite(good: np.ndarray):
    """good with a NaN, +inf or -inf at one sample."""
    for value in (np.nan, np.inf, -np.inf):
        frame = good.copy()
        frame[77] = value
        yield frame


def test_bad_frames_are_refused_and_the_processor_recovers(rng):
    apm = Processor(16000)
    good = (rng.standard_normal(160) * 0.05).astype(np.float32)
    for frame, match in BAD_MONO_FRAMES_16K:
        with pytest.raises(edgeav.InvalidArgument, match=match):
            apm.process(frame)
        with pytest.raises(edgeav.InvalidArgument, match=match):
            apm.process_reverse(frame)
    for frame in with_non_finite(good):
        with pytest.raises(edgeav.InvalidArgument, match="NaN or infinity"):
            apm.process(frame)
        with pytest.raises(edgeav.InvalidArgument, match="NaN or infinity"):
            apm.process_reverse(frame)
    with pytest.raises(edgeav.InvalidArgument, match="dtype"):
        apm.process(good, out=np.zeros(160, np.int16))  # int16 vs float mix-up
    with pytest.raises(edgeav.InvalidArgument, match="shape"):
        apm.process(good, out=np.zeros(320, np.float32))
    read_only = np.zeros(160, np.float32)
    read_only.flags.writeable = False
    with pytest.raises(edgeav.InvalidArgument, match="read-only"):
        apm.process(good, out=read_only)
    for _ in range(50):  # still usable, and nothing non-finite got into its state
        apm.process_reverse(good)
        out = apm.process(good)
    assert np.isfinite(out).all() and np.abs(out).max() > 0


def test_far_end_missing_late_or_in_bursts(rng):
    near = speech_like(16000, 3.0, -26, rng).astype(np.float32)
    far = (rng.standard_normal(len(near)) * 0.05).astype(np.float32)
    n = 160
    apm = Processor(16000)
    out = run(apm, near)  # no far end at all
    assert np.isfinite(out).all()
    apm = Processor(16000)
    for i in range(0, len(near) - 20 * n, 20 * n):  # bursts of 20 far frames, then 20 near frames
        for k in range(20):
            apm.process_reverse(far[i + k * n : i + (k + 1) * n])
        for k in range(20):
            assert np.isfinite(apm.process(near[i + k * n : i + (k + 1) * n])).all()
    apm.reset()
    for i in range(0, len(near), n):  # the far end late by 5 frames
        apm.process(near[i : i + n])
        if i >= 5 * n:
            apm.process_reverse(far[i - 5 * n : i - 4 * n])
    stats = apm.stats()
    assert set(stats) == {"delay_ms", "erle_db", "speech_probability", "gain_db"}
    assert all(math.isfinite(v) for v in stats.values()) and 0 <= stats["speech_probability"] <= 1


# --- stages ----------------------------------------------------------------------
@pytest.mark.parametrize("rate", RATES)
def test_all_stages_off_is_the_identity(rate, rng):
    x = (rng.standard_normal(rate) * 0.1).astype(np.float32)
    apm = Processor(rate, aec=False, ans=None, agc=False)
    assert np.array_equal(run(apm, x), x[: len(x) // (rate // 100) * (rate // 100)])
    xi = to_i16(x)
    assert np.array_equal(run(apm, xi), xi)


@pytest.mark.parametrize("rate", RATES)
def test_ans_lowers_stationary_noise_and_keeps_speech(rate, rng):
    clean = speech_like(rate, 6.0, -26, rng)
    noise = rng.standard_normal(len(clean)) * 10 ** (-46 / 20)  # 20 dB SNR, white
    apm = Processor(rate, aec=False, ans="moderate", agc=False)
    out = run(apm, (clean + noise).astype(np.float32)).astype(np.float64)
    lat = apm.latency_samples
    out, clean, noise = out[lat:], clean[: len(out) - lat], noise[: len(out) - lat]
    late = np.arange(len(out)) > 2 * rate  # after the tracker has settled
    n = rate // 100
    frames = len(out) // n
    active = np.abs(clean[: frames * n]).reshape(frames, n).max(1) > 0
    pause = ~(np.convolve(active, np.ones(9), "same") > 0)  # 40 ms away from any speech
    mask_p = np.repeat(pause, n) & late[: frames * n]
    mask_a = np.repeat(active, n) & late[: frames * n]
    reduction = db(noise[: frames * n][mask_p]) - db(out[: frames * n][mask_p])
    assert reduction > 10, reduction  # moderate floor: -18 dB
    kept = db(out[: frames * n][mask_a]) - db(clean[: frames * n][mask_a])
    assert -1.5 < kept < 0.5, kept
    # the speech's waveform survives, not just its power
    corr = np.corrcoef(out[: frames * n][mask_a], clean[: frames * n][mask_a])[0, 1]
    assert corr > 0.97, corr


@pytest.mark.parametrize("level", [-45, -30, -10])
def test_agc_brings_speech_to_the_target_without_clipping(level, rng):
    rate = 16000
    clean = speech_like(rate, 8.0, level, rng)
    mic = clean + rng.standard_normal(len(clean)) * 10 ** (-70 / 20)
    apm = Processor(rate, aec=False, ans=None, agc=True, agc_target_dbfs=-18.0)
    out = run(apm, to_i16(mic))
    active = np.abs(clean[: len(out)]) > 10 ** ((level - 20) / 20)
    active[: 3 * rate] = False
    out_level = db(out[active] / 32768.0)
    assert abs(out_level + 18) < 2.0, out_level
    assert np.count_nonzero(np.abs(out.astype(np.int32)) >= 32767) == 0
    gain = apm.stats()["gain_db"]
    assert abs(gain - (-18 - level)) < 4, gain


@pytest.mark.parametrize("jump_db", [20, -20])
def test_agc_follows_a_level_jump_within_two_seconds_and_holds_steady(jump_db, rng):
    rate, n = 16000, 160
    before_db = -35 if jump_db > 0 else -15
    clean = np.concatenate([speech_like(rate, 8.0, before_db, rng), speech_like(rate, 8.0, before_db + jump_db, rng)])
    mic = to_i16(clean + rng.standard_normal(len(clean)) * 10 ** (-65 / 20))
    apm = Processor(rate, aec=False, ans=None, agc=True, agc_target_dbfs=-18.0)
    gains = []
    for i in range(0, len(mic) // n * n, n):
        apm.process(mic[i : i + n])
        gains.append(apm.stats()["gain_db"])
    gains = np.array(gains)  # one per 10 ms frame; the jump is at frame 800
    before = gains[300:800]
    # A steady talker keeps a steady gain: no false jump, no pumping.
    assert np.ptp(before) < 1.5 and np.ptp(gains[1200:]) < 1.5, (np.ptp(before), np.ptp(gains[1200:]))
    assert abs(np.median(before) - (-18 - before_db)) < 2.5
    # Re-settled within 2 dB of the new gain from 1.5 s after the jump on.
    final = np.median(gains[-300:])
    assert abs(final - (-18 - before_db - jump_db)) < 2.5, final
    assert np.abs(gains[950:] - final).max() < 2.0, np.abs(gains[950:] - final).max()


def test_agc_limits_near_full_scale_input_and_respects_max_gain(rng):
    rate = 16000
    loud = speech_like(rate, 4.0, -4, rng)  # peaks far beyond full scale once gained
    apm = Processor(rate, aec=False, ans=None, agc=True, agc_target_dbfs=0.0)
    out = run(apm, np.clip(loud, -1, 1).astype(np.float32))
    assert np.abs(out).max() < 1.0
    quiet = speech_like(rate, 5.0, -50, rng)
    apm = Processor(rate, aec=False, ans=None, agc=True, agc_max_gain_db=10.0)
    run(apm, quiet.astype(np.float32))
    assert apm.stats()["gain_db"] <= 10.0 + 1e-4


def test_aec_removes_a_delayed_echo(rng):
    rate = 16000
    # Noise in bursts of random length: no period a delay estimate could alias to.
    lengths = rng.integers(rate // 10, rate // 2, 60)
    env = np.concatenate([np.full(n, k % 2 * 0.9 + 0.1) for k, n in enumerate(lengths)])[: 12 * rate]
    far = rng.standard_normal(len(env)) * env * 0.1
    delay = int(0.06 * rate)
    echo = 0.5 * np.concatenate([np.zeros(delay), far[:-delay]])
    apm = Processor(rate, aec=True, ans=None, agc=False)
    out = run(apm, echo.astype(np.float32), far.astype(np.float32))
    tail = slice(8 * rate, len(out))
    assert db(echo[tail]) - db(out[tail]) > 10  # wired in: the AEC's own quality is aec_test's and the benchmark's
    assert abs(apm.stats()["delay_ms"] - 60) <= 10


def test_the_default_chain_does_not_raise_the_echo_residual(rng):
    """AEC, ANS and AGC together: the voice activity detector calls the canceller's residual
    of far-end speech speech too; the AGC must not lift it toward the target level (it did,
    by 30 dB). A near talker alone afterwards still gets its gain."""
    rate = 16000
    far = np.concatenate([speech_like(rate, 12.0, -20, rng), np.zeros(8 * rate)])
    delay = int(0.05 * rate)
    echo = 0.3 * np.concatenate([np.zeros(delay), far[:-delay]])
    near = np.concatenate([np.zeros(12 * rate), speech_like(rate, 8.0, -40, rng)])
    apm = Processor(rate)  # the default chain
    n, gains, out = apm.frame_size, [], np.zeros(len(far), np.float32)
    mic, far32 = (echo + near).astype(np.float32), far.astype(np.float32)
    for i in range(0, len(far) // n * n, n):
        apm.process_reverse(far32[i : i + n])
        out[i : i + n] = apm.process(mic[i : i + n])
        gains.append(apm.stats()["gain_db"])
    assert max(gains[: 12 * 100]) < 3.0, max(gains[: 12 * 100])
    tail = slice(6 * rate, 12 * rate)
    assert db(echo[tail]) - db(out[tail]) > 20, db(echo[tail]) - db(out[tail])
    assert gains[-1] > 10.0, gains[-1]  # -40 dBFS speech toward -18
    # Nor does the AGC freeze while the far end sends only its background noise.
    far = rng.standard_normal(8 * rate) * 10 ** (-60 / 20)
    mic = (0.3 * np.concatenate([np.zeros(delay), far[:-delay]]) + speech_like(rate, 8.0, -40, rng)).astype(np.float32)
    apm = Processor(rate)
    for i in range(0, len(far) // n * n, n):
        apm.process_reverse(far[i : i + n].astype(np.float32))
        apm.process(mic[i : i + n])
    assert apm.stats()["gain_db"] > 10.0, apm.stats()["gain_db"]


def test_int16_and_float_paths_agree(rng):
    x = to_i16(speech_like(16000, 3.0, -26, rng) + rng.standard_normal(48000) * 0.003)
    a = run(Processor(16000), x)
    b = run(Processor(16000), x.astype(np.float32) / 32768)
    assert np.abs(a.astype(np.float64) - to_i16(b)).max() <= 1


def test_simd_and_c_agree(rng):
    x = (speech_like(32000, 3.0, -30, rng) + rng.standard_normal(96000) * 0.01).astype(np.float32)
    far = (rng.standard_normal(96000) * 0.05).astype(np.float32)
    simd = run(Processor(32000), x, far)
    edgeav.set_cpu_mask([])
    c = run(Processor(32000), x, far)
    assert np.abs(simd - c).max() < 1e-3


def test_channels_are_mixed_and_written_to_each(rng):
    x = (rng.standard_normal((480, 2)) * 0.05).astype(np.float32)
    apm = Processor(48000, channels=2, aec=False, ans=None, agc=False)
    out = apm.process(x)
    assert out.shape == (480, 2) and np.array_equal(out[:, 0], out[:, 1])
    assert np.allclose(out[:, 0], x.mean(axis=1), atol=1e-7)
    with pytest.raises(edgeav.InvalidArgument, match="shape"):
        apm.process(x[:, 0].copy())


def test_stages_switch_while_running(rng):
    apm = Processor(16000, aec=False, ans=None, agc=False)
    assert (apm.aec, apm.ans, apm.agc) == (False, None, False) and apm.latency_samples == 0
    apm.ans = "high"
    assert apm.ans == "high" and apm.latency_samples == 160
    apm.agc, apm.aec = True, True
    assert apm.agc and apm.aec and apm.latency_samples > 160
    apm.agc_target_dbfs = -24.0
    assert apm.agc_target_dbfs == -24.0
    with pytest.raises(edgeav.InvalidArgument):
        apm.ans = "loud"
    with pytest.raises(edgeav.InvalidArgument):
        apm.agc_target_dbfs = 5.0
    assert apm.ans == "high" and apm.agc_target_dbfs == -24.0  # a refused change changes nothing
    x = (rng.standard_normal(160) * 0.1).astype(np.float32)
    assert np.isfinite(apm.process(x)).all()


# --- CLI -----------------------------------------------------------------------
def write_wav(path: Path, x: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(to_i16(x).tobytes())


def test_cli_processes_a_wav(tmp_path, rng):
    from edgeav.__main__ import main

    rate = 16000
    near = speech_like(rate, 2.0, -30, rng) + rng.standard_normal(2 * rate) * 0.01
    write_wav(tmp_path / "near.wav", near, rate)
    write_wav(tmp_path / "far.wav", rng.standard_normal(rate) * 0.05, rate)
    assert main(["audio", str(tmp_path / "near.wav"), "--far", str(tmp_path / "far.wav"), "-o",
                 str(tmp_path / "out.wav"), "--ans", "high"]) == 0
    with wave.open(str(tmp_path / "out.wav")) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()) == (rate, 1, 2, 2 * rate)
    assert main(["audio", str(tmp_path / "near.wav"), "-o", str(tmp_path / "same.wav"), "--no-aec", "--no-agc",
                 "--ans", "off"]) == 0
    with wave.open(str(tmp_path / "same.wav")) as w:
        same = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    assert np.array_equal(same, to_i16(near))  # every stage off: the input, sample for sample


# --- licensing -----------------------------------------------------------------
def test_audio_gating_per_edition():
    from test_license import DEV_KEY, payload
    from edgeav.license_tool import sign

    edgeav.license.activate(sign(DEV_KEY, payload(products={"enhance": "premium"})), "com.example.player")
    for stage, kwargs in [("aec", dict(ans=None, agc=False)), ("ans", dict(aec=False, agc=False)),
                          ("agc", dict(aec=False, ans=None))]:
        with pytest.raises(edgeav.FeatureNotLicensed, match=f"{stage}.*standard"):
            Processor(16000, **kwargs)
    apm = Processor(16000, aec=False, ans=None, agc=False)  # nothing switched on, nothing to license
    with pytest.raises(edgeav.FeatureNotLicensed, match="agc"):
        apm.agc = True  # switching a stage on asks the license too
    assert apm.agc is False
    edgeav.license.activate(sign(DEV_KEY, payload(products={"audio": "standard"})), "com.example.player")
    apm = Processor(16000)
    apm.process(np.zeros(160, np.int16))


def test_evaluation_mode_stops_after_ten_minutes_of_audio():
    apm = Processor(16000, aec=False, ans=None, agc=False)
    frame = np.zeros(160, np.int16)
    for _ in range(60000):  # 10 ms each: 10 minutes
        apm.process(frame)
    with pytest.raises(edgeav.EvaluationLimitReached, match="10 minutes"):
        apm.process(frame)
    apm.process_reverse(frame)  # the far end is not metered
    Processor(16000, aec=False, ans=None, agc=False).process(frame)  # a new object starts afresh
