#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over the production sources of a configured build, warnings as errors.
# Tests, benches and generated files are not checked. Usage: .ci/run_tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: configure first" >&2; exit 1; }
mapfile -t sources < <(python3 - "$build/compile_commands.json" <<'PY'
import json, os, sys
root = os.getcwd() + os.sep
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    relative = path[len(root):] if path.startswith(root) else None
    if relative and relative.split(os.sep)[0] not in ("tests", "bench", "build") and "/build" not in relative:
        print(relative)
PY
)
[ "${#sources[@]}" -gt 0 ] || { echo "no production sources found in $build/compile_commands.json" >&2; exit 1; }
echo "clang-tidy: ${#sources[@]} files"
# The build's flags are GCC's: a GCC-only warning option (-Wno-restrict) is no finding.
printf '%s\n' "${sources[@]}" | sort -u |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option
