#!/usr/bin/env python3
"""Start-up cost and memory of `hush run` (and of `hush scan --staged`), measured in one run
against the same command without hush, beside an earlier build of hush, and beside tini and
dumb-init (Debian packages) when they are installed.

  bench/run_bench/run_bench.py --hush BUILD/cli/hush [--baseline OLD_BUILD/cli/hush] [--runs 100] [--no-vault]

Variants, interleaved run by run so that machine noise hits all of them alike (with --baseline,
every hush variant runs for both builds, marked [new] and [old]):
  true                          the command alone
  hush version                  the hush binary starting and exiting (loader, static set-up)
  hush run -- true              supervision only (libcurl is not loaded)
  hush scan --staged            a pre-commit scan: one edit and one new file staged in a
                                repository of 2,000 files (libcurl is not loaded)
  file store, 20 secrets        --from file:app.ejson (one encrypted file, 20 keys)
  Vault peer, 20 references     -e S0=vault://secret/bench0#value ... (20 reads over loopback)
  Vault peer, bulk of 20        --from vault:secret/bench (one read, 20 keys)
  Vault over TLS, 20 refs       the same 20 references to a peer serving https (ECDSA P-256
                                certificate from a CA made for the run, VAULT_CACERT)
  ..., one at a time            the same with HUSH_PARALLEL_REQUESTS=1 (new build only)
  Vault 10 ms away, 20 refs     a peer that takes 10 ms over every request, as a store one network
                                round trip away would: 20 at once against 20 one after another
  tini / dumb-init              the same `true` under the usual container inits

Wall time is the median of --runs; "added" is the median minus the median of `true`. Peak RSS is
the largest of 10 runs under GNU time (hush itself: `true` is smaller). Everything it writes goes
to a temporary directory that is removed at the end.
"""

import argparse
import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from staged_bench import build_repository  # noqa: E402

SECRETS = 20
STAGED_FILES = 2000
SLOW_READ_MS = 10


class Variant:
    def __init__(self, name, argv, env, codes=(0,)):
        self.name, self.argv, self.env, self.codes = name, argv, env, codes


def run_once(variant):
    start = time.perf_counter()
    code = subprocess.run(variant.argv, env=variant.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode
    elapsed = time.perf_counter() - start
    if code not in variant.codes:
        sys.exit(f"run_bench: {variant.name}: {' '.join(variant.argv[:3])} ... exited {code}")
    return elapsed


# ru_maxrss survives exec, so a child forked from this (large) interpreter would report the
# interpreter's size; GNU time forks from its own small image instead.
def peak_rss(variant, runs):
    time_bin = shutil.which("time", path="/usr/bin:/bin")
    if not time_bin:
        return None
    peak = 0
    for _ in range(runs):
        result = subprocess.run([time_bin, "-f", "%M", *variant.argv], env=variant.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = max(peak, int(result.stderr.strip().splitlines()[-1]))
    return peak


def make_ejson(hush, workdir, env):
    keydir = os.path.join(workdir, "keys")
    os.mkdir(keydir)
    public = subprocess.run([hush, "keygen", "--write", "--keydir", keydir], env=env, check=True,
                            capture_output=True, text=True).stdout.strip()
    values = {"_public_key": public}
    for i in range(SECRETS):
        values[f"bench_key_{i}"] = f"bench-value-{i}-" + "x" * 24
    path = os.path.join(workdir, "app.ejson")
    with open(path, "w") as f:
        json.dump(values, f)
    subprocess.run([hush, "encrypt", path], env=env, check=True, capture_output=True)
    return path, keydir


def vault_call(address, method, path, body, context=None):
    request = urllib.request.Request(f"{address}{path}", method=method, data=json.dumps(body).encode(),
                                     headers={"X-Vault-Token": "root", "Content-Type": "application/json"})
    urllib.request.urlopen(request, context=context).read()


# Go's net/http (a real Vault) sets TCP_NODELAY; the peer's http.server does not, and Nagle plus
# delayed ACKs would add some 40 ms per request over loopback, measuring the peer, not hush.
PEER_LAUNCH = """
import sys
sys.path.insert(0, sys.argv[1])
import vault_peer
vault_peer.Handler.disable_nagle_algorithm = True
sys.argv = ["vault_peer.py", "--port", "0", *sys.argv[2:]]
vault_peer.main()
"""


def make_pki(workdir):
    """A CA and a server certificate for 127.0.0.1, made with the openssl command for this run."""
    def openssl(*argv):
        subprocess.run(["openssl", *argv], cwd=workdir, check=True, capture_output=True)
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=hush bench CA")
    openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(workdir, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    return tuple(os.path.join(workdir, name) for name in ("ca.pem", "server.pem", "server.key"))


def start_vault_peer(tls=None, read_ms=0):
    extra = [] if tls is None else ["--tls-cert", tls[1], "--tls-key", tls[2]]
    peer = subprocess.Popen([sys.executable, "-c", PEER_LAUNCH, os.path.join(ROOT, "tests", "peers"), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = peer.stdout.readline().split()
    if len(line) != 2 or line[0] != "LISTENING":
        peer.kill()
        sys.exit("run_bench: the Vault peer did not start")
    address = f"{'http' if tls is None else 'https'}://127.0.0.1:{line[1]}"
    context = None if tls is None else ssl.create_default_context(cafile=tls[0])
    for i in range(SECRETS):
        vault_call(address, "POST", f"/v1/secret/data/bench{i}", {"data": {"value": f"vault-value-{i}-" + "y" * 24}}, context)
    vault_call(address, "POST", "/v1/secret/data/bench",
               {"data": {f"bench_key_{i}": f"vault-bulk-{i}-" + "z" * 24 for i in range(SECRETS)}}, context)
    if read_ms:  # every API request, as a network round trip would
        vault_call(address, "POST", "/_peer/faults",
                   {"faults": [{"kind": "latency", "ms": read_ms, "path": "/v1/", "count": 10 ** 9}]}, context)
    return peer, address


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hush", required=True, help="the hush binary (a Release build for numbers)")
    ap.add_argument("--baseline", help="an earlier hush binary, measured beside it in the same run")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--no-vault", action="store_true", help="skip the Vault peer variants")
    args = ap.parse_args()
    builds = [("new", os.path.abspath(args.hush))]
    if args.baseline:
        builds.append(("old", os.path.abspath(args.baseline)))
    hush = builds[0][1]
    true = shutil.which("true")

    workdir = tempfile.mkdtemp(prefix="hush-run-bench-")
    peers = []
    try:
        base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir,
                    "HUSH_CACHE_DIR": os.path.join(workdir, "cache")}
        ejson, keydir = make_ejson(hush, workdir, base_env)
        file_env = dict(base_env, EJSON_KEYDIR=keydir)
        repo = os.path.join(workdir, "repo")
        build_repository(repo, STAGED_FILES)
        # (name, argv after the binary, environment, accepted exit codes, new build only)
        cases = [
            ("hush version", ["version"], base_env, (0,), False),
            ("hush run -- true", ["run", "--", true], base_env, (0,), False),
            # The staged file holds a fake token: exit 1 is the expected finding.
            ("hush scan --staged", ["scan", "--staged", "--no-progress", repo], base_env, (1,), False),
            (f"file store, {SECRETS} secrets", ["run", "--from", f"file:{ejson}", "--", true], file_env, (0,), False),
        ]
        if not args.no_vault:
            refs = []
            for i in range(SECRETS):
                refs += ["-e", f"S{i}=vault://secret/bench{i}#value"]
            peer, address = start_vault_peer()
            peers.append(peer)
            vault_env = dict(base_env, VAULT_ADDR=address, VAULT_TOKEN="root")
            cases.append((f"Vault peer, {SECRETS} references", ["run", *refs, "--", true], vault_env, (0,), False))
            cases.append((f"Vault peer, bulk of {SECRETS}", ["run", "--from", "vault:secret/bench", "--", true], vault_env,
                          (0,), False))
            pki = make_pki(workdir)
            tls_peer, tls_address = start_vault_peer(pki)
            peers.append(tls_peer)
            tls_env = dict(base_env, VAULT_ADDR=tls_address, VAULT_TOKEN="root", VAULT_CACERT=pki[0])
            cases.append((f"Vault over TLS, {SECRETS} refs", ["run", *refs, "--", true], tls_env, (0,), False))
            cases.append((f"Vault over TLS, {SECRETS} one at a time", ["run", *refs, "--", true],
                          dict(tls_env, HUSH_PARALLEL_REQUESTS="1"), (0,), True))
            slow_peer, slow_address = start_vault_peer(read_ms=SLOW_READ_MS)
            peers.append(slow_peer)
            slow_env = dict(base_env, VAULT_ADDR=slow_address, VAULT_TOKEN="root")
            cases.append((f"Vault {SLOW_READ_MS} ms away, {SECRETS} refs", ["run", *refs, "--", true], slow_env, (0,), False))
            cases.append((f"Vault {SLOW_READ_MS} ms away, {SECRETS} one at a time", ["run", *refs, "--", true],
                          dict(slow_env, HUSH_PARALLEL_REQUESTS="1"), (0,), True))

        variants = [Variant("true", [true], base_env)]
        for name, argv, env, codes, new_only in cases:
            for label, binary in builds[:1] if new_only else builds:
                shown = name if len(builds) == 1 else f"{name} [{label}]"
                variants.append(Variant(shown, [binary, *argv], env, codes))
        for name, binary, extra in (("tini", "tini", ["-s", "--"]), ("dumb-init", "dumb-init", [])):
            path = shutil.which(binary)
            if path:
                variants.append(Variant(name, [path, *extra, true], base_env))
            else:
                print(f"({name} is not installed: apt-get install {binary})")

        for variant in variants:  # warm caches (the rule cache, the page cache), check each works
            run_once(variant)
        times = {variant.name: [] for variant in variants}
        for _ in range(args.runs):
            for variant in variants:
                times[variant.name].append(run_once(variant))
        rss = {variant.name: peak_rss(variant, 10) for variant in variants}

        base = statistics.median(times["true"]) * 1000
        print(f"{'variant':38} {'median ms':>10} {'added ms':>9} {'p90 ms':>8} {'peak RSS KiB':>13}")
        for variant in variants:
            samples = sorted(times[variant.name])
            median = statistics.median(samples) * 1000
            p90 = samples[int(len(samples) * 0.9) - 1] * 1000
            added = "" if variant.name == "true" else f"{median - base:9.2f}"
            peak = "n/a" if rss[variant.name] is None else str(rss[variant.name])
            print(f"{variant.name:38} {median:10.2f} {added:>9} {p90:8.2f} {peak:>13}")
        print(f"({args.runs} runs per variant, interleaved)")
    finally:
        for peer in peers:
            peer.terminate()
            peer.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
