"""The command line: `python -m edgeav info` and `python -m edgeav bench`."""

import json
import subprocess
import sys

import pytest

import edgeav
from edgeav.__main__ import main

pytestmark = pytest.mark.subprocess


def test_info_names_every_dsp_table(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"edgeav {edgeav.__version__}" in out
    for module, entries in edgeav.build_info()["dsp"].items():
        assert f"DSP table {module}:" in out
        for name, isa in entries.items():
            assert name in out and isa in out


def test_bench_writes_a_table_and_json(tmp_path):
    path = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "edgeav", "bench", "--quick", "--json", str(path)],
                            capture_output=True, text=True, check=True)
    assert "fps/core" in result.stdout
    report = json.loads(path.read_text())
    assert report["rows"] and {"fps_per_core", "cpu_share_percent", "peak_memory_mb", "simd_speedup"} <= set(report["rows"][0])
    assert all(r["fps_per_core"] > 0 and r["peak_memory_mb"] > 0 for r in report["rows"])


def test_console_script_is_declared():
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert scripts.get("edgeav") == "edgeav.__main__:main"
