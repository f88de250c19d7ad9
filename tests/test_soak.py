"""The soak (bench/soak.py): every line in parallel threads with run-time
changes and license switching for a minute, with RSS, descriptors and threads
flat after the warm-up; and its flatness check, on synthetic series, fails
where it should."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def soak():
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.subprocess
def test_soak_one_minute(tmp_path):
    out = tmp_path / "soak.json"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), "--minutes", "1", "--json", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["ok"] and not report["failures"]
    assert {c["name"]: c["ok"] for c in report["checks"]} == {"RSS": True, "open fds": True, "threads": True}
    # Every component did work, and the license thread switched modes many times.
    assert set(report["iterations"]) == {"video_i420", "video_nv12", "audio", "sr", "adjust", "license"}
    assert min(report["iterations"].values()) >= 10
    assert "soak PASSED" in result.stdout


def series(n=240, seconds=60.0):
    return np.linspace(0, seconds, n)


def test_flat_noisy_rss_passes(soak):
    t = series()
    rss = 150 * MIB + np.random.default_rng(0).normal(0, 1.5 * MIB, len(t))
    rss[:30] -= np.linspace(40 * MIB, 0, 30)  # growth during the warm-up does not count
    check = soak.check_flat("RSS", "bytes", t, rss, 12.0, soak.rss_limit(150 * MIB))
    assert check.ok, check


@pytest.mark.parametrize("shape", ["linear", "step", "late"])
def test_leaking_rss_fails(soak, shape):
    t = series()
    leak = {"linear": np.linspace(0, 12 * MIB, len(t)),  # 12 MiB a minute
            "step": np.where(t > 30, 10 * MIB, 0.0),
            "late": np.where(t > 52, 40 * MIB, 0.0)}[shape]  # a jump in the last seconds
    rss = 150 * MIB + leak + np.random.default_rng(1).normal(0, 0.5 * MIB, len(t))
    check = soak.check_flat("RSS", "bytes", t, rss, 12.0, soak.rss_limit(150 * MIB))
    assert not check.ok and check.reason, check


def test_rss_limit_is_8_mib_or_5_percent(soak):
    assert soak.rss_limit(100 * MIB) == 8 * MIB
    assert soak.rss_limit(400 * MIB) == 20 * MIB


@pytest.mark.parametrize("name", ["open fds", "threads"])
def test_any_handle_growth_fails(soak, name):
    t = series()
    flat = np.full(len(t), 9.0)
    flat[:20] = 12  # the warm-up may open and close
    assert soak.check_flat(name, "count", t, flat, 12.0, None).ok
    one_more = flat.copy()
    one_more[200:] = 10  # one descriptor (or thread) that is never closed
    check = soak.check_flat(name, "count", t, one_more, 12.0, None)
    assert not check.ok and "rose from 9 to 10" in check.reason


def test_too_few_samples_fail(soak):
    assert not soak.check_flat("RSS", "bytes", [0, 1, 2], [1, 1, 1], 1.5, 8 * MIB).ok


def test_a_component_failure_fails_the_soak(soak):
    run = soak.Soak(1.0, 0, False)
    t = list(np.linspace(0, 20, 40))
    samples = [(x, 100 * MIB, 6, 9, 0) for x in t]
    assert soak.summarize(run, samples, 20.0, 10.0)["ok"]
    run.fail("audio", "Traceback: ValueError")
    summary = soak.summarize(run, samples, 20.0, 10.0)
    assert not summary["ok"] and summary["failures"][0]["component"] == "audio"
