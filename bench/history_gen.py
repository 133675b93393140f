#!/usr/bin/env python3
"""Deterministic synthetic Git history for `hush scan --git` benchmarks.

Usage:
  history_gen.py --out DIR [--commits 2000] [--files 3000] [--target-gib G] [--seed 42]
                 [--secrets N] [--branches B] [--pack auto|aggressive|gc|none] [--force]
  history_gen.py --check HUSH_REPORT.json --manifest DIR/hush-bench-manifest.json

Writes a `git fast-import` stream straight into `git fast-import` in a new bare repository DIR:
N commits over a tree of about M files in nested directories (Python, C, Go, JavaScript with
minified bundles, TypeScript, Java, Rust, shell, SQL, HTML/CSS, YAML manifests, lock-file JSON,
TOML, .env/.properties, Markdown, Makefiles, Dockerfiles, a few binary images). Every commit makes
small line edits to a few files chosen with a skewed (Zipf-like) "hot file" weight, so packs get
long delta chains; commits also add, delete and rename files (some renames with edits). Feature
branches own a few files while they live; most are merged back with a merge commit, the rest are
left unmerged (one of them reachable only through a tag). Annotated release tags mark main.

Fake secrets are planted from public format facts: AWS access key ids (AKIA + 16 of A-Z2-7),
GitHub classic tokens (ghp_ + 30 base62 + 6-char base62 CRC32 of those 30), Slack bot tokens
(xoxb-digits-digits-24 alnum); some in existing files, some in new files, some on branches, some
removed later (line removed or file deleted). DIR/hush-bench-manifest.json lists each secret by
SHA-256 with the commit (index and id), path and line where it was introduced, plus every later
(path, commit) where hush is expected to report it again (a rename that also edited the file).

Same seed and options -> same bytes, same commit ids. The plan (which file changes in which commit)
is drawn first with nominal file sizes, so --target-gib can scale sizes to hit the requested total
of unique blob data before any content is generated. Python 3 standard library only.

--check compares a `hush scan --git --format json` report with the manifest: every planted secret
must be reported at its introducing commit and path (and line); it prints misses,
misattributions and findings the manifest does not explain. Exit 0 when nothing is missing.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time

from fake_tokens import BASE62, github_token

MANIFEST_NAME = "hush-bench-manifest.json"
GIB = 1 << 30
SIZE_CAP = 6 << 20  # every text file stays under hush's (and gitleaks') default size limits

# --------------------------------------------------------------------------------------------
# fake secrets

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
RULE_OF = {"aws": "aws-access-key-id", "github": "github-pat", "slack": "slack-bot-token"}


def fake_secret(r, kind):
    if kind == "aws":
        while True:
            s = "AKIA" + "".join(r.choice(B32) for _ in range(16))
            if "EXAMPLE" not in s:
                return s
    if kind == "github":
        return github_token("".join(r.choice(BASE62) for _ in range(30)))
    digits = lambda: str(r.randint(1, 9)) + "".join(r.choice("0123456789") for _ in range(r.randint(9, 12)))
    tail = "".join(r.choice(BASE62) for _ in range(24))
    return "xoxb-%s-%s-%s" % (digits(), digits(), tail)


def redacted(secret):
    return secret[:4] + "\u2026" + secret[-3:]


# --------------------------------------------------------------------------------------------
# source-like content


class Vocab:
    def __init__(self, r):
        cons = "bcdfghklmnprstvwz"
        vow = "aeiou"
        syll = [c + v for c in cons for v in vow] + [c + v + "n" for c in "bdklmrst" for v in vow]
        seen = set()
        words = []
        while len(words) < 4000:
            w = "".join(r.choice(syll) for _ in range(r.choice((1, 2, 2, 2, 3, 3, 4))))
            if w not in seen:
                seen.add(w)
                words.append(w)
        common = ("user order item cache config client server request response token session buffer "
                  "index value count limit offset state event handler stream reader writer parser "
                  "node tree list map queue worker job task result error status retry timeout "
                  "account payment invoice report metric label image build deploy release").split()
        self.words = common * 6 + words
        self.common = common
        self.english = ("the a of to and in is it for on with as this that by from at be are was "
                        "when if not which each all can will should must may then also more only "
                        "data file value request user service build release test config cache "
                        "error handler module function return update support version change").split()


def hexs(r, nbytes):
    return "%0*x" % (nbytes * 2, r.getrandbits(nbytes * 8))


def uuid(r):
    h = hexs(r, 16)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def b64(r, nbytes):
    return base64.b64encode(r.randbytes(nbytes)).decode()


class Gen:
    """Per-language block generators. A block is a few lines of text ending in a newline."""

    def __init__(self, r, vocab):
        self.r = r
        self.v = vocab

    def w(self):
        return self.r.choice(self.v.words)

    def sentence(self, n=None):
        r = self.r
        n = n or r.randint(5, 16)
        words = [r.choice(self.v.english) if r.random() < 0.6 else r.choice(self.v.words) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    def Camel(self):
        return self.w().capitalize() + self.w().capitalize()

    # -- languages
    def py(self):
        r, w = self.r, self.w
        k = r.randrange(7)
        f, a, b, v = w(), w(), w(), w()
        if k == 0:
            return (f"def {f}_{a}({a}, {b}=None):\n    \"\"\"{self.sentence()}\"\"\"\n    {v} = {a}.{w()}({b})\n"
                    f"    if {v} is None:\n        return {r.randrange(1000)}\n    for i in range({r.randrange(2, 64)}):\n"
                    f"        {v} += i * {r.randrange(1, 97)}\n    return {v}\n\n")
        if k == 1:
            c = self.Camel()
            return (f"class {c}({self.Camel()}):\n    {a}_{b} = {r.randrange(10000)}\n\n    def __init__(self, {a}, {b}):\n"
                    f"        self.{a} = {a}\n        self.{b} = {b}\n        self._{v} = {{}}\n\n"
                    f"    def {f}(self, key):\n        return self._{v}.get(key, self.{a})\n\n")
        if k == 2:
            return f"from {w()}.{w()} import {w()}, {self.Camel()}\nimport {w()}\n"
        if k == 3:
            return f"    # {self.sentence()}\n    {v}_{a} = {w()}({a}, '{w()}', timeout={r.randrange(1, 120)})\n"
        if k == 4:
            return f"{a.upper()}_{b.upper()} = \"{hexs(r, 20)}\"  # sha1 of the {w()} fixture\n"
        if k == 5:
            return (f"    try:\n        {v} = await self.{f}({a}, retries={r.randrange(9)})\n"
                    f"    except {self.Camel()}Error as exc:\n        log.warning(\"{self.sentence(6)} %s\", exc)\n        raise\n")
        return f"    api_key = os.environ[\"{a.upper()}_API_KEY\"]\n    password = os.getenv(\"{b.upper()}_PASSWORD\")\n"

    def c(self):
        r, w = self.r, self.w
        k = r.randrange(6)
        f, a, b, v = w(), w(), w(), w()
        if k == 0:
            return (f"static int {f}_{a}(struct {b} *{b}, size_t len)\n{{\n\tint {v} = 0;\n\tfor (size_t i = 0; i < len; i++) {{\n"
                    f"\t\tif ({b}->{a}[i] & 0x{r.randrange(1 << 16):04x})\n\t\t\t{v} += {r.randrange(1, 64)};\n\t}}\n"
                    f"\treturn {v} ? {v} : -E{w().upper()};\n}}\n\n")
        if k == 1:
            return f"#include \"{w()}/{w()}.h\"\n#include <{r.choice(('stdio', 'stdlib', 'string', 'stdint', 'errno'))}.h>\n"
        if k == 2:
            return f"#define {a.upper()}_{b.upper()} 0x{r.getrandbits(32):08x}U\n"
        if k == 3:
            return f"\t/* {self.sentence()} */\n\t{v} = {f}({a}, {b}, {r.randrange(4096)});\n\tif ({v} < 0)\n\t\tgoto out_{w()};\n"
        if k == 4:
            return (f"struct {a} {{\n\tuint{r.choice((8, 16, 32, 64))}_t {b};\n\tconst char *{v};\n\tstruct list_head {w()};\n"
                    f"\tunsigned long flags;\n}};\n\n")
        return "static const unsigned char %s_%s[] = {%s};\n" % (a, b, ", ".join("0x%02x" % x for x in r.randbytes(r.randint(8, 24))))

    def go(self):
        r, w = self.r, self.w
        k = r.randrange(5)
        f, a, v = self.Camel(), w(), w()
        if k == 0:
            return (f"func (s *{self.Camel()}) {f}(ctx context.Context, {a} string) (*{self.Camel()}, error) {{\n"
                    f"\t{v}, err := s.{w()}.Get(ctx, {a})\n\tif err != nil {{\n\t\treturn nil, fmt.Errorf(\"{w()} %s: %w\", {a}, err)\n\t}}\n"
                    f"\treturn &{self.Camel()}{{ID: {v}.ID, Count: {r.randrange(100)}}}, nil\n}}\n\n")
        if k == 1:
            return f"\t\"github.com/{w()}/{w()}/pkg/{w()}\"\n"
        if k == 2:
            return f"type {f} struct {{\n\t{self.Camel()} string `json:\"{a}\"`\n\t{self.Camel()} int64 `json:\"{v},omitempty\"`\n}}\n\n"
        if k == 3:
            return f"\t// {self.sentence()}\n\tif {a} == nil {{\n\t\treturn {self.Camel()}{{}}, errNo{self.Camel()}\n\t}}\n"
        return f"const {a}Digest = \"sha256:{hexs(r, 32)}\"\n"

    def js(self):
        r, w = self.r, self.w
        k = r.randrange(6)
        f, a, b, v = w(), w(), w(), w()
        if k == 0:
            return (f"export async function {f}{a.capitalize()}({a}, {{ {b}, {v} = {r.randrange(100)} }}) {{\n"
                    f"  const res = await fetch(`/api/{w()}/${{{a}}}`, {{ method: '{r.choice(('GET', 'POST', 'PUT'))}' }});\n"
                    f"  if (!res.ok) throw new Error('{self.sentence(5)}');\n  return (await res.json()).{w()};\n}}\n\n")
        if k == 1:
            return f"import {{ {w()}, {w()} }} from '{r.choice(('./', '../', '@'))}{w()}/{w()}';\n"
        if k == 2:
            return f"const {a}{b.capitalize()} = process.env.{a.upper()}_TOKEN || '';\n"
        if k == 3:
            return f"  // {self.sentence()}\n  {v}.{f}({a}, (err, {b}) => {{ if (err) return done(err); {b}.{w()} += {r.randrange(50)}; }});\n"
        if k == 4:
            return f"const {a}Icon = 'data:image/png;base64,{b64(r, r.randint(60, 600))}';\n"
        return f"module.exports.{f} = {{ id: '{uuid(r)}', {a}: {r.randrange(1 << 20)}, {b}: '{w()}' }};\n"

    def minjs(self):
        r, w = self.r, self.w
        parts = []
        for _ in range(r.randint(40, 160)):
            a, b = w()[:3], w()[:2]
            parts.append(r.choice((f"function {a}({b}){{return {b}&&{b}.{w()}||{r.randrange(999)}}}",
                                   f"var {a}={b}.{w()}('{w()}'),{b}{a}=!0",
                                   f"{a}.prototype.{w()}=function(){{this.{b}=[]}}",
                                   f"if({a}<{r.randrange(99)}){{{b}({a},\"{hexs(r, 8)}\")}}")))
        return ";".join(parts) + ";\n"

    def ts(self):
        r, w = self.r, self.w
        k = r.randrange(4)
        if k == 0:
            return (f"export interface {self.Camel()} {{\n  {w()}: string;\n  {w()}?: number;\n  {w()}: {self.Camel()}[];\n}}\n\n")
        if k == 1:
            a = w()
            return (f"export const {a}{self.Camel()} = async ({a}: {self.Camel()}): Promise<void> => {{\n"
                    f"  await this.{w()}.{w()}({a}.{w()});\n}};\n\n")
        if k == 2:
            return f"import type {{ {self.Camel()} }} from '../{w()}/{w()}';\n"
        return f"  // {self.sentence()}\n  private readonly {w()}Ms = {r.randrange(100, 60000)};\n"

    def java(self):
        r, w = self.r, self.w
        k = r.randrange(4)
        if k == 0:
            return (f"    public {self.Camel()} {w()}{self.Camel()}(final {self.Camel()} {w()}) throws {self.Camel()}Exception {{\n"
                    f"        if ({w()} == null) {{\n            throw new IllegalArgumentException(\"{self.sentence(5)}\");\n        }}\n"
                    f"        return {w()}Repository.findBy{self.Camel()}({w()}.get{self.Camel()}());\n    }}\n\n")
        if k == 1:
            return f"import {r.choice(('com', 'org', 'io'))}.{w()}.{w()}.{self.Camel()};\n"
        if k == 2:
            return f"    private static final long {w().upper()}_{w().upper()} = {r.getrandbits(40)}L;\n"
        return f"    /** {self.sentence()} */\n    @Override\n    public String toString() {{ return \"{self.Camel()}\"; }}\n"

    def rust(self):
        r, w = self.r, self.w
        if r.random() < 0.5:
            return (f"pub fn {w()}_{w()}(&mut self, {w()}: &[u8]) -> Result<usize, {self.Camel()}Error> {{\n"
                    f"    let n = self.{w()}.len().min({r.randrange(4096)});\n    self.{w()}.extend_from_slice(&buf[..n]);\n    Ok(n)\n}}\n\n")
        return f"use crate::{w()}::{{{self.Camel()}, {self.Camel()}}};\n// {self.sentence()}\n"

    def sh(self):
        r, w = self.r, self.w
        k = r.randrange(4)
        if k == 0:
            return f"{w()}() {{\n  local {w()}=\"$1\"\n  if [ -z \"${w().upper()}\" ]; then\n    echo \"{self.sentence(6)}\" >&2\n    return 1\n  fi\n}}\n\n"
        if k == 1:
            return f"export {w().upper()}_{w().upper()}=\"${{{w().upper()}:-{w()}}}\"\n"
        if k == 2:
            return f"# {self.sentence()}\n{w()} --{w()}={r.randrange(100)} --{w()} \"$@\" | tee -a \"$LOG_DIR/{w()}.log\"\n"
        return "export DB_PASSWORD=\"${DB_PASSWORD:?set it}\"\n"

    def sql(self):
        r, w = self.r, self.w
        if r.random() < 0.4:
            t = w()
            return (f"CREATE TABLE {t}_{w()} (\n  id BIGSERIAL PRIMARY KEY,\n  {w()} TEXT NOT NULL,\n  {w()} INTEGER DEFAULT {r.randrange(10)},\n"
                    f"  created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n\n")
        return f"INSERT INTO {w()} (id, {w()}, {w()}) VALUES ({r.randrange(1 << 30)}, '{w()}', '{uuid(r)}');\n"

    def html(self):
        r, w = self.r, self.w
        if r.random() < 0.5:
            return f"<div class=\"{w()} {w()}-{w()}\">\n  <a href=\"/{w()}/{w()}\">{self.sentence(4)}</a>\n</div>\n"
        return f".{w()}-{w()} {{ margin: {r.randrange(32)}px; color: #{hexs(r, 3)}; }}\n"

    def yaml(self):
        r, w = self.r, self.w
        k = r.randrange(4)
        if k == 0:
            n = w()
            return (f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {n}\n  labels:\n    app: {n}\nspec:\n"
                    f"  replicas: {r.randint(1, 6)}\n  template:\n    spec:\n      containers:\n        - name: {n}\n"
                    f"          image: registry.example.com/{w()}/{n}@sha256:{hexs(r, 32)}\n          env:\n"
                    f"            - name: {w().upper()}_URL\n              value: \"https://{w()}.internal:{r.randint(1000, 9999)}\"\n"
                    f"            - name: DB_PASSWORD\n              valueFrom: {{secretKeyRef: {{name: {n}-db, key: password}}}}\n")
        if k == 1:
            return f"  {w()}:\n    {w()}: {r.randrange(1000)}\n    {w()}: \"{w()}\"\n    enabled: {r.choice(('true', 'false'))}\n"
        if k == 2:
            return f"# {self.sentence()}\n- name: {self.sentence(4)}\n  run: make {w()} {w().upper()}={w()}\n"
        return f"  {w()}_password: \"{{{{ vault_{w()}_password }}}}\"\n"

    def json(self):
        r, w = self.r, self.w
        name = w() + r.choice(("", "-" + w()))
        return (f"    \"node_modules/{name}\": {{\n      \"version\": \"{r.randrange(10)}.{r.randrange(30)}.{r.randrange(30)}\",\n"
                f"      \"resolved\": \"https://packages.example.org/npm/{name}/-/{name}-{r.randrange(9)}.{r.randrange(9)}.{r.randrange(9)}.tgz\",\n"
                f"      \"integrity\": \"sha512-{b64(r, 64)}\"\n    }},\n")

    def toml(self):
        r, w = self.r, self.w
        return f"[{w()}.{w()}]\n{w()} = \"{w()}\"\n{w()} = {r.randrange(1000)}\n# {self.sentence()}\n\n"

    def env(self):
        r, w = self.r, self.w
        k = r.randrange(4)
        if k == 0:
            return f"{w().upper()}_{w().upper()}={w()}\n"
        if k == 1:
            return f"{w().upper()}_URL=https://{w()}.example.com:{r.randint(1000, 9999)}/{w()}\n"
        if k == 2:
            return f"{w().upper()}_PASSWORD=changeme\n{w().upper()}_API_KEY=${{{w().upper()}_API_KEY}}\n"
        return f"# {self.sentence()}\n{w().upper()}_TIMEOUT={r.randrange(300)}\n"

    def md(self):
        r, w = self.r, self.w
        k = r.randrange(5)
        if k == 0:
            return f"\n## {self.sentence(4)[:-1]}\n\n"
        if k == 1:
            return " ".join(self.sentence() for _ in range(r.randint(3, 12))) + "\n"
        if k == 2:
            return f"- {self.sentence()} (commit {hexs(r, 20)})\n"
        if k == 3:
            return f"```sh\n{w()} {w()} --{w()} {w()}\n```\n"
        if r.random() < 0.02:  # a test-fixture token whose CRC32 trailer is wrong: not a secret
            return "The fixture token `ghp_%s` is rejected by the checksum test.\n" % "".join(r.choice(BASE62) for _ in range(36))
        return "Use `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` or `xoxb-your-token-here` in the examples.\n"

    def make(self):
        r, w = self.r, self.w
        return f"{w()}: {w()}.o {w()}.o\n\t$(CC) $(CFLAGS) -o $@ $^ -l{w()}\n\n"

    def docker(self):
        r, w = self.r, self.w
        return f"RUN apt-get update && apt-get install -y --no-install-recommends {w()} {w()}-dev && rm -rf /var/lib/apt/lists/*\nENV {w().upper()}_HOME=/opt/{w()}\n"


# language: (generator method, extensions, weight, comment prefix, secret line templates)
LANGS = {
    "py": ("py", (".py",), 14, "# "),
    "c": ("c", (".c", ".c", ".h"), 10, "/* "),
    "go": ("go", (".go",), 8, "// "),
    "js": ("js", (".js",), 8, "// "),
    "minjs": ("minjs", (".min.js",), 1, None),
    "ts": ("ts", (".ts", ".tsx"), 5, "// "),
    "java": ("java", (".java",), 6, "// "),
    "rust": ("rust", (".rs",), 4, "// "),
    "sh": ("sh", (".sh",), 3, "# "),
    "sql": ("sql", (".sql",), 2, "-- "),
    "html": ("html", (".html", ".css"), 3, None),
    "yaml": ("yaml", (".yaml", ".yml"), 8, "# "),
    "json": ("json", (".json",), 3, None),
    "toml": ("toml", (".toml",), 2, "# "),
    "env": ("env", (".env", ".properties", ".ini", ".cfg"), 3, "# "),
    "md": ("md", (".md",), 6, None),
    "make": ("make", ("Makefile",), 1, "# "),
    "docker": ("docker", ("Dockerfile",), 1, "# "),
    "bin": (None, (".png", ".woff2", ".jar"), 1, None),
}
HOSTABLE = ("py", "go", "js", "ts", "java", "sh", "yaml", "toml", "env", "json")  # secrets go here


def secret_line(r, lang, kind, secret):
    name = {"aws": "AWS_ACCESS_KEY_ID", "github": "GITHUB_TOKEN", "slack": "SLACK_BOT_TOKEN"}[kind]
    if lang == "py":
        return f"{name} = \"{secret}\"\n"
    if lang == "go":
        return f"\tconst {name.lower()} = \"{secret}\"\n"
    if lang in ("js", "ts"):
        return f"const {name.lower()} = '{secret}';\n"
    if lang == "java":
        return f"    private static final String {name} = \"{secret}\";\n"
    if lang == "sh":
        return f"export {name}={secret}\n"
    if lang == "yaml":
        return f"  {name.lower()}: {secret}\n"
    if lang == "toml":
        return f"{name.lower()} = \"{secret}\"\n"
    if lang == "json":
        return f"  \"{name.lower()}\": \"{secret}\",\n"
    return f"{name}={secret}\n"


# --------------------------------------------------------------------------------------------
# plan: which file changes in which commit, with nominal sizes only


class FileMeta:
    __slots__ = ("fid", "lang", "nominal", "weight", "created_for_secret")

    def __init__(self, fid, lang, nominal, weight, created_for_secret=False):
        self.fid, self.lang, self.nominal, self.weight, self.created_for_secret = fid, lang, nominal, weight, created_for_secret


class Planner:
    def __init__(self, args, r, vocab):
        self.args, self.r, self.v = args, r, vocab
        self.files = []  # fid -> FileMeta
        self.paths_in_use = set()
        self.dirs = []
        self.commits = []
        self.tags = []
        self.branch_refs_to_delete = []
        self.secrets = []  # dicts: kind, plan info
        self.make_dirs()

    # -- layout
    def make_dirs(self):
        r, w = self.r, self.v.words
        roots = ["src", "lib", "pkg", "internal", "cmd", "services", "web", "config", "deploy", "docs", "scripts", "tests", "tools", "api"]
        self.dirs = [(d, d) for d in roots]  # (path, root)
        want = max(20, self.args.files // 12)
        while len(self.dirs) < want:
            parent, root = r.choice(self.dirs)
            if parent.count("/") >= 5:
                continue
            self.dirs.append((parent + "/" + r.choice(w), root))
        self.dirs = sorted(set(self.dirs))

    def pick_lang(self, root):
        r = self.r
        bias = {"docs": ("md", 0.8), "config": ("yaml", 0.5), "deploy": ("yaml", 0.6), "web": ("js", 0.4),
                "scripts": ("sh", 0.6), "api": ("yaml", 0.3)}
        if root in bias and r.random() < bias[root][1]:
            return bias[root][0]
        if root in ("config", "deploy") and r.random() < 0.4:
            return r.choice(("env", "toml", "json"))
        names = list(LANGS)
        return r.choices(names, weights=[LANGS[n][2] for n in names])[0]

    def new_path(self, lang, dir_hint=None):
        r, w = self.r, self.v.words
        while True:
            d, root = dir_hint or r.choice(self.dirs)
            ext = r.choice(LANGS[lang][1])
            if ext in ("Makefile", "Dockerfile"):
                p = d + "/" + ext
            else:
                p = d + "/" + r.choice(w) + r.choice(("", "_" + r.choice(w), "-" + r.choice(w))) + ext
            if p not in self.paths_in_use:
                self.paths_in_use.add(p)
                return p
            dir_hint = None

    def new_file(self, lang=None, root_hint=None, nominal=None, for_secret=False):
        r = self.r
        d = r.choice(self.dirs)
        if root_hint:
            cands = [x for x in self.dirs if x[1] == root_hint]
            d = r.choice(cands) if cands else d
        lang = lang or self.pick_lang(d[1])
        if nominal is None:
            nominal = min(SIZE_CAP, max(80.0, r.lognormvariate(math.log(3000), 1.3)))
            if lang == "minjs":
                nominal *= 4
            if lang == "bin":
                nominal = min(nominal, 60000)
        weight = 1.0 / (r.random() ** 1.6 + 0.002)  # few hot files, a long cold tail
        fm = FileMeta(len(self.files), lang, nominal, weight, for_secret)
        self.files.append(fm)
        return fm, self.new_path(lang, d)

    # -- history
    def plan(self):
        a, r = self.args, self.r
        n = a.commits
        initial_files = max(1, int(a.files * 0.7))
        later_adds = a.files - initial_files
        # alive on main: fid -> path; branches: dict
        main = {}
        locked = set()
        branches = []  # dicts
        n_branches = a.branches if a.branches is not None else max(3, n // 120)
        starts = sorted(r.randint(int(n * 0.05) + 1, max(int(n * 0.9), int(n * 0.05) + 2)) for _ in range(n_branches))
        secret_steps = sorted(r.randint(1, max(1, n - 2)) for _ in range(a.secrets))
        kinds = [("aws", "github", "slack")[i % 3] for i in range(a.secrets)]
        r.shuffle(kinds)
        pending_secrets = list(zip(secret_steps, kinds))
        removals = []  # (due step, sid)
        self.main_tip = None
        main_commits_since_tag = 0
        tag_no = 0

        def commit(ref, ops, parent=None, merge=None, msg=None, branch=None):
            c = {"index": len(self.commits), "mark": len(self.commits) + 1, "ref": ref, "ops": ops, "from": parent,
                 "merge": merge, "author": r.randrange(40), "msg": msg, "branch": branch}
            self.commits.append(c)
            return c

        # initial import
        ops = []
        for _ in range(initial_files):
            fm, p = self.new_file()
            ops.append(("add", fm.fid, p))
            main[fm.fid] = p
        c0 = commit("refs/heads/main", ops, msg="Initial import")
        self.main_tip = c0["mark"]

        adds_per_commit = later_adds / max(1, n - 1)
        add_credit = 0.0
        bi = 0
        step = 1
        while len(self.commits) < n:
            # branch creation
            while bi < len(starts) and starts[bi] <= step:
                bi += 1
                free = [f for f in main if f not in locked and self.files[f].lang != "bin"]
                own = set(r.sample(free, min(len(free), r.randint(3, 12))))
                locked |= own
                name = "feature/%s-%s" % (r.choice(self.v.words), r.choice(self.v.words))
                if any(b["name"] == name for b in branches):
                    name += "-%d" % bi
                branches.append({"name": name, "ref": "refs/heads/" + name, "base": self.main_tip, "own": own, "new": {},
                                 "changed": set(), "left": r.randint(4, 40), "merge": r.random() < 0.7, "tip": None,
                                 "paths": {f: main[f] for f in own}, "active": True, "id": bi})
            active = [b for b in branches if b["active"]]
            due = []
            while pending_secrets and pending_secrets[0][0] <= step:
                due.append(pending_secrets.pop(0)[1])
            b = r.choice(active) if active and r.random() < 0.3 else None
            if b is not None and b["left"] <= 0:
                # end of branch: merge into main, or abandon
                b["active"] = False
                if b["merge"] and b["tip"] is not None:
                    ops = [("take", f) for f in sorted(b["changed"] | set(b["new"]))]
                    for f, p in b["new"].items():
                        main[f] = p
                    c = commit("refs/heads/main", ops, merge=[b["tip"]], msg="Merge branch '%s'" % b["name"], branch=b["id"])
                    self.main_tip = c["mark"]
                    b["merged_at"] = c["index"]
                else:
                    b["abandoned"] = True
                locked -= b["own"]
                pending_secrets = [(step, k) for k in due] + pending_secrets
                step += 1
                continue
            ops = []
            touched = set()
            if b is not None:
                b["left"] -= 1
                pool = sorted(b["own"] | set(b["new"]))
                for f in r.sample(pool, min(len(pool), r.randint(1, 3))):
                    ops.append(("mod", f))
                    touched.add(f)
                    b["changed"].add(f)
                if r.random() < 0.15:
                    fm, p = self.new_file()
                    b["new"][fm.fid] = p
                    b["paths"][fm.fid] = p
                    ops.append(("add", fm.fid, p))
                    touched.add(fm.fid)
                for kind in due:
                    sid = len(self.secrets)
                    hosts = [f for f in sorted(b["paths"]) if self.files[f].lang in HOSTABLE and f not in touched]
                    if hosts and r.random() < 0.7:
                        f = r.choice(hosts)
                    else:
                        fm, p = self.new_file(lang=r.choice(("env", "yaml", "py", "json")), nominal=r.uniform(300, 4000), for_secret=True)
                        b["new"][fm.fid] = p
                        b["paths"][fm.fid] = p
                        ops.append(("add", fm.fid, p))
                        f = fm.fid
                    ops.append(("plant", f, sid))
                    touched.add(f)
                    b["changed"].add(f)
                    self.secrets.append({"kind": kind, "fid": f, "branch": b["name"]})
                    if r.random() < 0.35:
                        removals.append((step + r.randint(1, 60), sid))
                # removals of secrets on this branch's files
                keep = []
                for due_step, sid in removals:
                    f = self.secrets[sid]["fid"]
                    if due_step <= step and f in b["paths"] and f not in touched:
                        ops.append(("unplant", f, sid))
                        touched.add(f)
                        b["changed"].add(f)
                    else:
                        keep.append((due_step, sid))
                removals = keep
                parent = b["base"] if b["tip"] is None else None
                c = commit(b["ref"], ops, parent=parent, msg=None, branch=b["id"])
                b["tip"] = c["mark"]
            else:
                free = [f for f in main if f not in locked]
                weights = [self.files[f].weight for f in free]
                k = 1 + min(12, int(r.expovariate(0.6)))
                chosen = set(r.choices(free, weights=weights, k=k))
                for f in sorted(chosen):
                    ops.append(("mod", f))
                    touched.add(f)
                add_credit += adds_per_commit
                while add_credit >= 1 or r.random() < 0.02:
                    add_credit = max(0.0, add_credit - 1)
                    fm, p = self.new_file()
                    main[fm.fid] = p
                    ops.append(("add", fm.fid, p))
                    touched.add(fm.fid)
                if r.random() < 0.025:  # rename, half of them with an edit
                    cands = [f for f in free if f not in touched]
                    if cands:
                        f = r.choice(cands)
                        same_dir = next((d for d in self.dirs if d[0] == main[f].rsplit("/", 1)[0]), None)
                        p = self.new_path(self.files[f].lang, None if r.random() < 0.5 else same_dir)
                        ops.append(("ren", f, p, r.random() < 0.5))
                        main[f] = p
                        touched.add(f)
                if r.random() < 0.02:  # delete a random (cold) file
                    cands = [f for f in free if f not in touched]
                    if cands:
                        f = r.choice(cands)
                        ops.append(("del", f))
                        del main[f]
                        touched.add(f)
                for kind in due:
                    sid = len(self.secrets)
                    hosts = [f for f in free if f in main and self.files[f].lang in HOSTABLE and f not in touched]
                    if hosts and r.random() < 0.7:
                        f = r.choice(hosts)
                    else:
                        fm, p = self.new_file(lang=r.choice(("env", "yaml", "py", "json")), root_hint=r.choice(("config", "deploy", "scripts")),
                                              nominal=r.uniform(300, 4000), for_secret=True)
                        main[fm.fid] = p
                        ops.append(("add", fm.fid, p))
                        f = fm.fid
                    ops.append(("plant", f, sid))
                    touched.add(f)
                    self.secrets.append({"kind": kind, "fid": f, "branch": "main"})
                    if r.random() < 0.4:
                        removals.append((step + r.randint(1, 300), sid))
                keep = []
                for due_step, sid in removals:
                    f = self.secrets[sid]["fid"]
                    if due_step <= step and f in main and f not in locked and f not in touched:
                        if self.files[f].created_for_secret and r.random() < 0.5:
                            ops.append(("del", f))
                            del main[f]
                        else:
                            ops.append(("unplant", f, sid))
                        touched.add(f)
                    else:
                        keep.append((due_step, sid))
                removals = keep
                c = commit("refs/heads/main", ops)
                self.main_tip = c["mark"]
                main_commits_since_tag += 1
                if main_commits_since_tag >= 150:
                    main_commits_since_tag = 0
                    tag_no += 1
                    self.tags.append(("v%d.%d.0" % (1 + tag_no // 10, tag_no % 10), c["mark"], True))
            step += 1
        # branches still open at the end stay as they are (unmerged); tag one abandoned branch and
        # drop its branch ref, so it is reachable only through the tag
        left = [b for b in branches if b["tip"] is not None and (b["active"] or b.get("abandoned"))]
        for i, b in enumerate(left):
            if i == 0:
                self.tags.append(("archive/" + b["name"].split("/", 1)[1], b["tip"], False))
                self.branch_refs_to_delete.append(b["ref"])
        self.branches = branches
        self.final_main = dict(main)


# --------------------------------------------------------------------------------------------
# realize: contents, fast-import stream


class FileState:
    __slots__ = ("content", "secrets", "path")

    def __init__(self, content, path):
        self.content, self.secrets, self.path = content, {}, path  # secrets: sid -> line bytes

    def copy(self):
        s = FileState(self.content, self.path)
        s.secrets = dict(self.secrets)
        return s


class Realizer:
    def __init__(self, planner, args, r, vocab, scale, out):
        self.p, self.args, self.r, self.out = planner, args, r, out
        self.gen = Gen(r, vocab)
        self.scale = scale
        self.blob_bytes = 0
        self.blobs = 0
        self.secret_values = []
        self.expected = []  # dicts: sid, commit index, path, line, kind: "introduced"|"carried"
        self.seen_pairs = set()
        sr = random.Random(args.seed * 7919 + 17)
        for s in planner.secrets:
            self.secret_values.append(fake_secret(sr, s["kind"]))
        self.names = self.people(random.Random(args.seed + 5))

    def people(self, r):
        first = "Ada Alan Barbara Brian Carla Dennis Edsger Frances Grace Guido Hedy Ivan Joan Ken Linus Margaret Niklaus Olga Radia Shafi".split()
        last = "Lovelace Turing Liskov Kernighan Ritchie Dijkstra Allen Hopper Rossum Lamarr Sutherland Clarke Thompson Torvalds Hamilton Wirth Perlman Goldwasser".split()
        out = []
        for i in range(40):
            f, l = r.choice(first), r.choice(last)
            out.append("%s %s <%s.%s@example.com>" % (f, l, f.lower(), l.lower()))
        return out

    def target(self, fid):
        fm = self.p.files[fid]
        return int(min(SIZE_CAP, max(64, fm.nominal * (1 if fm.created_for_secret else self.scale))))

    def make(self, fid):
        fm = self.p.files[fid]
        size = self.target(fid)
        r = self.r
        if fm.lang == "bin":
            return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.randbytes(size)
        method = getattr(self.gen, LANGS[fm.lang][0])
        parts = []
        n = 0
        cp = LANGS[fm.lang][3]
        if cp:
            parts.append(f"{cp}{self.gen.sentence()}\n")
        while n < size:
            s = method()
            parts.append(s)
            n += len(s)
        return "".join(parts).encode()

    def edit(self, fid, st):
        fm = self.p.files[fid]
        r = self.r
        data = st.content
        if fm.lang == "bin":
            pos = r.randrange(16, max(17, len(data)))
            return data[:pos] + r.randbytes(r.randint(8, 256)) + data[pos + r.randint(8, 256):]
        target = self.target(fid)
        method = getattr(self.gen, LANGS[fm.lang][0])
        for _ in range(r.randint(1, 3)):
            if not data:
                data = method().encode()
                continue
            pos = r.randrange(len(data))
            start = data.rfind(b"\n", 0, pos) + 1
            op = r.random()
            grow = len(data) < 0.8 * target
            shrink = len(data) > 1.25 * target
            end = start
            if op < 0.45 and not grow or shrink:  # delete (or replace) a few lines
                for _ in range(r.randint(1, 6)):
                    nl = data.find(b"\n", end)
                    if nl < 0:
                        break
                    end = nl + 1
                chunk = data[start:end]
                if any(line in chunk for line in st.secrets.values()):
                    end = start  # never delete a planted secret by accident
            ins = b""
            if op >= 0.2 or grow:
                lines = method().encode().splitlines(keepends=True)
                a = r.randrange(len(lines))
                ins = b"".join(lines[a:a + r.randint(1, 8)])
            data = data[:start] + ins + data[end:]
        return data

    def insert_line(self, data, line):
        r = self.r
        if not data:
            return line
        pos = r.randrange(len(data))
        start = data.rfind(b"\n", 0, pos) + 1
        return data[:start] + line + data[start:]

    def run(self):
        out = self.out
        plan = self.p
        main = {}
        branch_state = {}  # branch id -> {fid: FileState}
        ts = 1451606400  # 2016-01-01
        r = self.r
        blob_ids = set()
        for c in plan.commits:
            ts += r.randint(1200, 90000)
            if c["branch"] is not None and c["ref"] != "refs/heads/main":
                bid = c["branch"]
                if bid not in branch_state:
                    b = next(x for x in plan.branches if x["id"] == bid)
                    branch_state[bid] = {f: main[f].copy() for f in b["own"]}
                state = branch_state[bid]
            else:
                state = main
            lines = []
            touched = {}
            for op in c["ops"]:
                kind, fid = op[0], op[1]
                if kind == "add":
                    state[fid] = FileState(self.make(fid), op[2])
                    touched[fid] = True
                elif kind == "mod":
                    state[fid].content = self.edit(fid, state[fid])
                    touched[fid] = True
                elif kind == "del":
                    lines.append(b"D %s\n" % state[fid].path.encode())
                    for sid in state[fid].secrets:
                        plan.secrets[sid]["removed_at"] = c["index"]
                        plan.secrets[sid]["removal"] = "file deleted"
                    del state[fid]
                    touched.pop(fid, None)
                elif kind == "ren":
                    st = state[fid]
                    lines.append(b"R %s %s\n" % (st.path.encode(), op[2].encode()))
                    st.path = op[2]
                    if op[3]:
                        st.content = self.edit(fid, st)
                        touched[fid] = True
                elif kind == "plant":
                    sid = op[2]
                    s = plan.secrets[sid]
                    line = secret_line(r, self.p.files[fid].lang, s["kind"], self.secret_values[sid]).encode()
                    st = state[fid]
                    st.content = self.insert_line(st.content, line)
                    st.secrets[sid] = line
                    touched[fid] = True
                    s["commit_index"] = c["index"]
                    s["path"] = st.path
                elif kind == "unplant":
                    sid = op[2]
                    st = state[fid]
                    st.content = st.content.replace(st.secrets.pop(sid), b"", 1)
                    touched[fid] = True
                    plan.secrets[sid]["removed_at"] = c["index"]
                    plan.secrets[sid]["removal"] = "line"
                elif kind == "take":
                    bst = branch_state[c["branch"]][fid]
                    main[fid] = bst  # the branch's version; same blob, nothing new
                    lines.append(b"M 100644 inline %s\ndata %d\n%s\n" % (bst.path.encode(), len(bst.content), bst.content))
            for fid in touched:
                st = state[fid]
                mode = b"100644" if not st.path.endswith(".sh") else b"100755"
                lines.append(b"M %s inline %s\ndata %d\n%s\n" % (mode, st.path.encode(), len(st.content), st.content))
                self.blob_bytes += len(st.content)
                self.blobs += 1
                if st.secrets:
                    bid = hashlib.sha1(b"blob %d\0%s" % (len(st.content), st.content)).digest()
                    if bid in blob_ids:
                        continue
                    blob_ids.add(bid)
                    for sid, line in st.secrets.items():
                        key = (sid, st.path)
                        if key in self.seen_pairs:
                            continue
                        self.seen_pairs.add(key)
                        at = st.content.find(line)
                        lineno = st.content.count(b"\n", 0, at) + 1
                        self.expected.append({"sid": sid, "commit_index": c["index"], "path": st.path, "line": lineno})
            author = self.names[c["author"]].encode()
            msg = (c["msg"] or self.message()).encode()
            head = [b"commit %s\nmark :%d\n" % (c["ref"].encode(), c["mark"]),
                    b"author %s %d +0000\ncommitter %s %d +0000\n" % (author, ts, author, ts),
                    b"data %d\n%s\n" % (len(msg), msg)]
            if c["from"]:
                head.append(b"from :%d\n" % c["from"])
            for m in c["merge"] or ():
                head.append(b"merge :%d\n" % m)
            out.write(b"".join(head))
            out.write(b"".join(lines))
            out.write(b"\n")
        # deletions of files that held secrets: note them
        for i, (name, mark, annotated) in enumerate(plan.tags):
            ts += 60
            if annotated:
                msg = ("Release %s" % name).encode()
                out.write(b"tag %s\nfrom :%d\ntagger %s %d +0000\ndata %d\n%s\n" % (name.encode(), mark, self.names[0].encode(), ts, len(msg), msg))
            else:
                out.write(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), mark))
        out.write(b"done\n")

    def message(self):
        r, g = self.r, self.gen
        verb = r.choice(("Fix", "Add", "Refactor", "Update", "Remove", "Rename", "Document", "Speed up", "Simplify", "Test"))
        m = "%s %s %s" % (verb, g.w(), g.w())
        if r.random() < 0.5:
            m += "\n\n" + g.sentence() + " " + g.sentence()
        return m


# --------------------------------------------------------------------------------------------
# driver


def nominal_total(planner):
    """Nominal bytes of blobs the plan creates (one per touched file per commit), split into
    scalable (ordinary files) and fixed (small files created for secrets)."""
    scal = fixed = 0.0
    for c in planner.commits:
        seen = set()
        for op in c["ops"]:
            kind, fid = op[0], op[1]
            if kind in ("add", "mod", "plant", "unplant") or (kind == "ren" and op[3]):
                if fid in seen:
                    continue
                seen.add(fid)
                fm = planner.files[fid]
                if fm.created_for_secret:
                    fixed += fm.nominal
                else:
                    scal += fm.nominal
    return scal, fixed


def choose_scale(planner, target):
    """Scale factor for ordinary file sizes so that the plan's blobs add up to `target` bytes,
    accounting for the per-file size cap."""
    counts = {}
    fixed = 0.0
    for c in planner.commits:
        seen = set()
        for op in c["ops"]:
            kind, fid = op[0], op[1]
            if kind in ("add", "mod", "plant", "unplant") or (kind == "ren" and op[3]):
                if fid not in seen:
                    seen.add(fid)
                    if planner.files[fid].created_for_secret:
                        fixed += planner.files[fid].nominal
                    else:
                        counts[fid] = counts.get(fid, 0) + 1
    def total(s):
        return fixed + sum(n * min(SIZE_CAP, max(64, planner.files[f].nominal * s)) for f, n in counts.items())
    lo, hi = 1e-4, 1e4
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        if total(mid) < target:
            lo = mid
        else:
            hi = mid
    return lo, total(lo)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def generate(args):
    t0 = time.time()
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        if not args.force and os.listdir(out):
            sys.exit("history_gen: %s exists and is not empty (use --force to replace it)" % out)
        shutil.rmtree(out)
    r_plan = random.Random(args.seed)
    vocab = Vocab(random.Random(args.seed + 1))
    planner = Planner(args, r_plan, vocab)
    planner.plan()
    scal, fixed = nominal_total(planner)
    scale, predicted = 1.0, scal + fixed
    if args.target_gib:
        scale, predicted = choose_scale(planner, args.target_gib * GIB)
    n_merges = sum(1 for c in planner.commits if c["merge"])
    print("history_gen: plan: %d commits (%d merges), %d files ever, %d branches, %d tags, %d secrets; size scale %.3g, "
          "~%.0f MiB of blobs predicted" % (len(planner.commits), n_merges, len(planner.files), len(planner.branches),
                                           len(planner.tags), len(planner.secrets), scale, predicted / (1 << 20)), file=sys.stderr)

    run(["git", "init", "--quiet", "--bare", "--initial-branch=main", out])
    run(["git", "-C", out, "config", "gc.auto", "0"])
    marks = os.path.join(out, "hush-bench-marks")
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--active-branches=100", "--depth=50",
                           "--export-marks=" + marks], stdin=subprocess.PIPE)
    writer = fi.stdin
    realizer = Realizer(planner, args, random.Random(args.seed + 2), vocab, scale, writer)
    try:
        realizer.run()
        writer.close()
    except BrokenPipeError:
        pass
    if fi.wait() != 0:
        sys.exit("history_gen: git fast-import failed")
    t1 = time.time()
    print("history_gen: fast-import done in %.1f s (%.0f MiB of blob data written)" % (t1 - t0, realizer.blob_bytes / (1 << 20)),
          file=sys.stderr)
    for ref in planner.branch_refs_to_delete:
        run(["git", "-C", out, "update-ref", "-d", ref])
    run(["git", "-C", out, "symbolic-ref", "HEAD", "refs/heads/main"])

    pack = args.pack
    if pack == "auto":
        pack = "aggressive" if realizer.blob_bytes <= 1.5 * GIB else "gc"
    if pack == "aggressive":
        run(["git", "-C", out, "repack", "-adf", "--depth=50", "--window=50", "--quiet"])
    elif pack == "gc":
        run(["git", "-C", out, "gc", "--quiet", "--prune=now"])
    if pack != "none":
        run(["git", "-C", out, "prune", "--expire=now"])
    t2 = time.time()

    # facts for the manifest
    mark_to_id = {}
    with open(marks) as f:
        for line in f:
            m, oid = line.split()
            mark_to_id[int(m[1:])] = oid
    os.remove(marks)
    commit_ids = [mark_to_id[c["mark"]] for c in planner.commits]
    check = subprocess.run(["git", "-C", out, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    nblobs = bbytes = nobj = 0
    for line in check:
        if not line:
            continue
        nobj += 1
        t, s = line.split()
        if t == "blob":
            nblobs += 1
            bbytes += int(s)
    pack_bytes = sum(os.path.getsize(os.path.join(out, "objects", "pack", p)) for p in os.listdir(os.path.join(out, "objects", "pack")) if p.endswith(".pack"))

    expected_by_sid = {}
    for e in realizer.expected:
        expected_by_sid.setdefault(e["sid"], []).append(e)
    secrets = []
    for sid, s in enumerate(planner.secrets):
        value = realizer.secret_values[sid]
        exp = sorted(expected_by_sid.get(sid, []), key=lambda e: e["commit_index"])
        intro = next(e for e in exp if e["commit_index"] == s["commit_index"] and e["path"] == s["path"])
        branch = s["branch"]
        merged = branch == "main" or any(b["name"] == branch and "merged_at" in b for b in planner.branches)
        secrets.append({
            "id": sid, "kind": s["kind"], "rule_id": RULE_OF[s["kind"]], "sha256": hashlib.sha256(value.encode()).hexdigest(),
            "redacted": redacted(value), "commit_index": s["commit_index"], "commit": commit_ids[s["commit_index"]],
            "path": s["path"], "line": intro["line"], "branch": branch, "merged_into_main": merged,
            "removed_at_index": s.get("removed_at"), "removal": s.get("removal"),
            "also_reported_at": [{"commit_index": e["commit_index"], "commit": commit_ids[e["commit_index"]], "path": e["path"], "line": e["line"]}
                                 for e in exp if e is not intro],
        })
    manifest = {
        "generator": "bench/history_gen.py", "seed": args.seed, "options": {"commits": args.commits, "files": args.files,
                                                                          "target_gib": args.target_gib, "secrets": args.secrets, "pack": pack},
        "commits": len(commit_ids), "merges": n_merges, "files_in_main_tree": len(planner.final_main),
        "branches": [{"name": b["name"], "merged": "merged_at" in b, "ref_kept": b["ref"] not in planner.branch_refs_to_delete}
                     for b in planner.branches],
        "tags": [t[0] for t in planner.tags], "objects": nobj, "blobs": nblobs, "blob_bytes": bbytes, "pack_bytes": pack_bytes,
        "commit_ids": commit_ids, "secrets": secrets,
    }
    with open(os.path.join(out, MANIFEST_NAME), "w") as f:
        json.dump(manifest, f, indent=1)
    print("history_gen: %s: %d commits, %d objects, %d blobs, %.1f MiB blob data, pack %.1f MiB; packing (%s) %.1f s; total %.1f s"
          % (out, len(commit_ids), nobj, nblobs, bbytes / (1 << 20), pack_bytes / (1 << 20), pack, t2 - t1, time.time() - t0),
          file=sys.stderr)
    print("history_gen: manifest %s (%d secrets)" % (os.path.join(out, MANIFEST_NAME), len(secrets)), file=sys.stderr)


# --------------------------------------------------------------------------------------------
# check a hush report against the manifest


def check(args):
    with open(args.manifest) as f:
        manifest = json.load(f)
    with open(args.check) as f:
        report = json.load(f)
    findings = report["findings"] if isinstance(report, dict) else report
    index_of = {c: i for i, c in enumerate(manifest["commit_ids"])}
    by_place = {}
    for fd in findings:
        by_place.setdefault((fd.get("rule_id"), fd.get("commit"), fd.get("path")), []).append(fd)
    expected = set()
    missing, wrong_line, misattributed = [], [], []
    for s in manifest["secrets"]:
        places = [(s["commit"], s["path"], s["line"], "introduced")] + [(e["commit"], e["path"], e["line"], "carried") for e in s["also_reported_at"]]
        for commit, path, line, why in places:
            key = (s["rule_id"], commit, path)
            hits = [fd for fd in by_place.get(key, []) if fd.get("redacted") == s["redacted"] or fd.get("secret") is not None
                    and hashlib.sha256(fd["secret"].encode()).hexdigest() == s["sha256"]]
            if not hits:
                # reported elsewhere?
                elsewhere = [fd for fd in findings if fd.get("rule_id") == s["rule_id"] and fd.get("redacted") == s["redacted"]]
                (misattributed if elsewhere else missing).append((s, why, commit, path, elsewhere))
                continue
            for fd in hits:
                expected.add(id(fd))
            if not any(fd.get("line") == line for fd in hits):
                wrong_line.append((s, why, path, line, [fd.get("line") for fd in hits]))
    planted_rules = {s["rule_id"] for s in manifest["secrets"]}
    redacted_set = {(s["rule_id"], s["redacted"]) for s in manifest["secrets"]}
    extra_planted = [fd for fd in findings if id(fd) not in expected and (fd.get("rule_id"), fd.get("redacted")) in redacted_set]
    other = {}
    for fd in findings:
        if id(fd) not in expected and (fd.get("rule_id"), fd.get("redacted")) not in redacted_set:
            other[fd.get("rule_id")] = other.get(fd.get("rule_id"), 0) + 1
    n_places = sum(1 + len(s["also_reported_at"]) for s in manifest["secrets"])
    print("check: %d findings; %d planted secrets, %d expected (secret, path) reports; found %d, missing %d, misattributed %d, "
          "wrong line %d; %d extra reports of planted secrets; other findings by rule: %s"
          % (len(findings), len(manifest["secrets"]), n_places, n_places - len(missing) - len(misattributed), len(missing),
             len(misattributed), len(wrong_line), len(extra_planted), json.dumps(other, sort_keys=True) if other else "none"))
    for s, why, commit, path, elsewhere in missing[:20]:
        print("  MISSING %s #%d (%s) at commit %d %s %s" % (s["rule_id"], s["id"], why, index_of.get(commit, -1), commit[:12], path))
    for s, why, commit, path, elsewhere in misattributed[:20]:
        print("  MISATTRIBUTED %s #%d (%s) expected commit %d %s %s; reported at %s" % (
            s["rule_id"], s["id"], why, index_of.get(commit, -1), commit[:12], path,
            ", ".join("%s:%s@%d" % (fd.get("path"), fd.get("line"), index_of.get(fd.get("commit"), -1)) for fd in elsewhere[:4])))
    for s, why, path, line, got in wrong_line[:20]:
        print("  WRONG LINE %s #%d %s: expected line %d, got %s" % (s["rule_id"], s["id"], path, line, got))
    for fd in extra_planted[:20]:
        print("  EXTRA %s %s:%s at commit %d" % (fd.get("rule_id"), fd.get("path"), fd.get("line"), index_of.get(fd.get("commit"), -1)))
    if args.gitleaks:
        check_gitleaks(manifest, args.gitleaks, index_of)
    return 1 if missing or misattributed else 0


def check_gitleaks(manifest, path, index_of):
    """The same question for a gitleaks JSON report (which carries the secret unless --redact)."""
    with open(path) as f:
        findings = json.load(f) or []
    by_hash = {}
    for fd in findings:
        by_hash.setdefault(hashlib.sha256(fd.get("Secret", "").encode()).hexdigest(), []).append(fd)
    right = elsewhere = 0
    misses = []
    for s in manifest["secrets"]:
        hits = by_hash.get(s["sha256"], [])
        if any(fd.get("Commit") == s["commit"] and fd.get("File") == s["path"] for fd in hits):
            right += 1
        elif hits:
            elsewhere += 1
            misses.append(("ELSEWHERE", s, hits))
        else:
            misses.append(("MISSING", s, hits))
    planted = {s["sha256"] for s in manifest["secrets"]}
    other = {}
    for fd in findings:
        if hashlib.sha256(fd.get("Secret", "").encode()).hexdigest() not in planted:
            other[fd.get("RuleID")] = other.get(fd.get("RuleID"), 0) + 1
    print("gitleaks: %d findings; of %d planted secrets %d at the introducing commit and path, %d only elsewhere, %d missing; "
          "other findings by rule: %s" % (len(findings), len(manifest["secrets"]), right, elsewhere,
                                          len(manifest["secrets"]) - right - elsewhere, json.dumps(other, sort_keys=True) if other else "none"))
    for what, s, hits in misses[:10]:
        print("  gitleaks %s %s #%d at commit %d %s" % (what, s["rule_id"], s["id"], s["commit_index"], s["path"]) +
              ("; reported at " + ", ".join("%s@%d" % (fd.get("File"), index_of.get(fd.get("Commit"), -1)) for fd in hits[:3]) if hits else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="new bare repository to create")
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--files", type=int, default=3000, help="about this many files in the tree")
    ap.add_argument("--target-gib", type=float, default=None, help="scale file sizes to about this much unique blob data")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--secrets", type=int, default=120, help="fake secrets to plant")
    ap.add_argument("--branches", type=int, default=None, help="feature branches (default commits/120, at least 3)")
    ap.add_argument("--pack", choices=("auto", "aggressive", "gc", "none"), default="auto",
                    help="auto: repack -adf --depth=50 --window=50 up to 1.5 GiB of blobs, git gc above")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists")
    ap.add_argument("--check", metavar="REPORT", help="compare a hush JSON report with --manifest instead of generating")
    ap.add_argument("--manifest", help="the generated repository's %s, for --check" % MANIFEST_NAME)
    ap.add_argument("--gitleaks", metavar="REPORT", help="with --check: also compare a gitleaks JSON report")
    args = ap.parse_args()
    if args.check:
        if not args.manifest:
            ap.error("--check needs --manifest")
        sys.exit(check(args))
    if not args.out:
        ap.error("--out is required")
    if args.commits < 2 or args.files < 1:
        ap.error("--commits must be at least 2 and --files at least 1")
    generate(args)


if __name__ == "__main__":
    main()
