"""CPU cost of the whole 3A chain (AEC + ANS + AGC), one thread: CPU seconds per
second of audio on a 20 s double-talk scene at 16 kHz and the same scene resampled
to 48 kHz. Clock: the processing thread's CPU clock (time.thread_time for edgeav and
RNNoise around their frame calls; CLOCK_THREAD_CPUTIME_ID inside the anchor
harnesses around their loop), best of `repeats` runs, since other processes
share the machine. RNNoise is noise suppression only, 48 kHz native.
"""

from __future__ import annotations

import audio_processors as P
from audio_scenes import Scene
from scipy.signal import resample_poly


def at_rate(scene: Scene, rate: int) -> Scene:
    if rate == scene.rate:
        return scene
    k = rate // scene.rate
    mic, clean, far, echo = (resample_poly(x, k, 1) for x in (scene.mic, scene.clean, scene.far, scene.echo))
    return Scene(scene.name, rate, mic, clean, far, echo, scene.meta)


def cpu_per_audio_second(name: str, task: str, scene: Scene, repeats: int) -> float:
    seconds = len(scene.mic) / scene.rate
    best = min(P.run(name, task, scene.mic, scene.far, scene.rate, scene.meta["delay_ms"]).cpu_s
               for _ in range(repeats))
    return best / seconds


def edgeav_isa() -> str:
    """The ISAs edgeav's audio DSP tables use now (build_info), e.g. "fft=avx2 aec=avx2"."""
    import edgeav

    words = ("audio", "fft", "spectral", "aec", "ans", "agc")
    dsp = edgeav.build_info().get("dsp", {})
    return " ".join(f"{m}={'/'.join(sorted(set(map(str, e.values()))))}"
                    for m, e in sorted(dsp.items()) if any(w in m for w in words)) or "?"


def measure(procs: list[str], scene16: Scene, repeats: int) -> list[dict]:
    rows = []
    for rate in (16000, 48000):
        scene = at_rate(scene16, rate)
        for name in procs:
            task = "ans" if name == "rnnoise" else "3a"
            if name == "edgeav":
                rows += _edgeav_rows(scene, repeats)
            else:
                rows.append({"processor": name, "rate": rate, "task": task,
                             "cpu_per_s": cpu_per_audio_second(name, task, scene, repeats)})
    return rows


def _edgeav_rows(scene: Scene, repeats: int) -> list[dict]:
    import edgeav

    rows = []
    for label, mask in (("edgeav", None), ("edgeav C-only", [])):
        edgeav.set_cpu_mask(mask)
        try:
            rows.append({"processor": label, "rate": scene.rate, "task": "3a", "isa": edgeav_isa(),
                         "cpu_per_s": cpu_per_audio_second("edgeav", "3a", scene, repeats)})
        finally:
            edgeav.set_cpu_mask(None)
    return rows


def summarize(rows: list[dict]) -> dict:
    """cpu_per_s by processor and rate, for the tables and bars."""
    out: dict = {}
    for r in rows:
        out.setdefault(r["processor"], {})[r["rate"]] = r["cpu_per_s"]
    return out

