#!/usr/bin/env bash
# Development build of edgeav._core without pip: builds into build/dev-<name>
# and assembles an importable package there (the .py files are symlinks, so
# edits show up at once). Prints the PYTHONPATH to use.
#   eval "$(tools/devbuild.sh mine)"   # then: python -c "import edgeav"
set -euo pipefail
name=${1:-default}
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/dev-$name"
cmake -S "$root" -B "$build" -G Ninja -DEDGEAV_PYTHON=ON -DEDGEAV_TESTS=ON -DCMAKE_BUILD_TYPE=Release \
  -Dpybind11_DIR="$(python -m pybind11 --cmakedir)" -DPython_EXECUTABLE="$(command -v python)" >/dev/null
cmake --build "$build" --parallel >&2
pkg="$build/py/edgeav"
mkdir -p "$pkg"
for f in "$root"/python/edgeav/*; do ln -sf "$f" "$pkg/"; done
ln -sf "$build"/_core*.so "$pkg/"
echo "export PYTHONPATH=$build/py"
