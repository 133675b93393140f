#!/usr/bin/env python3
"""Real-code accuracy: build a corpus from CredData's training split and score scanners on it.

    realcode.py corpus --creddata GITDIR --mirrors DIR --out OUT [--builder creddata_build.py]
    realcode.py score OUT [--hush BIN] [--gitleaks BIN] [--credsweeper BIN] [--reports DIR]
                      [--reuse [--rescan TOOL]...] [--cap 25] [--samples 15] [--details FILE] [--markdown FILE]
                      [--json-out FILE] [--only TOOL]... [-- HUSH_ARGS...]

`corpus` links every mirror under DIR (fetched snapshots laid out as DIR/<owner>+<name>/repo, a bare
git dir or a work tree with .git) whose repository is in the training list and holds the labelled
commit, runs the shared corpus builder on them and writes OUT/repos.tsv: one line per training
repository with its corpus id, name, labelled commit, true labels and whether it was used (or why not).

`score` scans OUT/tree with each scanner whose binary is given (hush always; gitleaks and CredSweeper
when found), keeps the raw reports in --reports (default OUT/reports), and scores every report
against OUT/labels.jsonl. With --reuse, a report already in --reports is scored without rescanning,
except for the tools named by --rescan (`--reuse --rescan hush --rescan hush-low` after a rule change).

Scoring (the shared accuracy README's rules, plus the choices below):
- Positives are the `T` labels, except those whose categories are all non-secret (UUID, AWS S3
  Bucket, Firebase Domain, Tencent WeChat API App ID, Nonce, Salt): those are neutral. A label with
  several categories (`Key:Password`) counts once overall and once in each category's row.
- A finding is a distinct (file, start line) a scanner reports: several rules or values reported on
  one line are one finding overall (what a reviewer has to look at), and one finding in each rule's
  row. A finding is a true positive when its line lies in [start, end] of a positive label; it is
  neutral when it lies only in neutral `T` labels; otherwise it is a false positive, whether it hits
  an `F` label (a hard negative) or no label at all. A multi-line value is one finding at its first
  line (CredSweeper lists each line of a PEM block; consecutive lines in one result are one value).
- Recall counts labels: a positive label is found when at least one finding lies in it, however many
  do. Precision counts findings: TP / (TP + FP).
- Raw figures sum over the corpus. Capped figures weigh each repository's labels by min(1, CAP/n)
  and its findings by min(1, CAP/m) (n labels, m findings of that repository in that row), so that
  no repository holds more than CAP labels' or findings' worth of any row.
- Per category: recall from that category's labels; precision from the true findings in that
  category's labels and the false ones on that category's `F` labels (unlabelled false positives
  have no category and appear only in the totals and the per-rule rows).
- Per rule: each finding of the rule (distinct file and line) is TP or FP as above; `found` counts
  the positive labels the rule finds and `alone` those no other rule of the same tool finds.

The details file (JSON lines, local only: it quotes corpus lines) lists every missed label and false
positive of every tool, for analysis; samples of both are printed. The Markdown table holds counts
and figures only. Python 3 standard library only.
"""

import argparse
import binascii
import collections
import csv
import json
import os
import shutil
import subprocess
import sys

from score import split_passthrough

NON_SECRET = {"UUID", "AWS S3 Bucket", "Firebase Domain", "Tencent WeChat API App ID", "Nonce", "Salt"}
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------------- corpus

def git(gitdir, *args):
    proc = subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def mirror_gitdir(mirrors, name):
    # One training entry spells its repository with a trailing ".git"; its mirror folder does not.
    for folder in dict.fromkeys((name, name[:-4] if name.endswith(".git") else name)):
        base = os.path.join(mirrors, folder.replace("/", "+"))
        for cand in (os.path.join(base, "repo", ".git"), os.path.join(base, "repo"), base):
            if os.path.isdir(os.path.join(cand, "objects")):
                return cand
    return None


def corpus_id(snapshot_key):
    return f"{binascii.crc32(binascii.unhexlify(snapshot_key)):08x}"


def build_corpus(args):
    train_tsv = os.path.join(os.path.dirname(os.path.abspath(args.builder)), "creddata-train.tsv")
    train = [row for row in csv.reader(open(train_tsv, encoding="utf-8"), delimiter="\t")
             if row and not row[0].startswith("#")]
    snapshot = json.loads(git(args.creddata, "show", "HEAD:snapshot.json"))
    # snapshot.json maps each labelled commit key to the repository's web address; match on owner/name.
    key_of = {"/".join(url.rstrip("/").lower().split("/")[-2:]): key for key, url in snapshot.items()}
    links = os.path.join(args.out, "gitdirs")
    shutil.rmtree(links, ignore_errors=True)
    rows, used = [], []
    for name, commit, true_labels in ((r[0], r[1], r[2]) for r in train):
        key = key_of.get(name.lower())
        cid = corpus_id(key) if key else "-"
        gitdir = mirror_gitdir(args.mirrors, name)
        if gitdir is None:
            status = "not mirrored"
        elif git(gitdir, "cat-file", "-e", f"{commit}^{{commit}}") is None:
            status = "labelled commit not in mirror"
        else:
            # The builder names a repository after its git dir's parent folder (<owner>+<name>).
            link_dir = os.path.join(links, name.replace("/", "+"))
            os.makedirs(link_dir, exist_ok=True)
            os.symlink(os.path.abspath(gitdir), os.path.join(link_dir, "git"))
            used.append(os.path.join(link_dir, "git"))
            status = "used"
        rows.append((cid, name, commit, true_labels, status))
    reasons = {}
    if args.why:
        for line in open(args.why, encoding="utf-8"):
            if "\t" in line:
                repo, why = line.rstrip("\n").split("\t", 1)
                reasons[repo.lower()] = why
    with open(os.path.join(args.out, "repos.tsv"), "w", encoding="utf-8") as f:
        f.write("# corpus id\trepository\tlabelled commit\ttrue labels (all of CredData's)\tstatus\n")
        for cid, name, commit, n, status in rows:
            if status == "not mirrored" and name.lower() in reasons:
                status += ": " + reasons[name.lower()]
            f.write(f"{cid}\t{name}\t{commit}\t{n}\t{status}\n")
    print(f"{len(used)} of {len(rows)} training repositories usable; building corpus", file=sys.stderr)
    subprocess.run([sys.executable, args.builder, args.creddata, args.out, *used], check=True)


# ------------------------------------------------------------------------------------------ scanners

def rel(path):
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def has_option(binary, subcommand, option):
    proc = subprocess.run([binary, *subcommand, "--help"], capture_output=True, text=True)
    return option in proc.stdout + proc.stderr


def run_tool(cmd, cwd, ok_codes=(0, 1)):
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in ok_codes:
        sys.stderr.write(proc.stderr[-4000:])
        sys.exit(f"realcode.py: {os.path.basename(cmd[0])} exited {proc.returncode}")


def hush_findings(report):
    return [(rel(f["path"]), f["line"], f["rule_id"], f.get("confidence")) for f in report["findings"]]


def gitleaks_findings(report):
    return [(rel(f["File"]), f["StartLine"], f["RuleID"], None) for f in report or []]


def credsweeper_findings(report):
    """One finding per candidate and value: a candidate lists every line of a multi-line value (a PEM
    block) and each value of a pair rule; consecutive lines of one file are one value, at its first."""
    out = []
    for cand in report or []:
        last = None
        for ld in sorted(cand.get("line_data_list", []), key=lambda ld: (ld["path"], ld["line_num"])):
            here = (rel(ld["path"]), ld["line_num"])
            if last is None or last[0] != here[0] or here[1] - last[1] > 1:
                out.append((here[0], here[1], cand["rule"], cand.get("confidence")))
            last = here
    return out


def tools_to_run(args, hush_args):
    """(name, command or None, report file, parser) for each scanner there is."""
    tools = []
    # The scanners run inside CORPUS/tree: a relative path to a binary is taken from here.
    for name in ("hush", "gitleaks", "credsweeper"):
        path = getattr(args, name)
        if path and os.sep in path:
            setattr(args, name, os.path.abspath(path))
    hush_base = [args.hush, "scan", "--format", "json", "--no-cache", "--no-progress", "--reveal", *hush_args]
    tools.append(("hush", hush_base, "hush.json", lambda r: hush_findings(r)))
    if has_option(args.hush, ["scan"], "--min-confidence"):
        tools.append(("hush-low", hush_base + ["--min-confidence", "low"], "hush-low.json", lambda r: hush_findings(r)))
    if args.gitleaks:
        tools.append(("gitleaks", [args.gitleaks, "dir", ".", "--no-banner", "-l", "error", "-f", "json",
                                   "-r", "{report}", "--exit-code", "0"], "gitleaks.json", gitleaks_findings))
    if args.credsweeper:
        tools.append(("credsweeper", [args.credsweeper, "--path", ".", "--save-json", "{report}", "--no-stdout",
                                      "--no-progress", "--jobs", str(args.jobs)], "credsweeper.json",
                      credsweeper_findings))
    if args.only:
        tools = [t for t in tools if t[0] in args.only]
    return tools


def scan(tool, tree, reports, reuse):
    name, cmd, report_name, _ = tool
    report = os.path.join(reports, report_name)
    if not (name in reuse and os.path.exists(report)):
        if name.startswith("hush"):
            cmd = cmd + ["-o", report, "."]
        else:
            cmd = [c.replace("{report}", report) for c in cmd]
        print(f"scanning with {name} ...", file=sys.stderr)
        run_tool(cmd, tree)
    with open(report, encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------------------------------- scoring

def categories(label_type):
    return [c.strip() for c in label_type.split(":") if c.strip()]


def load_labels(corpus):
    labels = []
    with open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8") as f:
        for line in f:
            l = json.loads(line)
            cats = categories(l["type"])
            l["cats"] = cats
            l["repo"] = l["path"].split("/", 1)[0]
            if l["label"] != "T":
                l["kind"] = "neg"
            elif all(c in NON_SECRET for c in cats):
                l["kind"] = "neutral"
            else:
                l["kind"] = "pos"
            labels.append(l)
    return labels


def load_repo_names(corpus):
    names = {}
    path = os.path.join(corpus, "repos.tsv")
    if os.path.exists(path):
        for row in csv.reader(open(path, encoding="utf-8"), delimiter="\t"):
            if row and not row[0].startswith("#"):
                names[row[0]] = row[1]
    return names


class Score:
    """The verdict of every finding location of one tool, and which labels each finds."""

    def __init__(self, labels, findings):
        by_path = collections.defaultdict(list)
        for i, l in enumerate(labels):
            by_path[l["path"]].append(i)
        self.rules_at = collections.defaultdict(set)           # (path, line) -> rules
        self.confidence_at = {}
        for path, line, rule, conf in findings:
            self.rules_at[(path, line)].add(rule)
            self.confidence_at.setdefault((path, line), conf)
        self.verdict = {}                                      # (path, line) -> "tp" | "neutral" | "fp"
        self.hits = {}                                         # (path, line) -> label indices it lies in
        self.found_by = collections.defaultdict(set)           # label index -> rules that find it
        for loc, rules in self.rules_at.items():
            inside = [i for i in by_path.get(loc[0], []) if labels[i]["start"] <= loc[1] <= labels[i]["end"]]
            self.hits[loc] = inside
            pos = [i for i in inside if labels[i]["kind"] == "pos"]
            if pos:
                self.verdict[loc] = "tp"
                for i in pos:
                    self.found_by[i] |= rules
            elif any(labels[i]["kind"] == "neutral" for i in inside):
                self.verdict[loc] = "neutral"
            else:
                self.verdict[loc] = "fp"


def weighted(counts_by_repo, cap, num_key, den_key):
    num = den = 0.0
    for c in counts_by_repo.values():
        n = c[den_key]
        if n:
            w = min(1.0, cap / n)
            num += w * c[num_key]
            den += w * n
    return num / den if den else float("nan")


def prf(tp, fp, found, labels):
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = found / labels if labels else float("nan")
    f1 = 2 * p * r / (p + r) if p == p and r == r and p + r else float("nan")
    return p, r, f1


class Row:
    def __init__(self):
        self.by_repo = collections.defaultdict(collections.Counter)

    def add(self, repo, key, n=1):
        self.by_repo[repo][key] += n

    def total(self, key):
        return sum(c[key] for c in self.by_repo.values())

    def figures(self, cap):
        tp, fp, found, labels = (self.total(k) for k in ("tp", "fp", "found", "labels"))
        p, r, f1 = prf(tp, fp, found, labels)
        for c in self.by_repo.values():
            c["findings"] = c["tp"] + c["fp"]
        cp = weighted(self.by_repo, cap, "tp", "findings")
        cr = weighted(self.by_repo, cap, "found", "labels")
        cf = 2 * cp * cr / (cp + cr) if cp == cp and cr == cr and cp + cr else float("nan")
        repos_found = sum(1 for c in self.by_repo.values() if c["found"])
        repos_fp = sum(1 for c in self.by_repo.values() if c["fp"])
        return {"labels": labels, "found": found, "tp": tp, "fp": fp, "precision": p, "recall": r, "f1": f1,
                "capped_precision": cp, "capped_recall": cr, "capped_f1": cf,
                "repos_labels": sum(1 for c in self.by_repo.values() if c["labels"]),
                "repos_found": repos_found, "repos_fp": repos_fp}


def tabulate(labels, score):
    overall, per_cat, per_rule = Row(), collections.defaultdict(Row), collections.defaultdict(Row)
    for i, l in enumerate(labels):
        if l["kind"] != "pos":
            continue
        found = i in score.found_by
        overall.add(l["repo"], "labels")
        overall.add(l["repo"], "found", found)
        for c in l["cats"]:
            if c in NON_SECRET:
                continue
            per_cat[c].add(l["repo"], "labels")
            per_cat[c].add(l["repo"], "found", found)
        rules = score.found_by.get(i, set())
        for rule in rules:
            per_rule[rule].add(l["repo"], "found")
            per_rule[rule].add(l["repo"], "alone", len(rules) == 1)
    for loc, v in score.verdict.items():
        if v == "neutral":
            continue
        repo = loc[0].split("/", 1)[0]
        overall.add(repo, v)
        for rule in score.rules_at[loc]:
            per_rule[rule].add(repo, v)
        if v == "tp":
            cats = {c for i in score.hits[loc] if labels[i]["kind"] == "pos" for c in labels[i]["cats"]}
        else:
            cats = {c for i in score.hits[loc] if labels[i]["kind"] == "neg" for c in labels[i]["cats"]}
        for c in cats - NON_SECRET:
            per_cat[c].add(repo, v)
    return overall, per_cat, per_rule


def fmt(x):
    return "  -  " if x != x else f"{x:.3f}"


def print_tables(name, overall, per_cat, per_rule, cap, out, top_rules=None):
    s = overall.figures(cap)
    out.write(f"\n== {name}: {s['tp'] + s['fp']} findings (distinct file and line), {s['labels']} positive labels "
              f"in {s['repos_labels']} repositories\n")
    out.write(f"   raw      precision {fmt(s['precision'])}  recall {fmt(s['recall'])}  F1 {fmt(s['f1'])}  "
              f"(TP {s['tp']}, FP {s['fp']}, found {s['found']})\n")
    out.write(f"   capped   precision {fmt(s['capped_precision'])}  recall {fmt(s['capped_recall'])}  "
              f"F1 {fmt(s['capped_f1'])}  (each repository weighs at most {cap} labels / findings)\n")
    head = (f"   {'category':34} {'labels':>6} {'found':>6} {'recall':>6} {'capped':>6} {'repos':>5} "
            f"{'TP':>5} {'FP(F)':>5} {'prec':>6}")
    out.write("\n" + head + "\n")
    for cat, row in sorted(per_cat.items(), key=lambda kv: -kv[1].total("labels")):
        f = row.figures(cap)
        if not f["labels"]:
            continue
        out.write(f"   {cat[:34]:34} {f['labels']:6} {f['found']:6} {fmt(f['recall']):>6} {fmt(f['capped_recall']):>6} "
                  f"{f['repos_labels']:5} {f['tp']:5} {f['fp']:5} {fmt(f['precision']):>6}\n")
    head = (f"   {'rule':34} {'finds':>6} {'TP':>5} {'FP':>5} {'prec':>6} {'capped':>6} {'found':>6} {'alone':>5} "
            f"{'repos+':>6} {'repos-':>6}")
    out.write("\n" + head + "\n")
    rows = sorted(per_rule.items(), key=lambda kv: -(kv[1].total("tp") + kv[1].total("fp")))
    for rule, row in rows[:top_rules] if top_rules else rows:
        f = row.figures(cap)
        out.write(f"   {rule[:34]:34} {f['tp'] + f['fp']:6} {f['tp']:5} {f['fp']:5} {fmt(f['precision']):>6} "
                  f"{fmt(f['capped_precision']):>6} {f['found']:6} {row.total('alone'):5} {f['repos_found']:6} "
                  f"{f['repos_fp']:6}\n")
    if top_rules and len(rows) > top_rules:
        out.write(f"   ... {len(rows) - top_rules} more rules\n")


CONFIDENCE_ORDER = ["high", "medium", "low"]


def print_by_confidence(name, labels, findings, cap, out):
    """When a tool grades its findings, the figures at each cut-off, from one report."""
    levels = sorted({f[3] for f in findings if isinstance(f[3], str)},
                    key=lambda c: (CONFIDENCE_ORDER.index(c.lower()) if c.lower() in CONFIDENCE_ORDER else 99, c))
    if len(levels) < 2 or not name.startswith("hush"):
        return
    out.write(f"\n   {name} by confidence cut-off (findings at or above it):\n")
    for i, level in enumerate(levels):
        keep = set(levels[:i + 1])
        s = tabulate(labels, Score(labels, [f for f in findings if f[3] in keep]))[0].figures(cap)
        out.write(f"   >= {level:8} findings {s['tp'] + s['fp']:5}  precision {fmt(s['precision'])}  recall "
                  f"{fmt(s['recall'])}  F1 {fmt(s['f1'])}  capped {fmt(s['capped_precision'])} / "
                  f"{fmt(s['capped_recall'])}\n")


def line_text(tree, path, line, width=140):
    try:
        with open(os.path.join(tree, path), encoding="utf-8", errors="replace") as f:
            for n, text in enumerate(f, 1):
                if n == line:
                    text = text.strip()
                    return text if len(text) <= width else text[:width - 1] + "…"
    except OSError:
        pass
    return ""


def details(name, labels, score, tree):
    """Every miss and false positive of one tool, with the corpus line (local analysis only)."""
    for i, l in enumerate(labels):
        if l["kind"] == "pos" and i not in score.found_by:
            yield {"tool": name, "kind": "miss", "path": l["path"], "start": l["start"], "end": l["end"],
                   "type": l["type"], "text": line_text(tree, l["path"], l["start"], 400)}
    for loc, v in sorted(score.verdict.items()):
        if v == "fp":
            hit = [labels[i]["type"] for i in score.hits[loc] if labels[i]["kind"] == "neg"]
            yield {"tool": name, "kind": "fp", "path": loc[0], "line": loc[1], "rules": sorted(score.rules_at[loc]),
                   "confidence": score.confidence_at.get(loc), "f_label": hit[0] if hit else None,
                   "text": line_text(tree, loc[0], loc[1], 400)}


def print_samples(name, labels, score, tree, n, out):
    misses = collections.defaultdict(list)
    for i, l in enumerate(labels):
        if l["kind"] == "pos" and i not in score.found_by:
            misses[l["type"]].append(l)
    out.write(f"\n-- {name}: sample misses (by category, {n} at most in all, local corpus lines)\n")
    shown = 0
    for cat, ls in sorted(misses.items(), key=lambda kv: -len(kv[1])):
        if shown >= n:
            break
        l = ls[len(ls) // 2]
        out.write(f"   [{cat}] {len(ls)} missed, e.g. {l['path']}:{l['start']}\n      {line_text(tree, l['path'], l['start'])}\n")
        shown += 1
    fps = collections.defaultdict(list)
    for loc, v in score.verdict.items():
        if v == "fp":
            fps[min(score.rules_at[loc])].append(loc)
    out.write(f"\n-- {name}: sample false positives (by rule)\n")
    shown = 0
    for rule, locs in sorted(fps.items(), key=lambda kv: -len(kv[1])):
        if shown >= n:
            break
        loc = sorted(locs)[len(locs) // 2]
        out.write(f"   [{rule}] {len(locs)}, e.g. {loc[0]}:{loc[1]}\n      {line_text(tree, *loc)}\n")
        shown += 1


def markdown(results, cap, tool_versions):
    lines = ["| scanner | findings | TP | FP | precision | recall | F1 | capped precision | capped recall | capped F1 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, (overall, _, _) in results.items():
        s = overall.figures(cap)
        lines.append(f"| {tool_versions.get(name, name)} | {s['tp'] + s['fp']} | {s['tp']} | {s['fp']} | "
                     f"{fmt(s['precision'])} | {fmt(s['recall'])} | {fmt(s['f1'])} | {fmt(s['capped_precision'])} | "
                     f"{fmt(s['capped_recall'])} | {fmt(s['capped_f1'])} |")
    cats = collections.Counter()
    for _, per_cat, _ in results.values():
        for c, row in per_cat.items():
            cats[c] = max(cats[c], row.total("labels"))
    names = list(results)
    lines += ["", "Recall per category (labels found / labels):", "",
              "| category | labels | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for c, n in cats.most_common():
        cells = []
        for name in names:
            row = results[name][1].get(c)
            cells.append(f"{row.total('found') if row else 0} ({fmt(row.figures(cap)['recall']) if row else '-'})")
        lines.append(f"| {c} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def score_corpus(args, hush_args):
    tree = os.path.join(args.corpus, "tree")
    reports = args.reports or os.path.join(args.corpus, "reports")
    os.makedirs(reports, exist_ok=True)
    labels = load_labels(args.corpus)
    kinds = collections.Counter(l["kind"] for l in labels)
    out = sys.stdout
    out.write(f"{args.corpus}: {kinds['pos']} positive, {kinds['neutral']} neutral (non-secret categories), "
              f"{kinds['neg']} negative labels in {len({l['path'] for l in labels})} files of "
              f"{len({l['repo'] for l in labels})} repositories\n")
    results, detail_rows = {}, []
    tools = tools_to_run(args, hush_args)
    for tool in tools:
        reuse = {t[0] for t in tools} - set(args.rescan or []) if args.reuse else set()
        report = scan(tool, tree, reports, reuse)
        findings = tool[3](report)
        score = Score(labels, findings)
        results[tool[0]] = tabulate(labels, score)
        print_tables(tool[0], *results[tool[0]], args.cap, out, None if tool[0].startswith("hush") else args.top_rules)
        print_by_confidence(tool[0], labels, findings, args.cap, out)
        if args.samples:
            print_samples(tool[0], labels, score, tree, args.samples, out)
        detail_rows += list(details(tool[0], labels, score, tree))
    if args.details:
        with open(args.details, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in detail_rows)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({name: {"overall": o.figures(args.cap),
                              "categories": {c: r.figures(args.cap) for c, r in cats.items()},
                              "rules": {k: r.figures(args.cap) for k, r in rules.items()}}
                       for name, (o, cats, rules) in results.items()}, f, indent=1)
    if args.markdown:
        names = dict(n.split("=", 1) for n in args.tool_name or [])
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(markdown(results, args.cap, names))


def main():
    argv, hush_args = split_passthrough(sys.argv[1:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus", help="build the corpus from CredData and repository mirrors")
    c.add_argument("--creddata", required=True, help="git dir of the CredData mirror")
    c.add_argument("--mirrors", required=True, help="folder of <owner>+<name> mirrors")
    c.add_argument("--out", required=True)
    c.add_argument("--builder", required=True, help="the shared creddata_build.py (beside creddata-train.tsv)")
    c.add_argument("--why", help="TSV of repository and reason, for those that could not be mirrored")
    s = sub.add_parser("score", help="scan the corpus and score each scanner")
    s.add_argument("corpus")
    s.add_argument("--hush", default=os.environ.get("HUSH", os.path.join(HERE, "..", "..", "build", "cli", "hush")))
    s.add_argument("--gitleaks", default=os.environ.get("GITLEAKS") or shutil.which("gitleaks"))
    s.add_argument("--credsweeper", default=os.environ.get("CREDSWEEPER") or shutil.which("credsweeper"))
    s.add_argument("--jobs", type=int, default=1, help="CredSweeper worker processes")
    s.add_argument("--reports", help="folder for the raw reports (default CORPUS/reports)")
    s.add_argument("--reuse", action="store_true", help="score reports already in --reports instead of rescanning")
    s.add_argument("--rescan", action="append", help="with --reuse: scan again with this tool (e.g. hush after a rule change)")
    s.add_argument("--only", action="append", help="score only this tool (hush, hush-low, gitleaks, credsweeper)")
    s.add_argument("--cap", type=float, default=25, help="labels / findings one repository may weigh in capped figures")
    s.add_argument("--samples", type=int, default=15, help="misses and false positives to print per tool (0: none)")
    s.add_argument("--top-rules", type=int, default=25, help="rules listed for peers (hush lists all)")
    s.add_argument("--details", help="write every miss and false positive, with its corpus line, as JSON lines")
    s.add_argument("--json-out", help="write all figures as JSON")
    s.add_argument("--markdown", help="write the summary table (figures only) as Markdown")
    s.add_argument("--tool-name", action="append", help="TOOL=NAME: how the Markdown table names a tool (e.g. its version)")
    args = ap.parse_args(argv)
    if args.cmd == "corpus":
        build_corpus(args)
    else:
        score_corpus(args, hush_args)


if __name__ == "__main__":
    main()
