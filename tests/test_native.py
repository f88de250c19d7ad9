"""checkasm and the C API test, built from source and run natively, with
AddressSanitizer + UBSan, under qemu as a CPU without AVX, and cross-compiled
for aarch64 under qemu-aarch64 (every NEON function checked)."""

import platform
import re
import sys

import pytest

from native_build import ASAN_UNDER_QEMU, QEMU_AARCH64, QEMU_NEHALEM, aarch64_options, cmake_build, require, run

pytestmark = pytest.mark.native_build
x86_only = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 host checks")

# SIMD versions checkasm must find: colour 12 (SSSE3, AVX2, NEON), plane 4
# (SSE2, AVX2, NEON), super-resolution 5 (AVX2, NEON), adjust 2 (linear:
# SSE2, apply_lut: SSSE3; both AVX2 and NEON), interp 4 (SSE2, AVX2, NEON).
# SIMD functions checkasm tests per ISA set: convert, plane, sr, adjust, interp, then the
# H.264 tables (pixel, mc, dct, predict, deblock), then audio (fft, spectral, aec), then the
# neural core (nn: 5 SSE2 and 6 AVX2+FMA versions on x86, 6 NEON).
TESTED_AVX2 = (24 + 8 + 5 + 4 + 8) + (54 + 6 + 31 + 42 + 16) + (12 + 14 + 8) + (5 + 6)
TESTED_NO_AVX = (12 + 4 + 0 + 2 + 4) + (34 + 4 + 19 + 40 + 8) + (6 + 7 + 4) + 5
TESTED_NEON = (12 + 4 + 5 + 2 + 4) + (34 + 4 + 19 + 40 + 8) + (6 + 7 + 4) + 6


def checkasm_summary(output: str) -> tuple[int, int]:
    m = re.search(r"checkasm: (\d+) SIMD functions tested, (\d+) failed", output)
    assert m, output[-3000:]
    assert "FAILED" not in output, output[-3000:]
    return int(m.group(1)), int(m.group(2))


@pytest.fixture(scope="module")
def native():
    return cmake_build("native")


@pytest.fixture(scope="module")
def sanitized():
    return cmake_build("asan", "-DEDGEAV_SANITIZE=ON", "-DCMAKE_BUILD_TYPE=RelWithDebInfo")


@pytest.fixture(scope="module")
def aarch64():
    return cmake_build("aarch64", *aarch64_options())


@pytest.fixture(scope="module")
def aarch64_sanitized():
    return cmake_build("aarch64-asan", *aarch64_options(), "-DEDGEAV_SANITIZE=ON")


def test_checkasm_native(native):
    tested, failed = checkasm_summary(run([str(native / "checkasm")]))
    assert failed == 0
    if platform.machine().lower() in ("x86_64", "amd64"):
        import edgeav

        assert tested == (TESTED_AVX2 if "avx2" in edgeav.cpu_features() else TESTED_NO_AVX)


def test_checkasm_sanitizers(sanitized):
    _, failed = checkasm_summary(run([str(sanitized / "checkasm")]))
    assert failed == 0


def test_c_api(native, sanitized):
    assert "c_api_test: ok" in run([str(native / "c_api_test")])
    assert "c_api_test: ok" in run([str(sanitized / "c_api_test")])


def test_license_crypto(native, sanitized, aarch64):
    """SHA-512 and RFC 8032 Ed25519 vectors, bit flips and non-canonical encodings."""
    for build, emulator in ((native, None), (sanitized, None), (aarch64, QEMU_AARCH64)):
        assert re.search(r"license_crypto_test: \d+ passed, 0 failed",
                         run([str(build / "license_crypto_test")], emulator=emulator))


def test_echo_canceller(native, sanitized, aarch64):
    """Convergence, delay estimate, bursts, a missing far end and NaN input at 16/32/48 kHz."""
    for build, emulator in ((native, None), (sanitized, None), (aarch64, QEMU_AARCH64)):
        assert re.search(r"\d+ passed, 0 failed", run([str(build / "aec_test")], emulator=emulator))


def test_h264_encoder_paths(native, sanitized, aarch64):
    """Every size class, preset and rate control with ROI, reconfigure and keyframes, under ASan/UBSan and on aarch64."""
    for build, emulator in ((native, None), (sanitized, None), (aarch64, QEMU_AARCH64)):
        assert re.search(r"h264_encoder_test: \d+ frames, \d+ chroma bound checks, 0 failed", run([str(build / "h264_encoder_test")], emulator=emulator))


def test_super_resolution_sizes(native, sanitized):
    """Tiny and odd sizes, exact-size planes: ASan reports any access past a plane."""
    for build in (native, sanitized):
        assert re.search(r"sr_sizes_test: \d+ cases, 0 failed", run([str(build / "sr_sizes_test")]))


def test_checkasm_aarch64_neon(aarch64):
    output = run([str(aarch64 / "checkasm")], emulator=QEMU_AARCH64)
    assert "cpu flags [neon]" in output
    tested, failed = checkasm_summary(output)
    assert (tested, failed) == (TESTED_NEON, 0)
    assert "c_api_test: ok" in run([str(aarch64 / "c_api_test")], emulator=QEMU_AARCH64)
    assert ", 0 failed" in run([str(aarch64 / "sr_sizes_test")], emulator=QEMU_AARCH64)


def test_checkasm_aarch64_sanitizers(aarch64_sanitized):
    output = run([str(aarch64_sanitized / "checkasm")], emulator=QEMU_AARCH64, env=ASAN_UNDER_QEMU)
    assert checkasm_summary(output) == (TESTED_NEON, 0)


@x86_only
def test_checkasm_without_avx(native):
    require("qemu-x86_64", "apt-get install qemu-user")
    output = run([str(native / "checkasm")], emulator=QEMU_NEHALEM)
    assert re.search(r"cpu flags \[sse2,ssse3,sse41\]", output), output[:500]
    assert checkasm_summary(output) == (TESTED_NO_AVX, 0)


@x86_only
def test_import_and_convert_without_avx():
    """The installed module must not execute AVX2 code on a CPU without it (SIGILL)."""
    require("qemu-x86_64", "apt-get install qemu-user")
    code = ("import numpy as np, edgeav; assert 'avx2' not in edgeav.cpu_features(); "
            "rgb = np.arange(64*48*3, dtype=np.uint8).reshape(48, 64, 3); "
            "yuv = edgeav.convert(rgb, 'rgb24', 'nv12'); edgeav.convert(yuv, 'nv12', 'bgra'); "
            "edgeav.downscale2(yuv[:48]); edgeav.enhance.SuperResolution(1.5, contrast=1.2).process(yuv, format='nv12'); "
            "print('ok', edgeav.build_info()['dsp']['convert']['rgb24_to_y'])")
    # Machines here pin OpenBLAS to Haswell kernels; the emulated child must not inherit that.
    output = run([sys.executable, "-c", code], emulator=QEMU_NEHALEM, env={"OPENBLAS_CORETYPE": "Haswell"})
    assert output.split()[-2:] == ["ok", "ssse3"]
