"""Runs the processors on the scenes and measures them (one function per scene kind).

Every sample-aligned metric (PESQ, STOI, ERLE) is taken after compensating the
processor's own latency: edgeav declares it (apm.latency_samples); the anchors'
is found once per task by cross-correlating their output with their input.
"""

from __future__ import annotations

import math

import audio_metrics as M
import audio_processors as P
import numpy as np
from audio_scenes import DT_START_S, Scene

ERLE_SKIP_S = 2.0  # ERLE is steady-state: the first 2 s are left to converge
AGC_SKIP_S = 2.0  # AGC level and noise floor from 2 s on (the bar)


def calibrate_latency(name: str, task: str, probe: np.ndarray, rate: int) -> dict:
    """The processor's own latency on a probe of speech with light noise (samples)."""
    far = np.zeros_like(probe) if task in ("aec", "3a") else None
    run = P.run(name, task, probe, far, rate)
    measured = M.find_latency(probe, run.out, max_lag=rate // 10)
    declared = run.stats.get("latency_samples")
    return {"measured": measured, "declared": declared, "used": declared if declared is not None else measured}


def _processed(name, task, scene: Scene, latency: int, delay_ms: float = 0.0):
    run = P.run(name, task, scene.mic, scene.far, scene.rate, delay_ms)
    return M.align(run.out, latency), run


def eval_ans(scene: Scene, procs, lat, mos: bool) -> dict:
    row = {"scene": scene.name, **scene.meta}
    for name in ["input", *procs]:
        out, _ = _processed(name, "ans", scene, lat[name]["ans"])
        r = {"pesq": M.pesq_wb(scene.clean, out), "stoi": M.stoi(scene.clean, out)}
        if mos:
            r["dnsmos"] = M.dnsmos(out)
        row[name] = r
    base = row["input"]
    for name in procs:
        r = row[name]
        r["d_pesq"] = r["pesq"] - base["pesq"]
        r["d_stoi"] = r["stoi"] - base["stoi"]
        if mos:
            r["d_dnsmos_ovrl"] = r["dnsmos"]["ovrl_mos"] - base["dnsmos"]["ovrl_mos"]
    return row


def _echo_mask(scene: Scene, skip_s: float) -> np.ndarray:
    mask = M.active_mask(scene.echo, scene.rate)
    mask[: int(skip_s / M.FRAME_S)] = False
    return mask


def _aecmos(scene, out, talk_type):
    return M.aecmos(scene.far, scene.mic, out, talk_type)


def eval_aec_single_talk(scene: Scene, procs, lat, mos: bool) -> dict:
    mask = _echo_mask(scene, ERLE_SKIP_S)
    # what removing the echo exactly would score: the echo-to-noise ratio caps ERLE
    limit = M.erle_db(scene.mic, scene.mic - scene.echo, scene.rate, mask)
    row = {"scene": scene.name, **scene.meta, "erle_limit_db": limit}
    for name in ["input", *procs]:
        out, run = _processed(name, "aec", scene, lat[name]["aec"], scene.meta["delay_ms"])
        r = {"erle_db": M.erle_db(scene.mic, out, scene.rate, mask)}
        if "delay_ms" in run.stats:
            r["delay_est_ms"] = float(run.stats["delay_ms"])
            r["delay_err_ms"] = r["delay_est_ms"] - scene.meta["true_delay_ms"]
            r["trace"] = run.stats["trace"]
        if mos:
            r["aecmos"] = _aecmos(scene, out, "st")
        row[name] = r
    return row


def eval_aec_double_talk(scene: Scene, procs, lat, mos: bool) -> dict:
    row = {"scene": scene.name, **scene.meta}
    s = int(DT_START_S * scene.rate)
    for name in ["input", *procs]:
        out, _ = _processed(name, "aec", scene, lat[name]["aec"], scene.meta["delay_ms"])
        r = {"pesq": M.pesq_wb(scene.clean[s:], out[s:])}
        if mos:
            r["aecmos"] = _aecmos(scene, out, "dt")
        row[name] = r
    return row


def eval_aec_path_change(scene: Scene, procs, lat, _mos: bool) -> dict:
    row = {"scene": scene.name, **scene.meta}
    mask = _echo_mask(scene, 0.0)
    change = scene.meta["change_s"]
    for name in ["input", *procs]:
        out, _ = _processed(name, "aec", scene, lat[name]["aec"], scene.meta["delay_ms"])
        starts, erle = M.erle_windows(scene.mic, out, scene.rate, mask)
        before = [e for t, e in zip(starts, erle) if ERLE_SKIP_S <= t < change and not math.isnan(e)]
        row[name] = {"reconverge_s": M.reconvergence_s(starts, erle, change),
                     "erle_before_db": float(np.median(before)) if before else float("nan"),
                     "erle_windows_db": [None if math.isnan(e) else round(float(e), 2) for e in erle]}
    return row


def _agc_metrics(scene: Scene, out: np.ndarray, out_i16: np.ndarray) -> dict:
    """Level, gain and noise floor from 2 s on (2 s after the jump in jump scenes);
    clipping over the whole output; settle time after the jump."""
    rate = scene.rate
    change = scene.meta.get("change_s")
    skip = int(((change or 0.0) + AGC_SKIP_S) / M.FRAME_S)
    act = M.active_mask(scene.clean, rate)
    pause = M.pause_mask(scene.clean, rate)
    act[:skip] = pause[:skip] = False
    out_speech = M.level_db(out, rate, act)
    gain = out_speech - M.level_db(scene.mic, rate, act)
    pause_gain = M.level_db(out, rate, pause) - M.level_db(scene.mic, rate, pause)
    r = {"level_dbfs": out_speech, "level_err_db": out_speech - P.AGC_TARGET_DBFS,
         "clipped": M.clipped(out_i16), "speech_gain_db": gain, "noise_rise_db": pause_gain - gain}
    if change is not None:
        starts, gains = M.gain_trace(scene.mic, out, rate, M.active_mask(scene.clean, rate))
        tail = [g for t, g in zip(starts, gains) if t >= starts[-1] - 3 and not math.isnan(g)]
        r["final_gain_db"] = float(np.median(tail))
        r["settle_s"] = M.settle_s(starts, gains, change, r["final_gain_db"])
    return r


def eval_agc(scene: Scene, procs, lat, _mos: bool) -> dict:
    row = {"scene": scene.name, **scene.meta, "input_clipped": M.clipped(P.to_i16(scene.mic))}
    for name in ["input", *procs]:
        out, run = _processed(name, "agc", scene, lat[name]["agc"])
        row[name] = _agc_metrics(scene, out, P.to_i16(run.out))
    return row


def eval_aec(scene: Scene, procs, lat, mos: bool) -> dict:
    kind = scene.name.split("/")[0]
    fn = {"st": eval_aec_single_talk, "dt": eval_aec_double_talk, "change": eval_aec_path_change}[kind]
    return {"kind": kind, **fn(scene, procs, lat, mos)}


def _ramp_db(rate: int, n: int, start_s: float, seconds: float, to_db: float) -> np.ndarray:
    """Per-sample gain (linear) ramping in dB from 0 at start_s to to_db over `seconds`."""
    t = np.arange(n) / rate
    return 10 ** (np.clip((t - start_s) / seconds, 0, 1) * to_db / 20)


def self_check_scenes(change: Scene, jump: Scene) -> list[tuple[str, bool, str]]:
    """The scene metrics on processors whose answer is known: the identity, an oracle
    that subtracts the true echo, and processors whose echo loss or gain ramps."""
    t_change, rate = change.meta["change_s"], change.rate
    mask = _echo_mask(change, 0.0)
    oracle_out = change.mic - change.echo
    oracle = M.erle_db(change.mic, oracle_out, rate, _echo_mask(change, ERLE_SKIP_S))
    rc_oracle = M.reconvergence_s(*M.erle_windows(change.mic, oracle_out, rate, mask), t_change)
    # echo loss ramping 0 -> 40 dB over 1 s after the change: 20 dB is passed at ~0.5 s
    ramp_out = oracle_out + change.echo * _ramp_db(rate, len(change.mic), t_change, 1.0, -40)
    rc_ramp = M.reconvergence_s(*M.erle_windows(change.mic, ramp_out, rate, mask), t_change)
    ident = _agc_metrics(jump, jump.mic, P.to_i16(jump.mic))
    # a gain ramping 0 -> -20 dB over 1.5 s after the jump is within 2 dB of -20 from ~1.35 s
    t_jump = jump.meta["change_s"]
    ramped = _agc_metrics(jump, jump.mic * _ramp_db(rate, len(jump.mic), t_jump, 1.5, -20), P.to_i16(jump.mic))
    return [
        ("ERLE of an oracle echo remover is the echo-to-noise ratio (> 30 dB)", oracle > 30, f"{oracle:.1f} dB"),
        ("re-convergence of the oracle is 0 s", rc_oracle == 0, f"{rc_oracle:.2f} s"),
        ("re-convergence of a 0->40 dB ERLE ramp over 1 s is ~0.5 s", 0.4 <= rc_ramp <= 0.9, f"{rc_ramp:.2f} s"),
        ("AGC settle time of the identity after a jump is 0 s", ident["settle_s"] == 0, f"{ident['settle_s']:.2f} s"),
        ("AGC settle time of a 20 dB gain ramp over 1.5 s is ~1.35 s", 1.0 <= ramped["settle_s"] <= 1.7,
         f"{ramped['settle_s']:.2f} s"),
        ("noise-floor rise of the identity is 0 dB", abs(ident["noise_rise_db"]) < 1e-9,
         f"{ident['noise_rise_db']:.2g} dB"),
    ]
