"""Builds the C++ test binaries (checkasm, c_api_test) from this source tree
with CMake, natively (GCC or clang), with sanitizers, or cross-compiled for
aarch64, ARMv7, 32-bit x86 and Windows (MinGW-w64), and runs them under qemu-user
or wine where the host cannot run them itself."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
AARCH64_SYSROOT = "/usr/aarch64-linux-gnu"
ARM_SYSROOT = "/usr/arm-linux-gnueabihf"
TOOLCHAINS = ROOT / "cmake"
# Debian 12's clang and lld; their packages name the executables with the version.
CLANG_VERSION = "14"


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


def clang_options() -> list[str]:
    """The host build with clang instead of the default compiler (GCC)."""
    require(f"clang++-{CLANG_VERSION}", f"apt-get install clang-{CLANG_VERSION}")
    return [f"-DCMAKE_C_COMPILER=clang-{CLANG_VERSION}", f"-DCMAKE_CXX_COMPILER=clang++-{CLANG_VERSION}"]


def clang_cross_options(triple: str) -> list[str]:
    """clang and lld for `triple` on the sysroot of Debian's GCC cross toolchain
    (its libc and libstdc++): what the Android NDK and Apple clang builds do."""
    require(f"clang++-{CLANG_VERSION}", f"apt-get install clang-{CLANG_VERSION}")
    require(f"ld.lld-{CLANG_VERSION}", f"apt-get install lld-{CLANG_VERSION}")
    require(f"{triple}-g++", f"apt-get install g++-{triple}")
    return [f"-DCMAKE_TOOLCHAIN_FILE={TOOLCHAINS / 'clang-cross.cmake'}", f"-DEDGEAV_CLANG_TARGET={triple}",
            f"-DEDGEAV_CLANG_VERSION_SUFFIX=-{CLANG_VERSION}"]


def armv7_options() -> list[str]:
    """ARMv7 hard-float Linux (armeabi-v7a's CPU), the C kernels; runs under QEMU_ARM."""
    require("arm-linux-gnueabihf-g++", "apt-get install g++-arm-linux-gnueabihf")
    require("qemu-arm", "apt-get install qemu-user")
    return [f"-DCMAKE_TOOLCHAIN_FILE={TOOLCHAINS / 'arm-linux-gnueabihf.cmake'}"]


def i686_options() -> list[str]:
    """32-bit x86 Linux, linked statically: runs natively on an x86-64 kernel."""
    require("i686-linux-gnu-g++", "apt-get install g++-i686-linux-gnu")
    return [f"-DCMAKE_TOOLCHAIN_FILE={TOOLCHAINS / 'i686-linux-gnu.cmake'}"]


def mingw_options() -> list[str]:
    """64-bit Windows with MinGW-w64, linked statically; runs under WINE."""
    require("x86_64-w64-mingw32-g++-posix", "apt-get install g++-mingw-w64-x86-64-posix")
    require("wine", "apt-get install wine wine64")
    require("wineserver", "apt-get install wine wine64")
    return [f"-DCMAKE_TOOLCHAIN_FILE={TOOLCHAINS / 'x86_64-w64-mingw32.cmake'}"]


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
QEMU_ARM = ["qemu-arm", "-L", ARM_SYSROOT]
# Debian's wine runs 64-bit programs with wine64 when no 32-bit wine is installed.
WINE = ["wine"]


@contextlib.contextmanager
def wine_session(build: Path) -> Iterator[dict]:
    """Yields the environment for run(..., emulator=WINE): a private prefix in
    the build directory (created on first use), booted with its
    wineserver kept running until the end. Without that, the services wine
    starts for the first program inherit its output pipes, and run() waits
    until they exit."""
    prefix = build / "wineprefix"
    prefix.mkdir(exist_ok=True)
    env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}
    quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    subprocess.run(["wineserver", "-k"], timeout=60, **quiet)  # one left running by an interrupted run
    subprocess.run(["wineserver", "-p"], check=True, timeout=60, **quiet)
    try:
        subprocess.run(["wine", "wineboot", "--init"], check=True, timeout=300, **quiet)
        yield {key: env[key] for key in ("WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES")}
    finally:
        subprocess.run(["wineserver", "-k"], timeout=60, **quiet)
