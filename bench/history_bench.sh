#!/usr/bin/env bash
# Whole-history scan benchmark: on one repository, in one run, times
#   hush      hush scan --git REPO --format json -o FILE      (rule cache warmed first)
#   floor     git -C REPO cat-file --batch-all-objects --batch --unordered > /dev/null
#   gitleaks  gitleaks git REPO (or gitleaks detect --source REPO), when installed
# and prints wall time, CPU time (user+sys), peak RSS, findings and the ratios hush/floor and
# gitleaks/hush. The floor runs once untimed first so every tool sees a warm page cache.
#
#   bench/history_bench.sh REPO [HUSH_BINARY]
#   RUNS=3 GITLEAKS_RUNS=1 GITLEAKS=path GITLEAKS_TIMEOUT=7200 GITLEAKS_LOG_OPTS="--branches --tags" \
#     HUSH_ARGS="--keep-going" bench/history_bench.sh REPO
#
# RUNS (default 3) timed runs of hush and of the floor, GITLEAKS_RUNS (default 1) of gitleaks; the
# row shows the run with the smallest wall time. GITLEAKS=none skips gitleaks; GITLEAKS_LOG_OPTS
# goes to its --log-opts (gitleaks stops at the first object git log cannot read and still exits
# 0, so a repository with missing objects needs a ref selection that avoids them). When REPO holds
# a hush-bench-manifest.json (bench/history_gen.py), both reports are checked against it.
# Peak RSS comes from /usr/bin/time -f %M (Debian package `time`); without it, from wait4() in a
# Python parent, which is an upper bound (see small_file.py). Reports stay in a temp dir under /tmp
# (kept; its path is printed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
REPO="$(cd "$1" && pwd)"
HUSH="${2:-$ROOT/build-bench/cli/hush}"
RUNS="${RUNS:-3}"
GITLEAKS_RUNS="${GITLEAKS_RUNS:-1}"
GITLEAKS_TIMEOUT="${GITLEAKS_TIMEOUT:-7200}"
HUSH_ARGS="${HUSH_ARGS:-}"
GITLEAKS_LOG_OPTS="${GITLEAKS_LOG_OPTS:-}"
[[ -x "$HUSH" ]] || { echo "history_bench: no hush binary at $HUSH (ninja -C build-bench -j1 hush)" >&2; exit 2; }
git -C "$REPO" rev-parse --git-dir > /dev/null 2>&1 || { echo "history_bench: $REPO is not a git repository" >&2; exit 2; }

GITLEAKS="${GITLEAKS:-$(command -v gitleaks || true)}"
[[ -z "$GITLEAKS" && -x "$HOME/go/bin/gitleaks" ]] && GITLEAKS="$HOME/go/bin/gitleaks"
[[ "$GITLEAKS" == none ]] && GITLEAKS=""

WORK="$(mktemp -d /tmp/hush-history-bench.XXXXXX)"
CACHE="$WORK/rule-cache"
TIME_BIN=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true > /dev/null 2>&1; then TIME_BIN=/usr/bin/time; fi

# measure OUTFILE CMD...: runs CMD (stdout to /dev/null unless CMD redirects), appends
# "wall user sys rss_kib exit" to OUTFILE.
measure() {
  local out="$1"
  shift
  if [[ -n "$TIME_BIN" ]]; then
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    "$TIME_BIN" -f "%U %S %M" -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || rc=$?
    t1=$(date +%s.%N)
    # GNU time prefixes "Command exited with non-zero status N" when the command fails
    read -r user sys rss < <(tail -n 1 "$WORK/time.txt")
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $user $sys $rss $rc" >> "$out"
  else
    python3 - "$out" "$WORK/stderr.txt" "$@" << 'EOF'
import os, subprocess, sys, time
out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(os.devnull, "wb") as devnull, open(err, "wb") as e:
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=devnull, stderr=e)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
with open(out, "a") as f:
    f.write("%f %f %f %d %d\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status)))
EOF
  fi
}

# sh -c wrapper for the floor, whose output must go to /dev/null inside the timed command
floor_cmd=(sh -c 'exec git -C "$1" cat-file --batch-all-objects --batch --unordered > /dev/null' floor "$REPO")
hush_cmd() { "$HUSH" scan --git "$REPO" --format json -o "$1" --cache-dir "$CACHE" --no-progress $HUSH_ARGS; }

echo "== repository $REPO"
read -r nobj nblob blob_bytes < <(git -C "$REPO" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '{n++; if ($1 == "blob") {b++; s += $2}} END {printf "%d %d %.0f\n", n, b, s}')
GIT_DIR_ABS="$(git -C "$REPO" rev-parse --path-format=absolute --git-dir)"
OBJECTS="$(git -C "$REPO" rev-parse --path-format=absolute --git-path objects)"
pack_bytes=$( (find "$OBJECTS/pack" -name '*.pack' -printf '%s\n' 2> /dev/null || true) | awk '{s += $1} END {printf "%.0f", s}')
commits=$(git -C "$REPO" rev-list --all --count)
awk -v o="$nobj" -v b="$nblob" -v s="$blob_bytes" -v p="${pack_bytes:-0}" -v c="$commits" \
  'BEGIN {printf "%d objects, %d blobs, %.1f MB of blob data, %.1f MB of packs, %d commits (all refs)\n", o, b, s / 1e6, p / 1e6, c}'
echo "hush: $HUSH ($("$HUSH" version 2> /dev/null | head -n 1)); $(git --version); $(nproc) cores"
[[ -n "$GITLEAKS" ]] && echo "gitleaks: $GITLEAKS ($("$GITLEAKS" version 2> /dev/null | head -n 1))"
[[ -z "$TIME_BIN" ]] && echo "note: /usr/bin/time missing (apt-get install time); peak RSS from wait4() is an upper bound"
echo "work dir: $WORK"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every number)"

echo "== warm-up: floor once (page cache), hush once (rule cache)"
"${floor_cmd[@]}"
rc=0
hush_cmd "$WORK/hush-warm.json" 2> "$WORK/hush-warm.stderr" || rc=$?
if [[ $rc -gt 1 ]]; then
  echo "history_bench: hush failed (exit $rc):" >&2
  cat "$WORK/hush-warm.stderr" >&2
  exit 3
fi

for ((i = 1; i <= RUNS; i++)); do
  measure "$WORK/floor.txt" "${floor_cmd[@]}"
  measure "$WORK/hush.txt" "$HUSH" scan --git "$REPO" --format json -o "$WORK/hush-$i.json" --cache-dir "$CACHE" --no-progress $HUSH_ARGS
  if [[ "$(tail -n 1 "$WORK/hush.txt" | cut -d' ' -f5)" -gt 1 ]]; then
    echo "history_bench: hush failed in run $i:" >&2
    cat "$WORK/stderr.txt" >&2
    exit 3
  fi
  echo "run $i: floor $(tail -n 1 "$WORK/floor.txt" | cut -d' ' -f1) s, hush $(tail -n 1 "$WORK/hush.txt" | cut -d' ' -f1) s"
done

gitleaks_findings=""
if [[ -n "$GITLEAKS" ]]; then
  if "$GITLEAKS" git --help > /dev/null 2>&1; then
    gl_cmd=("$GITLEAKS" git "$REPO")
  else
    gl_cmd=("$GITLEAKS" detect --source "$REPO")
  fi
  [[ -n "$GITLEAKS_LOG_OPTS" ]] && gl_cmd+=(--log-opts="$GITLEAKS_LOG_OPTS")
  echo "gitleaks command: ${gl_cmd[*]}"
  for ((i = 1; i <= GITLEAKS_RUNS; i++)); do
    rm -f "$WORK/gitleaks-$i.json"
    measure "$WORK/gitleaks.txt" timeout "$GITLEAKS_TIMEOUT" "${gl_cmd[@]}" --report-format json --report-path "$WORK/gitleaks-$i.json" \
      --no-banner --log-level error --exit-code 0
    cp "$WORK/stderr.txt" "$WORK/gitleaks-$i.stderr"
    echo "gitleaks run $i: $(tail -n 1 "$WORK/gitleaks.txt" | cut -d' ' -f1) s (exit $(tail -n 1 "$WORK/gitleaks.txt" | cut -d' ' -f5))"
    if grep -q "fatal:" "$WORK/gitleaks-$i.stderr"; then
      echo "  warning: git failed under gitleaks, which stopped early (see $WORK/gitleaks-$i.stderr):"
      grep -m 2 "fatal:" "$WORK/gitleaks-$i.stderr" | sed 's/^/    /'
    fi
  done
fi

echo
echo "== results (best of $RUNS for hush and floor, of $GITLEAKS_RUNS for gitleaks; MB = 10^6 bytes)"
python3 - "$WORK" "$blob_bytes" "$GITLEAKS_TIMEOUT" << 'EOF'
import glob, json, os, sys
work, blob_bytes, gl_timeout = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def best(name):
    path = os.path.join(work, name + ".txt")
    if not os.path.exists(path):
        return None
    rows = [l.split() for l in open(path) if l.strip()]
    rows = [(float(w), float(u), float(s), int(m), int(rc)) for w, u, s, m, rc in rows]
    i = min(range(len(rows)), key=lambda k: rows[k][0])
    return rows[i] + (i + 1,)

def count(pattern, run):
    path = os.path.join(work, pattern % run)
    try:
        data = json.load(open(path))
    except Exception:
        return None
    return len(data["findings"] if isinstance(data, dict) else data)

rows = {}
for name in ("floor", "hush", "gitleaks"):
    b = best(name)
    if b:
        rows[name] = b
print("%-9s %9s %9s %9s %6s %10s %9s %9s" % ("tool", "wall s", "CPU s", "CPU/wall", "MB/s", "peak RSS", "findings", "exit"))
for name, (wall, user, sys_, rss, rc, run) in rows.items():
    f = {"hush": count("hush-%d.json", run), "gitleaks": count("gitleaks-%d.json", run)}.get(name)
    note = " (timed out after %s s)" % gl_timeout if name == "gitleaks" and rc == 124 else ""
    print("%-9s %9.2f %9.2f %9.2f %6.0f %7.0f MiB %9s %9d%s" % (name, wall, user + sys_, (user + sys_) / wall if wall else 0,
          blob_bytes / 1e6 / wall if wall else 0, rss / 1024, "-" if f is None else f, rc, note))
print()
if "hush" in rows and "floor" in rows:
    h, f = rows["hush"], rows["floor"]
    print("hush / floor:     wall %.2fx   CPU %.2fx   (target: wall <= 1.0x)" % (h[0] / f[0], (h[1] + h[2]) / (f[1] + f[2])))
if "hush" in rows and "gitleaks" in rows:
    h, g = rows["hush"], rows["gitleaks"]
    print("gitleaks / hush:  wall %.1fx   CPU %.1fx   (target: >= 20x)%s" % (g[0] / h[0], (g[1] + g[2]) / (h[1] + h[2]),
          "  [gitleaks timed out: a lower bound]" if g[4] == 124 else ""))
EOF

manifest="$GIT_DIR_ABS/hush-bench-manifest.json"
if [[ -f "$manifest" ]]; then
  echo
  echo "== findings vs $manifest"
  gl_report=()
  [[ -f "$WORK/gitleaks-1.json" ]] && gl_report=(--gitleaks "$WORK/gitleaks-1.json")
  python3 "$ROOT/bench/history_gen.py" --check "$WORK/hush-1.json" --manifest "$manifest" "${gl_report[@]}" || true
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
