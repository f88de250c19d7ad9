"""Echo cancellation music mode benchmark (issue 14, part 3): a near-end instrument
(online music lessons, karaoke) against far-end speech echo, speech mode against
music mode, in one run, single-threaded.

    python bench/aec_music_bench.py [--rates 16000,48000] [--no-anchors] [--json PATH]

Scenes (deterministic; 24 s each):
  0-8 s    far end only (its echo and the room noise at the microphone)
  8-16 s   double talk: the far end goes on, the near end plays
  16-24 s  the instrument alone (the far end is silent)
  piano    tuned on: General MIDI acoustic grand piano, a chorale in C (held
           chords under a melody, sustain), far end = the pyannote meeting
           conversation, dry room, 120 ms bulk delay;
  strings  confirmation, not tuned on: a violin melody of long bowed notes over a
           nylon guitar, in D minor, far end = the two CMU ARCTIC talkers (looped),
           reverberant room (RT60 ~0.6 s), 250 ms bulk delay.
The instruments are MIDI written here (a small standard-MIDI-file writer) and
rendered by fluidsynth with Debian's FluidR3_GM soundfont (apt-get installed when
missing and running as root), at the scene's rate. The far end goes through the
echo path of the AEC scenes of audio_bench (tanh loudspeaker, pyroomacoustics
room, bulk delay, real room noise at -65 dBFS; audio_scenes.py); echo and
instrument have the same active level at the microphone (-26 dBFS).

Metrics, on the whole default chain (AEC + ANS moderate + AGC) as an app runs it:
  ERLE     far-only segment from 2 s (convergence), echo-active 10 ms frames:
           microphone power / output power;
  SDR      of the instrument, output aligned by Processor.latency_samples, scale
           invariant (the best scalar gain on the reference): double talk from
           8.25 s, instrument alone from 16.5 s (the room's echo tail gone).
Bars: music mode ERLE >= 25 dB, SDR >= 10 dB in double talk and >= 20 dB with the
instrument alone, on both scenes and both rates. speexdsp and WebRTC audio
processing 0.3 AEC (bench/anchors, told the true delay) are reference rows.
Writes bench/out/aec_music_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import audio_metrics as M
import audio_processors as P
import audio_scenes as S
import audio_speech
import numpy as np
from audio_speech import CACHE, read_wav

OUT = Path(__file__).parent / "out"
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
APT = ["fluidsynth", "fluid-soundfont-gm"]
FAR_END_S, DT_END_S, END_S = 8.0, 16.0, 24.0
ERLE_FROM_S, DT_FROM_S, SOLO_FROM_S = 2.0, 8.25, 16.5
NEAR_DBFS = S.SPEECH_DBFS  # the instrument at the microphone, as loud as the echo
BARS = {"erle_db": 25.0, "sdr_dt_db": 10.0, "sdr_solo_db": 20.0}


# --- a standard MIDI file writer (format 0, one track) --------------------------
def _vlq(n: int) -> bytes:
    out = [n & 0x7F]
    while n > 0x7F:
        n >>= 7
        out.append(0x80 | (n & 0x7F))
    return bytes(reversed(out))


def midi_file(notes: list[tuple[float, float, int, int, int]], bpm: float, programs: dict[int, int],
              sustain: list[tuple[float, float, int]] = (), ppq: int = 480) -> bytes:
    """notes: (start beat, length in beats, MIDI pitch, velocity, channel);
    programs: channel -> General MIDI program; sustain: (from beat, to beat, channel)
    of the sustain pedal."""
    events = []  # (tick, order, bytes): note-offs before note-ons at the same tick
    for ch, prog in programs.items():
        events.append((0, 0, bytes([0xC0 | ch, prog])))
    for start, length, pitch, vel, ch in notes:
        on, off = round(start * ppq), round((start + length) * ppq)
        events.append((on, 2, bytes([0x90 | ch, pitch, vel])))
        events.append((off, 1, bytes([0x80 | ch, pitch, 0])))
    for a, b, ch in sustain:
        events.append((round(a * ppq), 1, bytes([0xB0 | ch, 64, 127])))
        events.append((round(b * ppq), 0, bytes([0xB0 | ch, 64, 0])))
    tempo = round(60e6 / bpm)
    track = b"\x00\xff\x51\x03" + tempo.to_bytes(3, "big")
    tick = 0
    for t, _, data in sorted(events, key=lambda e: (e[0], e[1])):
        track += _vlq(t - tick) + data
        tick = t
    track += b"\x00\xff\x2f\x00"
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, ppq) + b"MTrk" + struct.pack(">I", len(track)) + track


def _chord_notes(chords, beats_per_chord, vel, ch):
    return [(i * beats_per_chord, beats_per_chord, p, vel, ch) for i, chord in enumerate(chords) for p in chord]


def piano_chorale() -> bytes:
    """C major, 4/4 at 66 bpm: whole-bar chords (left hand) under a melody of
    quarters and halves, the pedal held through each bar (bars of 3.6 s)."""
    C, Am, F, G, Em, Dm = (48, 55, 64), (45, 52, 60), (41, 53, 60), (43, 50, 59), (40, 52, 59), (38, 53, 57)
    chords = [C, Am, F, G, Em, Am, Dm, G, C]
    melody = [(76, 1), (74, 1), (72, 2), (72, 1), (71, 1), (69, 2), (69, 1), (72, 1), (77, 2), (74, 3), (71, 1),
              (71, 2), (67, 2), (69, 1), (71, 1), (72, 2), (74, 2), (77, 2), (79, 1), (77, 1), (74, 2),
              (72, 4)]
    notes = _chord_notes(chords, 4, 70, 0)
    beat = 0.0
    for pitch, length in melody:
        notes.append((beat, length, pitch, 88, 0))
        beat += length
    sustain = [(4 * b + 0.05, 4 * b + 3.9, 0) for b in range(len(chords))]
    return midi_file(notes, 66, {0: 0}, sustain)


def strings_piece() -> bytes:
    """D minor, 3/4 at 84 bpm: a violin (GM 41) in long bowed notes over a nylon
    guitar (GM 25) picking each chord's arpeggio (bars of 2.1 s)."""
    Dm, Bb, F, A7, Gm, C = (50, 57, 62, 65), (46, 53, 58, 62), (41, 53, 57, 60), (45, 52, 55, 61), (43, 55, 58, 62), (48, 52, 55, 60)
    chords = [Dm, Dm, Bb, F, Gm, A7, Dm, C, F, Bb, A7, Dm]
    notes = []
    for b, chord in enumerate(chords):
        for i, p in enumerate((chord[0], chord[1], chord[2], chord[3], chord[2], chord[1])):
            notes.append((3 * b + 0.5 * i, 1.5 if i else 3.0, p, 80, 1))
    violin = [(74, 6), (76, 3), (77, 3), (74, 3), (72, 3), (70, 4.5), (69, 1.5), (73, 3), (74, 6), (72, 3),
              (69, 6), (70, 3), (73, 3), (74, 6)]
    beat = 0.0
    for pitch, length in violin:
        notes.append((beat, length - 0.05, pitch, 96, 0))
        beat += length
    return midi_file(notes, 84, {0: 40, 1: 24})


PIECES = {"piano": piano_chorale, "strings": strings_piece}


def _ensure_fluidsynth() -> None:
    if shutil.which("fluidsynth") and SOUNDFONT.exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"  installing {' '.join(APT)} (apt-get)", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", *APT], check=False, stdout=subprocess.DEVNULL)
    if not (shutil.which("fluidsynth") and SOUNDFONT.exists()):
        raise RuntimeError(f"fluidsynth or {SOUNDFONT} missing: apt-get install {' '.join(APT)}")


def render(piece: str, rate: int) -> np.ndarray:
    """The piece rendered by fluidsynth at `rate` (mono, float64), cached."""
    wav = CACHE / f"music_{piece}_{rate}.wav"
    mid = CACHE / f"music_{piece}.mid"
    data = PIECES[piece]()
    if not (wav.exists() and mid.exists() and mid.read_bytes() == data):
        _ensure_fluidsynth()
        CACHE.mkdir(parents=True, exist_ok=True)
        mid.write_bytes(data)
        cmd = ["fluidsynth", "-ni", "-q", "-F", str(wav), "-r", str(rate), str(SOUNDFONT), str(mid)]
        print("  $", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return read_wav(wav, rate)


# --- scenes ----------------------------------------------------------------------
SCENES = {  # name: (instrument, far-end talkers, room, bulk delay ms)
    "piano": ("piano", "meeting", "dry", 120.0),
    "strings": ("strings", "arctic", "reverb", 250.0),
}


def far_end(src: audio_speech.Sources, which: str, n: int) -> np.ndarray:
    if which == "meeting":
        x = src.meeting
    else:
        t = src.talkers
        x = audio_speech.concat(t["arctic_female"] + t["arctic_male"], src.rate, gap_s=0.3)
    x = S.loop_to(x, n, src.rate) if len(x) < n else x[:n]
    return x


def make_scene(src: audio_speech.Sources, name: str) -> S.Scene:
    instrument, talkers, room, delay_ms = SCENES[name]
    rate = src.rate
    n = int(END_S * rate)
    far = np.zeros(n)
    m = int(DT_END_S * rate)
    far[:m] = S.set_active_level(far_end(src, talkers, m), rate, S.FAR_DBFS)
    rir, rt60 = S.room_rir(room, rate)
    echo = S.echo_through(far, [rir], n, int(delay_ms * rate / 1000), rate)
    echo *= 10 ** ((S.ECHO_DBFS - M.active_level_db(echo[:m], rate)) / 20)
    music = render(instrument, rate)
    s = int(FAR_END_S * rate)
    clean = np.zeros(n)
    part = music[: n - s]
    clean[s : s + len(part)] = part
    clean = S.set_active_level(clean, rate, NEAR_DBFS)
    noise = S.set_rms(S.room_noise(src, n, np.random.default_rng(7)), S.MIC_NOISE_DBFS)
    meta = {"instrument": instrument, "far_end": talkers, "room": room, "rt60_s": rt60, "delay_ms": delay_ms}
    return S.Scene(name, rate, echo + clean + noise, clean, far, echo, meta)


# --- metrics -----------------------------------------------------------------------
def sdr_db(reference: np.ndarray, out: np.ndarray) -> float:
    """Scale-invariant SDR: the best scalar gain on the reference, the rest is error."""
    a = float(np.dot(out, reference) / max(np.dot(reference, reference), 1e-20))
    err = out - a * reference
    return 10 * np.log10(max(a * a * float(np.dot(reference, reference)), 1e-20) / max(float(np.dot(err, err)), 1e-20))


def measure(scene: S.Scene, out: np.ndarray, latency: int) -> dict:
    rate = scene.rate
    y = M.align(out, latency)
    mask = M.active_mask(scene.echo, rate)
    mask[: int(ERLE_FROM_S / M.FRAME_S)] = False
    mask[int(FAR_END_S / M.FRAME_S):] = False
    dt = slice(int(DT_FROM_S * rate), int(DT_END_S * rate))
    solo = slice(int(SOLO_FROM_S * rate), int((END_S - 0.1) * rate))
    return {"erle_db": float(M.erle_db(scene.mic, y, rate, mask)),
            "sdr_dt_db": float(sdr_db(scene.clean[dt], y[dt])), "sdr_solo_db": float(sdr_db(scene.clean[solo], y[solo])),
            "sdr_dt_input_db": float(sdr_db(scene.clean[dt], scene.mic[dt]))}


def run_edgeav(scene: S.Scene, mode: str) -> tuple[np.ndarray, int, float]:
    from edgeav import audio

    apm = audio.Processor(sample_rate=scene.rate, aec_mode=mode)
    n = apm.frame_size
    x, f = P.to_i16(scene.mic), P.to_i16(scene.far)
    y = np.zeros_like(x)
    cpu = 0.0
    for i in range(0, len(x) // n * n, n):
        t0 = time.thread_time()
        apm.process_reverse(f[i : i + n])
        y[i : i + n] = apm.process(x[i : i + n])
        cpu += time.thread_time() - t0
    return P.from_i16(y), apm.latency_samples, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rates", default="16000,48000")
    ap.add_argument("--scenes", default=",".join(SCENES))
    ap.add_argument("--no-anchors", action="store_true")
    ap.add_argument("--json", type=Path, default=OUT / "aec_music_bench.json")
    args = ap.parse_args()
    rows = []
    anchors = [] if args.no_anchors else [a for a in ("speexdsp", "webrtc") if P.available(a) is None]
    for rate in map(int, args.rates.split(",")):
        src = audio_speech.load(rate)
        for name in args.scenes.split(","):
            scene = make_scene(src, name)
            for mode in ("speech", "music"):
                out, latency, cpu = run_edgeav(scene, mode)
                rows.append({"scene": name, "rate": rate, "processor": f"edgeav {mode}", **measure(scene, out, latency),
                             "cpu_s_per_s": cpu / END_S})
            for a in anchors:
                r = P.run(a, "aec", scene.mic, scene.far, rate, scene.meta["delay_ms"])
                # the anchors' own latency, from the instrument alone
                solo = slice(int(SOLO_FROM_S * rate), len(scene.clean))
                lat = M.find_latency(scene.clean[solo], r.out[solo], int(0.05 * rate))
                rows.append({"scene": name, "rate": rate, "processor": f"{a} aec", **measure(scene, r.out, lat),
                             "cpu_s_per_s": r.cpu_s / END_S})
            print(f"  {name} {rate} Hz done", file=sys.stderr)

    head = (f"{'scene':8} {'rate':>6} {'processor':15} {'ERLE far':>9} {'SDR dt':>7} {'SDR solo':>9} "
            f"{'(input dt)':>10} {'CPU s/s':>8}  bars (ERLE>=25, dt>=10, solo>=20)")
    print(head)
    verdicts = []
    for r in rows:
        ok = [bool(r[k] >= v) for k, v in BARS.items()]
        r["bars"] = dict(zip(BARS, ok))
        mark = " ".join("PASS" if o else "MISS" for o in ok) if r["processor"] == "edgeav music" else ""
        if r["processor"] == "edgeav music":
            verdicts.append(all(ok))
        print(f"{r['scene']:8} {r['rate']:>6} {r['processor']:15} {r['erle_db']:9.1f} {r['sdr_dt_db']:7.1f} "
              f"{r['sdr_solo_db']:9.1f} {r['sdr_dt_input_db']:10.1f} {r['cpu_s_per_s']:8.3f}  {mark}")
    print(f"music mode bars: {'all PASS' if all(verdicts) else 'MISSED'} ({sum(verdicts)}/{len(verdicts)} rows)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"cpu": platform.processor() or platform.machine(),
                                                 "python": platform.python_version()},
                                     "bars": BARS, "scenes": {k: list(v) for k, v in SCENES.items()},
                                     "rows": rows}, indent=1))
    print(f"wrote {args.json}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
