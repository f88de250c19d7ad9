"""The whole 3A chain on the echo scenes of bench/audio_bench.py (issue 14's Standard-chain
shortfalls): what an app that keeps the defaults gets, where audio_bench.py measures each
stage alone.

    python bench/audio_chain_bench.py [--processors edgeav,speexdsp,webrtc] [--full]

Scenes (audio_scenes.aec_scenes: real far-end speech through a dry and a reverberant room,
bulk delay 0 and 250 ms, or all four delays with --full): far-end single talk (ERLE over
the echo-active frames after the first seconds) and double talk (PESQ-WB of the near end
from the double-talk start), each processed twice: the canceller alone ("aec") and the
chain of canceller, noise suppressor and AGC ("3a": edgeav's defaults, speexdsp's and
WebRTC's chains as audio_processors.py configures them). An AGC after the canceller that
takes the residual for speech raises the echo again: the 3a ERLE shows it.
"""

from __future__ import annotations

import argparse
import sys

import audio_eval as E
import audio_metrics as M
import audio_scenes as S
import audio_speech


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processors", default="edgeav,speexdsp,webrtc")
    ap.add_argument("--full", action="store_true", help="all four bulk delays")
    args = ap.parse_args()
    procs = args.processors.split(",")
    src = audio_speech.load(16000)
    scenes = [s for s in S.aec_scenes(src, quick=not args.full) if not s.name.startswith("change")]
    probe = S.ans_scenes(src, True)[0].mic
    print(f"{'task':5s} {'scene':18s} " + " ".join(f"{p:>10s}" for p in ["input", *procs]) + "   (ERLE dB / PESQ-WB)")
    for task in ("aec", "3a"):
        lat = {p: E.calibrate_latency(p, task, probe, 16000)["used"] for p in ["input", *procs]}
        for sc in scenes:
            cells = []
            for p in ["input", *procs]:
                out, _ = E._processed(p, task, sc, lat[p], sc.meta["delay_ms"])
                if sc.name.startswith("st/"):
                    cells.append(M.erle_db(sc.mic, out, sc.rate, E._echo_mask(sc, E.ERLE_SKIP_S)))
                else:
                    s = int(E.DT_START_S * sc.rate)
                    cells.append(M.pesq_wb(sc.clean[s:], out[s:]))
            print(f"{task:5s} {sc.name:18s} " + " ".join(f"{v:10.2f}" for v in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
