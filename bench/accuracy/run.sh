#!/usr/bin/env bash
# Accuracy benchmark: generate a labelled corpus, scan it with hush, score precision and recall.
#
#   bench/accuracy/run.sh [HUSH_BINARY] [HUSH_ARGS...]
#   bench/accuracy/run.sh build/cli/hush --no-builtin-rules --rules rules/   # rule files on disk, no rebuild
#
#   bench/accuracy/run.sh realcode CORPUS [HUSH_BINARY] [HUSH_ARGS...]   # real code (realcode.py)
#
# Real-code mode scores hush, and gitleaks and CredSweeper where found ($GITLEAKS, $CREDSWEEPER or
# on PATH), on a corpus built by `realcode.py corpus` (see README.md); $REALCODE_ARGS go to
# `realcode.py score` (e.g. "--reuse --details /tmp/details.jsonl").
#
# Environment: FILES (2000), SEED (1), OUT (/tmp/hush-accuracy-s$SEED-n$FILES), SCORE_ARGS (e.g.
# "--verbose --check"). The corpus is regenerated every run (same seed, same bytes); the hush report
# is kept next to it as $OUT.report.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ "${1:-}" == realcode ]]; then
  corpus="${2:?usage: run.sh realcode CORPUS [HUSH_BINARY] [HUSH_ARGS...]}"
  shift 2
  hush="${1:-${HUSH:-$root/build/cli/hush}}"
  [[ $# -gt 0 ]] && shift
  # shellcheck disable=SC2086
  exec python3 "$here/realcode.py" score "$corpus" --hush "$hush" ${REALCODE_ARGS:-} -- "$@"
fi

hush="${1:-${HUSH:-$root/build/cli/hush}}"
[[ $# -gt 0 ]] && shift
files="${FILES:-2000}"
seed="${SEED:-1}"
out="${OUT:-/tmp/hush-accuracy-s$seed-n$files}"

if [[ ! -x "$hush" ]]; then
  echo "run.sh: no hush binary at $hush (build it, or pass its path)" >&2
  exit 2
fi

python3 "$here/generate.py" --out "$out" --seed "$seed" --files "$files" --force
# shellcheck disable=SC2086
python3 "$here/score.py" "$out" --hush "$hush" --save-report "$out.report.json" ${SCORE_ARGS:-} -- --no-cache "$@"
