#!/usr/bin/env bash
# Style gate (.clang-format, 120 columns): every line of C++ changed since the commit named in
# .ci/format-base must be as clang-format writes it. Lines older than that are reformatted when
# they next change, so the history stays readable and blame stays useful.
set -euo pipefail
cd "$(dirname "$0")/.."
base="$(cat .ci/format-base)"
if ! git cat-file -e "$base^{commit}" 2>/dev/null && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch -q --unshallow || true
fi
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  echo "the format base $base is not in this clone (a shallow clone?): fetch more history" >&2
  exit 1
fi
changes="$(git clang-format --diff --extensions c,h,cpp,hpp "$base" 2>&1)"
case "$changes" in
  *"did not modify any files"* | *"no modified files to format"*) ;;
  *) echo "lines changed since $base are not formatted (run: git clang-format $base):" >&2
     echo "$changes" >&2
     exit 1 ;;
esac
echo "style: every line changed since $base is formatted"
