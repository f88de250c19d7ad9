#!/usr/bin/env bash
# Builds checkasm (Release) and prints each SIMD kernel's speed-up over its C
# reference, in CPU time: bash bench/checkasm_bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build/bench-checkasm" -G Ninja -DEDGEAV_PYTHON=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build/bench-checkasm" >/dev/null
"$root/build/bench-checkasm/checkasm" --bench | grep -E "^BENCH|checkasm:" | sed 's/^BENCH //'
