"""`python -m edgeav audio near.wav [--far far.wav] -o out.wav [--no-aec] [--no-agc] [--ans LEVEL|off]
[--aec-mode speech|music] [--volume-eq [--target-lufs -18]]`.

--aec-mode music (Professional audio) keeps a near-end instrument intact (music
lessons, karaoke): see edgeav.audio.

--volume-eq runs the volume equalizer (edgeav.audio.VolumeEqualizer, Professional
audio) after the 3A chain; with --no-agc --ans off and no --far the chain does
nothing and the equalizer runs alone (the playback-side use: a received stream).

16-bit PCM WAV in and out (the stdlib wave module); mono or multi-channel at 16,
32 or 48 kHz. The far end, when given, must have the near end's rate and channel
count; where it is shorter, silence follows. The output is as long as the input
and aligned with it (the chain's latency is compensated).
"""

from __future__ import annotations

import argparse
import sys
import wave

import numpy as np

from . import _core


def add_parser(sub) -> None:
    p = sub.add_parser("audio", help="3A (echo cancellation, noise suppression, gain control) of a 16-bit WAV")
    p.add_argument("near", help="microphone recording, 16-bit PCM WAV at 16, 32 or 48 kHz")
    p.add_argument("--far", help="what the loudspeaker played (same rate and channels); enables echo cancellation")
    p.add_argument("-o", "--output", required=True, help="16-bit PCM WAV")
    p.add_argument("--no-aec", action="store_true", help="no echo cancellation")
    p.add_argument("--no-agc", action="store_true", help="no gain control")
    p.add_argument("--ans", default="moderate", choices=["off", "low", "moderate", "high", "very_high", "ai"],
                   help="noise suppression level; ai: the AI noise reduction, Professional audio "
                        "(default %(default)s)")
    p.add_argument("--aec-mode", default="speech", choices=["speech", "music"],
                   help="music: keep near-end music (lessons, karaoke), Professional audio (default %(default)s)")
    p.add_argument("--agc-target", type=float, default=-18.0, help="AGC target level, dBFS (default %(default)s)")
    p.add_argument("--volume-eq", action="store_true",
                   help="volume equalization after the 3A chain (alone with --no-agc --ans off and no --far): "
                        "every talker leaves at --target-lufs")
    p.add_argument("--target-lufs", type=float, default=-18.0,
                   help="volume equalizer target, LUFS of speech, -40..-8 (default %(default)s)")
    p.set_defaults(run=run)


def read_wav(path: str) -> tuple[np.ndarray, int]:
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise _core.InvalidArgument(f"{path}: only 16-bit PCM WAV is supported")
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.int16)
        return x.reshape(-1, w.getnchannels()), w.getframerate()


def run(args: argparse.Namespace) -> int:
    near, rate = read_wav(args.near)
    channels = near.shape[1]
    far = None
    if args.far and not args.no_aec:
        far, far_rate = read_wav(args.far)
        if far_rate != rate or far.shape[1] != channels:
            print("edgeav audio: --far must have the near end's sample rate and channel count", file=sys.stderr)
            return 2
    apm = _core.AudioProcessor(rate, channels, aec=far is not None, ans=None if args.ans == "off" else args.ans,
                               agc=not args.no_agc, agc_target_dbfs=args.agc_target, aec_mode=args.aec_mode)
    veq = _core.VolumeEqualizer(rate, channels, args.target_lufs) if args.volume_eq else None
    n, lat = apm.frame_size, apm.latency_samples
    # Zeros after the input flush the chain's latency out; the partial last frame is padded.
    frames = -(-(len(near) + lat) // n)
    padded = np.zeros((frames * n, channels), np.int16)
    padded[: len(near)] = near
    out = np.empty_like(padded)
    silence = np.zeros((n, channels), np.int16)
    for i in range(0, frames * n, n):
        if far is not None:
            chunk = far[i : i + n]
            apm.process_reverse(chunk if len(chunk) == n else silence)
        apm.process(padded[i : i + n], out=out[i : i + n])
        if veq is not None:
            veq.process(out[i : i + n], out=out[i : i + n])
    with wave.open(args.output, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(out[lat : lat + len(near)].astype("<i2").tobytes())
    return 0
