#!/usr/bin/env python3
"""Generate a labelled corpus for measuring a secret scanner's precision and recall.

    generate.py --out DIR [--seed 1] [--files 2000] [--force]

Writes DIR/<project>/<realistic path> files in many languages and configuration formats, with
planted positives of every rule family and hard negatives, and DIR/labels.jsonl: one JSON object per
planted value, {path, line, end_line, column, family, provider, kind, secret}. Same seed and file
count, same bytes. Python 3 standard library only; the values are generated from public format
facts and are not valid credentials anywhere.
"""

import argparse
import collections
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from doc import Doc  # noqa: E402
from formats_code import CODE_FORMATS  # noqa: E402
from formats_config import CONFIG_FORMATS  # noqa: E402
from formats_files import SPECIAL_FORMATS  # noqa: E402
from plants import (KeyFactory, generic_negative, generic_positive, hash_negative, keys_negative,  # noqa: E402
                    keys_positive, provider_negative, provider_positive)

PROJECTS = ["orders-api", "billing-service", "web-frontend", "data-pipeline", "infra", "mobile-backend", "auth-gateway",
            "ml-platform", "internal-tools", "search-indexer", "notifications", "payments-core", "analytics", "devops"]

# What one planted value is, and how often: provider tokens, keys and connection strings, generic
# secrets, and the look-alikes of each.
CATEGORIES = [
    (30, lambda rng, keys: provider_positive(rng)),
    (11, lambda rng, keys: keys_positive(rng, keys)),
    (20, lambda rng, keys: generic_positive(rng)),
    (10, lambda rng, keys: provider_negative(rng)),
    (6, lambda rng, keys: keys_negative(rng, keys)),
    (18, lambda rng, keys: generic_negative(rng)),
    (5, lambda rng, keys: hash_negative(rng)),
]
PLANTS_PER_FILE = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5]


def draw(rng, weighted):
    total = sum(w for w, _ in weighted)
    x = rng.uniform(0, total)
    for w, item in weighted:
        x -= w
        if x <= 0:
            return item
    return weighted[-1][1]


def check_labels(content, labels):
    """Each label must point at its secret: a generator bug here would corrupt every score."""
    lines = content.split("\n")
    for l in labels:
        first = l["secret"].split("\n")[0]
        at = lines[l["line"] - 1][l["column"] - 1:]
        if not at.startswith(first) or l["end_line"] - l["line"] != l["secret"].count("\n"):
            raise AssertionError(f"label does not point at its secret: {l['path']}:{l['line']}:{l['column']}")


def generate(out, seed, files):
    rng = random.Random(seed)
    keys = KeyFactory(random.Random(seed * 1_000_003 + 17))
    formats = [(f.weight, f) for f in CODE_FORMATS + CONFIG_FORMATS + SPECIAL_FORMATS]
    used, labels = set(), []
    for i in range(files):
        fmt = draw(rng, formats)
        doc = Doc(rng, None)
        project = rng.choice(PROJECTS)
        path = f"{project}/{fmt.path(doc)}"
        if path in used:
            head, _, tail = path.rpartition("/")
            path = f"{head}/v{i}/{tail}"
        used.add(path)
        doc.path = path
        if getattr(fmt, "special", False):
            template = fmt.render_file(doc, keys)
        else:
            plants = [draw(rng, CATEGORIES)(rng, keys) for _ in range(rng.choice(PLANTS_PER_FILE))]
            template = fmt.render(doc, plants)
        content, file_labels = doc.finish(template)
        check_labels(content, file_labels)
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        labels.extend(file_labels)
    labels.sort(key=lambda l: (l["path"], l["line"], l["column"]))
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
        for label in labels:
            f.write(json.dumps(label, ensure_ascii=False) + "\n")
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (must be empty or absent, or use --force)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--force", action="store_true", help="delete DIR first if it exists")
    args = ap.parse_args()
    if os.path.exists(args.out) and os.listdir(args.out):
        if not args.force:
            sys.exit(f"generate.py: {args.out} is not empty (use --force to replace it)")
        shutil.rmtree(args.out)
    os.makedirs(args.out, exist_ok=True)
    labels = generate(args.out, args.seed, args.files)
    counts = collections.Counter((l["family"], l["kind"]) for l in labels)
    families = sorted({f for f, _ in counts})
    print(f"{args.files} files, {len(labels)} labels in {args.out}", file=sys.stderr)
    for fam in families:
        print(f"  {fam:15} positive {counts[(fam, 'positive')]:5}  negative {counts[(fam, 'negative')]:5}", file=sys.stderr)


if __name__ == "__main__":
    main()
