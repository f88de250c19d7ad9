"""Test scenes of the audio benchmark, built from the real recordings of audio_speech.

ANS: a clean talker plus white, pink, babble or real noise at a given SNR (the
     noise's RMS against the talker's active speech level).
AEC: the far end (the meeting conversation) played through a loudspeaker with soft
     clipping (tanh), through a room simulated by pyroomacoustics, after a bulk
     delay, into the microphone, with the real room noise at -65 dBFS; far-end single
     talk, double talk with a different near-end talker, and an echo-path change.
AGC: one talker (utterances of several recordings, each set to the same active
     level, with pauses) at a fixed level, or jumping by +/-20 dB mid-file.
All scenes are deterministic (fixed seeds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import audio_metrics as M
import numpy as np
from audio_speech import CACHE, Sources, concat
from scipy.signal import fftconvolve

SPEECH_DBFS = -26.0  # active level of a near-end talker at the microphone
FAR_DBFS = -20.0  # active level of the far-end signal the app plays
ECHO_DBFS = -26.0  # active level of the echo at the microphone (echo-to-near ratio 0 dB)
MIC_NOISE_DBFS = -65.0  # the room's noise floor at the microphone
LOUDSPEAKER_DRIVE = 2.0  # tanh(drive * x) / drive: peaks of a -20 dBFS talker lose ~1-2 dB
ROOMS = {  # name: (dimensions m, Sabine RT60 asked, loudspeaker, microphone); measured RT60 is printed
    "dry": ([4.0, 3.5, 2.7], 0.15, [2.25, 1.95, 1.1], [2.0, 1.75, 1.1]),
    "reverb": ([6.0, 5.0, 3.0], 0.48, [3.25, 2.7, 1.1], [3.0, 2.5, 1.1]),
    "reverb_moved": ([6.0, 5.0, 3.0], 0.48, [1.6, 3.9, 1.3], [1.9, 4.1, 1.2]),
}


@dataclass
class Scene:
    name: str
    rate: int
    mic: np.ndarray  # what the processor's near input gets
    clean: np.ndarray  # the near-end talker alone (ANS/AGC reference, AEC double talk)
    far: np.ndarray | None = None
    echo: np.ndarray | None = None  # the echo component of mic
    meta: dict = field(default_factory=dict)


# --- levels and noise ----------------------------------------------------------
def set_active_level(x: np.ndarray, rate: int, dbfs: float) -> np.ndarray:
    return x * 10 ** ((dbfs - M.active_level_db(x, rate)) / 20)


def set_rms(x: np.ndarray, dbfs: float) -> np.ndarray:
    return x * 10 ** (dbfs / 20) / np.sqrt(np.mean(x**2))


def loop_to(x: np.ndarray, n: int, rate: int, start: int = 0) -> np.ndarray:
    """x repeated to n samples with 50 ms crossfades, so loops do not click."""
    fade = int(0.05 * rate)
    ramp = np.linspace(0, 1, fade)
    out = x[start:].copy()
    while len(out) < n:
        out[-fade:] = out[-fade:] * ramp[::-1] + x[:fade] * ramp
        out = np.concatenate([out, x[fade:]])
    return out[:n]


def white(n: int, rng) -> np.ndarray:
    return rng.standard_normal(n)


def pink(n: int, rng) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=float)
    spec[1:] /= np.sqrt(f[1:])
    spec[0] = 0
    return np.fft.irfft(spec, n)


def babble(utterances: list[np.ndarray], n: int, rate: int, rng, voices: int = 6) -> np.ndarray:
    """The sum of `voices` streams, each a random sequence of real utterances."""
    out = np.zeros(n)
    for _ in range(voices):
        order = rng.permutation(len(utterances))
        stream = np.concatenate([set_active_level(utterances[i], rate, -26) for i in order])
        out += loop_to(stream, n, rate, start=int(rng.integers(len(stream) // 2)))
    return out


def room_noise(src: Sources, n: int, rng) -> np.ndarray:
    return loop_to(src.room_noise, n, src.rate, start=int(rng.integers(len(src.room_noise) // 2)))


def make_noise(kind: str, n: int, src: Sources, others: list[np.ndarray], rng) -> np.ndarray:
    if kind == "white":
        return white(n, rng)
    if kind == "pink":
        return pink(n, rng)
    if kind == "babble":
        return babble(others, n, src.rate, rng)
    return room_noise(src, n, rng)


# --- ANS -----------------------------------------------------------------------
MEETING_TARGET_S = 8.4  # the meeting's first seconds are the ANS target; the next as many confirm


def _meeting_turns(t: dict[str, list[np.ndarray]]) -> list[np.ndarray]:
    return [u for k, v in t.items() if k.startswith("meeting_") for u in v]


def ans_targets(src: Sources, quick: bool) -> dict[str, tuple[np.ndarray, list[np.ndarray]]]:
    """Near-end talkers and, for each, the utterances of OTHER talkers for babble."""
    t = src.talkers
    targets = {"arctic": (concat(t["arctic_male"] + t["arctic_female"], src.rate), _meeting_turns(t) + t["alsa_words"])}
    if not quick:
        targets["meeting"] = (src.meeting[: int(MEETING_TARGET_S * src.rate)],
                              t["arctic_male"] + t["arctic_female"] + t["alsa_words"])
    return targets


def confirm_targets(src: Sources) -> dict[str, tuple[np.ndarray, list[np.ndarray]]]:
    """Talkers the suppressors' rules were not chosen on (bench/ans_confirm_bench.py): the
    alsa-utils words and the meeting's next 8.4 s, each with the others' utterances for babble."""
    t = src.talkers
    return {"alsa": (concat(t["alsa_words"], src.rate), _meeting_turns(t) + t["arctic_male"] + t["arctic_female"]),
            "meeting2": (src.meeting[int(MEETING_TARGET_S * src.rate): int(2 * MEETING_TARGET_S * src.rate)],
                         t["arctic_male"] + t["arctic_female"] + t["alsa_words"])}


def noisy_scenes(src: Sources, targets, snrs, kinds=("white", "pink", "babble", "real"), seed: int = 10) -> list[Scene]:
    """Each target talker in each kind of noise (noise k drawn from seed + k) at each SNR."""
    scenes = []
    for tname, (talk, others) in targets.items():
        clean = set_active_level(talk, src.rate, SPEECH_DBFS)
        for k, kind in enumerate(kinds):
            noise = make_noise(kind, len(clean), src, others, np.random.default_rng(seed + k))
            for snr in snrs:
                mic = clean + set_rms(noise, SPEECH_DBFS - snr)
                # the real noise has loud handling sounds: keep its loudest peak below full scale
                g = min(1.0, 0.9 / np.abs(mic).max())
                scenes.append(Scene(f"{tname}/{kind}/{snr:g}dB", src.rate, mic * g, clean * g,
                                    meta={"target": tname, "noise": kind, "snr_db": snr}))
    return scenes


def ans_scenes(src: Sources, quick: bool) -> list[Scene]:
    return noisy_scenes(src, ans_targets(src, quick), (0, 10) if quick else (0, 5, 10, 20))


# --- rooms and echo --------------------------------------------------------------
def room_rir(name: str, rate: int) -> tuple[np.ndarray, float]:
    """Impulse response loudspeaker -> microphone (unit energy) and its measured RT60;
    cached, since the reverberant one takes a while."""
    path = CACHE / f"rir_{name}_{rate}.npz"
    if path.exists():
        d = np.load(path)
        return d["rir"], float(d["rt60"])
    import pyroomacoustics as pra

    dim, rt60, speaker, mic = ROOMS[name]
    absorption, order = pra.inverse_sabine(rt60, dim)
    room = pra.ShoeBox(dim, fs=rate, materials=pra.Material(absorption), max_order=order)
    room.add_source(speaker)
    room.add_microphone(mic)
    room.compute_rir()
    rir = np.asarray(room.rir[0][0], dtype=np.float64)
    rir /= np.sqrt(np.sum(rir**2))
    measured = float(room.measure_rt60()[0][0])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, rir=rir, rt60=measured)
    return rir, measured


def loudspeaker(far: np.ndarray) -> np.ndarray:
    return np.tanh(LOUDSPEAKER_DRIVE * far) / LOUDSPEAKER_DRIVE


def echo_through(far: np.ndarray, rirs: list[np.ndarray], change: int, delay: int, rate: int) -> np.ndarray:
    """far through the loudspeaker and the room (rirs[0], or rirs[1] from sample
    `change` on, crossfaded over 10 ms), delayed by `delay` samples."""
    played = loudspeaker(far)
    paths = [fftconvolve(played, r)[: len(far)] for r in rirs]
    echo = paths[0]
    if len(paths) > 1:
        fade = np.clip((np.arange(len(far)) - change) / (0.01 * rate), 0, 1)
        echo = paths[0] * (1 - fade) + paths[1] * fade
    return np.concatenate([np.zeros(delay), echo])[: len(far)]


def direct_path_ms(rir: np.ndarray, rate: int) -> float:
    return 1000.0 * int(np.argmax(np.abs(rir))) / rate


def aec_scene(src: Sources, name: str, rooms: list[str], delay_ms: float, near: np.ndarray | None,
              seconds: float, change_s: float | None = None) -> Scene:
    rate = src.rate
    n = int(seconds * rate)
    far = set_active_level(src.meeting[:n], rate, FAR_DBFS)
    rirs = [room_rir(r, rate)[0] for r in rooms]
    change = int(change_s * rate) if change_s else n
    echo = echo_through(far, rirs, change, int(delay_ms * rate / 1000), rate)
    echo *= 10 ** ((ECHO_DBFS - M.active_level_db(echo, rate)) / 20)
    clean = np.zeros(n) if near is None else near[:n]
    noise = set_rms(room_noise(src, n, np.random.default_rng(7)), MIC_NOISE_DBFS)
    meta = {"rooms": rooms, "delay_ms": delay_ms, "true_delay_ms": delay_ms + direct_path_ms(rirs[0], rate),
                "rt60_s": [room_rir(r, rate)[1] for r in rooms], "change_s": change_s}
    return Scene(name, rate, echo + clean + noise, clean, far, echo, meta)


def near_talker(src: Sources, start_s: float, seconds: float) -> np.ndarray:
    """The double-talk near end: ARCTIC and alsa talkers (not the far end's), from start_s."""
    t = src.talkers
    talk = set_active_level(concat(t["arctic_male"] + t["arctic_female"] + t["alsa_words"][:4], src.rate),
                            src.rate, SPEECH_DBFS)
    out = np.zeros(int(seconds * src.rate))
    s = int(start_s * src.rate)
    out[s : s + len(talk)] = talk[: len(out) - s]
    return out


DT_START_S = 6.0


def aec_scenes(src: Sources, quick: bool) -> list[Scene]:
    delays = (0, 250) if quick else (0, 50, 120, 250)
    rooms = ("dry", "reverb")
    near = near_talker(src, DT_START_S, 20.0)
    scenes = []
    for room in rooms:
        for d in delays:
            scenes.append(aec_scene(src, f"st/{room}/{d}ms", [room], d, None, 20.0))
            scenes.append(aec_scene(src, f"dt/{room}/{d}ms", [room], d, near, 20.0))
    changes = [("dry", "reverb")] if quick else [("dry", "reverb"), ("reverb", "reverb_moved")]
    for a, b in changes:
        scenes.append(aec_scene(src, f"change/{a}->{b}/120ms", [a, b], 120, None, 20.0, change_s=10.0))
    return scenes


# --- AGC -----------------------------------------------------------------------
def agc_talk(src: Sources, seconds: float, first: int = 0) -> np.ndarray:
    """One 'talker' at a steady level: real utterances at equal active level with 1 s
    pauses, starting with utterance `first` (and with speech at sample 0)."""
    t = src.talkers
    order = [t["arctic_male"][0], t["meeting_speaker91"][0], t["alsa_words"][0], t["arctic_female"][0],
             t["meeting_speaker90"][1], t["alsa_words"][1], t["meeting_speaker91"][1], t["alsa_words"][2],
             t["meeting_speaker90"][2]]
    order = order[first:] + order[:first]
    parts = [set_active_level(u, src.rate, 0.0) for u in order]
    talk = concat(parts, src.rate, gap_s=1.0)
    return loop_to(talk, int(seconds * src.rate), src.rate)


def agc_scenes(src: Sources, quick: bool) -> list[Scene]:
    rate = src.rate
    noise = set_rms(room_noise(src, 16 * rate, np.random.default_rng(5)), MIC_NOISE_DBFS)
    scenes = []
    levels = (-45, -25, -10) if quick else (-45, -35, -25, -10)
    for lv in levels:
        clean = agc_talk(src, 12.0) * 10 ** (lv / 20)
        scenes.append(Scene(f"level/{lv}dBFS", rate, clean + noise[: len(clean)], clean, meta={"level_dbfs": lv}))
    for a, b in ((-35, -15), (-15, -35)):
        # the level jumps at 8 s, where a 6 s utterance starts
        clean = np.concatenate([agc_talk(src, 8.0) * 10 ** (a / 20), agc_talk(src, 8.0, first=6) * 10 ** (b / 20)])
        scenes.append(Scene(f"jump/{b - a:+d}dB", rate, clean + noise, clean,
                            meta={"level_dbfs": a, "jump_to_dbfs": b, "change_s": 8.0}))
    return scenes
