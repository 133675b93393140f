#!/usr/bin/env python3
"""`hush scan --verify` against the provider peer: wall time for COUNT findings of the providers the
rule pack declares verifiers for (at least 30), each a distinct secret, half of them live.

The secrets are the rule pack's own examples with their last characters varied (a variant a rule's
validator refuses is left out), so every request is one a rule really sends. The peer answers for
every declared verifier (tests/peers/provider_peer.py --rules) over TLS with a CA made here. Three
more timings put the verification's cost in context: the same tree without --verify, and a tree of
as many findings of rules without a verifier, with and without --verify (verification must add
nothing there).

  bench/verify_bench.py [--hush build/cli/hush] [--count 1000] [--runs 3]

Prints one line per measurement (median wall seconds of the runs) and the verdicts of the last run.
"""

import argparse
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
import tomllib
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "rules")
PEER = os.path.join(ROOT, "tests", "peers", "provider_peer.py")
# The hosts of the peer's hand-written routes, which the certificate must name too.
FIXED_HOSTS = ["api.github.com", "gitlab.com", "slack.com", "api.telegram.org", "api.stripe.com", "api.openai.com",
               "sts.amazonaws.com", "hooks.slack.com", "discord.com", "api.twilio.com", "oauth2.googleapis.com"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def declared_verifiers():
    rules = []
    for name in sorted(os.listdir(RULES)):
        if name.endswith(".toml"):
            with open(os.path.join(RULES, name), "rb") as f:
                for rule in tomllib.load(f).get("rule", []):
                    verify = rule.get("verify")
                    if verify and "builtin" not in verify and "partner" not in verify:
                        rules.append(rule)
    return rules


def provider_of(rule):
    return rule["verify"].get("provider", rule["id"].split("-")[0])


def host_of(rule):
    url = rule["verify"]["url"]
    if url.startswith("{endpoint}"):
        return provider_of(rule) + ".verify.test"
    return url[len("https://"):].split("/", 1)[0]


def make_pki(d, hosts):
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run(["openssl", "req", "-x509", *ec, "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-days", "2", "-subj", "/CN=bench CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    with open(d + "/server.ext", "w") as f:
        f.write("subjectAltName=" + ",".join("DNS:" + h for h in sorted(hosts)) + "\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "req", *ec, "-keyout", d + "/server.key", "-out", d + "/server.csr", "-subj", "/CN=providers"])
    run(["openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key", "-CAcreateserial",
         "-out", d + "/server.pem", "-days", "2", "-extfile", d + "/server.ext"])


def scan_json(hush, args):
    out = subprocess.run([hush, "scan", "-f", "json", "--min-confidence", "low", *args], capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit("hush failed: " + out.stderr.decode(errors="replace"))
    return json.loads(out.stdout)["findings"]


def vary(secret, k):
    """The secret with up to its last 6 letters or digits replaced by others of their kind."""
    chars, rng, changed = list(secret), random.Random(k), 0
    for i in range(len(chars) - 1, -1, -1):
        c = chars[i]
        for alphabet in (string.digits, string.ascii_lowercase, string.ascii_uppercase):
            if c in alphabet:
                chars[i] = rng.choice(alphabet)
                changed += 1
                break
        if changed == 6:
            break
    return "".join(chars)


def own_findings(findings):
    """rule id -> {secret: path} of the findings in the rule's own directory."""
    out = {}
    for f in findings:
        rule = f["path"].split("/", 1)[0]
        if rule == f["rule_id"]:
            out.setdefault(rule, {}).setdefault(f["secret"], f["path"])
    return out


def build_tree(hush, rules, tree, count):
    examples = {}
    for rule in rules:
        for i, text in enumerate(rule.get("examples", [])):
            path = os.path.join(tree, rule["id"], "example%d.txt" % i)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text + "\n")
            examples[path] = text
    found = own_findings(scan_json(hush, ["--reveal", tree]))
    per_rule = -(-count // len(found)) + 2
    for rule_id, secrets in found.items():
        for secret, path in list(secrets.items()):
            text = examples[os.path.join(tree, path)]
            for k in range(per_rule):
                variant = vary(secret, zlib.crc32(("%s/%s/%d" % (rule_id, path, k)).encode()))
                with open(os.path.join(tree, rule_id, "v%d_%s" % (k, os.path.basename(path))), "w") as f:
                    f.write(text.replace(secret, variant) + "\n")
    found = own_findings(scan_json(hush, ["--reveal", tree]))
    # Round robin over the rules until COUNT distinct secrets; every other file goes.
    keep, queues = {}, {rule: list(secrets.items()) for rule, secrets in found.items()}
    while len(keep) < count and any(queues.values()):
        for rule in sorted(queues):
            if queues[rule] and len(keep) < count:
                secret, path = queues[rule].pop(0)
                keep[secret] = path
    kept_paths = set(keep.values())
    for rule_id in os.listdir(tree):
        for name in os.listdir(os.path.join(tree, rule_id)):
            if rule_id + "/" + name not in kept_paths:
                os.remove(os.path.join(tree, rule_id, name))
    return keep


def timed(cmd, runs):
    times, last = [], None
    for _ in range(runs):
        start = time.monotonic()
        last = subprocess.run(cmd, capture_output=True)
        times.append(time.monotonic() - start)
        if last.returncode not in (0, 1):
            sys.exit("hush failed: " + last.stderr.decode(errors="replace")[-2000:])
    return statistics.median(times), last


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hush", default=os.path.join(ROOT, "build", "cli", "hush"))
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rate", type=float, help="every provider's requests per second ([verify] rate; default hush's 10)")
    ap.add_argument("--concurrency", type=int, help="every provider's requests in flight ([verify] concurrency; default hush's 4)")
    args = ap.parse_args()
    hush = os.path.abspath(args.hush)
    rules = declared_verifiers()
    with tempfile.TemporaryDirectory(prefix="hush-verify-bench-") as d:
        tree, plain = os.path.join(d, "tree"), os.path.join(d, "plain")
        os.makedirs(tree)
        secrets = build_tree(hush, rules, tree, args.count)
        providers = {provider_of(r) for r in rules if any(p.startswith(r["id"] + "/") for p in secrets.values())}
        # As many findings of a rule without a verifier (password assignments), for the no-verifier timing.
        os.makedirs(plain)
        rng = random.Random(7)
        for i in range(args.count):
            with open(os.path.join(plain, "db%d.env" % i), "w") as f:
                f.write("DB_PASSWORD=\"%s\"\n" % "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(20)))

        make_pki(d, set(FIXED_HOSTS) | {host_of(r) for r in rules})
        tokens = {secret: ("live" if i % 2 == 0 else "revoked") for i, secret in enumerate(sorted(secrets))}
        with open(os.path.join(d, "tokens.json"), "w") as f:
            json.dump(tokens, f)
        peer = subprocess.Popen([sys.executable, PEER, "--tls-cert", d + "/server.pem", "--tls-key", d + "/server.key",
                                 "--tokens", d + "/tokens.json", "--rules", RULES], stdout=subprocess.PIPE, text=True)
        try:
            port = int(peer.stdout.readline().split()[1])
            endpoints = []
            for provider in sorted({provider_of(r) for r in rules if r["verify"]["url"].startswith("{endpoint}")}):
                endpoints += ["--verify-endpoint", "%s=https://%s.verify.test" % (provider, provider)]
            config = []
            if args.rate or args.concurrency:
                with open(d + "/limits.toml", "w") as f:
                    f.write("[verify]\n" + ("rate = %g\n" % args.rate if args.rate else "") +
                            ("concurrency = %d\n" % args.concurrency if args.concurrency else ""))
                config = ["--config", d + "/limits.toml"]
            verify = [*config, "--verify", "--no-verify-cache", "--verify-timeout", "60s", "--verify-connect-to", "::127.0.0.1:%d" % port,
                      "--verify-ca-file", d + "/ca.pem", *endpoints]
            # The compiled rules come from a cache warmed here, as on any machine after hush's first run.
            base = [hush, "scan", "-f", "json", "--min-confidence", "low", "--cache-dir", d + "/cache"]
            timed(base + [plain], 1)
            verified_time, verified = timed(base + verify + [tree], args.runs)
            plain_time, _ = timed(base + [tree], args.runs)
            none_verified_time, _ = timed(base + verify + [plain], args.runs)
            none_plain_time, _ = timed(base + [plain], args.runs)
        finally:
            peer.terminate()
            peer.wait()
    states = {}
    findings = json.loads(verified.stdout)["findings"]
    for f in findings:
        states[f["validation"]] = states.get(f["validation"], 0) + 1
    print("findings %d (%d distinct verifiable secrets of %d providers, %d rules), median of %d runs"
          % (len(findings), len(secrets), len(providers), len({p.split("/")[0] for p in secrets.values()}), args.runs))
    print("verdicts " + ", ".join("%s %d" % kv for kv in sorted(states.items())))
    # The limits set a floor: the busiest provider's requests after its first `concurrency` start
    # 1/rate apart.
    rate, burst = args.rate or 10, args.concurrency or 4
    by_rule = {r["id"]: provider_of(r) for r in rules}
    per_provider = {}
    for path in secrets.values():
        provider = by_rule[path.split("/")[0]]
        per_provider[provider] = per_provider.get(provider, 0) + 1
    busiest = max(per_provider, key=per_provider.get)
    print("rate-limit floor         %.2f s (%s: %d requests at %g/s, %d at once)"
          % (max(0, per_provider[busiest] - burst) / rate, busiest, per_provider[busiest], rate, burst))
    print("scan --verify            %.2f s" % verified_time)
    print("scan                     %.2f s" % plain_time)
    print("no-verifier tree --verify %.2f s" % none_verified_time)
    print("no-verifier tree          %.2f s" % none_plain_time)


if __name__ == "__main__":
    main()
