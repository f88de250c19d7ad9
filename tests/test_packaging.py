"""`pip wheel .` gives a manylinux wheel with the stubs; cibuildwheel's config
covers Linux, macOS, Windows, iOS and Android."""

import platform
import subprocess
import sys
import zipfile

import pytest

from native_build import ROOT, require

pytestmark = pytest.mark.native_build


@pytest.mark.skipif(sys.platform != "linux", reason="auditwheel inspects Linux wheels")
def test_wheel_is_manylinux(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w",
                    str(tmp_path)], check=True, capture_output=True, text=True)
    (wheel,) = tmp_path.glob("edgeav-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"edgeav/_core.pyi", "edgeav/py.typed", "edgeav/__init__.py"} <= set(names)
    out = subprocess.run([require("auditwheel", "pip install '.[test]'"), "show", str(wheel)],
                         capture_output=True, text=True, check=True).stdout
    assert f"manylinux" in out and platform.machine() in out, out


@pytest.mark.parametrize("target,expected", [
    ("linux", ["manylinux_x86_64", "manylinux_aarch64"]),
    ("macos", ["macosx_x86_64", "macosx_arm64"]),
    ("windows", ["win_amd64"]),
    ("ios", ["ios_arm64_iphoneos", "ios_arm64_iphonesimulator"]),
    ("android", ["android_arm64_v8a", "android_x86_64"]),
])
def test_cibuildwheel_targets(target, expected):
    out = subprocess.run([require("cibuildwheel", "pip install '.[test]'"), "--print-build-identifiers", "--platform",
                          target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for tag in expected:
        assert tag in out, out
