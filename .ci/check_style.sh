#!/usr/bin/env bash
# Style gate: every tracked C and C++ file is as clang-format writes it (.clang-format: Google style,
# 120 columns), and no line of one is longer than 120 columns (clang-format leaves a long string
# literal whole, so that is checked on its own). The whole tree was formatted in one commit, named
# in .git-blame-ignore-revs so that `git blame` looks past it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
[ "${#files[@]}" -gt 0 ] || { echo "no C or C++ files tracked" >&2; exit 1; }
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "not formatted: run clang-format -i on the files named above" >&2
  exit 1
fi
long="$(awk 'length > 120 { print FILENAME ":" FNR ": " length " columns" }' "${files[@]}")"
if [ -n "$long" ]; then
  echo "lines longer than 120 columns:" >&2
  echo "$long" >&2
  exit 1
fi
echo "style: ${#files[@]} files formatted, no line over 120 columns"
