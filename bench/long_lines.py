#!/usr/bin/env python3
"""Scan time on single lines megabytes long, the shape of minified bundles and source maps.

    bench/long_lines.py [--hush build/cli/hush] [--vs OTHER_HUSH] [--scale 1.0] [--limit 120]

Each input is one line whose cost once grew with the square of its length (bench/README.md, "Issue
17, third pass"): a linear scan takes well under a second on each; a quadratic one takes minutes.
Prints CPU seconds (user + system of the child) per input for each binary; a run past --limit
seconds is stopped and shown as such. Inputs are generated in a temporary folder and removed.
"""
import argparse
import os
import random
import resource
import string
import subprocess
import sys
import tempfile


def inputs(scale):
    rng = random.Random(5)

    def word(n):
        return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))

    n = max(1, int(50000 * scale))
    return {
        # %XX escapes in one long run of URL characters
        "form-data.txt": "&".join("q%d=hello%%20world%%21%%40%%23%d" % (i, i) for i in range(4 * n)) + "\n",
        # backslash escapes in one long string literal
        "escapes.txt": '"' + "ab\\\\n" * (8 * n) + '"\n',
        # generic password assignments in one minified call
        "minified-objects.js": "x(" + ",".join('{password:"%s",user:"u%d"}' % (word(14), i) for i in range(n)) + ");\n",
        # words some provider rules start from ("together", "zoom", "modal") followed by keys, the
        # shape of a minified bundle: a rule that may look to the end of the line keeps matching
        "minified-words.js": "".join(
            "/*merge together*/var k%d=m.key(%d),z=zoom.key(%d),d=modal.key(%d);" % (i, i, i, i) for i in range(n)
        )
        + "\n",
        # a source map: one escaped JSON string per source file, all on one line
        "source-map.json": '{"sourcesContent":['
        + ",".join('"const v%d = \\"%s\\";\\nexport default v%d;\\n"' % (i, word(24), i) for i in range(n // 2))
        + "]}\n",
    }


def cpu_seconds(hush, path, limit):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        subprocess.run([hush, "scan", "-q", "-j1", "--no-progress", path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hush", default="build/cli/hush")
    parser.add_argument("--vs", help="a second hush binary, timed on the same inputs")
    parser.add_argument("--scale", type=float, default=1.0, help="input size factor (1.0: 2-7 MB each)")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a scan is stopped")
    args = parser.parse_args()
    binaries = [args.hush] + ([args.vs] if args.vs else [])
    with tempfile.TemporaryDirectory(prefix="hush-long-lines-") as folder:
        print("%-22s %9s %14s" % ("input", "MB", "CPU (--hush)") + (" %14s" % "CPU (--vs)" if args.vs else ""))
        for name, text in inputs(args.scale).items():
            path = os.path.join(folder, name)
            with open(path, "w") as f:
                f.write(text)
            row = "%-22s %9.1f" % (name, len(text) / 1e6)
            for binary in binaries:
                seconds = cpu_seconds(binary, path, args.limit)
                row += " %14s" % ("> %g s" % args.limit if seconds is None else "%.2f s" % seconds)
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
