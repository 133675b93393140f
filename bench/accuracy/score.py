#!/usr/bin/env python3
"""Score a hush JSON report against the labels of a generated corpus.

    score.py DIR [--hush BIN | --report REPORT.json] [--rules-json RULES.json] [--verbose] [--check]
             [--json-out FILE] [--save-report FILE] [-- HUSH_ARGS...]

Without --report, runs `BIN scan --format json --reveal --no-progress -e labels.jsonl HUSH_ARGS DIR`.
The family of each finding comes from `BIN rules list --format json` (rule id -> family) run with the
rule-selecting options among HUSH_ARGS, or from --rules-json.

Matching. A finding matches a label when
  1. both name the same path,
  2. their line ranges intersect ([line, end_line] of each; single-line values have end_line = line), and
  3. their secrets overlap: after dropping all whitespace and literal backslash-n/backslash-r escapes
     from both, and surrounding quotes from the finding's, one contains the other, and the contained
     one is at least min(8, length of the label's secret) characters long.
A finding with no secret in the report (no --reveal) matches on 1 and 2 alone.
A finding that matches a positive label is a true positive, whatever the family of either: a generic
rule reporting a Stripe key that sits in `api_key = ...` is right, not noise. Any other finding is a
false positive, noted as hitting a labelled negative (a hard negative) or as unlabelled. A positive
label matched by no finding is a false negative.

Per family (the family of the rule for findings, of the label for labels):
  labels    positive labels        found     positive labels matched by at least one finding
  findings  findings reported      TP / FP   findings that do / do not match a positive label
  FN        labels - found         precision TP / findings     recall  found / labels
  neg, neg-hit   negative labels, and those matched by some finding
"provider-specific" sums every family except generic; "generic" is the generic family.
--check exits 1 unless provider-specific precision and recall are >= 0.98 and generic precision is
>= 0.9 and recall >= 0.8.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

FAMILIES = ["cloud", "infrastructure", "observability", "source-hosting", "communication", "payments", "ai", "keys", "generic"]
# Rule packs written before the family split name providers; map them onto the families.
FAMILY_ALIASES = {
    "aws": "cloud", "gcp": "cloud", "google": "cloud", "azure": "cloud", "alibaba": "cloud", "digitalocean": "cloud",
    "github": "source-hosting", "gitlab": "source-hosting", "npm": "source-hosting", "source": "source-hosting",
    "source_hosting": "source-hosting", "sourcehosting": "source-hosting", "registries": "source-hosting",
    "slack": "communication", "discord": "communication", "stripe": "payments", "openai": "ai", "anthropic": "ai",
    "private-keys": "keys", "private-key": "keys", "crypto": "keys", "connection-strings": "keys",
    "infra": "infrastructure", "monitoring": "observability",
}
TARGETS = {"provider-specific": (0.98, 0.98), "generic": (0.90, 0.80)}
RULE_ARGS_WITH_VALUE = {"-r", "--rules", "-c", "--config"}
RULE_FLAGS = {"--no-builtin-rules", "--no-cache"}


def norm(s):
    s = s.replace("\\n", "").replace("\\r", "")
    return "".join(s.split())


def strip_quotes(s):
    s = s.strip()
    while len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'`":
        s = s[1:-1]
    return s


def overlaps(finding_secret, label_secret):
    if finding_secret is None:
        return True
    f, l = norm(strip_quotes(finding_secret)), norm(label_secret)
    need = min(8, len(l))
    return (l in f and len(l) >= need) or (f in l and len(f) >= need)


def rule_args(hush_args):
    out, i = [], 0
    while i < len(hush_args):
        a = hush_args[i]
        if a in RULE_ARGS_WITH_VALUE and i + 1 < len(hush_args):
            out += [a, hush_args[i + 1]]
            i += 2
            continue
        if a in RULE_FLAGS or any(a.startswith(p + "=") for p in RULE_ARGS_WITH_VALUE if p.startswith("--")):
            out.append(a)
        i += 1
    return out


def run_json(cmd, ok_codes):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in ok_codes:
        sys.stderr.write(proc.stderr)
        sys.exit(f"score.py: {' '.join(cmd[:2])} exited {proc.returncode}")
    return json.loads(proc.stdout)


def family_of(raw):
    f = (raw or "unknown").strip().lower()
    return FAMILY_ALIASES.get(f, f)


def load_labels(corpus):
    with open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8") as f:
        labels = [json.loads(line) for line in f if line.strip()]
    for l in labels:
        l.setdefault("end_line", l["line"] + l["secret"].count("\n"))
    return labels


def match(findings, labels, families):
    by_path = collections.defaultdict(list)
    for idx, l in enumerate(labels):
        by_path[l["path"]].append(idx)
    found = collections.defaultdict(list)      # label index -> finding indices
    results = []                               # per finding: (family, "tp"|"neg"|"unlabelled", label index or None)
    for fi, f in enumerate(findings):
        fam = families.get(f["rule_id"], "unknown")
        lo, hi = f["line"], f.get("end_line") or f["line"]
        pos, negs = None, None
        for li in by_path.get(f["path"], []):
            l = labels[li]
            if l["line"] > hi or l["end_line"] < lo or not overlaps(f.get("secret"), l["secret"]):
                continue
            if l["kind"] == "positive":
                pos = li if pos is None else pos
            elif negs is None:
                negs = li
        if pos is not None:
            found[pos].append(fi)
            results.append((fam, "tp", pos))
        else:
            if negs is not None:
                found[negs].append(fi)
            results.append((fam, "neg" if negs is not None else "unlabelled", negs))
    return results, found


def ratio(a, b):
    return a / b if b else float("nan")


def fmt_ratio(x):
    return "   -  " if x != x else f"{x:6.3f}"


def tabulate(labels, findings, results, found):
    rows = collections.OrderedDict((f, collections.Counter()) for f in FAMILIES)
    for li, l in enumerate(labels):
        c = rows.setdefault(l["family"], collections.Counter())
        if l["kind"] == "positive":
            c["labels"] += 1
            c["found"] += li in found
        else:
            c["neg"] += 1
            c["neg_hit"] += li in found
    for fam, verdict, _ in results:
        c = rows.setdefault(fam, collections.Counter())
        c["findings"] += 1
        c["tp" if verdict == "tp" else "fp"] += 1
    totals = {"provider-specific": collections.Counter(), "generic": collections.Counter()}
    for fam, c in rows.items():
        totals["generic" if fam == "generic" else "provider-specific"].update(c)
    return rows, totals


def summary_row(c):
    p, r = ratio(c["tp"], c["findings"]), ratio(c["found"], c["labels"])
    return {"labels": c["labels"], "found": c["found"], "findings": c["findings"], "tp": c["tp"], "fp": c["fp"],
            "fn": c["labels"] - c["found"], "precision": p, "recall": r, "neg": c["neg"], "neg_hit": c["neg_hit"]}


def print_table(rows, totals, out):
    head = f"{'family':18} {'labels':>6} {'found':>6} {'findings':>8} {'TP':>6} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7} {'neg':>6} {'neg-hit':>7}"
    out.write(head + "\n" + "-" * len(head) + "\n")

    def line(name, c):
        s = summary_row(c)
        out.write(f"{name:18} {s['labels']:6} {s['found']:6} {s['findings']:8} {s['tp']:6} {s['fp']:5} {s['fn']:5} "
                  f"{fmt_ratio(s['precision']):>9} {fmt_ratio(s['recall']):>7} {s['neg']:6} {s['neg_hit']:7}\n")

    for fam, c in rows.items():
        line(fam, c)
    out.write("-" * len(head) + "\n")
    for name, c in totals.items():
        line(name, c)


def short(s, n=60):
    s = (s or "").replace("\n", "\\n")
    return s if len(s) <= n else s[:n - 1] + "…"


def file_type(path):
    base = path.rsplit("/", 1)[-1]
    if base.startswith(".env"):
        return ".env"
    if "." in base.lstrip("."):
        return "*." + base.rsplit(".", 1)[-1]
    return base


def print_details(labels, findings, results, found, out):
    fps = [(findings[i], r) for i, r in enumerate(results) if r[1] != "tp"]
    out.write(f"\nfalse positives ({len(fps)}):\n")
    for f, (fam, verdict, li) in sorted(fps, key=lambda x: (x[1][0], x[0]["rule_id"], x[0]["path"], x[0]["line"])):
        what = f"hard negative {labels[li]['provider']}" if verdict == "neg" else "unlabelled"
        out.write(f"  [{fam}] {f['path']}:{f['line']} {f['rule_id']} ({what}) {short(f.get('secret'))}\n")
    fns = [l for li, l in enumerate(labels) if l["kind"] == "positive" and li not in found]
    out.write(f"\nfalse negatives ({len(fns)}):\n")
    for l in sorted(fns, key=lambda l: (l["family"], l["provider"], l["path"], l["line"])):
        out.write(f"  [{l['family']}] {l['path']}:{l['line']} {l['provider']} {short(l['secret'])}\n")
    per = collections.defaultdict(collections.Counter)
    for li, l in enumerate(labels):
        c = per[(l["family"], l["kind"], l["provider"])]
        c["n"] += 1
        c["hit"] += li in found
    per_type = collections.defaultdict(collections.Counter)
    for li, l in enumerate(labels):
        if l["kind"] == "positive":
            c = per_type[(l["family"] == "generic", file_type(l["path"]))]
            c["n"] += 1
            c["hit"] += li in found
    out.write("\nrecall per file type (found/labels), provider-specific | generic:\n")
    for t in sorted({t for _, t in per_type}):
        p, g = per_type[(False, t)], per_type[(True, t)]
        out.write(f"  {t:22} {p['hit']:4}/{p['n']:<4} | {g['hit']:4}/{g['n']:<4}\n")
    out.write("\nper provider (positives: found/labels; negatives: reported/labels):\n")
    for (fam, kind, prov), c in sorted(per.items()):
        flag = "" if (kind == "positive" and c["hit"] == c["n"]) or (kind == "negative" and c["hit"] == 0) else "  <--"
        out.write(f"  {fam:15} {kind:8} {prov:36} {c['hit']:4}/{c['n']:<4}{flag}\n")


def check(totals, out):
    ok = True
    for name, (pmin, rmin) in TARGETS.items():
        s = summary_row(totals[name])
        good = s["precision"] >= pmin and s["recall"] >= rmin
        ok &= good
        out.write(f"{name}: precision {fmt_ratio(s['precision']).strip()} (target {pmin}), recall "
                  f"{fmt_ratio(s['recall']).strip()} (target {rmin}): {'ok' if good else 'MISSED'}\n")
    return ok


def split_passthrough(argv):
    """Our options, and the ones after `--` that go to hush unread."""
    if "--" not in argv:
        return argv, []
    cut = argv.index("--")
    return argv[:cut], argv[cut + 1:]


def main():
    argv, hush_args = split_passthrough(sys.argv[1:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--hush", default=os.environ.get("HUSH", "build/cli/hush"))
    ap.add_argument("--report", help="read this hush JSON report instead of running a scan")
    ap.add_argument("--rules-json", help="output of 'hush rules list --format json' to read instead of running it")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives, false negatives and per-provider counts")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--json-out", help="write the table as JSON to this file")
    ap.add_argument("--save-report", help="also write hush's JSON report to this file")
    args = ap.parse_args(argv)

    labels = load_labels(args.corpus)
    if args.report:
        with open(args.report, encoding="utf-8") as f:
            report = json.load(f)
    else:
        report = run_json([args.hush, "scan", "--format", "json", "--reveal", "--no-progress", "-e", "labels.jsonl",
                           *hush_args, args.corpus], (0, 1))
        if args.save_report:
            with open(args.save_report, "w", encoding="utf-8") as f:
                json.dump(report, f)
    if args.rules_json:
        with open(args.rules_json, encoding="utf-8") as f:
            rules = json.load(f)
    else:
        rules = run_json([args.hush, "rules", "list", "--format", "json", *rule_args(hush_args)], (0,))
    families = {r["id"]: family_of(r.get("family")) for r in rules}
    findings = [f for f in report["findings"] if f["path"] != "labels.jsonl"]

    results, found = match(findings, labels, families)
    rows, totals = tabulate(labels, findings, results, found)
    out = sys.stdout
    out.write(f"{args.corpus}: {len(findings)} findings, {sum(l['kind'] == 'positive' for l in labels)} positive and "
              f"{sum(l['kind'] == 'negative' for l in labels)} negative labels, {len(rules)} rules\n\n")
    print_table(rows, totals, out)
    if args.verbose:
        print_details(labels, findings, results, found, out)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({"families": {k: summary_row(v) for k, v in rows.items()},
                       "totals": {k: summary_row(v) for k, v in totals.items()}}, f, indent=2)
    out.write("\n")
    ok = check(totals, out)
    if args.check and not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
