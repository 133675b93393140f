#!/usr/bin/env python3
"""Fit the confidence model's weights on the labelled real-code corpus (README.md, "Confidence").

    confidence_fit.py CORPUS --dump EVIDENCE.jsonl [--out scanner/src/confidence_weights.cpp]
                      [--l2 2.0] [--folds 5] [--seed 1] [--low 0.90] [--medium 0.95]

EVIDENCE.jsonl is what `hush_evidence_dump CORPUS/tree` prints for the built-in rules: every finding
with the confidence hush decides at its path, and for the findings the model weighs (rules below high
confidence, not rejected outright by their context) the model's features. CORPUS is a corpus built by
`realcode.py corpus` from the training split of CredData only: never point this at held-out data.

A finding's label is the realcode.py verdict of its location (true when it lies in a positive label,
false otherwise; neutral locations are left out). The model is an L2-regularised logistic regression
fitted by Newton's method, weights standardised by nothing (the features are flags and small numbers).

Its two cut-offs are chosen on out-of-fold scores (folds by repository, so a repository's test data
never scores itself): `medium` is the lowest score at which the findings reported by default (high
confidence, and modelled findings at or above it) reach the --medium precision, `low` the lowest at
which every finding reported with --min-confidence low reaches the --low precision. The weights
written are those fitted on all of the corpus. Python 3 standard library only; deterministic for
the same input and seed.
"""

import argparse
import collections
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import realcode  # noqa: E402


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def solve(a, b):
    """Gauss-Jordan with partial pivoting: a x = b for a small dense system."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        if abs(p) < 1e-12:
            continue
        for j in range(col, n + 1):
            m[col][j] /= p
        for r in range(n):
            if r != col and m[r][col] != 0.0:
                f = m[r][col]
                for j in range(col, n + 1):
                    m[r][j] -= f * m[col][j]
    return [m[i][n] for i in range(n)]


def fit(rows, l2, iterations=25):
    """Newton's method on the L2-penalised log-likelihood (the bias is not penalised)."""
    n = len(rows[0][0])
    w = [0.0] * n
    for _ in range(iterations):
        grad = [l2 * w[i] if i else 0.0 for i in range(n)]
        hess = [[(l2 if i == j and i else 0.0) for j in range(n)] for i in range(n)]
        for x, y in rows:
            p = sigmoid(sum(a * b for a, b in zip(w, x)))
            d = p * (1 - p)
            for i in range(n):
                if x[i] == 0.0:
                    continue
                grad[i] += (p - y) * x[i]
                xi = d * x[i]
                for j in range(n):
                    if x[j] != 0.0:
                        hess[i][j] += xi * x[j]
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def score(w, x):
    return sum(a * b for a, b in zip(w, x))


def figures(labels, located):
    overall = realcode.tabulate(labels, realcode.Score(labels, located))[0]
    return overall.figures(25)


def choose(labels, fixed_high, fixed_low, modelled, target):
    """The lowest cut-off whose reported findings reach `target` precision, and their figures.
    `modelled` holds (score, location) pairs; the fixed findings are reported whatever the cut."""
    candidates = sorted({s for s, _ in modelled}, reverse=True)
    best = None
    # Walk down the scores; keep the lowest that still meets the target.
    for cut in candidates[::max(1, len(candidates) // 400)] + [candidates[-1]]:
        located = fixed_high + fixed_low + [loc for s, loc in modelled if s >= cut]
        f = figures(labels, located)
        if f["precision"] >= target:
            best = (cut, f)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--dump", required=True)
    ap.add_argument("--out", help="write the weights as C++ (scanner/src/confidence_weights.cpp)")
    ap.add_argument("--l2", type=float, default=2.0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--low", type=float, default=0.90, help="precision to reach with every finding reported")
    ap.add_argument("--medium", type=float, default=0.95, help="precision to reach at the default cut")
    ap.add_argument("--hand", action="store_true",
                    help="score the hand-made rule instead of fitting: a random-looking value medium, any other "
                         "low, a placeholder dropped (the same hard rejections, floor and cap)")
    args = ap.parse_args()

    labels = realcode.load_labels(args.corpus)
    rows = [json.loads(line) for line in open(args.dump, encoding="utf-8")]
    names = rows.pop(0)["feature_names"]
    score_all = realcode.Score(labels, [(r["path"], r["line"], r["rule_id"], None) for r in rows])
    verdict = score_all.verdict

    def loc(r):
        return (r["path"], r["line"], r["rule_id"], None)

    # Findings the model does not weigh keep the confidence hush gives them.
    fixed_high = [loc(r) for r in rows if not r["modelled"] and r["confidence"] in ("high", "medium")]
    fixed_low = [loc(r) for r in rows if not r["modelled"] and r["confidence"] == "low"]
    train = [(r["features"], 1 if verdict[(r["path"], r["line"])] == "tp" else 0, r["path"].split("/", 1)[0], r)
             for r in rows if r["modelled"] and verdict.get((r["path"], r["line"])) in ("tp", "fp")]
    modelled_all = [r for r in rows if r["modelled"]]
    print(f"{len(rows)} findings, {len(modelled_all)} weighed by the model, {len(train)} of them labelled "
          f"({sum(t[1] for t in train)} true)", file=sys.stderr)

    if args.hand:
        hand_rule(labels, names, fixed_high, fixed_low, modelled_all, loc)
        return

    # Out-of-fold scores, folds by repository.
    repos = sorted({t[2] for t in train})
    random.Random(args.seed).shuffle(repos)
    fold_of = {repo: i % args.folds for i, repo in enumerate(repos)}
    oof = {}
    for k in range(args.folds):
        w = fit([(t[0], t[1]) for t in train if fold_of[t[2]] != k], args.l2)
        for r in modelled_all:
            if fold_of.get(r["path"].split("/", 1)[0], 0) == k:
                oof[id(r)] = score(w, r["features"])
    out_of_fold = [(oof[id(r)], loc(r)) for r in modelled_all]
    # Random-looking values are reported at low confidence at least (reported_at_least_low).
    floor = [loc(r) for r in modelled_all if r.get("floor")]
    # Test passwords are low confidence at most (capped_at_low): they never count at the default cut.
    capped = {id(r) for r in modelled_all if r.get("cap")}
    out_of_fold_uncapped = [(oof[id(r)], loc(r)) for r in modelled_all if id(r) not in capped]
    medium = choose(labels, fixed_high, [], out_of_fold_uncapped, args.medium)
    low = choose(labels, fixed_high, fixed_low + floor, out_of_fold, args.low)

    weights = fit([(t[0], t[1]) for t in train], args.l2)
    in_sample = [(score(weights, r["features"]), loc(r)) for r in modelled_all]
    in_sample_uncapped = [(score(weights, r["features"]), loc(r)) for r in modelled_all if id(r) not in capped]

    def report(title, cut, scored, with_low):
        located = fixed_high + (fixed_low + floor if with_low else []) + [l for s, l in scored if s >= cut]
        f = figures(labels, located)
        print(f"   {title:34} cut {cut:+.3f}  precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
              f"(TP {f['tp']}, FP {f['fp']}, found {f['found']})")

    print("cut-offs chosen on out-of-fold scores:")
    for title, chosen, with_low, oof_rows, in_rows in (
            ("default (medium and above)", medium, False, out_of_fold_uncapped, in_sample_uncapped),
            ("--min-confidence low", low, True, out_of_fold, in_sample)):
        if chosen is None:
            print(f"   {title}: no cut-off reaches the target precision")
            continue
        report(title + ", out of fold", chosen[0], oof_rows, with_low)
        report(title + ", in sample", chosen[0], in_rows, with_low)
    if medium is None or low is None:
        sys.exit("confidence_fit.py: a target precision is out of reach; weights not written")
    low_cut, medium_cut = low[0], max(medium[0], low[0])
    feature_names = names
    print("weights:")
    for n, w in zip(feature_names, weights):
        print(f"   {n:20} {w:+.4f}")
    if args.out:
        write_cpp(args.out, feature_names, weights, low_cut, medium_cut)


def hand_rule(labels, names, fixed_high, fixed_low, modelled, loc):
    """Figures of the rule the model replaces: random-looking values medium, other values low,
    placeholders dropped; test passwords capped at low and random values kept, as with the model."""
    def flag(r, feature):
        return any(r["features"][i] for i, n in enumerate(names) if n.endswith("." + feature))
    medium, low = [], []
    for r in modelled:
        if flag(r, "placeholder") and not r.get("floor"):
            continue
        random_shape = flag(r, "shape_random") or flag(r, "shape_hex") or flag(r, "shape_base64")
        (medium if random_shape and not r.get("cap") else low).append(loc(r))
    for title, located in (("default (medium and above)", fixed_high + medium),
                           ("--min-confidence low", fixed_high + fixed_low + medium + low)):
        f = figures(labels, located)
        print(f"   hand rule, {title:28} precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
              f"(TP {f['tp']}, FP {f['fp']}, found {f['found']})")


def write_cpp(path, names, weights, low, medium):
    def f(x):
        return f"{x:.6g}f" if "e" in f"{x:.6g}" or "." in f"{x:.6g}" else f"{x:.6g}.0f"

    lines = ["// Written by bench/accuracy/confidence_fit.py; edit the script or its input, not this file.",
             '#include "confidence_model.hpp"', "", "namespace hush::scanner {", "",
             "const ConfidenceModel confidence_model = {", "    {"]
    lines += [f'        "{n}",' for n in names]
    lines += ["    },", "    {"]
    lines += [f"        {f(w)},  // {n}" for n, w in zip(names, weights)]
    lines += ["    },", f"    {f(low)},", f"    {f(medium)},", "};", "", "}  // namespace hush::scanner", ""]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))


if __name__ == "__main__":
    main()
