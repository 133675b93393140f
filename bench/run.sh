#!/usr/bin/env bash
# One entry for all benchmarks: Release build, 256 MiB corpus, matcher bench (1 and 2 threads),
# small-file and staged benches. Everything is printed; nothing outside the build dir and /tmp is written.
#
#   bench/run.sh                         defaults below
#   BUILD_DIR=... CORPUS=... CORPUS_MIB=... SEED=... JOBS=... THREADS=... bench/run.sh [extra matcher-bench args]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
CORPUS_MIB="${CORPUS_MIB:-256}"
SEED="${SEED:-42}"
CORPUS="${CORPUS:-/tmp/hush-corpus-${CORPUS_MIB}m-s${SEED}.txt}"
JOBS="${JOBS:-1}"
THREADS="${THREADS:-2}"

echo "== build (Release) in $BUILD_DIR"
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHUSH_WERROR=ON ${CMAKE_ARGS:-}
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"
if [[ "$build_type" != "Release" ]]; then
  echo "run.sh: $BUILD_DIR is a '$build_type' build; benchmark numbers need Release" >&2
  exit 2
fi
ninja -C "$BUILD_DIR" -j"$JOBS" hush hush_corpus_gen hush_matcher_bench

echo
echo "== corpus"
if [[ -s "$CORPUS" ]]; then
  echo "using existing $CORPUS ($(( $(stat -c %s "$CORPUS") / 1048576 )) MiB)"
else
  "$BUILD_DIR/bench/hush_corpus_gen" "$CORPUS" "$CORPUS_MIB" "$SEED"
fi

echo
echo "== matcher bench (1 and $THREADS threads)"
"$BUILD_DIR/bench/hush_matcher_bench" "$CORPUS" --threads "$THREADS" "$@"

echo
echo "== small-file bench"
python3 "$ROOT/bench/small_file.py" "$BUILD_DIR/cli/hush"

echo
echo "== staged bench"
python3 "$ROOT/bench/staged_bench.py" "$BUILD_DIR/cli/hush"
