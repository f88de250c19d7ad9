"""The libFuzzer harnesses of cpp/fuzz through tools/fuzz.sh: each fuzzes for a
short while (its committed seeds, regression inputs included, run first) and must
finish without a crash, leak, timeout or sanitizer report; and the selftest
harness's deliberate bugs must each fail a run, so a clean run means something.
Long runs and their totals: bench/RESULTS.md, "Fuzzing"."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from native_build import ROOT, require

pytestmark = pytest.mark.native_build

FUZZ_SH = ROOT / "tools" / "fuzz.sh"
HARNESSES = ("license", "frame", "encoder", "audio")
SECONDS = 25  # per harness; two run at a time


def fuzz(target: str, seconds: int, *args: str) -> tuple[int, str, int]:
    """Runs tools/fuzz.sh; returns its exit status, output and execution count."""
    result = subprocess.run(["bash", str(FUZZ_SH), target, str(seconds), *args], capture_output=True, text=True,
                            timeout=seconds + 300)
    output = result.stdout + result.stderr
    m = re.search(rf"fuzz\.sh: {target}: (\d+) executions, exit status (\d+)", output)
    assert m, output[-4000:]
    assert int(m.group(2)) == result.returncode, output[-4000:]
    return result.returncode, output, int(m.group(1))


@pytest.fixture(scope="module")
def built():
    require("cmake", "pip install '.[test]' provides it")
    require("ninja", "pip install '.[test]' provides it")
    if not any(shutil.which(f"clang++{v}") for v in ("", "-18", "-17", "-16", "-15", "-14")):
        require("clang++", "apt-get install clang libclang-rt-dev (libFuzzer)")
    result = subprocess.run(["bash", str(FUZZ_SH), "build"], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line]
    assert not warnings, "compiler warnings:\n" + "\n".join(warnings[:20])


@pytest.fixture(scope="module")
def runs(built):
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return dict(zip(HARNESSES, pool.map(lambda t: fuzz(t, SECONDS), HARNESSES)))


@pytest.mark.parametrize("target", HARNESSES)
def test_harness_runs_clean(runs, target):
    status, output, executions = runs[target]
    assert status == 0, output[-6000:]
    assert executions > 0, output[-3000:]


@pytest.mark.parametrize("prefix, report", [
    (b"!A", "heap-buffer-overflow"),
    (b"!L", "detected memory leaks"),
    (b"!U", "signed integer overflow"),
    (b"!T", "ALARM: working on the last Unit"),
])
def test_a_bug_fails_the_run(built, tmp_path, prefix, report):
    """Reproducer mode: each kind of report is a failed run."""
    (tmp_path / "input").write_bytes(prefix + b"x")
    status, output, _ = fuzz("selftest", 0, str(tmp_path / "input"), "-timeout=2", f"-artifact_prefix={tmp_path}/")
    assert status != 0 and report in output, output[-3000:]


def test_clean_input_passes(built, tmp_path):
    (tmp_path / "input").write_bytes(b"!?")
    status, output, executions = fuzz("selftest", 0, str(tmp_path / "input"))
    assert status == 0 and executions >= 1, output[-3000:]


def test_fuzzing_finds_a_bug(built, tmp_path):
    """Fuzzing mode: the selftest's two-byte triggers are found and the run fails with a crash file."""
    status, output, executions = fuzz("selftest", 120, "-timeout=2", "-seed=1", f"-artifact_prefix={tmp_path}/",
                                      f"-exact_artifact_path={tmp_path}/crash")
    assert status != 0 and executions > 0, output[-3000:]
    assert (tmp_path / "crash").read_bytes()[:1] == b"!"
