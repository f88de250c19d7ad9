"""The processors the audio benchmark compares, behind one call:

    run(name, task, near, far=None, rate=16000, delay_ms=0) -> Run

name: "edgeav" (edgeav.audio.Processor, when importable), "edgeav-ai" (the same with
ans="ai", the AI noise reduction; noise suppression only), "speexdsp" and "webrtc"
(the C/C++ harnesses in bench/anchors, compiled here at first use), "rnnoise"
(pyrnnoise, noise suppression only) and "input" (the identity, for reference).
task: "ans", "aec", "agc" or "3a" (all three). Signals are float64 in -1..1; every
processor gets int16 10 ms frames. The anchors are told the true bulk delay
(delay_ms); edgeav is told nothing.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

ANCHORS_SRC = Path(__file__).parent / "anchors"
ANCHORS_BIN = Path(__file__).parent / "out" / "anchors"
APT_PACKAGES = {"speexdsp": "libspeexdsp-dev", "webrtc-audio-processing": "libwebrtc-audio-processing-dev"}
AGC_TARGET_DBFS = -18.0
SPEEX_TAIL_MS = 300  # covers the dry room's tail and the strongest part of the reverberant one

EDGEAV_TASKS = {
    "ans": {"aec": False, "ans": "moderate", "agc": False},
    "aec": {"aec": True, "ans": None, "agc": False},
    "agc": {"aec": False, "ans": None, "agc": True, "agc_target_dbfs": AGC_TARGET_DBFS},
    "3a": {"aec": True, "ans": "moderate", "agc": True, "agc_target_dbfs": AGC_TARGET_DBFS},
}
# Harness arguments per task: the anchors' own 3A chains, configured like edgeav's.
SPEEX_TASKS = {"ans": ["denoise=1"], "aec": [], "agc": ["agc=1"], "3a": ["denoise=1", "agc=1"]}
WEBRTC_TASKS = {"ans": ["ns=moderate"], "aec": [], "agc": ["agc=1"], "3a": ["ns=moderate", "agc=1", "hpf=1"]}
TASKS_OF = {"input": ("ans", "aec", "agc", "3a"), "edgeav": ("ans", "aec", "agc", "3a"), "edgeav-ai": ("ans",),
            "speexdsp": ("ans", "aec", "agc", "3a"), "webrtc": ("ans", "aec", "agc", "3a"), "rnnoise": ("ans",)}


@dataclass
class Run:
    out: np.ndarray  # float64, as long as the input, not yet latency-compensated
    cpu_s: float  # thread CPU seconds of the processing loop alone
    stats: dict = field(default_factory=dict)  # edgeav: the last apm.stats(); trace: one per second


def to_i16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)


def from_i16(x: np.ndarray) -> np.ndarray:
    return x.astype(np.float64) / 32768.0


# --- edgeav -------------------------------------------------------------------
_EDGEAV_ERROR: str | None = None


def edgeav_audio():
    """edgeav.audio if it imports and has Processor, else None (see edgeav_error())."""
    global _EDGEAV_ERROR
    try:
        from edgeav import audio

        if not hasattr(audio, "Processor"):
            raise ImportError("edgeav.audio has no Processor")
        return audio
    except Exception as e:  # not built yet, or an older edgeav without audio
        _EDGEAV_ERROR = f"{type(e).__name__}: {e}"
        return None


def edgeav_error() -> str | None:
    return _EDGEAV_ERROR


def make_edgeav(task: str, rate: int, ans: str | None = None):
    config = dict(EDGEAV_TASKS[task], **({"ans": ans} if ans else {}))
    return edgeav_audio().Processor(sample_rate=rate, channels=1, **config)


def _run_edgeav_ai(task, near, far, rate, delay_ms) -> Run:
    return _run_edgeav(task, near, far, rate, delay_ms, ans="ai")


def _run_edgeav(task, near, far, rate, _delay_ms, ans: str | None = None) -> Run:
    apm = make_edgeav(task, rate, ans)
    n = apm.frame_size
    x = to_i16(near)
    y = np.zeros_like(x)
    f = to_i16(far) if far is not None else None
    trace = []
    cpu = 0.0
    for i in range(0, len(x) // n * n, n):
        t0 = time.thread_time()
        if f is not None:
            apm.process_reverse(f[i : i + n] if i + n <= len(f) else np.zeros(n, np.int16))
        y[i : i + n] = apm.process(x[i : i + n])
        cpu += time.thread_time() - t0
        if (i // n) % 100 == 99:
            trace.append(dict(apm.stats(), t=(i + n) / rate))
    stats = dict(apm.stats(), trace=trace, latency_samples=int(apm.latency_samples))
    return Run(from_i16(y), cpu, stats)


# --- the C/C++ anchors ---------------------------------------------------------
def _pkg_config(pkg: str) -> list[str] | None:
    r = subprocess.run(["pkg-config", "--cflags", "--libs", pkg], capture_output=True, text=True, check=False)
    return r.stdout.split() if r.returncode == 0 else None


def _ensure_package(pkg: str) -> list[str]:
    flags = _pkg_config(pkg)
    if flags is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"  installing {APT_PACKAGES[pkg]} (apt-get)", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", APT_PACKAGES[pkg]], check=False,
                       stdout=subprocess.DEVNULL)
        flags = _pkg_config(pkg)
    if flags is None:
        raise RuntimeError(f"{pkg} not found: apt-get install {APT_PACKAGES[pkg]}")
    # the library's headers are not ours to warn about: -I becomes -isystem
    return [a for f in flags for a in (["-isystem", f[2:]] if f.startswith("-I") else [f])]


def _compile(exe: str, source: str, compiler: list[str], pkg: str) -> Path:
    out = ANCHORS_BIN / exe
    src = ANCHORS_SRC / source
    deps = [src, ANCHORS_SRC / "anchor_io.h"]
    if out.exists() and all(out.stat().st_mtime >= d.stat().st_mtime for d in deps):
        return out
    ANCHORS_BIN.mkdir(parents=True, exist_ok=True)
    cmd = compiler + ["-O2", "-Wall", "-Wextra", str(src), "-o", str(out)] + _ensure_package(pkg) + ["-lm"]
    print("  $", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    return out


_ANCHOR_ERRORS: dict[str, str] = {}


def anchor_binary(name: str) -> Path | None:
    """Compiles (once) and returns the harness of `name`, or None if it cannot be built."""
    try:
        if name == "speexdsp":
            return _compile("speex_anchor", "speex_anchor.c", ["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L"],
                            "speexdsp")
        return _compile("webrtc_anchor", "webrtc_anchor.cpp", ["g++", "-std=c++17"], "webrtc-audio-processing")
    except (RuntimeError, subprocess.CalledProcessError, FileNotFoundError) as e:
        _ANCHOR_ERRORS[name] = str(e)
        return None


def anchor_error(name: str) -> str | None:
    return _ANCHOR_ERRORS.get(name)


def _run_harness(name, task, near, far, rate, delay_ms) -> Run:
    exe = anchor_binary(name)
    args = (SPEEX_TASKS if name == "speexdsp" else WEBRTC_TASKS)[task]
    with tempfile.TemporaryDirectory() as t:
        d = Path(t)
        to_i16(near).tofile(d / "near.raw")
        cmd = [str(exe), f"rate={rate}", f"near={d / 'near.raw'}", f"out={d / 'out.raw'}", *args,
               f"agc_dbfs={AGC_TARGET_DBFS}"]
        if task in ("aec", "3a"):
            to_i16(far).tofile(d / "far.raw")
            cmd += [f"far={d / 'far.raw'}", f"delay_ms={delay_ms:g}", f"tail_ms={SPEEX_TAIL_MS}"]
        r = subprocess.run(cmd, capture_output=True, text=True, check=True)
        out = from_i16(np.fromfile(d / "out.raw", np.int16))[: len(near)]
    cpu = float(r.stdout.split("cpu_s=")[1].split()[0])
    return Run(out, cpu)


# --- RNNoise -------------------------------------------------------------------
def _run_rnnoise(_task, near, _far, rate, _delay_ms) -> Run:
    """RNNoise works at 48 kHz on 480-sample frames in int16 scale; other rates are
    resampled around it (the resampling is not counted as its CPU time)."""
    import ctypes

    from pyrnnoise import rnnoise

    x48 = resample_poly(near, 48000 // rate, 1) if rate != 48000 else near
    x = np.clip(np.rint(x48 * 32768.0), -32768, 32767).astype(np.float32)
    y = np.zeros_like(x)
    state = rnnoise.create()
    ptr = ctypes.POINTER(ctypes.c_float)
    cpu = 0.0
    for i in range(0, len(x) // 480 * 480, 480):
        fin, fout = x[i : i + 480], y[i : i + 480]
        t0 = time.thread_time()
        rnnoise.lib.rnnoise_process_frame(state, fout.ctypes.data_as(ptr), fin.ctypes.data_as(ptr))
        cpu += time.thread_time() - t0
    rnnoise.destroy(state)
    out = y.astype(np.float64) / 32768.0
    out = resample_poly(out, 1, 48000 // rate) if rate != 48000 else out
    return Run(out[: len(near)], cpu)


def rnnoise_error() -> str | None:
    try:
        importlib.import_module("pyrnnoise.rnnoise")
    except Exception as e:  # no wheel for this platform
        return f"{type(e).__name__}: {e}"
    return None


def _run_input(_task, near, _far, _rate, _delay_ms) -> Run:
    return Run(from_i16(to_i16(near)), 0.0)


RUNNERS = {"input": _run_input, "edgeav": _run_edgeav, "edgeav-ai": _run_edgeav_ai, "speexdsp": _run_harness, "webrtc": _run_harness,
           "rnnoise": _run_rnnoise}


def available(name: str) -> str | None:
    """None if the processor can run here, else why not."""
    if name in ("edgeav", "edgeav-ai"):
        return None if edgeav_audio() else edgeav_error()
    if name in ("speexdsp", "webrtc"):
        return None if anchor_binary(name) else anchor_error(name)
    if name == "rnnoise":
        return rnnoise_error()
    return None


def run(name: str, task: str, near: np.ndarray, far: np.ndarray | None = None, rate: int = 16000,
        delay_ms: float = 0.0) -> Run:
    runner = RUNNERS[name]
    if name in ("speexdsp", "webrtc"):
        return runner(name, task, near, far, rate, delay_ms)
    return runner(task, near, far, rate, delay_ms)
