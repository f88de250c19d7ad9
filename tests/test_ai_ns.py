"""AI noise reduction (Processor(ans="ai"), issue 14): the compiled-in network is
the exporter's, the library computes what the numpy model of tools/train_ns.py
computes (features, network, gains), validation, licensing, switching
while running, and what it must do to speech in noise. The measurements on real
talkers (PESQ, STOI, DNSMOS against RNNoise, speexdsp, WebRTC) are
bench/audio_bench.py's."""

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import edgeav
from edgeav.audio import Processor
from edgeav.license_tool import sign

from test_audio import db, evaluation_mode, run, speech_like  # noqa: F401 (evaluation_mode: autouse fixture)
from test_license import DEV_KEY, payload

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import ns_export  # noqa: E402
import train_ns  # noqa: E402

sys.path.pop(0)
GAIN_FLOOR = 0.0316  # ai_suppressor.h


def test_the_compiled_in_network_is_what_the_exporter_writes():
    assert ns_export.export_text() == ns_export.WEIGHTS_CPP.read_text()


def reference_gains(power: np.ndarray, rate: int) -> np.ndarray:
    """The network's per-bin gains for each frame's STFT power, in numpy, float64."""
    with np.load(train_ns.CHECKPOINT) as c:
        p = {k: c[k].astype(np.float64) for k in c.files}
    _, g = train_ns.band_weights(rate)
    feats = train_ns.features(train_ns.band_energy(power.astype(np.float64), rate))  # the training's features

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    def gru(name, h, x_in):
        gx = x_in @ p[f"{name}_wx"] + p[f"{name}_bx"]
        gh = h @ p[f"{name}_wh"] + p[f"{name}_bh"]
        k = len(h)
        r, z = sigmoid(gx[:k] + gh[:k]), sigmoid(gx[k: 2 * k] + gh[k: 2 * k])
        c = np.tanh(gx[2 * k:] + r * gh[2 * k:])
        return (1 - z) * c + z * h

    h1, h2 = np.zeros(train_ns.HIDDEN), np.zeros(train_ns.HIDDEN)
    gains = np.zeros(power.shape)
    for t in range(len(power)):
        a = np.tanh(((feats[t] - p["mean"]) / p["std"]) @ p["in_w"] + p["in_b"])
        h1 = gru("gru1", h1, a)
        h2 = gru("gru2", h2, h1)
        band_gain = sigmoid(np.concatenate([h1, h2]) @ p["out_w"] + p["out_b"])
        gains[t] = np.maximum(g @ band_gain, GAIN_FLOOR)
    return gains


@pytest.mark.parametrize("rate, simd", [(16000, True), (32000, True), (48000, True), (16000, False)])
def test_the_library_computes_the_numpy_model(rate, simd, rng):
    if not simd:
        edgeav.set_cpu_mask([])  # the C kernels
    x = speech_like(rate, 1.5, -26, rng) + rng.standard_normal(int(1.5 * rate)) * 0.01
    power = train_ns.stft_power(x, rate)  # what the chain's analysis hands the network
    got = edgeav._core._ai_ns_gains(power, rate, train_ns.fft_size(rate // 100))
    want = reference_gains(power, rate)
    # float32 features through tanh/sigmoid and the GRUs' polynomials
    assert np.max(np.abs(got - want)) < 1e-5, np.max(np.abs(got - want))
    assert np.ptp(want) > 0.5  # the frames span the gains: speech and noise


def test_the_network_hook_refuses_bad_shapes():
    with pytest.raises(edgeav.InvalidArgument, match="fft_size"):
        edgeav._core._ai_ns_gains(np.zeros((3, 100), np.float32), 16000, 512)
    with pytest.raises(edgeav.InvalidArgument, match="fft_size"):
        edgeav._core._ai_ns_gains(np.zeros((3, 257), np.float32), 44100, 512)


@pytest.mark.parametrize("bad", ["AI", "neural", "", 6, 1.0, True])
def test_unknown_levels_are_refused(bad):
    with pytest.raises(edgeav.InvalidArgument, match="ans"):
        Processor(16000, ans=bad)
    apm = Processor(16000, ans="ai")
    with pytest.raises(edgeav.InvalidArgument, match="ans"):
        apm.ans = bad
    assert apm.ans == "ai"


def test_switching_at_run_time(rng):
    apm = Processor(48000, channels=2, aec=False, agc=False)
    frame = (rng.standard_normal((480, 2)) * 0.05).astype(np.float32)
    latency = apm.latency_samples
    for level in ["ai", "moderate", None, "ai", "very_high", "ai"]:
        apm.ans = level
        assert apm.ans == level
        out = apm.process(frame)
        assert out.shape == frame.shape and np.all(np.isfinite(out))
        assert np.array_equal(out[:, 0], out[:, 1])
    assert apm.latency_samples == latency
    apm.reset()


# The Professional audio modes of Processor: keyword, value, feature, the Standard value,
# and the other stages to turn off so that the mode is the only feature asked for.
PROFESSIONAL_MODES = [
    ("ans", "ai", "ai_noise_reduction", "moderate", dict(aec=False, agc=False)),
    ("aec_mode", "music", "aec_music_mode", "speech", dict(aec=False, ans=None, agc=False)),
]


@pytest.mark.parametrize("granted", ["standard", "professional", "premium"])
@pytest.mark.parametrize("attr,value,feature,standard,others", PROFESSIONAL_MODES)
def test_professional_modes_need_professional_audio(granted, attr, value, feature, standard, others):
    edgeav.license.activate(sign(DEV_KEY, payload(products={"audio": granted})), "com.example.player")
    apm = Processor(16000)  # the Standard modes
    if granted == "standard":
        with pytest.raises(edgeav.FeatureNotLicensed, match=f"{feature}.*professional"):
            Processor(16000, **{attr: value})
        with pytest.raises(edgeav.FeatureNotLicensed, match=feature):
            setattr(apm, attr, value)
        assert getattr(apm, attr) == standard  # a refused switch changes nothing
        apm.process(np.zeros(160, np.float32))
    else:
        Processor(16000, **{attr: value}, **others)
        setattr(apm, attr, value)
        assert getattr(apm, attr) == value


def frames_of(x: np.ndarray, hop: int) -> np.ndarray:
    return np.mean(x[: len(x) // hop * hop].reshape(-1, hop) ** 2, axis=1)


def spoken(rate: int, seconds: float, level_dbfs: float) -> np.ndarray:
    """espeak-ng sentences with 0.4 s pauses (true silence), active level set to
    level_dbfs. The network takes speech_like()'s steady harmonic buzz for a tone
    to remove, as it should: it is trained on real speech with music as noise."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("needs espeak-ng (apt-get install espeak-ng; .ci/run installs it)")
    text = "The quick brown fox jumps over the lazy dog. Please call me back after the meeting."
    wav = subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "--stdout", text], check=True,
                         capture_output=True).stdout
    wav_rate = int.from_bytes(wav[24:28], "little")  # a mono int16 WAV with a 44-byte header
    voice = np.frombuffer(wav[44:], np.int16).astype(np.float64) / 32768
    n = len(voice) * rate // wav_rate  # resampled through the spectrum (band-limited either way)
    spec = np.fft.rfft(voice)[: n // 2 + 1]
    voice = np.fft.irfft(np.pad(spec, (0, n // 2 + 1 - len(spec))), n) * n / len(voice)
    voice = voice[np.flatnonzero(np.abs(voice) > 1e-3)[0]:]
    pause = np.zeros(int(0.4 * rate))
    x = np.tile(np.concatenate([voice, pause]), int(seconds * rate / (len(voice) + len(pause))) + 1)
    x = x[: int(seconds * rate)]
    active = frames_of(x, rate // 100) > 1e-6
    return x * 10 ** (level_dbfs / 20) / np.sqrt(np.mean(frames_of(x, rate // 100)[active]))


@pytest.mark.parametrize("rate", [16000, 48000])
def test_speech_in_white_noise_comes_out_cleaner(rate, rng):
    """Speech at -26 dBFS in white noise at 5 dB SNR: the noise in the pauses
    drops by at least 12 dB, the speech frames keep their level within 3 dB;
    clean speech alone keeps its level within 1.5 dB."""
    seconds = 6.0
    clean = spoken(rate, seconds, -26)
    noise = rng.standard_normal(len(clean))
    noise *= 10 ** ((db(clean[np.abs(clean) > 0]) - 5) / 20) / np.sqrt(np.mean(noise**2))
    noisy = (clean + noise).astype(np.float32)
    apm = Processor(rate, aec=False, ans="ai", agc=False)
    lat = apm.latency_samples
    y = run(apm, noisy).astype(np.float64)[lat:]
    hop = rate // 100
    e_clean = frames_of(clean[: len(y)], hop)
    speech, pause = e_clean > 0.1 * e_clean.max(), e_clean < 1e-6 * e_clean.max()
    half = len(e_clean) // 2  # after the network has settled
    speech[:half], pause[:half] = False, False
    e_in, e_out = frames_of(noisy[: len(y)], hop), frames_of(y, hop)
    noise_drop = 10 * np.log10(e_in[pause].mean() / e_out[pause].mean())
    speech_change = 10 * np.log10(e_out[speech].mean() / e_clean[speech].mean())
    assert noise_drop >= 12, noise_drop
    assert abs(speech_change) <= 3, speech_change
    y_clean = run(Processor(rate, aec=False, ans="ai", agc=False), clean.astype(np.float32))[lat:]
    assert abs(db(y_clean[len(y_clean) // 2:]) - db(clean[len(clean) // 2: len(y_clean) + lat][: len(y_clean) - len(y_clean) // 2])) <= 1.5


def test_cli_ans_ai(tmp_path, rng):
    from edgeav.__main__ import main

    from test_audio import write_wav

    rate = 16000
    write_wav(tmp_path / "near.wav", speech_like(rate, 1.0, -30, rng) + rng.standard_normal(rate) * 0.01, rate)
    assert main(["audio", str(tmp_path / "near.wav"), "--ans", "ai", "--no-aec", "-o", str(tmp_path / "out.wav")]) == 0
    assert (tmp_path / "out.wav").stat().st_size > 1000
