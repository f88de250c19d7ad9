#!/usr/bin/env bash
# Builds and runs one libFuzzer harness of cpp/fuzz (EDGEAV_FUZZ=ON, clang) for a while.
#   tools/fuzz.sh TARGET SECONDS [libFuzzer args...]
#     TARGET: license, frame, encoder, audio (or selftest, the harness with deliberate bugs)
#     fuzzes for SECONDS with the corpus build/fuzz/corpus/TARGET (seeded from
#     cpp/fuzz/seeds/TARGET); crashing inputs land in build/fuzz/crashes/.
#   tools/fuzz.sh TARGET 0 FILE...   runs the harness once on each FILE (a reproducer).
#   tools/fuzz.sh build              only builds every harness.
# Exits non-zero on any crash, leak, timeout, out-of-memory or sanitizer report, and
# prints the number of executions. FUZZ_BUILD overrides the build directory.
set -euo pipefail
if [ $# -lt 2 ] && [ "${1:-}" != build ]; then
  echo "usage: $0 TARGET SECONDS [libFuzzer args or input files...] | $0 build" >&2
  exit 2
fi
target=$1 seconds=${2:-0}
shift $(($# < 2 ? $# : 2))
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$root/build/fuzz}

if [ ! -f "$build/CMakeCache.txt" ]; then
  cxx=${CXX:-} cc=${CC:-}
  case "$cxx" in *clang*) ;; *) cxx="" ;; esac  # libFuzzer needs clang, whatever CXX says
  if [ -z "$cxx" ]; then
    for v in "" -18 -17 -16 -15 -14; do
      if command -v "clang++$v" >/dev/null && command -v "clang$v" >/dev/null; then cxx=clang++$v cc=clang$v; break; fi
    done
  fi
  [ -n "$cxx" ] || { echo "fuzz.sh: clang not found (libFuzzer needs clang)" >&2; exit 2; }
  case "$cc" in *clang*) ;; *) cc=${cxx/clang++/clang} ;; esac
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CC=$cc CXX=$cxx cmake -S "$root" -B "$build" ${generator[@]+"${generator[@]}"} -DEDGEAV_FUZZ=ON -DEDGEAV_TESTS=OFF \
    -DEDGEAV_PYTHON=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
if [ "$target" = build ]; then
  exec cmake --build "$build" --parallel 2
fi
cmake --build "$build" --parallel 2 --target "fuzz_$target" >&2
binary=$build/cpp/fuzz/fuzz_$target

# Input files among the arguments: reproduce them instead of fuzzing.
reproduce=0
for a in "$@"; do [ -f "$a" ] && reproduce=1; done
mkdir -p "$build/crashes"
common=(-detect_leaks=1 -rss_limit_mb=2560 -timeout=20 -print_final_stats=1
        "-artifact_prefix=$build/crashes/$target-")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
if [ "$reproduce" = 1 ]; then
  "$binary" "${common[@]}" "$@" >"$log" 2>&1 || status=$?
else
  corpus=$build/corpus/$target
  mkdir -p "$corpus"
  dirs=("$corpus")
  [ -d "$root/cpp/fuzz/seeds/$target" ] && dirs+=("$root/cpp/fuzz/seeds/$target")
  "$binary" "${common[@]}" -max_total_time="$seconds" "$@" "${dirs[@]}" >"$log" 2>&1 || status=$?
fi
if [ "$reproduce" = 1 ]; then cat "$log"; else tail -n 80 "$log"; fi

# A sanitizer message with a zero exit status still fails the run.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|SUMMARY: |ALARM: working on the last Unit" "$log"; then
  [ "$status" = 0 ] && status=1
fi
execs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+$" || true)
[ -n "$execs" ] || execs=$(grep -oE "^Done [0-9]+ runs" "$log" | tail -1 | grep -oE "[0-9]+" || true)
[ -n "$execs" ] || execs=$(grep -oE "^#[0-9]+: cov:" "$log" | tail -1 | grep -oE "[0-9]+" || true)  # -fork=N
echo "fuzz.sh: $target: ${execs:-0} executions, exit status $status"
exit "$status"
