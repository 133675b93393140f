#!/usr/bin/env python3
"""Pre-commit latency of `hush scan --staged`: a small change staged in a large repository.

Usage: staged_bench.py HUSH_BINARY [--files 30000] [--runs 30]

Builds a repository of FILES small source files in nested folders (one commit), then stages an
edit to one file and a new file holding one fake token. Warms hush's rule cache once, then runs
`hush scan --staged REPO` and, as the baseline for reading the index against HEAD, `git diff
--cached --quiet` RUNS times each. Wall time and peak RSS are measured as in small_file.py.
Python 3 standard library and git only.
"""
import os
import subprocess
import sys
import tempfile

from small_file import bench_arguments, fake_github_token, print_table, print_warm_run, series


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build_repository(repo, files):
    os.makedirs(repo)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "bench@example.com")
    git(repo, "config", "user.name", "bench")
    for i in range(files):
        folder = os.path.join(repo, f"pkg{i // 1000:02d}", f"mod{(i // 50) % 20:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"file{i:05d}.py"), "w") as f:
            f.write(f'"""Module {i}."""\n\n\ndef handler_{i}(request):\n    return {{"id": {i}, "ok": True}}\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial import")
    with open(os.path.join(repo, "pkg00", "mod00", "file00000.py"), "a") as f:
        f.write("\nTIMEOUT_SECONDS = 30\n")
    with open(os.path.join(repo, "pkg00", "settings.py"), "w") as f:
        f.write(f'DEBUG = False\nGITHUB_TOKEN = "{fake_github_token()}"\n')
    git(repo, "add", "-A")


def main() -> int:
    args = bench_arguments(__doc__, runs=30, files=30000)
    hush = args.hush

    with tempfile.TemporaryDirectory(prefix="hush-staged-") as tmp:
        repo = os.path.join(tmp, "repo")
        build_repository(repo, args.files)
        env = dict(os.environ, HUSH_CACHE_DIR=os.path.join(tmp, "cache"))
        argv = [hush, "scan", "--staged", "--no-progress", repo]
        warm = subprocess.run(argv, env=env, capture_output=True, text=True)
        hush_stats = series(argv, env, args.runs, tmp)
        git_stats = series(["git", "-C", repo, "diff", "--cached", "--quiet"], env, args.runs, tmp)

    print(f"staged benchmark: {args.files} committed files, 1 edited and 1 new file staged, {args.runs} runs each")
    print(f"  hush {hush}")
    print_warm_run(warm)
    print()
    print_table([("hush scan --staged", hush_stats), ("git diff --cached --quiet", git_stats)])
    print(f"target: hush median under 50 ms ({'met' if hush_stats['median'] < 50 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
