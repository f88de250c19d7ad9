"""Volume equalization benchmark (issue 14): talker turns 28 dB apart, equalized by
edgeav.audio.VolumeEqualizer, against FFmpeg's dynaudnorm and loudnorm (one pass) and
edgeav's own AGC, in one run.

    python bench/volume_eq_bench.py [--rates 48000,16000] [--target -18] [--mixed N] [--seed S]

Streams (REAL speech, audio_speech.py): five talker turns of 2.9-4 s at -40, -20, -32,
-12 and -30 dBFS, with pauses of 0.3-1 s, over the pyannote room ambience at its real
level (-62.6 dBFS mean, looped) from start to end. A turn's level is its active-speech
level (audio_metrics.active_level_db: the mean power of its 10 ms frames within 30 dB
of its loud frames, a simplified P.56), set before the room noise is added.
  tuning   arctic_male, meeting speaker 91 (1st turn), alsa words 1-3, meeting
           speaker 90 (2nd turn), arctic_female: the stream edgeav was tuned on;
  confirm  other utterances, other order: meeting speaker 91 (2nd turn, first
           3.5 s), alsa words 4-6, meeting speaker 90 (1st and 4th turns), meeting
           speaker 90 (3rd turn), alsa words 7-9.
Metrics, per processor and stream:
  spread   max - min over the turns of their integrated loudness (BS.1770-4: K-weighted,
           400 ms blocks every 100 ms, gated at -70 LUFS and -10 LU) from 300 ms into
           the turn to its end; bar <= 2 LU;
  mean     the turns' mean loudness against the target; bar within 2 LU;
  clipped  output samples at or beyond full scale (|x| >= 1 in float); bar 0;
  pause    the largest rise of a pause's level, output over input (dB), counted from
           150 ms into the pause (the last word's decay and release belong to speech);
           bar <= 3 dB: pauses are not lifted into audible noise;
  cpu      CPU time per 10 ms frame (time.thread_time; edgeav's includes the Python
           call, FFmpeg's is the child's user+sys over the stream).
Mixed streams (--mixed N, default 10; edgeav only): confirmation on talkers edgeav was not
tuned on, drawn from np.random.default_rng(rate) (the streams the pause and spread rules
were tuned on), or from (S, rate) with --seed S (streams tuning never looked at). Each
stream draws five turns (cut to 4 s) from a pool of real ones (the ARCTIC
utterances and 3-4 s stretches of the meeting speakers) and SYNTHETIC ones: six sentences
spoken by espeak-ng in six voices (apt-get installed when missing and running as root),
at the same five levels in a random order, with random pauses of 0.3-1 s.
The meter is checked at start against BS.1770's 48 kHz coefficient table and a 997 Hz
sine (0 dBFS peak, one channel: -3.01 LUFS). Writes bench/out/volume_eq_bench.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import audio_metrics as M
import audio_scenes as S
import audio_speech
import numpy as np
from scipy.signal import lfilter, resample_poly

OUT = Path(__file__).parent / "out"
LEVELS = (-40.0, -20.0, -32.0, -12.0, -30.0)
PAUSES_S = (0.5, 0.6, 0.4, 1.0, 0.3, 0.5)  # before the first turn, between turns, after the last
SKIP_S, PAUSE_SKIP_S = 0.3, 0.15
BARS = {"spread_lu": 2.0, "mean_error_lu": 2.0, "clipped": 0, "pause_rise_db": 3.0}


# --- BS.1770-4 loudness --------------------------------------------------------------
def k_filter(rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The two K-weighting biquads for `rate` (the analogue prototypes of BS.1770's table)."""
    k = np.tan(np.pi * 1681.974450955533 / rate)
    vh = 10 ** (3.999843853973347 / 20)
    vb = vh**0.4996667741545416
    q = 0.7071752369554196
    a0 = 1 + k / q + k * k
    shelf = (np.array([vh + vb * k / q + k * k, 2 * (k * k - vh), vh - vb * k / q + k * k]) / a0,
             np.array([a0, 2 * (k * k - 1), 1 - k / q + k * k]) / a0)
    k = np.tan(np.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    highpass = np.array([1.0, -2.0, 1.0]), np.array([a0, 2 * (k * k - 1), 1 - k / q + k * k]) / a0
    return [shelf, highpass]


def k_weighted(x: np.ndarray, rate: int) -> np.ndarray:
    for b, a in k_filter(rate):
        x = lfilter(b, a, x)
    return x


def integrated_lufs(kx: np.ndarray, rate: int) -> float:
    """Gated integrated loudness of an already K-weighted mono signal."""
    block, hop = int(0.4 * rate), int(0.1 * rate)
    if len(kx) < block:
        return float("nan")
    ms = np.array([np.mean(kx[i : i + block] ** 2) for i in range(0, len(kx) - block + 1, hop)])
    lufs = -0.691 + 10 * np.log10(ms + 1e-20)
    ms = ms[lufs > -70]
    if not len(ms):
        return -70.0
    relative = -0.691 + 10 * np.log10(np.mean(ms)) - 10
    ms = ms[-0.691 + 10 * np.log10(ms) > relative]
    return float(-0.691 + 10 * np.log10(np.mean(ms)))


def self_check() -> None:
    (b, a), (hb, ha) = k_filter(48000)
    assert np.allclose(b, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-8)
    assert np.allclose(a, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-8)
    assert np.allclose(ha, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-8)
    for rate in (16000, 48000):
        t = np.arange(5 * rate) / rate
        got = integrated_lufs(k_weighted(np.sin(2 * np.pi * 997 * t), rate), rate)
        assert abs(got + 3.01) < 0.05, (rate, got)


# --- streams ---------------------------------------------------------------------------
def turn(parts: list[np.ndarray], rate: int, max_s: float = 4.0) -> np.ndarray:
    return audio_speech.concat(parts, rate, gap_s=0.15)[: int(max_s * rate)]


def streams(rate: int) -> dict[str, list[np.ndarray]]:
    t = audio_speech.load(rate).talkers
    alsa, s90, s91 = t["alsa_words"], t["meeting_speaker90"], t["meeting_speaker91"]
    return {
        "tuning": [turn(t["arctic_male"], rate), turn(s91[:1], rate), turn(alsa[0:3], rate), turn(s90[1:2], rate),
                   turn(t["arctic_female"], rate)],
        "confirm": [turn([s91[1]], rate, 3.5), turn(alsa[3:6], rate), turn([s90[0], s90[3]], rate),
                    turn(s90[2:3], rate), turn(alsa[6:9], rate)],
    }


def build(turns: list[np.ndarray], rate: int, levels=LEVELS,
          pauses_s=PAUSES_S) -> tuple[np.ndarray, list[tuple[int, int]], list[tuple[int, int]]]:
    """(stream, turn spans, pause spans) in samples, lengths whole 10 ms frames: turn i at
    levels[i] dBFS after pause i, the last pause after the last turn."""
    hop = rate // 100
    pieces, spans, pauses, at = [], [], [], 0
    for i, p in enumerate(pauses_s):
        gap = int(round(p * rate / hop)) * hop
        pieces.append(np.zeros(gap))
        pauses.append((at, at + gap))
        at += gap
        if i < len(turns):
            x = S.set_active_level(turns[i][: len(turns[i]) // hop * hop], rate, levels[i])
            pieces.append(x)
            spans.append((at, at + len(x)))
            at += len(x)
    clean = np.concatenate(pieces)
    room = audio_speech.load(rate).room_noise
    return clean + S.loop_to(room, len(clean), rate), spans, pauses


SENTENCES = ("The quick brown fox jumps over the lazy dog near the river bank.",
             "Please remember to send the quarterly report before the meeting on Friday.",
             "We could not hear you clearly, could you repeat the last sentence again?",
             "The weather will be cloudy in the morning with light rain in the afternoon.",
             "I think the new design works better on small screens than the old one.",
             "Let us move on to the next item on the agenda and discuss the budget.")
VOICES = ("en-us", "en-gb+f3", "en-gb-scotland", "en-us+m4", "en-gb-x-rp+f2", "en-us+f4")


def espeak(text: str, voice: str, rate: int) -> np.ndarray:
    if not shutil.which("espeak-ng") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("  installing espeak-ng (apt-get)", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "espeak-ng"], check=False, stdout=subprocess.DEVNULL)
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "--stdout", text], capture_output=True,
                         check=True).stdout
    with wave.open(io.BytesIO(wav)) as f:
        x = np.frombuffer(f.readframes(f.getnframes()), np.int16) / 32768.0
        return resample_poly(x, rate, f.getframerate())


def mixed_pool(rate: int) -> list[tuple[str, np.ndarray]]:
    t = audio_speech.load(rate).talkers
    s90, s91 = t["meeting_speaker90"], t["meeting_speaker91"]
    real = [t["arctic_male"][0], t["arctic_female"][0], s91[0], s91[1][: int(3.5 * rate)], s91[1][int(2.5 * rate):],
            s90[1], s90[2]]
    synthetic = [espeak(text, voice, rate) for text, voice in zip(SENTENCES, VOICES)]
    return [("real", x[: 4 * rate]) for x in real] + [("tts", x[: 4 * rate]) for x in synthetic]


def mixed_stream(pool: list[tuple[str, np.ndarray]], rate: int, rng) -> tuple[np.ndarray, list, list, list[str]]:
    """build() from five random turns of the pool at the five levels in a random order."""
    picks, levels = rng.choice(len(pool), len(LEVELS), replace=False), rng.permutation(LEVELS)
    x, spans, pauses = build([pool[j][1] for j in picks], rate, levels, rng.uniform(0.3, 1.0, len(LEVELS) + 1))
    labels = [f"{pool[j][0]}{level:+.0f}" for j, level in zip(picks, levels)]
    return x, spans, pauses, labels


def mixed_results(rate: int, count: int, target: float, seed: int | None = None) -> list[dict]:
    from edgeav import audio

    # Without a seed, the streams the equalizer was tuned on; with one, others.
    rng = np.random.default_rng(rate if seed is None else [seed, rate])
    pool, results = mixed_pool(rate), []
    print(f"\n{rate} Hz, {count} mixed streams (real and espeak-ng turns, seed {seed}), edgeav VolumeEqualizer, "
          f"target {target} LUFS")
    for k in range(count):
        x, spans, pauses, labels = mixed_stream(pool, rate, rng)
        y, _ = run_frames(audio.VolumeEqualizer(rate, 1, target), x, rate, np.float32)
        m = measure(x, y, rate, spans, pauses, target)
        m.update(rate=rate, stream=f"mixed{k}", processor="edgeav VolumeEqualizer", turns=labels, verdict=verdict(m))
        results.append(m)
        print(f"  mixed {k:2d}  spread {m['spread_lu']:4.1f} LU  mean {m['mean_error_lu']:+4.1f}  clipped "
              f"{m['clipped']}  pause {m['pause_rise_db']:+4.1f} dB  "
              + " ".join(f"{a}:{v:.1f}" for a, v in zip(labels, m["turn_lufs"])) + f"  {m['verdict']}")
    spreads = [m["spread_lu"] for m in results]
    print(f"  {sum(m['verdict'] == 'PASS' for m in results)} of {count} pass; spread mean {np.mean(spreads):.2f}, "
          f"worst {max(spreads):.2f} LU")
    return results


# --- processors --------------------------------------------------------------------
def run_frames(proc, x: np.ndarray, rate: int, dtype) -> tuple[np.ndarray, float]:
    hop = rate // 100
    src = (np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16) if dtype == np.int16
           else x.astype(np.float32))
    out = np.empty_like(src)
    t0 = time.thread_time()
    for i in range(0, len(src), hop):
        proc.process(src[i : i + hop], out=out[i : i + hop])
    cpu = (time.thread_time() - t0) / (len(src) // hop)
    return (out.astype(np.float64) / 32768.0 if dtype == np.int16 else out.astype(np.float64)), cpu


def run_ffmpeg(graph: str, x: np.ndarray, rate: int) -> tuple[np.ndarray, float]:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:",
           "-af", graph, "-ar", str(rate), "-f", "f32le", "pipe:"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    y = np.frombuffer(subprocess.run(cmd, input=x.astype(np.float32).tobytes(), capture_output=True, check=True).stdout,
                      np.float32).astype(np.float64)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / (len(x) // (rate // 100))
    lag = M.find_latency(x, y, int(0.5 * rate))  # FFmpeg aligns its output; checked, not assumed
    y = np.concatenate([y, np.zeros(max(0, len(x) - len(y)))])[: len(x)]
    return M.align(y, lag), cpu


def processors(rate: int, target: float) -> dict:
    from edgeav import audio

    return {
        "edgeav VolumeEqualizer": lambda x: run_frames(audio.VolumeEqualizer(rate, 1, target), x, rate, np.float32),
        "edgeav VolumeEqualizer int16": lambda x: run_frames(audio.VolumeEqualizer(rate, 1, target), x, rate, np.int16),
        "edgeav AGC (3A, AGC only)": lambda x: run_frames(
            audio.Processor(rate, 1, aec=False, ans=None, agc=True, agc_target_dbfs=target), x, rate, np.float32),
        "FFmpeg dynaudnorm": lambda x: run_ffmpeg("dynaudnorm", x, rate),
        "FFmpeg loudnorm (1 pass)": lambda x: run_ffmpeg(f"loudnorm=I={target}:TP=-1:LRA=11", x, rate),
    }


def measure(x: np.ndarray, y: np.ndarray, rate: int, spans, pauses, target: float) -> dict:
    ky = k_weighted(y, rate)
    skip = int(SKIP_S * rate)
    turns = [integrated_lufs(ky[a + skip : b], rate) for a, b in spans]
    rises = []
    for a, b in pauses:
        a += int(PAUSE_SKIP_S * rate)
        if b - a >= rate // 100:
            rises.append(M.db(float(np.mean(y[a:b] ** 2))) - M.db(float(np.mean(x[a:b] ** 2))))
    return {"turn_lufs": [round(v, 2) for v in turns], "spread_lu": max(turns) - min(turns),
            "mean_error_lu": float(np.mean(turns)) - target, "clipped": int(np.sum(np.abs(y) >= 1.0)),
            "pause_rise_db": max(rises), "pause_rises_db": [round(v, 1) for v in rises]}


def verdict(m: dict) -> str:
    ok = (m["spread_lu"] <= BARS["spread_lu"] and abs(m["mean_error_lu"]) <= BARS["mean_error_lu"]
          and m["clipped"] <= BARS["clipped"] and m["pause_rise_db"] <= BARS["pause_rise_db"])
    return "PASS" if ok else "FAIL"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rates", default="48000,16000")
    ap.add_argument("--target", type=float, default=-18.0)
    ap.add_argument("--mixed", type=int, default=10, help="mixed confirmation streams per rate (0: none)")
    ap.add_argument("--seed", type=int, default=None,
                    help="draw the mixed streams from this seed (default: the rate, the streams tuned on)")
    args = ap.parse_args()
    self_check()
    results = []
    for rate in (int(r) for r in args.rates.split(",")):
        procs = processors(rate, args.target)
        for name, turns in streams(rate).items():
            x, spans, pauses = build(turns, rate)
            kx = k_weighted(x, rate)
            inputs = [integrated_lufs(kx[a + int(SKIP_S * rate) : b], rate) for a, b in spans]
            print(f"\n{rate} Hz, {name} stream ({len(x) / rate:.1f} s): input turns "
                  + " ".join(f"{v:.1f}" for v in inputs) + f" LUFS, target {args.target} LUFS")
            print(f"  {'':30s} {'spread LU':>9s} {'mean-tgt':>8s} {'clipped':>7s} {'pause dB':>8s} "
                  f"{'cpu us/10ms':>11s}  turns (LUFS)")
            for pname, fn in procs.items():
                y, cpu = fn(x)
                m = measure(x, y, rate, spans, pauses, args.target)
                m.update(rate=rate, stream=name, processor=pname, cpu_us_per_frame=cpu * 1e6, verdict=verdict(m),
                         input_turn_lufs=[round(v, 2) for v in inputs])
                results.append(m)
                print(f"  {pname:30s} {m['spread_lu']:9.1f} {m['mean_error_lu']:+8.1f} {m['clipped']:7d} "
                      f"{m['pause_rise_db']:+8.1f} {m['cpu_us_per_frame']:11.0f}  "
                      + " ".join(f"{v:.1f}" for v in m["turn_lufs"]) + f"  {m['verdict']}")
        if args.mixed:
            results += mixed_results(rate, args.mixed, args.target, args.seed)
    print(f"\nbars: spread <= {BARS['spread_lu']} LU, |mean - target| <= {BARS['mean_error_lu']} LU, "
          f"no clipped sample, pauses raised <= {BARS['pause_rise_db']} dB")
    OUT.mkdir(exist_ok=True)
    (OUT / "volume_eq_bench.json").write_text(json.dumps({"target_lufs": args.target, "bars": BARS,
                                                          "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
