#!/usr/bin/env python3
"""Small-file latency of `hush scan FILE`, the pre-commit case: one tiny file with one fake secret.

Usage: small_file.py HUSH_BINARY [--runs N]

Warms the rule cache once (HUSH_CACHE_DIR in a temp dir), then runs `hush scan FILE` N times and
`cat FILE` N times as a baseline for process start-up. Wall time is time.perf_counter around each
spawn-and-wait. Peak RSS is measured in separate runs under /usr/bin/time -f %M: a child forked
from Python inherits Python's RSS high-water mark through exec (Linux keeps the pre-exec peak in
ru_maxrss), so getrusage(RUSAGE_CHILDREN) or wait4 on a direct child would report ~15 MiB even for
cat. Without /usr/bin/time, wait4's figure is printed and marked as an upper bound.
Python 3 standard library only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from fake_tokens import github_token

def fake_github_token() -> str:
    """A fake classic GitHub token whose CRC32 trailer is valid, so hush's validator accepts it."""
    return github_token("q8Z3vLk2Rm9TfX4pW7nYc1Hs6Jd0Bg")  # 30 fixed base62 characters: deterministic runs


def run_once(argv, env):
    """(wall seconds, exit code, peak RSS KiB) of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=devnull, stderr=devnull, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
    finally:
        os.close(devnull)
    return wall, proc.returncode, usage.ru_maxrss  # Linux reports KiB


GNU_TIME = "/usr/bin/time"


def peak_rss_kib(argv, env, runs, tmp):
    """Max peak RSS (KiB) over `runs` runs under /usr/bin/time, whose own small RSS is what the
    child inherits; None when /usr/bin/time is missing."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    out = os.path.join(tmp, "time.out")
    peak = 0
    for _ in range(runs):
        subprocess.run([GNU_TIME, "-f", "%M", "-o", out, *argv], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            peak = max(peak, int(f.read().strip().splitlines()[-1]))
    return peak


def series(argv, env, runs, tmp):
    walls, rss, codes = [], [], set()
    for _ in range(runs):
        wall, code, maxrss = run_once(argv, env)
        walls.append(wall * 1e3)
        rss.append(maxrss)
        codes.add(code)
    walls.sort()
    timed = peak_rss_kib(argv, env, min(runs, 10), tmp)
    return {
        "median": statistics.median(walls),
        "p90": walls[min(len(walls) - 1, int(round(0.9 * (len(walls) - 1))))],
        "min": walls[0],
        "max_rss": timed if timed is not None else max(rss),
        "rss_exact": timed is not None,
        "codes": sorted(codes),
    }


def print_warm_run(result):
    """The warm run's exit code and first output line, so a broken scan is not mistaken for a fast one."""
    first = (result.stdout.strip().splitlines() or ["(no output)"])[0]
    print(f"  warm run exit {result.returncode}, first output line: {first[:100]}")
    if result.returncode != 1:
        print("  WARNING: expected exit code 1 (one finding)")


def print_table(rows):
    """One line per (command name, series() result), then a note when RSS is only an upper bound."""
    width = max(16, max(len(name) for name, _ in rows) + 2)
    print(f"{'command':<{width}} {'median ms':>10} {'p90 ms':>10} {'min ms':>10} {'max RSS MiB':>12} {'exit codes':>11}")
    print("-" * (width + 56))
    for name, s in rows:
        print(f"{name:<{width}} {s['median']:>10.2f} {s['p90']:>10.2f} {s['min']:>10.2f} {s['max_rss'] / 1024:>12.1f} "
              f"{','.join(map(str, s['codes'])):>11}")
    print("-" * (width + 56))
    if not all(s["rss_exact"] for _, s in rows):
        print(f"  (no {GNU_TIME}: RSS from wait4, which includes Python's pre-exec peak; an upper bound)")


def bench_arguments(doc: str, runs: int, **options) -> argparse.Namespace:
    """A latency bench's command line: the hush binary (made absolute), --runs and `options`
    (name -> default). Exits 2 when the binary is not an executable."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("hush", help="path to the hush binary")
    for name, default in options.items():
        ap.add_argument("--" + name, type=type(default), default=default)
    ap.add_argument("--runs", type=int, default=runs)
    args = ap.parse_args()
    args.hush = os.path.abspath(args.hush)
    if not os.access(args.hush, os.X_OK):
        print(f"{ap.prog}: {args.hush} is not an executable", file=sys.stderr)
        sys.exit(2)
    return args


def main() -> int:
    args = bench_arguments(__doc__, runs=50)
    hush = args.hush

    with tempfile.TemporaryDirectory(prefix="hush-small-") as tmp:
        cache = os.path.join(tmp, "cache")
        work = os.path.join(tmp, "repo")
        os.makedirs(work)
        path = os.path.join(work, "settings.py")
        with open(path, "w") as f:
            f.write('"""Service settings."""\nDEBUG = False\nALLOWED_HOSTS = ["api.internal"]\n'
                    f'GITHUB_TOKEN = "{fake_github_token()}"\nTIMEOUT_SECONDS = 30\n')
        size = os.path.getsize(path)
        env = dict(os.environ, HUSH_CACHE_DIR=cache)

        # Cold: no cache yet, the Hyperscan database is compiled and stored.
        cold_wall, cold_code, _ = run_once([hush, "scan", path], env)
        cached = os.listdir(cache) if os.path.isdir(cache) else []
        # Show the finding once, so a broken scan is not mistaken for a fast one.
        shown = subprocess.run([hush, "scan", path], env=env, capture_output=True, text=True)
        hush_stats = series([hush, "scan", path], env, args.runs, tmp)
        cat_stats = series(["cat", path], env, args.runs, tmp)

    print(f"small-file benchmark: `hush scan FILE` on a {size}-byte file with one fake secret, {args.runs} runs each")
    print(f"  hush {hush}")
    print(f"  cold run (no cache): {cold_wall * 1e3:.1f} ms, exit {cold_code}, cache files written: {len(cached)}")
    print_warm_run(shown)
    print()
    print_table([("hush scan FILE", hush_stats), ("cat FILE", cat_stats)])
    print(f"ratio hush / cat: median wall {hush_stats['median'] / cat_stats['median']:.1f}x, "
          f"max RSS {hush_stats['max_rss'] / max(cat_stats['max_rss'], 1):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
