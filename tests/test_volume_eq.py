"""Volume equalization (edgeav.audio.VolumeEqualizer): errors, license gating, in place,
int16 == float, stereo, a talker 30 dB louder brought to the target within 300 ms, a quiet
one after a loud one within 250 ms, pauses, silence and room sounds between words or under
a last syllable not lifted, a full-scale square never clipped, the CLI option."""

import math
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

import edgeav
from edgeav.audio import VolumeEqualizer
from test_audio import BAD_MONO_FRAMES_16K, db, speech_like, to_i16, with_non_finite, write_wav

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def evaluation_mode():
    edgeav.license.deactivate()
    yield
    edgeav.license.deactivate()


@pytest.fixture(scope="module")
def meter():
    """The benchmark's BS.1770-4 meter (bench/volume_eq_bench.py), self-checked."""
    pytest.importorskip("scipy")
    if not (ROOT / "bench" / "volume_eq_bench.py").exists():
        pytest.skip("the benchmark's meter is not in this tree (wheel test runs copy tests/ only)")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import volume_eq_bench
    finally:
        sys.path.pop(0)
    volume_eq_bench.self_check()
    return volume_eq_bench


def run(veq: VolumeEqualizer, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(output, gain_db after each frame)."""
    n = veq.frame_size
    out = np.empty_like(x)
    gains = []
    for i in range(0, len(x) // n * n, n):
        veq.process(x[i : i + n], out=out[i : i + n])
        gains.append(veq.gain_db)
    return out[: len(x) // n * n], np.array(gains)


def test_bad_arguments_are_refused():
    for args, match in [((44100,), "sample_rate"), ((8000,), "sample_rate"), ((16000, 0), "channels"),
                        ((16000, 9), "channels"), ((16000, 1, 0.0), "target_lufs"),
                        ((16000, 1, -41.0), "target_lufs"), ((16000, 1, float("nan")), "target_lufs")]:
        with pytest.raises(edgeav.InvalidArgument, match=match):
            VolumeEqualizer(*args)


def test_bad_frames_are_refused_and_the_equalizer_recovers(rng):
    veq = VolumeEqualizer(16000)
    good = (rng.standard_normal(160) * 0.05).astype(np.float32)
    for frame, match in BAD_MONO_FRAMES_16K:
        with pytest.raises(edgeav.InvalidArgument, match=match):
            veq.process(frame)
    for frame in with_non_finite(good):
        with pytest.raises(edgeav.InvalidArgument, match="NaN or infinity"):
            veq.process(frame)
    with pytest.raises(edgeav.InvalidArgument, match="dtype"):
        veq.process(good, out=np.zeros(160, np.int16))
    with pytest.raises(edgeav.InvalidArgument, match="shape"):
        veq.process(good, out=np.zeros(320, np.float32))
    read_only = np.zeros(160, np.float32)
    read_only.flags.writeable = False
    with pytest.raises(edgeav.InvalidArgument, match="read-only"):
        veq.process(good, out=read_only)
    assert np.isfinite(veq.process(good)).all()


def test_frames_in_place_and_properties():
    veq = VolumeEqualizer(48000, 2, -20.0)
    assert (veq.frame_size, veq.sample_rate, veq.channels, veq.target_lufs) == (480, 48000, 2, -20.0)
    assert veq.gain_db == 0.0 and veq.loudness_lufs == -70.0
    for dtype in (np.int16, np.float32):
        frame = np.zeros((480, 2), dtype)
        assert veq.process(frame, out=frame) is frame
        assert veq.process(frame).dtype == dtype


def test_gating_below_professional():
    from test_license import DEV_KEY, payload
    from edgeav.license_tool import sign

    for edition in ("standard", None):
        products = {"audio": edition} if edition else {"video": "premium"}
        edgeav.license.activate(sign(DEV_KEY, payload(products=products)), "com.example.player")
        with pytest.raises(edgeav.FeatureNotLicensed, match="volume_equalization.*professional"):
            VolumeEqualizer(16000)
    edgeav.license.activate(sign(DEV_KEY, payload(products={"audio": "professional"})), "com.example.player")
    VolumeEqualizer(16000).process(np.zeros(160, np.int16))


def test_evaluation_mode_stops_after_ten_minutes_of_audio():
    veq = VolumeEqualizer(16000)
    frame = np.zeros(160, np.int16)
    for _ in range(60000):
        veq.process(frame, out=frame)
    with pytest.raises(edgeav.EvaluationLimitReached, match="10 minutes"):
        veq.process(frame)


def turns(rate: int, rng, levels=(-40.0, -10.0), seconds=4.0) -> tuple[np.ndarray, list[int]]:
    """Talker turns of speech-like signal at the given active levels, 0.5 s apart, over -75 dBFS noise."""
    parts, starts, at = [], [], 0
    for level in levels:
        parts += [np.zeros(rate // 2), speech_like(rate, seconds, level, rng, pause_s=0.15)]
        starts.append(at + rate // 2)
        at += rate // 2 + int(seconds * rate)
    x = np.concatenate(parts)
    return x + rng.standard_normal(len(x)) * 10 ** (-75 / 20), starts


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_talker_30_db_louder_is_brought_to_the_target_within_300_ms(rate, rng, meter):
    x, starts = turns(rate, rng)
    y, _ = run(VolumeEqualizer(rate, 1, -18.0), x.astype(np.float32))
    ky = meter.k_weighted(y.astype(np.float64), rate)
    skip, end = int(0.3 * rate), len(y)
    quiet = meter.integrated_lufs(ky[starts[0] + skip : starts[1] - rate // 2], rate)
    loud = meter.integrated_lufs(ky[starts[1] + skip : end], rate)
    assert abs(quiet + 18.0) < 2.0 and abs(loud + 18.0) < 2.0, (quiet, loud)
    assert np.abs(y).max() < 1.0


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_quiet_talker_after_a_loud_one_gets_its_gain_within_250_ms(rate, rng, meter):
    """A -40 dBFS talker 0.5 s after a -12 dBFS one: its first syllable starts a turn (a
    provisional loudness from 150 ms of it), and the gain, set while it rested in the pause,
    reopens 0.2 s into the turn (it took 0.45-0.65 s: the turn came out 1 LU quiet on real
    speech over a room the detector calls speech)."""
    x, starts = turns(rate, rng, levels=(-12.0, -40.0), seconds=3.0)
    y, gains = run(VolumeEqualizer(rate, 1, -18.0), x.astype(np.float32))
    hop = rate // 100
    assert gains[starts[1] // hop + 25] > 15.0, gains[starts[1] // hop : starts[1] // hop + 70]
    quiet = meter.integrated_lufs(meter.k_weighted(y.astype(np.float64), rate)[starts[1] + int(0.3 * rate) :], rate)
    assert abs(quiet + 18.0) < 1.0, quiet


def test_int16_and_float_agree_and_stereo_channels_stay_equal(rng):
    rate = 16000
    x, _ = turns(rate, rng, levels=(-35.0,), seconds=2.0)
    yf, gf = run(VolumeEqualizer(rate), x.astype(np.float32))
    yi, gi = run(VolumeEqualizer(rate), to_i16(x))
    assert np.max(np.abs(gf - gi)) < 0.5
    assert abs(db(yf) - db(yi / 32768.0)) < 0.3
    stereo = np.ascontiguousarray(np.stack([x, x], axis=1).astype(np.float32))
    ys, gs = run(VolumeEqualizer(rate, 2), stereo)
    assert np.array_equal(ys[:, 0], ys[:, 1])
    # Two equal channels are 3 LU louder than one (BS.1770 sums them): 3 dB less gain.
    assert abs((gf[-50:] - gs[-50:]).mean() - 3.0) < 0.5


def test_noise_and_pauses_are_not_lifted(rng):
    rate = 16000
    noise = (rng.standard_normal(5 * rate) * 10 ** (-60 / 20)).astype(np.float32)
    y, gains = run(VolumeEqualizer(rate), noise)
    assert gains.max() <= 2.0 and db(y[rate:]) - db(noise[rate:]) < 2.0
    x, starts = turns(rate, rng, levels=(-40.0, -40.0))
    y, _ = run(VolumeEqualizer(rate), x.astype(np.float32))
    pause = slice(starts[1] - rate // 2 + int(0.15 * rate), starts[1])  # from 150 ms into the pause
    assert db(y[pause]) - db(x[pause]) < 3.0


def test_a_short_sound_after_a_pause_is_not_lifted_by_the_last_talkers_gain(rng):
    """A quiet talker (+22 dB of gain), a pause, then a short sound in the room (a far voice,
    a door: 150 ms, 8 dB below the talker): the gain stays eased, the sound is not lifted."""
    rate = 16000
    x, starts = turns(rate, rng, levels=(-40.0,), seconds=4.0)
    burst = speech_like(rate, 0.15, -48.0, rng, pause_s=0.0)
    at = len(x) + int(0.6 * rate)
    x = np.concatenate([x, np.zeros(at - len(x)), burst, np.zeros(rate // 2)])
    y, gains = run(VolumeEqualizer(rate), x.astype(np.float32))
    assert gains[len(x) // 160 - 60] < 2.0 < gains[starts[0] // 160 + 300], gains
    sound = slice(at, at + len(burst))
    assert db(y[sound]) - db(x[sound]) < 3.0, db(y[sound]) - db(x[sound])


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_room_sound_just_after_the_last_word_does_not_hold_the_gain_into_the_pause(rate, rng):
    """A quiet talker (+23 dB of gain) whose last word a sound in the room follows at once
    (40 ms, as loud as the talker: it counts as the talker): from 150 ms after the word the
    pause is lifted by well under the benchmark's 3 dB (the gain eased 6 dB a frame, reached
    0 dB 180 ms after the word and lifted this pause 2.3-3.1 dB; a 50 ms sound, 6-7 dB)."""
    x, starts = turns(rate, rng, levels=(-40.0,), seconds=4.0)
    word_end = starts[0] + int(3.9 * rate)  # the last syllable spans 3.6-3.9 s of the turn
    burst = speech_like(rate, 0.04, -40.0, rng, pause_s=0.0)[::-1]  # loud at once, then fading
    x = np.concatenate([x, rng.standard_normal(rate // 2) * 10 ** (-75 / 20)])
    x[word_end : word_end + len(burst)] += burst
    y, gains = run(VolumeEqualizer(rate), x.astype(np.float32))
    assert gains[starts[0] // (rate // 100) + 300] > 20.0, gains
    pause = slice(word_end + int(0.15 * rate), len(y))
    assert db(y[pause]) - db(x[pause]) < 1.5, db(y[pause]) - db(x[pause])


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_talker_whose_first_words_have_stops_gets_the_gain_after_a_pause(rate, rng):
    """After a pause the gain reopens on 0.2 s of speech above the room; stops (20 ms of
    silence every 150 ms) do not restart that count, or a talker whose words are full of
    them waits a second or more unheard (the run restarted at each one)."""
    x, starts = turns(rate, rng, levels=(-40.0, -40.0), seconds=3.0)
    t = np.arange(len(x)) / rate
    stops = (t > starts[1] / rate) & ((t - starts[1] / rate) % 0.15 > 0.13)
    x[stops] = rng.standard_normal(int(stops.sum())) * 10 ** (-75 / 20)
    x[starts[1] : starts[1] + int(1.5 * rate)] = speech_like(rate, 1.5, -40.0, rng, pause_s=0.0) * ~stops[
        starts[1] : starts[1] + int(1.5 * rate)]
    y, gains = run(VolumeEqualizer(rate), x.astype(np.float32))
    hop = rate // 100
    assert gains[starts[1] // hop + 40] > 15.0, gains[starts[1] // hop : starts[1] // hop + 100]


def with_thump(x: np.ndarray, at: int, seconds: float, decay_s: float, rate: int, rng) -> tuple[np.ndarray, int]:
    """x with a low thump in the room (120-300 Hz, at -50 dBFS, decaying over decay_s) added
    from sample `at`, and room noise at -75 dBFS after x for 0.5 s past it; and its end."""
    t = np.arange(int(seconds * rate)) / rate
    thump = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) for f in (120, 180, 240, 300))
    thump *= np.minimum(t / 0.01, 1.0) * np.exp(-t / decay_s)
    thump *= 10 ** (-50 / 20) / np.sqrt(np.mean(thump**2))
    tail = rng.standard_normal(at + len(thump) + rate // 2 - len(x)) * 10 ** (-75 / 20)
    x = np.concatenate([x, tail])
    x[at : at + len(thump)] += thump
    return x, at + len(thump)


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_thump_between_words_is_not_lifted_by_the_talkers_gain(rate, rng):
    """A quiet talker (+23 dB of gain), then 0.2 s after the last syllable (a gap between
    words) a low thump in the room 10 dB below the talker: the detector calls it speech, but
    its spectrum stays below 700 Hz, so the gain eases as in any pause."""
    x, starts = turns(rate, rng, levels=(-40.0,), seconds=4.0)
    at = starts[0] + int(4.1 * rate)  # the last syllable ends 3.9 s into the turn
    x, end = with_thump(x, at, 0.3, 0.15, rate, rng)
    y, gains = run(VolumeEqualizer(rate), x.astype(np.float32))
    assert gains[starts[0] // (rate // 100) + 300] > 20.0, gains
    sound = slice(at, end)
    assert db(y[sound]) - db(x[sound]) < 3.0, db(y[sound]) - db(x[sound])


@pytest.mark.parametrize("rate", [16000, 48000])
def test_a_thump_that_begins_under_the_last_syllable_is_not_lifted_with_it(rate, rng):
    """A quiet talker (+23 dB of gain) whose last syllable a low thump in the room joins
    before it has faded (10 dB below the talker, decaying over 0.5 s): the run of sound
    goes on, but once it no longer spreads over the speech band it is not the talker, and
    the gain eases as in any pause (it was held at +23 dB for as long as the thump lasted)."""
    x, starts = turns(rate, rng, levels=(-40.0,), seconds=4.0)
    at = starts[0] + int(3.8 * rate)  # the last syllable spans 3.6-3.9 s of the turn
    x, end = with_thump(x, at, 0.5, 0.3, rate, rng)
    y, gains = run(VolumeEqualizer(rate), x.astype(np.float32))
    assert gains[starts[0] // (rate // 100) + 300] > 20.0, gains
    later = slice(starts[0] + int(4.1 * rate), end)  # from 0.2 s after the syllable
    assert db(y[later]) - db(x[later]) < 3.0, db(y[later]) - db(x[later])


def test_a_full_scale_square_never_clips():
    rate = 48000
    t = np.arange(3 * rate)
    square = np.where((t // 24) % 2, 1.0, -1.0)
    y, _ = run(VolumeEqualizer(rate), square.astype(np.float32))
    assert np.abs(y).max() < 1.0
    y16, _ = run(VolumeEqualizer(rate), to_i16(square))
    assert y16.max() < 32767 and y16.min() > -32768


def test_cli_volume_eq(tmp_path, rng):
    from edgeav.__main__ import main

    rate = 16000
    x, starts = turns(rate, rng, levels=(-40.0, -15.0), seconds=3.0)
    write_wav(tmp_path / "in.wav", x, rate)
    assert main(["audio", str(tmp_path / "in.wav"), "-o", str(tmp_path / "out.wav"), "--no-agc", "--ans", "off",
                 "--volume-eq", "--target-lufs", "-20"]) == 0
    with wave.open(str(tmp_path / "out.wav")) as w:
        y = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    assert len(y) == len(x)
    quiet = y[starts[0] + rate // 2 : starts[1] - rate // 2]
    loud = y[starts[1] + rate // 2 :]
    assert abs(db(loud) - db(quiet)) < 3.0 and not math.isnan(db(y))
