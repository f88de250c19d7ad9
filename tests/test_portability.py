"""One tree for GCC, clang and MSVC: compiler builtins, attributes and inline
assembly appear only where a compiler branch chooses them (base/bits.h, the
CPU detection, the C API's export macro), and every branch of base/bits.h
computes the same values."""

import platform
import re
import subprocess
from pathlib import Path

import pytest

from native_build import CLANG_VERSION, ROOT, require, run

CPP = ROOT / "cpp"
SCANNED = [CPP / "src", CPP / "include", CPP / "tests"]
SOURCE_SUFFIXES = {".h", ".hpp", ".c", ".cc", ".cpp", ".in"}

# Spellings that only some compilers accept (MSVC has no GCC builtins or
# attributes, GCC and clang have no MSVC intrinsics), and the predefined macros
# of one compiler family used as values.
NONPORTABLE = re.compile(r"\b(__builtin_\w+|__attribute__|__restrict__|__asm__|__asm|asm|__declspec|__typeof__|typeof|"
                         r"__int128|__extension__|__BYTE_ORDER__|__ORDER_\w+_ENDIAN__|_BitScan\w+|__popcnt\w*|"
                         r"__lzcnt\w*|_tzcnt\w*|__cpuid\w*|__get_cpuid\w*|_xgetbv)\b|#\s*pragma\s+(GCC|clang)\b")

# file -> what it may spell, each inside its compiler's branch.
ALLOWED = {
    "src/base/bits.h": {"__builtin_clz", "__builtin_ctz", "__builtin_popcount", "__builtin_expect", "_BitScanReverse",
                        "_BitScanForward", "__popcnt", "__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__", "__attribute__",
                        "__forceinline", "__declspec"},
    "src/base/cpu.cpp": {"__cpuidex", "__cpuid_count", "_xgetbv", "__asm__"},
    "include/edgeav/edgeav.h": {"__declspec", "__attribute__"},
}


def code_only(text: str) -> str:
    """Source with its comments and the contents of its literals blanked, lines where they were."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def test_compiler_specific_code_stays_in_its_header():
    strays = []
    files = [p for d in SCANNED for p in sorted(d.rglob("*")) if p.suffix in SOURCE_SUFFIXES]
    assert len(files) > 50, files
    for path in files:
        rel = path.relative_to(CPP).as_posix()
        allowed = ALLOWED.get(rel, set())
        for number, line in enumerate(code_only(path.read_text(errors="replace")).splitlines(), 1):
            for m in NONPORTABLE.finditer(line):
                if m.group(0) not in allowed:
                    strays.append(f"cpp/{rel}:{number}: {m.group(0)}: {line.strip()}")
    assert not strays, ("compiler-specific code outside cpp/src/base/bits.h (give it a function there, with an "
                        "_MSC_VER branch and a portable one):\n" + "\n".join(strays))


def test_scan_finds_what_it_should():
    text = code_only('int a = __builtin_ctz(x); /* __builtin_clz */ const char* s = "__attribute__";\n'
                          "// __asm__\n__attribute__((aligned(16))) int b; asm volatile(\"nop\");\n")
    assert [m.group(0) for m in NONPORTABLE.finditer(text)] == ["__builtin_ctz", "__attribute__", "asm"]


PROBE = """#include "base/bits.h"
#define NAME2(a, b) a##_##b
#define NAME(a, b) NAME2(a, b)
extern "C" int NAME(BRANCH, clz32)(uint32_t x) { return edgeav::clz32(x); }
extern "C" int NAME(BRANCH, ctz32)(uint32_t x) { return edgeav::ctz32(x); }
extern "C" int NAME(BRANCH, popcount32)(uint32_t x) { return edgeav::popcount32(x); }
extern "C" int NAME(BRANCH, little_endian)() { return EDGEAV_LITTLE_ENDIAN; }
"""

COMPARE = """#include <cstdint>
#include <cstdio>
#define BRANCH(b) extern "C" int b##_clz32(uint32_t); extern "C" int b##_ctz32(uint32_t); \\
  extern "C" int b##_popcount32(uint32_t); extern "C" int b##_little_endian();
BRANCH(builtin) BRANCH(msvc) BRANCH(portable)
int main() {
  long values = 0, mismatches = 0;
  auto check = [&](uint32_t v) {
    values++;
    if (v && (msvc_clz32(v) != builtin_clz32(v) || portable_clz32(v) != builtin_clz32(v))) mismatches++;
    if (v && (msvc_ctz32(v) != builtin_ctz32(v) || portable_ctz32(v) != builtin_ctz32(v))) mismatches++;
    if (msvc_popcount32(v) != builtin_popcount32(v) || portable_popcount32(v) != builtin_popcount32(v)) mismatches++;
  };
  for (int i = 0; i < 32; i++)
    for (int j = 0; j < 32; j++) check((1u << i) | (1u << j)), check((2u << i) - 1), check(~(1u << i));
  uint32_t x = 1;
  for (int i = 0; i < 1000000; i++) x = x * 1664525u + 1013904223u, check(x), check(x >> (i & 31));
  mismatches += !msvc_little_endian() + !portable_little_endian() + !builtin_little_endian();
  std::printf("bits: %ld values, %ld mismatches\\n", values, mismatches);
}
"""


@pytest.mark.native_build
@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="runs an i686 program")
def test_bits_branches_agree(tmp_path: Path):
    """base/bits.h three ways, compared on ~2M values: the GCC/clang builtins, the
    MSVC branch (clang with MSVC's intrinsics: _MSC_VER set, __GNUC__ and
    __clang__ unset, for i686, whose long is 32 bits as on Windows) and the
    portable fallback (neither compiler)."""
    clang = require(f"clang++-{CLANG_VERSION}", f"apt-get install clang-{CLANG_VERSION}")
    require(f"ld.lld-{CLANG_VERSION}", f"apt-get install lld-{CLANG_VERSION}")
    require("i686-linux-gnu-g++", "apt-get install g++-i686-linux-gnu")
    (tmp_path / "probe.cpp").write_text(PROBE)
    (tmp_path / "compare.cpp").write_text(COMPARE)
    # Freestanding, without the GNU C library's headers (they need __GNUC__).
    (tmp_path / "cstdint").write_text("#include <stddef.h>\n#include <stdint.h>\n")
    compile_ = [clang, "--target=i686-linux-gnu", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror",
                f"-I{CPP / 'src'}", "-c"]
    neither = ["-ffreestanding", f"-I{tmp_path}", "-U__GNUC__", "-U__clang__"]
    msvc = [*neither, "-fms-extensions", "-D_MSC_VER=1930", "-D_M_IX86=600", "-mavx2"]
    for branch, flags in (("builtin", []), ("msvc", msvc), ("portable", neither)):
        subprocess.run([*compile_, *flags, f"-DBRANCH={branch}", "probe.cpp", "-o", f"{branch}.o"], cwd=tmp_path,
                       check=True)
    subprocess.run([*compile_, "compare.cpp", "-o", "compare.o"], cwd=tmp_path, check=True)
    subprocess.run([clang, "--target=i686-linux-gnu", "-static", f"-fuse-ld=lld-{CLANG_VERSION}", "compare.o",
                    "builtin.o", "msvc.o", "portable.o", "-o", "compare"], cwd=tmp_path, check=True)
    disassembly = subprocess.run(["objdump", "-d", "msvc.o"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert all(op in disassembly for op in ("bsr", "bsf", "popcnt")), "the MSVC branch did not use its intrinsics"
    assert re.search(r"bits: \d+ values, 0 mismatches", run([str(tmp_path / "compare")]))
