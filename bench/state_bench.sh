#!/usr/bin/env bash
# Incremental history scan benchmark (--state): on a throwaway mirror clone of REPO, times
#   full         hush scan --git --state DIR        (no state yet: the whole history)
#   nothing new  the same again                     (RUNS times)
#   one commit   the same after one new commit      (RUNS times, a new commit before each)
# and prints wall and CPU seconds, peak RSS and the state file's size. REPO is never changed: the
# clone shares its objects (git clone --mirror of a local path hard-links them).
#
#   bench/state_bench.sh REPO [HUSH_BINARY]        RUNS=3 by default
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
REPO="$(cd "$1" && pwd)"
HUSH="${2:-$ROOT/build/cli/hush}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
git clone -q --mirror "$REPO" "$WORK/repo.git"

timed() {  # label, then the command: one row of wall s, cpu s, peak KiB
  local label="$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>&1 || true
  # The last line: time(1) puts "Command exited with non-zero status 1" (findings) before it.
  tail -n 1 "$WORK/time" | awk -v label="$label" '{ printf "%-14s wall %7.2f s   cpu %7.2f s   peak %7.1f MiB\n", label, $1, $2 + $3, $4 / 1024 }'
}

scan=("$HUSH" scan --git --state "$WORK/state" --no-progress -q -f json -o /dev/null "$WORK/repo.git")
"$HUSH" scan --no-progress -q /dev/null >/dev/null 2>&1 || true  # warm the rule cache
timed "full" "${scan[@]}"
for _ in $(seq "$RUNS"); do timed "nothing new" "${scan[@]}"; done
for i in $(seq "$RUNS"); do
  (
    cd "$WORK/repo.git"
    export GIT_INDEX_FILE="$WORK/index" GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
      GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
    git read-tree HEAD
    blob=$(printf 'setting_%s = %s\n' "$i" "$RANDOM" | git hash-object -w --stdin)
    git update-index --add --cacheinfo "100644,$blob,bench-$i.txt"
    commit=$(git commit-tree "$(git write-tree)" -p HEAD -m "bench $i")
    git update-ref "$(git symbolic-ref HEAD)" "$commit"
  )
  timed "one commit" "${scan[@]}"
done
printf 'state         %s bytes for %s commits\n' "$(stat -c %s "$WORK"/state/*.state)" "$(git -C "$WORK/repo.git" rev-list --all --count)"
