"""Noise suppression on material its rules were not chosen on (issue 14's advice: tune on
one set, confirm on another). bench/audio_bench.py's ANS scenes use the evaluation talkers
the AI noise reduction's gain rule was chosen on (CMU ARCTIC, the meeting's first 8.4 s);
this runs the same protocol on the alsa-utils words and the meeting's next 8.4 s, with
other noise draws (seeds 30-32), in white, pink and babble noise at 0/5/10 dB.

    python bench/ans_confirm_bench.py [--processors edgeav,edgeav-ai,rnnoise]

Prints each scene's PESQ-WB and STOI change over the noisy input (DNSMOS OVRL at 5 dB),
then per processor: the mean PESQ-WB gain at 0 and 5 dB, the worst STOI change in
babble, and the mean DNSMOS OVRL at 5 dB per noise. About 1 CPU minute per processor.
"""

from __future__ import annotations

import argparse

import audio_eval as E
import audio_scenes as S
import audio_speech
import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processors", default="edgeav,edgeav-ai,rnnoise")
    procs = ap.parse_args().processors.split(",")
    src = audio_speech.load(16000)
    scenes = S.noisy_scenes(src, S.confirm_targets(src), (0, 5, 10), ("white", "pink", "babble"), seed=30)
    lat = {p: {"ans": E.calibrate_latency(p, "ans", scenes[1].mic, src.rate)["used"]} for p in ["input", *procs]}
    pesq, babble_stoi, mos = {p: [] for p in procs}, {p: [] for p in procs}, {}
    print(f"{'scene':20s}" + "".join(f"  {p + ' dPESQ/dSTOI[/MOS]':>32s}" for p in procs))
    for s in scenes:
        row = E.eval_ans(s, procs, lat, s.meta["snr_db"] == 5)
        cells = []
        for p in procs:
            r = row[p]
            cell = f"{r['d_pesq']:+.2f}/{r['d_stoi']:+.3f}"
            if "dnsmos" in r:
                cell += f"/{r['dnsmos']['ovrl_mos']:.2f}"
                mos.setdefault((p, s.meta["noise"]), []).append(r["dnsmos"]["ovrl_mos"])
            cells.append(f"  {cell:>32s}")
            if s.meta["snr_db"] in (0, 5):
                pesq[p].append(r["d_pesq"])
            if s.meta["noise"] == "babble":
                babble_stoi[p].append(r["d_stoi"])
        print(f"{s.name:20s}" + "".join(cells), flush=True)
    print("\nprocessor     PESQ gain 0/5 dB (mean)  STOI babble (worst)  DNSMOS 5 dB white/pink/babble")
    for p in procs:
        m = "/".join(f"{np.mean(mos[(p, n)]):.2f}" for n in ("white", "pink", "babble"))
        print(f"{p:12s}  {np.mean(pesq[p]):+23.3f}  {min(babble_stoi[p]):+19.3f}  {m:>29s}")


if __name__ == "__main__":
    main()
