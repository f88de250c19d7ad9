"""checkasm and the C API test on each platform the SDK ships for, cross-built
here and run where this host can run them: clang natively (warning-free, as
every build here), clang for aarch64 and ARMv7 (standing in for the Android NDK
and Apple clang) under qemu, ARMv7 with GCC under qemu-arm (the C kernels),
32-bit x86 natively and 64-bit Windows (MinGW-w64) under wine. Each also
encodes the same H.264 streams as the native build (stream_hash). Each platform
is built once, and only these three programs."""

import platform
import re

import pytest

from native_build import (QEMU_AARCH64, QEMU_ARM, WINE, armv7_options, clang_cross_options, clang_options,
                          cmake_build, i686_options, mingw_options, run, wine_session)
from test_native import TESTED_NEON, checkasm_summary

pytestmark = pytest.mark.native_build
x86_only = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 host checks")

TARGETS = ("checkasm", "c_api_test", "stream_hash")


def cpu_flags(output: str) -> str:
    m = re.search(r"cpu flags \[([a-z0-9,]*)\]", output)
    assert m, output[:500]
    return m.group(1)


def stream_hashes(output: str) -> list[str]:
    hashes = re.findall(r"^stream_hash: speed .*$", output, re.M)
    assert len(hashes) == 6, output[-2000:]  # 3 speeds, Baseline and High
    return [line.strip() for line in hashes]


def check_c_api_and_streams(build, native_streams, emulator=None, env=None, exe=""):
    """The C API test passes, and the H.264 streams are those of the native build."""
    assert "c_api_test: ok" in run([str(build / f"c_api_test{exe}")], emulator=emulator, env=env)
    assert stream_hashes(run([str(build / f"stream_hash{exe}")], emulator=emulator, env=env)) == native_streams


@pytest.fixture(scope="module")
def clang():
    return cmake_build("clang", *clang_options(), targets=TARGETS)


@pytest.fixture(scope="module")
def native_checkasm(clang):
    """checkasm's output on this host: the CPU flags and SIMD count every x86 build must match."""
    return run([str(clang / "checkasm")])


@pytest.fixture(scope="module")
def native_streams(clang):
    """The native build's stream hashes, which C alone (no SIMD) reproduces."""
    hashes = stream_hashes(run([str(clang / "stream_hash")]))
    assert stream_hashes(run([str(clang / "stream_hash")], env={"EDGEAV_CPU_MASK": "none"})) == hashes
    return hashes


@pytest.fixture(scope="module")
def clang_aarch64():
    return cmake_build("clang-aarch64", *clang_cross_options("aarch64-linux-gnu"), targets=TARGETS)


@pytest.fixture(scope="module")
def clang_armv7():
    return cmake_build("clang-armv7", *clang_cross_options("arm-linux-gnueabihf"), targets=TARGETS)


@pytest.fixture(scope="module")
def armv7():
    return cmake_build("armv7", *armv7_options(), targets=TARGETS)


@pytest.fixture(scope="module")
def i686():
    return cmake_build("i686", *i686_options(), targets=TARGETS)


@pytest.fixture(scope="module")
def mingw():
    build = cmake_build("mingw", *mingw_options(), targets=TARGETS)
    with wine_session(build) as env:
        yield build, env


def test_clang_native(clang, native_checkasm):
    """cmake_build has already refused any warning."""
    assert checkasm_summary(native_checkasm)[1] == 0
    assert "c_api_test: ok" in run([str(clang / "c_api_test")])


def test_clang_aarch64_neon(clang_aarch64, native_streams):
    output = run([str(clang_aarch64 / "checkasm")], emulator=QEMU_AARCH64)
    assert cpu_flags(output) == "neon"
    assert checkasm_summary(output) == (TESTED_NEON, 0)
    check_c_api_and_streams(clang_aarch64, native_streams, QEMU_AARCH64)


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_armv7(compiler, native_streams, request):
    """ARMv7 builds the C kernels only: checkasm finds no SIMD, the C API works."""
    build = request.getfixturevalue("armv7" if compiler == "gcc" else "clang_armv7")
    output = run([str(build / "checkasm")], emulator=QEMU_ARM)
    assert cpu_flags(output) == ""
    assert checkasm_summary(output) == (0, 0)
    check_c_api_and_streams(build, native_streams, QEMU_ARM)


@x86_only
def test_i686(i686, native_checkasm, native_streams):
    """32-bit x86 (statically linked, run natively) detects and tests every SIMD function the host has."""
    output = run([str(i686 / "checkasm")])
    assert cpu_flags(output) == cpu_flags(native_checkasm)
    assert checkasm_summary(output) == (checkasm_summary(native_checkasm)[0], 0)
    check_c_api_and_streams(i686, native_streams)


@x86_only
def test_windows_mingw(mingw, native_checkasm, native_streams):
    """cpuid and xgetbv work on Windows: the same CPU flags and SIMD functions as natively."""
    build, env = mingw
    output = run([str(build / "checkasm.exe")], emulator=WINE, env=env)
    assert cpu_flags(output) == cpu_flags(native_checkasm)
    assert checkasm_summary(output) == (checkasm_summary(native_checkasm)[0], 0)
    check_c_api_and_streams(build, native_streams, WINE, env, exe=".exe")
