"""Metrics of the audio benchmark; each is checked on trivial cases by self_check().

Signals are float64 in -1..1 at 16 kHz unless a rate is given. Levels in dBFS
are RMS relative to a full-scale square wave (0 dBFS = RMS 1.0).
"""

from __future__ import annotations

import importlib
import math
import warnings

import numpy as np
from scipy.signal import fftconvolve

FRAME_S = 0.01


def db(power: float) -> float:
    return 10 * math.log10(max(power, 1e-20))


def frame_power(x: np.ndarray, rate: int, frame_s: float = FRAME_S) -> np.ndarray:
    n = int(rate * frame_s)
    return np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1)


def active_mask(clean: np.ndarray, rate: int, below_peak_db: float = 30.0) -> np.ndarray:
    """10 ms frames where the clean signal is active: within 30 dB of its loud frames
    (the 99th percentile), a simplified ITU-T P.56 activity decision."""
    p = frame_power(clean, rate)
    return p > np.percentile(p, 99) * 10 ** (-below_peak_db / 10)


def level_db(x: np.ndarray, rate: int, mask: np.ndarray) -> float:
    """Level of x over the frames of mask (dBFS)."""
    p = frame_power(x, rate)[: len(mask)]
    m = mask[: len(p)]
    return db(float(np.mean(p[m]))) if m.any() else float("nan")


def active_level_db(x: np.ndarray, rate: int) -> float:
    return level_db(x, rate, active_mask(x, rate))


def find_latency(reference: np.ndarray, processed: np.ndarray, max_lag: int) -> int:
    """Lag (samples, 0..max_lag) by which `processed` trails `reference`: the peak of
    their cross-correlation. Used to compensate each processor's own latency."""
    n = min(len(reference), len(processed))
    xc = fftconvolve(processed[:n], reference[:n][::-1], mode="full")[n - 1 : n + max_lag]
    return int(np.argmax(xc))


def align(processed: np.ndarray, latency: int) -> np.ndarray:
    """Undoes a processor latency: drops its first samples, pads the end with zeros."""
    if latency <= 0:
        return processed
    return np.concatenate([processed[latency:], np.zeros(latency)])


def pesq_wb(clean: np.ndarray, degraded: np.ndarray) -> float:
    from pesq import pesq

    try:
        return float(pesq(16000, clean, degraded, "wb"))
    except Exception:  # no utterance found: the output is silent or garbage
        return float("nan")


def stoi(clean: np.ndarray, degraded: np.ndarray) -> float:
    from pystoi import stoi as _stoi

    return float(_stoi(clean, degraded, 16000, extended=False))


def erle_db(mic: np.ndarray, out: np.ndarray, rate: int, mask: np.ndarray) -> float:
    """Echo return loss enhancement over the frames of mask: mic power / output power."""
    pm, po = frame_power(mic, rate), frame_power(out, rate)
    m = mask[: min(len(pm), len(po))]
    return db(float(np.sum(pm[: len(m)][m]))) - db(float(np.sum(po[: len(m)][m])))


def erle_windows(mic, out, rate, mask, window_s: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """ERLE on consecutive windows; returns (window start times, ERLE dB), NaN for
    windows with less than half of their frames echo-active."""
    per = round(window_s / FRAME_S)
    pm, po = frame_power(mic, rate), frame_power(out, rate)
    count = min(len(pm), len(po), len(mask)) // per
    starts, values = [], []
    for w in range(count):
        s = slice(w * per, (w + 1) * per)
        m = mask[s]
        ok = m.mean() >= 0.5
        values.append(db(float(np.sum(pm[s][m]))) - db(float(np.sum(po[s][m]))) if ok else float("nan"))
        starts.append(w * window_s)
    return np.array(starts), np.array(values)


def time_until_stays(starts, values, change_s: float, ok, step_s: float) -> float:
    """Seconds from change_s until every later (non-NaN) windowed value satisfies ok:
    the end of the last failing window (its start + step_s), 0 if none fails, inf if
    the last one fails, NaN if there is no window after change_s."""
    after = [(t, v) for t, v in zip(starts, values) if t >= change_s and not math.isnan(v)]
    if not after:
        return float("nan")
    bad = [t for t, v in after if not ok(v)]
    if bad and bad[-1] == after[-1][0]:
        return float("inf")
    return max(0.0, bad[-1] + step_s - change_s) if bad else 0.0


def reconvergence_s(starts, erle, change_s: float, threshold_db: float = 20.0, window_s: float = 0.25) -> float:
    """Time after an echo-path change until the windowed ERLE stays above threshold_db."""
    return time_until_stays(starts, erle, change_s, lambda e: e >= threshold_db, window_s)


def gain_trace(inp, out, rate, mask, window_s: float = 0.5, hop_s: float = 0.1):
    """Gain (output level minus input level, dB) on the active frames of sliding
    windows: (window start times, dB), NaN where fewer than a quarter of the window's
    frames are active. A gain, not a level, so the talker's own loudness changes cancel."""
    per, hop = round(window_s / FRAME_S), round(hop_s / FRAME_S)
    pi, po = frame_power(inp, rate), frame_power(out, rate)
    n = min(len(pi), len(po), len(mask))
    starts, values = [], []
    for s in range(0, n - per + 1, hop):
        m = mask[s : s + per]
        ok = m.mean() >= 0.25
        values.append(db(float(np.mean(po[s : s + per][m]))) - db(float(np.mean(pi[s : s + per][m])))
                      if ok else float("nan"))
        starts.append(s * FRAME_S)
    return np.array(starts), np.array(values)


def settle_s(starts, gains, change_s: float, final_db: float, tol_db: float = 2.0, hop_s: float = 0.1) -> float:
    """Time after change_s until the windowed gain stays within tol_db of final_db."""
    return time_until_stays(starts, gains, change_s, lambda g: abs(g - final_db) <= tol_db, hop_s)


def pause_mask(clean: np.ndarray, rate: int, guard_s: float = 0.2) -> np.ndarray:
    """Frames at least guard_s away from any active frame of the clean speech."""
    act = active_mask(clean, rate)
    g = round(guard_s / FRAME_S)
    near = np.convolve(act.astype(float), np.ones(2 * g + 1), mode="same") > 0
    return ~near


def clipped(x_int16: np.ndarray) -> int:
    return int(np.count_nonzero((x_int16 >= 32767) | (x_int16 <= -32768)))


# DNSMOS and AECMOS run their ONNX models on one thread (the benchmark is single
# threaded), from the models that ship inside the speechmos wheel: no download.
def _single_thread_onnx():
    import onnxruntime as ort

    if getattr(ort.InferenceSession, "_edgeav_one_thread", False):
        return
    base = ort.InferenceSession

    class OneThread(base):
        _edgeav_one_thread = True

        def __init__(self, path, sess_options=None, **kw):
            so = sess_options or ort.SessionOptions()
            so.intra_op_num_threads = 1
            so.inter_op_num_threads = 1
            super().__init__(path, sess_options=so, providers=["CPUExecutionProvider"], **kw)

    ort.InferenceSession = OneThread


def mos_available() -> str | None:
    """None if DNSMOS/AECMOS can run here, else why not."""
    try:
        _single_thread_onnx()
        importlib.import_module("speechmos.aecmos")
        importlib.import_module("speechmos.dnsmos")
    except Exception as e:  # missing onnxruntime/librosa, or a model file
        return f"{type(e).__name__}: {e}"
    return None


def dnsmos(x: np.ndarray) -> dict:
    from speechmos import dnsmos as _d

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = _d.run(np.clip(x, -1, 1).astype(np.float32), sr=16000)
    return {k: float(r[k]) for k in ("ovrl_mos", "sig_mos", "bak_mos")}


def aecmos(far: np.ndarray, mic: np.ndarray, out: np.ndarray, talk_type: str) -> dict:
    """AECMOS (echo and degradation MOS) of `out`; talk_type 'st' (far-end single
    talk) or 'dt' (double talk)."""
    from speechmos import aecmos as _a

    n = min(len(far), len(mic), len(out), 20 * 16000 - 1)  # speechmos warns at 20 s
    lpb, m, e = (np.clip(s[:n], -1, 1).astype(np.float32) for s in (far, mic, out))
    r = _a.run({"lpb": lpb, "mic": m, "enh": e}, sr=16000, talk_type=talk_type)
    return {"echo_mos": float(r["echo_mos"]), "deg_mos": float(r["deg_mos"])}


def self_check() -> list[tuple[str, bool, str]]:
    """Each metric on a case whose answer is known. Returns (name, ok, detail)."""
    rng = np.random.default_rng(1)
    rate = 16000
    t = np.arange(rate * 4) / rate
    # a speech-like test: bursts of a modulated harmonic tone with pauses
    burst = (np.sin(2 * np.pi * 3 * t) > -0.2).astype(float)
    x = 0.1 * burst * np.sin(2 * np.pi * 200 * t * (1 + 0.1 * np.sin(2 * np.pi * 0.5 * t)))
    noise = 0.001 * rng.standard_normal(len(x))
    mask = active_mask(x, rate)
    checks = []
    e0 = erle_db(x + noise, x + noise, rate, mask)
    checks.append(("ERLE of the identity processor is 0 dB", abs(e0) < 1e-9, f"{e0:.3g} dB"))
    e1 = erle_db(x + noise, 0.01 * (x + noise), rate, mask)
    checks.append(("ERLE of a 40 dB attenuator is 40 dB", abs(e1 - 40) < 1e-6, f"{e1:.3f} dB"))
    lat = find_latency(x + noise, np.concatenate([np.zeros(37), x + noise])[: len(x)], 400)
    checks.append(("latency of a 37-sample delay is found", lat == 37, f"{lat}"))
    lv = level_db(x * 10 ** (-6 / 20), rate, mask) - level_db(x, rate, mask)
    checks.append(("level of a -6 dB copy measures -6 dB", abs(lv + 6) < 1e-9, f"{lv:.3f} dB"))
    return checks


def self_check_speech(clean: np.ndarray) -> list[tuple[str, bool, str]]:
    """PESQ and STOI on real speech: identical signals score the maximum, noise lowers them."""
    rng = np.random.default_rng(2)
    p_same = pesq_wb(clean, clean)
    noisy = clean + rng.standard_normal(len(clean)) * np.sqrt(np.mean(clean**2))
    p_noisy = pesq_wb(clean, noisy)
    s_same = stoi(clean, clean)
    return [
        ("PESQ-WB of clean vs itself is the maximum 4.64", abs(p_same - 4.644) < 0.01, f"{p_same:.3f}"),
        ("PESQ-WB of 0 dB white noise is low", p_noisy < 1.6, f"{p_noisy:.3f}"),
        ("STOI of clean vs itself is 1", abs(s_same - 1) < 1e-6, f"{s_same:.4f}"),
    ]
