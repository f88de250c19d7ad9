"""Builds the C++ test binaries (checkasm, c_api_test) from this source tree
with CMake, natively, with sanitizers, or cross-compiled for aarch64."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AARCH64_SYSROOT = "/usr/aarch64-linux-gnu"


def require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if not path:
        # A missing tool is a failure, not a skip: these checks are what CI is for.
        raise RuntimeError(f"{tool} not found: {hint}")
    return path


def cmake_build(name: str, *options: str) -> Path:
    require("cmake", "pip install '.[test]' provides it")
    require("ninja", "pip install '.[test]' provides it")
    build = ROOT / "build" / f"tests-{name}"
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", "-DEDGEAV_PYTHON=OFF",
                    "-DCMAKE_BUILD_TYPE=Release", *options], check=True, capture_output=True, text=True)
    result = subprocess.run(["cmake", "--build", str(build), "--parallel"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line]
    assert not warnings, "compiler warnings:\n" + "\n".join(warnings[:20])
    return build


def aarch64_options() -> list[str]:
    require("aarch64-linux-gnu-g++", "apt-get install g++-aarch64-linux-gnu")
    require("qemu-aarch64", "apt-get install qemu-user")
    return [f"-DCMAKE_TOOLCHAIN_FILE={ROOT / 'cmake' / 'aarch64-linux-gnu.cmake'}"]


def run(cmd: list[str], emulator: list[str] | None = None, env: dict | None = None) -> str:
    result = subprocess.run((emulator or []) + cmd, capture_output=True, text=True, timeout=1200,
                            env={**os.environ, **(env or {})})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    return output


QEMU_AARCH64 = ["qemu-aarch64", "-L", AARCH64_SYSROOT]
# Nehalem: SSE4.2 but no AVX, the oldest x86-64 class our wheels must run on.
QEMU_NEHALEM = ["qemu-x86_64", "-cpu", "Nehalem"]
# qemu-user cannot run LeakSanitizer's thread inspection; address and UB checks still run.
ASAN_UNDER_QEMU = {"ASAN_OPTIONS": "detect_leaks=0"}
