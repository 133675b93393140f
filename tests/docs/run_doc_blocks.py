#!/usr/bin/env python3
"""Run the shell examples of the documentation, so that it cannot drift from the program.

Every fenced block whose info string is a shell (sh, bash, shell, console) in README.md and in
docs/**/*.md must be preceded (blank lines allowed) by one of these HTML comments:

  <!-- runnable -->                 run it
  <!-- not-runnable: REASON -->     do not run it; REASON says why (a real AWS account, ...)
  <!-- setup --> / <!-- test -->    the README's set-up and test commands, which .ci/run runs

A hidden step, run where it stands, before the blocks that follow it:

  <!-- prelude
  commands that create the state the next examples need
  -->

The runnable blocks and preludes of one file run in order in one bash process (`set -eE -o
pipefail`), as a reader pasting them into one terminal would: the working directory, variables
and files carry over from block to block. Each file starts in a new scratch directory holding a
copy of docs/demo (as docs/demo), with HOME in the scratch directory, a Git identity, no
inherited HUSH_*, VAULT_*, AWS_*, GITLEAKS_* or GIT_* variables, the `hush` under test first on
PATH and DOCS_SOURCE_DIR naming the source tree (for preludes only: it starts the test peers).
A command that exits non-zero fails the file with FILE:LINE of that command; an example whose
command is expected to fail says so itself (`hush scan docs/demo || test $? = 1`). Every
process a file started is killed when it ends.

Before running anything it checks that relative links name files (and headings) that exist and,
when run on the whole tree, that the README's Layout table names exactly the top-level folders.

Exit status: 0 when every block ran, 1 when one failed, a shell block has no marker, a link is
broken or the Layout table is out of date.
Python 3 standard library only.
"""

import argparse
import concurrent.futures
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}
FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^\s`]*)")
MARKER = re.compile(r"^<!--\s*(runnable|not-runnable|setup|test)\s*(?::\s*(.*?))?\s*-->\s*$")
PRELUDE_START = re.compile(r"^<!--\s*prelude\s*$")
CLEARED_PREFIXES = ("HUSH_", "VAULT_", "AWS_", "GITLEAKS_", "GIT_")


class Step:
    def __init__(self, kind, line, text, reason=""):
        self.kind = kind      # runnable, prelude, not-runnable, setup, test
        self.line = line      # 1-based line of the first line of the block's body
        self.text = text
        self.reason = reason


def parse(path):
    """The file's steps in order, and the errors found (unmarked shell blocks, bad markers)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    steps, errors = [], []
    pending = None            # (kind, reason, line) of the last marker, until a block claims it
    i = 0
    while i < len(lines):
        line = lines[i]
        if PRELUDE_START.match(line):
            end = i + 1
            while end < len(lines) and lines[end].strip() != "-->":
                end += 1
            if end == len(lines):
                errors.append(f"{path}:{i + 1}: prelude comment is not closed by a line '-->'")
                break
            steps.append(Step("prelude", i + 2, "\n".join(lines[i + 1:end])))
            i = end + 1
            continue
        marker = MARKER.match(line)
        if marker:
            if pending:
                errors.append(f"{path}:{pending[2]}: marker not followed by a code block")
            kind, reason = marker.group(1), marker.group(2) or ""
            if kind == "not-runnable" and not reason:
                errors.append(f"{path}:{i + 1}: not-runnable needs a reason: <!-- not-runnable: WHY -->")
            pending = (kind, reason, i + 1)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            ticks, language = fence.group(1), fence.group(2).lower()
            end = i + 1
            while end < len(lines) and not (lines[end].startswith(ticks[0] * len(ticks))
                                             and lines[end].strip() == lines[end].strip()[0] * len(lines[end].strip())):
                end += 1
            body = "\n".join(lines[i + 1:end])
            if pending:
                steps.append(Step(pending[0], i + 2, body, pending[1]))
                if pending[0] == "runnable" and language not in SHELL_LANGUAGES:
                    errors.append(f"{path}:{i + 1}: a runnable block must be a shell block (```sh)")
            elif language in SHELL_LANGUAGES:
                errors.append(f"{path}:{i + 1}: shell block without <!-- runnable --> or "
                              "<!-- not-runnable: REASON --> before it")
            pending = None
            i = end + 1
            continue
        if pending and line.strip():
            errors.append(f"{path}:{pending[2]}: marker not followed by a code block")
            pending = None
        i += 1
    if pending:
        errors.append(f"{path}:{pending[2]}: marker not followed by a code block")
    return steps, errors


def scratch_environment(scratch, hush_dir, source):
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED_PREFIXES)}
    home = scratch / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Docs Example\n\temail = docs@example.com\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")
    env.update({
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": f"{hush_dir}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        "DOCS_SOURCE_DIR": str(source),
        "NO_COLOR": "1",
        "LC_ALL": "C.UTF-8",
    })
    return env


def run_file(path, steps, args, cache_dir):
    """Runs one file's steps; returns (ok, message, seconds)."""
    started = time.monotonic()
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="hush-docs-"))
    try:
        shutil.copytree(args.source / "docs" / "demo", scratch / "work" / "docs" / "demo")
        env = scratch_environment(scratch, args.hush.parent, args.source)
        env["HUSH_CACHE_DIR"] = str(cache_dir)
        # One script: each step's lines verbatim, and a table from script lines to file lines.
        status_path = scratch / "status"
        status = '"$__hush_doc_status"'
        script = [f"readonly __hush_doc_status={shlex_quote(str(status_path))}",
                  "set -eE -o pipefail",
                  "trap 'echo \"fail $LINENO $?\" >> \"$__hush_doc_status\"' ERR",
                  f"cd {shlex_quote(str(scratch / 'work'))}"]
        origin = {}
        for step in steps:
            if step.kind not in ("runnable", "prelude"):
                continue
            script.append(f"echo 'step {step.line}' >> {status}")
            for offset, text in enumerate(step.text.split("\n")):
                script.append(text)
                origin[len(script)] = step.line + offset
        script.append(f"echo done >> {status}")
        script_path = scratch / "doc.sh"
        script_path.write_text("\n".join(script) + "\n")
        log_path = scratch / "output.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(["bash", str(script_path)], cwd=scratch / "work", env=env,
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            timed_out = False
            try:
                proc.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        records = status_path.read_text().split("\n") if status_path.exists() else []
        output = log_path.read_text(errors="replace")
        seconds = time.monotonic() - started
        if "done" in records and not timed_out and proc.returncode == 0:
            if args.verbose:
                return True, output, seconds
            return True, "", seconds
        last_step = next((r.split()[1] for r in reversed(records) if r.startswith("step ")), "?")
        fail = next((r.split() for r in records if r.startswith("fail ")), None)
        if timed_out:
            where = f"{path}:{last_step}: block did not finish within {args.timeout} s"
        elif fail:
            line = origin.get(int(fail[1]))
            where = f"{path}:{line or last_step}: command failed with exit {fail[2]} (block at line {last_step})"
        else:
            where = f"{path}:{last_step}: block ended the shell (exit {proc.returncode})"
        tail = "\n".join(output.rstrip("\n").split("\n")[-40:])
        return False, f"{where}\n--- output (last 40 lines) ---\n{tail}\n---", seconds
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"{path}: scratch directory kept: {scratch}", file=sys.stderr)


def check_layout(source):
    """The README's Layout table must name exactly the top-level folders of the source tree."""
    text = (source / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not section:
        print("README.md: no '## Layout' section", file=sys.stderr)
        return 1
    named = set(re.findall(r"^\| `([^`/]+)/` \|", section.group(1), re.M))
    tracked = subprocess.run(["git", "-C", str(source), "ls-files"], capture_output=True, text=True)
    if tracked.returncode == 0:
        present = {line.split("/")[0] for line in tracked.stdout.splitlines() if "/" in line}
    else:  # not a Git checkout (a source tarball): the folders on disk
        present = {p.name for p in source.iterdir() if p.is_dir() and (p.name == ".ci" or not p.name.startswith("."))
                   and not p.name.startswith("build")}
    if named == present:
        return 0
    for name in sorted(present - named):
        print(f"README.md: Layout does not name the folder {name}/", file=sys.stderr)
    for name in sorted(named - present):
        print(f"README.md: Layout names {name}/, which does not exist", file=sys.stderr)
    return 1


LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    text = re.sub(r"^(```|~~~).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", text, re.M)}


def check_links(files):
    """Relative links must name a file that exists and, after #, a heading it has."""
    errors = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(```|~~~).*?^\1", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.M | re.S)
        for number, line in enumerate(text.split("\n"), 1):
            for target in LINK.findall(line):
                if re.match(r"^[a-z]+:", target):
                    continue
                file_part, _, anchor = target.partition("#")
                linked = (path.parent / file_part).resolve() if file_part else path
                if not linked.exists():
                    print(f"{path}:{number}: link to a missing file: {target}", file=sys.stderr)
                    errors += 1
                elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                    print(f"{path}:{number}: link to a missing heading: {target}", file=sys.stderr)
                    errors += 1
    return errors


def shlex_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hush", required=True, type=pathlib.Path, help="the hush binary to put on PATH")
    ap.add_argument("--source", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2],
                    help="the source tree (default: this script's)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds one file may take (default 300)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="files run at once (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every file's output")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directories")
    ap.add_argument("--list", action="store_true", help="list the blocks and their markers, run nothing")
    ap.add_argument("files", nargs="*", type=pathlib.Path,
                    help="Markdown files (default: README.md and docs/**/*.md of the source tree)")
    args = ap.parse_args()
    args.source = args.source.resolve()
    args.hush = args.hush.resolve()
    if not os.access(args.hush, os.X_OK):
        print(f"not an executable: {args.hush}", file=sys.stderr)
        return 1
    if args.hush.name != "hush":
        print(f"the binary must be called hush (the examples run `hush`): {args.hush}", file=sys.stderr)
        return 1
    files = args.files or [args.source / "README.md"] + sorted(
        p for p in (args.source / "docs").rglob("*.md") if "demo" not in p.relative_to(args.source / "docs").parts)

    parsed, errors = {}, []
    for path in files:
        steps, file_errors = parse(path)
        parsed[path] = steps
        errors += file_errors
    counts = {}
    for path, steps in parsed.items():
        for step in steps:
            counts[step.kind] = counts.get(step.kind, 0) + 1
            if args.list:
                rel = os.path.relpath(path, args.source)
                print(f"{rel}:{step.line}: {step.kind}{': ' + step.reason if step.reason else ''}")
    for error in errors:
        print(error, file=sys.stderr)
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("runnable", "prelude", "not-runnable", "setup", "test"))
    if args.list or errors:
        print(f"{summary}", file=sys.stderr)
        return 1 if errors else 0

    failures = 0 if args.files else check_layout(args.source)
    failures += check_links(files)
    started = time.monotonic()
    cache_dir = pathlib.Path(tempfile.mkdtemp(prefix="hush-docs-cache-"))
    try:
        # Compile the default pack's databases (one for files, one for Git history) once, before
        # the files run side by side, each of which would otherwise compile them.
        with tempfile.TemporaryDirectory() as warm:
            pathlib.Path(warm, "warm.txt").write_text("nothing to see\n")
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False,
                     "env": dict(os.environ, HUSH_CACHE_DIR=str(cache_dir))}
            git = ["git", "-C", warm, "-c", "user.name=warm", "-c", "user.email=warm@example.com"]
            subprocess.run(git + ["init", "-q"], **quiet)
            subprocess.run(git + ["add", "warm.txt"], **quiet)
            subprocess.run(git + ["commit", "-qm", "warm"], **quiet)
            subprocess.run([str(args.hush), "scan", "-q", "--no-progress", warm], **quiet)
            subprocess.run([str(args.hush), "scan", "-q", "--no-progress", "--git", warm], **quiet)
        todo = [(p, s) for p, s in parsed.items() if any(x.kind in ("runnable", "prelude") for x in s)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_file, p, s, args, cache_dir): p for p, s in todo}
            for future in concurrent.futures.as_completed(futures):
                path = os.path.relpath(futures[future], args.source)
                ok, message, seconds = future.result()
                print(f"{'ok  ' if ok else 'FAIL'} {path} ({seconds:.1f} s)")
                if message:
                    print(message.replace(str(futures[future]), path))
                failures += not ok
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    print(f"{summary}; {failures} file(s) failed; {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
