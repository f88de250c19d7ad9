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


def cmake_build(name: str, *options: str, targets: tuple[str, ...] = (), env: dict | None = None) -> Path:
    """Configures and builds build/tests-<name> (only `targets` when given), with env added to the environment."""
    require("cmake", "pip install '.[test]' provides it")
    require("ninja", "pip install '.[test]' provides it")
    build = ROOT / "build" / f"tests-{name}"
    child_env = {**os.environ, **(env or {})}
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", "-DEDGEAV_PYTHON=OFF",
                    "-DCMAKE_BUILD_TYPE=Release", *options], check=True, capture_output=True, text=True, env=child_env)
    target_args = ["--target", *targets] if targets else []
    result = subprocess.run(["cmake", "--build", str(build), "--parallel", *target_args], capture_output=True,
                            text=True, env=child_env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line]
    assert not warnings, "compiler warnings:\n" + "\n".join(warnings[:20])
    return build


def aarch64_options() -> list[str]:
    require("aarch64-linux-gnu-g++", "apt-get install g++-aarch64-linux-gnu")
    require("qemu-aarch64", "apt-get install qemu-user")
    return [f"-DCMAKE_TOOLCHAIN_FILE={ROOT / 'cmake' / 'aarch64-linux-gnu.cmake'}"]


# Settings that pin OpenBLAS (numpy's BLAS) to the host CPU's kernels: an emulated
# older CPU must let OpenBLAS detect it, or numpy dies with SIGILL on import.
HOST_CPU_PINS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def emulated_env(env: dict | None = None) -> dict:
    """os.environ plus env, less the host CPU pins, for a child under an emulated CPU."""
    merged = {**os.environ, **(env or {})}
    return {key: value for key, value in merged.items() if key not in HOST_CPU_PINS}


def run(cmd: list[str], emulator: list[str] | None = None, env: dict | None = None) -> str:
    child_env = emulated_env(env) if emulator else {**os.environ, **(env or {})}
    result = subprocess.run((emulator or []) + cmd, capture_output=True, text=True, timeout=1200, env=child_env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    return output


QEMU_AARCH64 = ["qemu-aarch64", "-L", AARCH64_SYSROOT]
# Nehalem: SSE4.2 but no AVX, the oldest x86-64 class our wheels must run on.
QEMU_NEHALEM = ["qemu-x86_64", "-cpu", "Nehalem"]
# qemu-user cannot run LeakSanitizer's thread inspection; address and UB checks still run.
ASAN_UNDER_QEMU = {"ASAN_OPTIONS": "detect_leaks=0"}
