#!/usr/bin/env python3
"""A server speaking the parts of the Vault HTTP API that hush uses, for hush's store tests.

Standard library only. It keeps real state: KV v1 and v2 mounts (versions, metadata, soft delete,
destroy), tokens with policies, TTLs and expiry, AppRole / Kubernetes / JWT login, leases of a
dynamic-secret mount, namespaces, sys/health and sys/internal/ui/mounts, and answers errors the
way Vault does ({"errors": [...]} with Vault's status codes). Policies are the HCL subset
`path "glob" { capabilities = [...] }`.

Setup goes through the Vault API itself (sys/mounts, sys/auth, sys/policies/acl, auth/token/create,
approle roles, KV writes), so a test that sets up this way can also run against a real Vault.
What a real Vault cannot do without outside systems is configured on /_peer/ admin endpoints:

  POST   /_peer/faults   {"faults": [{"kind": ..., "path": "/v1/secret/", "method": "GET", "count": N, ...}]}
           kinds: "status" (status, errors, retry_after), "sealed", "latency" (ms), "reset", "truncate",
                  "redirect" (location; default: the same URL), "body" (status, default 200, and a
                  raw body: what a hostile or broken server might send),
                  "gather" (holds matching requests until
                  `count` of them are waiting, or timeout_ms (5000) passed, then lets them all go on:
                  events "gathered" or "gather_timeout" per request say which, proving requests were
                  sent at once)
  DELETE /_peer/faults
  POST   /_peer/state    {"sealed": bool, "standby": bool, "perf_standby": bool}
  POST   /_peer/jwt      {"jwt": "..."}   a JWT the kubernetes and jwt auth methods accept
  POST   /_peer/expire   {"accessor": "..."} or {} for every non-root token: expires tokens now
  GET    /_peer/stats    request counts by "METHOD /v1/path" and event counters
  GET    /_peer/tokens   every live token (so a test can check none of them was logged)

Prints "LISTENING <port>" on stdout once the socket accepts connections; logs only to stderr.
"""

import argparse
import base64
import io
import json
import re
import secrets
import socket
import socketserver
import struct
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from peer_launch import TlsAccept, add_tls_arguments, exit_on_sigterm, relay, serve, server_context  # noqa: E402

DEFAULT_LEASE = 768 * 3600


def log(msg):
    sys.stderr.write("vault_peer: %s\n" % msg)
    sys.stderr.flush()


def now():
    return time.time()


def rfc3339(t):
    if t is None:
        return ""
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_duration(value, default=0):
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise VaultError(400, ["invalid duration"])
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    total = 0
    pos = 0
    for m in re.finditer(r"(\d+)(ms|s|m|h|d)", text):
        if m.start() != pos:
            raise VaultError(400, ["invalid duration %r" % text])
        pos = m.end()
        n = int(m.group(1))
        total += {"ms": 0, "s": n, "m": n * 60, "h": n * 3600, "d": n * 86400}[m.group(2)]
    if pos != len(text) or pos == 0:
        raise VaultError(400, ["invalid duration %r" % text])
    return total


class VaultError(Exception):
    def __init__(self, status, errors, body=None, headers=None):
        super().__init__(status)
        self.status = status
        self.errors = errors
        self.body = body
        self.headers = headers or {}


# ---------------------------------------------------------------------------------------------
# Policies


class Policy:
    RULE = re.compile(r'path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}', re.S)

    def __init__(self, name, text):
        self.name = name
        self.text = text
        self.rules = []
        for m in self.RULE.finditer(text):
            caps = [c.strip().strip('"') for c in m.group(2).split(",") if c.strip()]
            self.rules.append((m.group(1), set(caps)))
        if not self.rules and text.strip():
            raise VaultError(400, ["failed to parse policy: no path rules"])


def glob_match(pattern, path):
    """Vault's policy globs: a trailing * matches any suffix, + matches one path segment."""
    prefix = pattern.endswith("*")
    body = pattern[:-1] if prefix else pattern
    pparts = body.split("/")
    if not prefix:
        parts = path.split("/")
        if len(parts) != len(pparts):
            return None
        for a, b in zip(pparts, parts):
            if a != "+" and a != b:
                return None
        return (2, len(body))
    # prefix glob: segments with + must match whole segments, the last part is a string prefix
    parts = path.split("/")
    if len(parts) < len(pparts):
        return None
    for i, a in enumerate(pparts):
        b = parts[i]
        if i == len(pparts) - 1:
            if a != "+" and not b.startswith(a):
                return None
        elif a != "+" and a != b:
            return None
    return (1, len(body))


DEFAULT_POLICY = """
path "auth/token/lookup-self" { capabilities = ["read"] }
path "auth/token/renew-self" { capabilities = ["update"] }
path "auth/token/revoke-self" { capabilities = ["update"] }
path "sys/leases/renew" { capabilities = ["update"] }
path "sys/leases/lookup" { capabilities = ["update"] }
path "sys/capabilities-self" { capabilities = ["update"] }
path "cubbyhole/*" { capabilities = ["create", "read", "update", "delete", "list"] }
"""


# ---------------------------------------------------------------------------------------------
# State


class Mount:
    def __init__(self, path, mtype, options=None, description=""):
        self.path = path  # with trailing slash
        self.type = mtype
        self.options = dict(options or {})
        self.description = description
        self.accessor = "%s_%s" % (mtype, secrets.token_hex(4))
        self.uuid = str(uuid.uuid4())
        self.kv1 = {}  # path -> dict
        self.kv2 = {}  # path -> {"current":n, "oldest":n, "versions":{n: {...}}, "created":t, "updated":t, "custom":{}}
        self.roles = {}  # dynamic-secret roles / auth roles
        self.config = {}
        self.secret_ids = {}  # approle: secret_id -> {"role":..., "expires":t or None, "uses": n}

    def kv_version(self):
        if self.type == "generic":
            return 1
        if self.type != "kv":
            return 0
        return 2 if str(self.options.get("version", "1")) == "2" else 1


class Namespace:
    def __init__(self, path):
        self.path = path  # "" for root, else "a/b/"
        self.mounts = {}
        self.auth = {}
        self.policies = {"default": Policy("default", DEFAULT_POLICY)}
        self.children = {}
        self.id = secrets.token_hex(3) if path else "root"
        self.mounts["secret/"] = Mount("secret/", "kv", {"version": "2"}, "key/value secret storage")
        self.mounts["cubbyhole/"] = Mount("cubbyhole/", "cubbyhole")
        self.mounts["sys/"] = Mount("sys/", "system")
        self.auth["token/"] = Mount("token/", "token")


class Token:
    def __init__(self, token_id, policies, ttl, renewable, namespace, max_ttl=0, display="token", path="auth/token/create",
                 meta=None, period=0):
        self.id = token_id
        self.accessor = secrets.token_urlsafe(18)
        self.policies = sorted(set(policies))
        self.created = now()
        self.ttl = ttl  # seconds, 0 = never expires
        self.expires = self.created + ttl if ttl > 0 else None
        self.max_expires = self.created + max_ttl if max_ttl > 0 else None
        self.renewable = renewable and ttl > 0
        self.namespace = namespace
        self.display = display
        self.path = path
        self.meta = meta
        self.period = period

    def valid(self):
        return self.expires is None or now() < self.expires

    def remaining(self):
        if self.expires is None:
            return 0
        return max(0, int(round(self.expires - now())))

    def auth_block(self):
        return {
            "client_token": self.id,
            "accessor": self.accessor,
            "policies": self.policies,
            "token_policies": self.policies,
            "metadata": self.meta,
            "lease_duration": self.remaining(),
            "renewable": self.renewable,
            "entity_id": "",
            "token_type": "service",
            "orphan": True,
            "mfa_requirement": None,
            "num_uses": 0,
        }


class Lease:
    def __init__(self, lease_id, ttl, max_ttl, renewable):
        self.id = lease_id
        self.issued = now()
        self.expires = self.issued + ttl
        self.max_expires = self.issued + max_ttl if max_ttl > 0 else None
        self.renewable = renewable


class State:
    def __init__(self, root_token):
        self.lock = threading.RLock()
        self.root = Namespace("")
        self.tokens = {}
        self.leases = {}
        self.jwts = set()
        self.faults = []
        self.sealed = False
        self.standby = False
        self.perf_standby = False
        self.stats = {}
        self.events = {}
        self.gathers = []  # "gather" faults: {"path", "method", "size", "left", "arrived", "timeout_ms"}
        self.gather_ready = threading.Condition(threading.Lock())
        root = Token(root_token, ["root"], 0, False, "", display="root", path="auth/token/root")
        self.tokens[root.id] = root

    def count(self, key, what="stats"):
        table = self.stats if what == "stats" else self.events
        table[key] = table.get(key, 0) + 1

    def namespace(self, path, create_missing=False):
        ns = self.root
        for part in [p for p in path.strip("/").split("/") if p]:
            if part not in ns.children:
                raise VaultError(404, ["namespace not found: %s" % path])
            ns = ns.children[part]
        return ns

    def issue_token(self, policies, ttl, renewable, namespace, max_ttl=0, display="token", path="auth/token/create",
                    meta=None):
        tid = "hvs." + secrets.token_urlsafe(24)
        pols = list(policies)
        if "root" not in pols and "default" not in pols:
            pols.append("default")
        tok = Token(tid, pols, ttl, renewable, namespace, max_ttl, display, path, meta)
        self.tokens[tid] = tok
        return tok


# ---------------------------------------------------------------------------------------------
# Request handling


def envelope(data=None, auth=None, lease_id="", lease_duration=0, renewable=False, warnings=None, mount_type=""):
    return {
        "request_id": str(uuid.uuid4()),
        "lease_id": lease_id,
        "renewable": renewable,
        "lease_duration": lease_duration,
        "data": data,
        "wrap_info": None,
        "warnings": warnings,
        "auth": auth,
        "mount_type": mount_type,
    }


def renewal(increment, max_expires):
    """Renewing a lease or token by `increment` seconds now: (now, the new expiry, Vault's warnings),
    the expiry capped at `max_expires` (None: no cap) with a warning saying so."""
    t = now()
    expires = t + increment
    if max_expires is None or expires <= max_expires:
        return t, expires, None
    return t, max_expires, ["TTL of \"%ds\" exceeded the effective max_ttl of \"%ds\"; TTL value is capped accordingly"
                            % (increment, int(max_expires - t))]


def list_keys(store, key):
    """A LIST under `key` of a KV mount's {path: value} store: the names one level down, folders
    with a trailing slash; 404 when there are none."""
    prefix = key + "/" if key else ""
    keys = set()
    for k in store:
        if k.startswith(prefix):
            rest = k[len(prefix):]
            keys.add(rest.split("/")[0] + "/" if "/" in rest else rest)
    if not keys:
        raise VaultError(404, [])
    return 200, envelope({"keys": sorted(keys)})


class Request:
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path  # relative to /v1/, no leading slash
        self.query = query
        self.headers = headers
        self.raw_body = body
        self._json = None

    def json(self):
        if self._json is None:
            if not self.raw_body:
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.raw_body)
                except ValueError:
                    raise VaultError(400, ["failed to parse JSON input: invalid character"])
                if not isinstance(self._json, dict):
                    raise VaultError(400, ["failed to parse JSON input: not an object"])
        return self._json

    def is_list(self):
        return self.method == "LIST" or (self.method == "GET" and self.query.get("list", [""])[0] in ("true", "1"))

    def capability(self):
        if self.is_list():
            return "list"
        return {"GET": "read", "POST": "update", "PUT": "update", "DELETE": "delete", "PATCH": "patch"}.get(self.method, "read")


class Vault:
    def __init__(self, state):
        self.state = state

    # --- namespaces, tokens, ACL -------------------------------------------------------------

    def resolve_namespace(self, req):
        header = req.headers.get("X-Vault-Namespace", "") or ""
        ns = self.state.namespace(header)
        # A namespace may also be given as a path prefix.
        while True:
            first, _, rest = req.path.partition("/")
            if first and first in ns.children and rest:
                ns = ns.children[first]
                req.path = rest
            else:
                break
        return ns

    def token_of(self, req):
        tid = req.headers.get("X-Vault-Token")
        if not tid:
            auth = req.headers.get("Authorization", "")
            if auth.startswith("Bearer "):
                tid = auth[7:].strip()
        return tid

    def authenticate(self, req, ns):
        tid = self.token_of(req)
        if not tid:
            raise VaultError(403, ["permission denied"])
        tok = self.state.tokens.get(tid)
        if tok is None or not tok.valid():
            if tok is not None:
                del self.state.tokens[tid]
            raise VaultError(403, ["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"])
        if not ns.path.startswith(tok.namespace):
            raise VaultError(403, ["permission denied"])
        return tok

    def allowed(self, tok, ns, path, capability):
        if "root" in tok.policies:
            return True
        token_ns = self.state.namespace(tok.namespace)
        relative = ns.path[len(tok.namespace):] + path
        best = None
        caps = set()
        for name in tok.policies:
            pol = token_ns.policies.get(name)
            if pol is None:
                continue
            for pattern, pcaps in pol.rules:
                score = glob_match(pattern, relative)
                if score is None:
                    continue
                if best is None or score > best:
                    best = score
                    caps = set(pcaps)
                elif score == best:
                    caps |= pcaps
        if "deny" in caps:
            return False
        if capability == "update" and "create" in caps:
            return True
        return capability in caps or ("sudo" in caps and capability == "sudo")

    def check(self, tok, ns, path, capability):
        if not self.allowed(tok, ns, path, capability):
            raise VaultError(403, ["1 error occurred:\n\t* permission denied\n\n"])

    def any_access_under(self, tok, ns, prefix):
        if "root" in tok.policies:
            return True
        token_ns = self.state.namespace(tok.namespace)
        relative = ns.path[len(tok.namespace):] + prefix
        for name in tok.policies:
            pol = token_ns.policies.get(name)
            if pol is None:
                continue
            for pattern, pcaps in pol.rules:
                if "deny" in pcaps:
                    continue
                body = pattern.rstrip("*")
                if body.startswith(relative) or relative.startswith(body) or glob_match(pattern, relative) is not None:
                    return True
        return False

    @staticmethod
    def find_mount(table, path):
        best = None
        for mpath, mount in table.items():
            if (path + "/").startswith(mpath) or path == mpath.rstrip("/") or path.startswith(mpath):
                if best is None or len(mpath) > len(best.path):
                    best = mount
        return best

    # --- dispatch ------------------------------------------------------------------------------

    def handle(self, req):
        st = self.state
        with st.lock:
            ns = self.resolve_namespace(req)
            path = req.path
            if path == "sys/health":
                return self.sys_health(req)
            if path == "sys/seal-status":
                return 200, {"type": "shamir", "initialized": True, "sealed": st.sealed, "t": 1, "n": 1,
                             "progress": 0, "version": "1.15.0+peer"}
            if st.sealed:
                raise VaultError(503, ["Vault is sealed"])
            if path.startswith("sys/internal/ui/mounts/") or path == "sys/internal/ui/mounts":
                return self.ui_mounts(req, ns, path[len("sys/internal/ui/mounts/"):])
            if path.startswith("auth/"):
                rest = path[5:]
                mount = self.find_mount(ns.auth, rest)
                if mount is None:
                    raise VaultError(403, ["1 error occurred:\n\t* permission denied\n\n"])
                sub = rest[len(mount.path):]
                if mount.type == "token":
                    return self.token_api(req, ns, sub)
                if sub == "login" and req.method in ("POST", "PUT"):
                    return self.login(req, ns, mount)
                tok = self.authenticate(req, ns)
                self.check(tok, ns, path, req.capability())
                return self.auth_admin(req, ns, mount, sub)
            tok = self.authenticate(req, ns)
            if path.startswith("sys/"):
                return self.sys_api(req, ns, tok, path[4:])
            self.check(tok, ns, path, req.capability())
            mount = self.find_mount(ns.mounts, path)
            if mount is None:
                raise VaultError(404, ["no handler for route \"%s\". route entry not found." % path])
            sub = path[len(mount.path):] if path.startswith(mount.path) else ""
            kv = mount.kv_version()
            if kv == 1:
                return self.kv1(req, mount, sub)
            if kv == 2:
                return self.kv2(req, mount, sub)
            if mount.type == "database":
                return self.database(req, mount, sub)
            raise VaultError(405, ["unsupported operation"])

    # --- sys -----------------------------------------------------------------------------------

    def sys_health(self, req):
        st = self.state
        body = {
            "initialized": True,
            "sealed": st.sealed,
            "standby": st.standby or st.perf_standby,
            "performance_standby": st.perf_standby,
            "replication_performance_mode": "disabled",
            "replication_dr_mode": "disabled",
            "server_time_utc": int(now()),
            "version": "1.15.0+peer",
            "cluster_name": "vault-peer",
            "cluster_id": "00000000-0000-0000-0000-000000000000",
        }
        q = req.query
        if st.sealed:
            return int(q.get("sealedcode", ["503"])[0]), body
        if st.perf_standby:
            return int(q.get("performancestandbycode", ["473"])[0]), body
        if st.standby:
            return int(q.get("standbycode", ["429"])[0]), body
        return int(q.get("activecode", ["200"])[0]), body

    def mount_info(self, mount):
        return {
            "accessor": mount.accessor,
            "config": {"default_lease_ttl": 0, "force_no_cache": False, "max_lease_ttl": 0},
            "description": mount.description,
            "external_entropy_access": False,
            "local": False,
            "options": mount.options or None,
            "plugin_version": "",
            "running_plugin_version": "",
            "running_sha256": "",
            "seal_wrap": False,
            "type": mount.type,
            "uuid": mount.uuid,
        }

    def ui_mounts(self, req, ns, sub):
        tok = self.authenticate(req, ns)
        if not sub:
            return 200, envelope({"secret": {m.path: self.mount_info(m) for m in ns.mounts.values()}, "auth": {}})
        mount = self.find_mount(ns.mounts, sub)
        if mount is None or not self.any_access_under(tok, ns, mount.path):
            raise VaultError(403, ["preflight capability check returned 403, please ensure client's policies grant access to path \"%s/\"" % sub.rstrip("/")])
        data = self.mount_info(mount)
        data["path"] = mount.path
        return 200, envelope(data)

    def sys_api(self, req, ns, tok, sub):
        st = self.state
        if sub.startswith("mounts/"):
            self.check(tok, ns, "sys/" + sub, req.capability())
            mpath = sub[len("mounts/"):].strip("/") + "/"
            if req.method in ("POST", "PUT"):
                body = req.json()
                if mpath in ns.mounts:
                    raise VaultError(400, ["path is already in use at %s" % mpath])
                mtype = body.get("type", "")
                if mtype not in ("kv", "kv-v2", "generic", "database"):
                    raise VaultError(400, ["plugin not found in the catalog: %s" % mtype])
                options = body.get("options") or {}
                if mtype == "kv-v2":
                    mtype, options = "kv", {"version": "2"}
                if mtype == "kv" and "version" not in options:
                    options["version"] = "1"
                ns.mounts[mpath] = Mount(mpath, mtype, options, body.get("description", ""))
                return 204, None
            if req.method == "DELETE":
                ns.mounts.pop(mpath, None)
                return 204, None
        if sub == "mounts" and req.method == "GET":
            self.check(tok, ns, "sys/mounts", "read")
            return 200, envelope({m.path: self.mount_info(m) for m in ns.mounts.values()})
        if sub.startswith("auth/"):
            self.check(tok, ns, "sys/" + sub, req.capability())
            apath = sub[len("auth/"):].strip("/") + "/"
            if req.method in ("POST", "PUT"):
                mtype = req.json().get("type", "")
                if mtype not in ("approle", "kubernetes", "jwt"):
                    raise VaultError(400, ["plugin not found in the catalog: %s" % mtype])
                if apath in ns.auth:
                    raise VaultError(400, ["path is already in use at auth/%s" % apath])
                ns.auth[apath] = Mount(apath, mtype)
                return 204, None
            if req.method == "DELETE":
                ns.auth.pop(apath, None)
                return 204, None
        if sub.startswith("policies/acl/") or sub.startswith("policy/"):
            self.check(tok, ns, "sys/" + sub, req.capability())
            name = sub.split("/")[-1]
            if req.method in ("POST", "PUT"):
                body = req.json()
                ns.policies[name] = Policy(name, body.get("policy", body.get("rules", "")))
                return 204, None
            if req.method == "GET":
                pol = ns.policies.get(name)
                if pol is None:
                    raise VaultError(404, [])
                return 200, envelope({"name": name, "policy": pol.text})
            if req.method == "DELETE":
                ns.policies.pop(name, None)
                return 204, None
        if sub.startswith("namespaces/"):
            self.check(tok, ns, "sys/" + sub, req.capability())
            name = sub[len("namespaces/"):].strip("/")
            if req.method in ("POST", "PUT"):
                if "/" in name or not name:
                    raise VaultError(400, ["invalid namespace name"])
                if name not in ns.children:
                    ns.children[name] = Namespace(ns.path + name + "/")
                child = ns.children[name]
                return 200, envelope({"id": child.id, "path": child.path, "custom_metadata": {}})
        if sub in ("leases/renew", "renew") and req.method in ("POST", "PUT"):
            self.check(tok, ns, "sys/leases/renew", "update")
            return self.lease_renew(req)
        if sub in ("leases/revoke", "revoke") and req.method in ("POST", "PUT"):
            self.check(tok, ns, "sys/leases/revoke", "update")
            lease_id = req.json().get("lease_id", "")
            st.leases.pop(lease_id, None)
            return 204, None
        if sub == "leases/lookup" and req.method in ("POST", "PUT"):
            self.check(tok, ns, "sys/leases/lookup", "update")
            lease = self.live_lease(req.json().get("lease_id", ""))
            return 200, envelope({"id": lease.id, "issue_time": rfc3339(lease.issued), "expire_time": rfc3339(lease.expires),
                                  "last_renewal": None, "renewable": lease.renewable,
                                  "ttl": max(0, int(round(lease.expires - now())))})
        raise VaultError(404, ["no handler for route \"sys/%s\". route entry not found." % sub])

    def live_lease(self, lease_id):
        lease = self.state.leases.get(lease_id)
        if lease is None or now() >= lease.expires:
            self.state.leases.pop(lease_id, None)
            raise VaultError(400, ["lease not found"])
        return lease

    def lease_renew(self, req):
        body = req.json()
        lease = self.live_lease(body.get("lease_id", ""))
        if not lease.renewable:
            raise VaultError(400, ["lease is not renewable"])
        increment = parse_duration(body.get("increment"), 0) or 60
        t, expires, warnings = renewal(increment, lease.max_expires)
        lease.expires = expires
        self.state.count("lease_renew", "events")
        return 200, {"request_id": str(uuid.uuid4()), "lease_id": lease.id, "renewable": True,
                     "lease_duration": int(round(expires - t)), "data": None, "wrap_info": None,
                     "warnings": warnings, "auth": None, "mount_type": ""}

    # --- token auth ----------------------------------------------------------------------------

    def token_api(self, req, ns, sub):
        st = self.state
        tok = self.authenticate(req, ns)
        full = "auth/token/" + sub
        if sub == "lookup-self" and req.method == "GET":
            self.check(tok, ns, full, "read")
            return 200, envelope(self.token_data(tok))
        if sub == "renew-self" and req.method in ("POST", "PUT"):
            self.check(tok, ns, full, "update")
            if not tok.renewable:
                raise VaultError(400, ["lease is not renewable"])
            increment = parse_duration(req.json().get("increment"), 0) or tok.ttl
            _, tok.expires, warnings = renewal(increment, tok.max_expires)
            st.count("renew_self", "events")
            return 200, envelope(None, auth=tok.auth_block(), warnings=warnings)
        if sub == "revoke-self" and req.method in ("POST", "PUT"):
            self.check(tok, ns, full, "update")
            st.tokens.pop(tok.id, None)
            st.count("revoke_self", "events")
            return 204, None
        if sub in ("create", "create-orphan") and req.method in ("POST", "PUT"):
            self.check(tok, ns, full, "update")
            body = req.json()
            policies = body.get("policies") or (tok.policies if "root" not in tok.policies else ["root"])
            if "root" in policies and "root" not in tok.policies:
                raise VaultError(400, ["root tokens can only be created by a root token"])
            ttl = parse_duration(body.get("ttl"), 0 if "root" in policies else 32 * 86400)
            max_ttl = parse_duration(body.get("explicit_max_ttl"), 0)
            renewable = body.get("renewable", True)
            new = st.issue_token(policies, ttl, renewable, ns.path, max_ttl, body.get("display_name", "token"),
                                 meta=body.get("meta"))
            if "id" in body and "root" in tok.policies:
                del st.tokens[new.id]
                new.id = body["id"]
                st.tokens[new.id] = new
            return 200, envelope(None, auth=new.auth_block())
        raise VaultError(404, ["no handler for route \"auth/token/%s\". route entry not found." % sub])

    def token_data(self, tok):
        return {
            "accessor": tok.accessor,
            "creation_time": int(tok.created),
            "creation_ttl": tok.ttl,
            "display_name": tok.display,
            "entity_id": "",
            "expire_time": rfc3339(tok.expires) if tok.expires else None,
            "explicit_max_ttl": int(tok.max_expires - tok.created) if tok.max_expires else 0,
            "id": tok.id,
            "issue_time": rfc3339(tok.created),
            "meta": tok.meta,
            "num_uses": 0,
            "orphan": True,
            "path": tok.path,
            "policies": tok.policies,
            "renewable": tok.renewable,
            "ttl": tok.remaining(),
            "type": "service",
            "namespace_path": tok.namespace,
        }

    # --- other auth methods ------------------------------------------------------------------

    def auth_admin(self, req, ns, mount, sub):
        parts = sub.split("/")
        if mount.type == "approle" and len(parts) >= 2 and parts[0] == "role":
            name = parts[1]
            if len(parts) == 2 and req.method in ("POST", "PUT"):
                body = req.json()
                role = mount.roles.setdefault(name, {"role_id": str(uuid.uuid4())})
                role.update(body)
                if "role_id" in body:
                    role["role_id"] = body["role_id"]
                return 204, None
            role = mount.roles.get(name)
            if role is None:
                raise VaultError(400, ["invalid role name \"%s\"" % name])
            if len(parts) == 3 and parts[2] == "role-id":
                if req.method == "GET":
                    return 200, envelope({"role_id": role["role_id"]})
                role["role_id"] = req.json().get("role_id", role["role_id"])
                return 204, None
            if len(parts) == 3 and parts[2] in ("secret-id", "custom-secret-id") and req.method in ("POST", "PUT"):
                body = req.json()
                sid = body.get("secret_id") if parts[2] == "custom-secret-id" else str(uuid.uuid4())
                ttl = parse_duration(body.get("ttl"), parse_duration(role.get("secret_id_ttl"), 0))
                mount.secret_ids[sid] = {"role": name, "expires": now() + ttl if ttl else None,
                                         "uses": int(role.get("secret_id_num_uses", 0))}
                return 200, envelope({"secret_id": sid, "secret_id_accessor": str(uuid.uuid4()),
                                      "secret_id_ttl": ttl, "secret_id_num_uses": 0})
        if mount.type in ("kubernetes", "jwt"):
            if sub == "config" and req.method in ("POST", "PUT"):
                mount.config.update(req.json())
                return 204, None
            if len(parts) == 2 and parts[0] == "role" and req.method in ("POST", "PUT"):
                mount.roles[parts[1]] = req.json()
                return 204, None
        raise VaultError(405, ["unsupported operation"])

    def role_token(self, ns, mount, role, display, meta):
        ttl = parse_duration(role.get("token_ttl", role.get("ttl")), 0) or 3600
        max_ttl = parse_duration(role.get("token_max_ttl", role.get("max_ttl")), 0)
        if max_ttl:
            ttl = min(ttl, max_ttl)
        policies = role.get("token_policies", role.get("policies", []))
        if isinstance(policies, str):
            policies = [p.strip() for p in policies.split(",") if p.strip()]
        renewable = role.get("token_renewable", True)
        return self.state.issue_token(policies, ttl, renewable, ns.path, max_ttl, display,
                                      path="auth/%slogin" % mount.path, meta=meta)

    def login(self, req, ns, mount):
        st = self.state
        body = req.json()
        if mount.type == "approle":
            role_id = body.get("role_id", "")
            secret_id = body.get("secret_id", "")
            if not role_id:
                raise VaultError(400, ["missing role_id"])
            name = next((n for n, r in mount.roles.items() if r.get("role_id") == role_id), None)
            if name is None:
                raise VaultError(400, ["invalid role or secret ID"])
            role = mount.roles[name]
            entry = mount.secret_ids.get(secret_id)
            if role.get("bind_secret_id", True):
                if entry is None or entry["role"] != name or (entry["expires"] is not None and now() >= entry["expires"]):
                    raise VaultError(400, ["invalid role or secret ID"])
                if entry["uses"]:
                    entry["uses"] -= 1
                    if entry["uses"] == 0:
                        del mount.secret_ids[secret_id]
            tok = self.role_token(ns, mount, role, "approle", {"role_name": name})
            st.count("login_approle", "events")
            return 200, envelope(None, auth=tok.auth_block())
        role_name = body.get("role", "")
        jwt = body.get("jwt", "")
        if not role_name:
            raise VaultError(400, ["missing role"])
        role = mount.roles.get(role_name)
        if role is None:
            raise VaultError(400, ["role \"%s\" could not be found" % role_name])
        if not jwt:
            raise VaultError(400, ["missing jwt"])
        claims = self.check_jwt(jwt)
        if mount.type == "kubernetes":
            sub = claims.get("sub", "")
            m = re.fullmatch(r"system:serviceaccount:([^:]+):([^:]+)", sub)
            if not m:
                raise VaultError(403, ["permission denied"])
            sa_ns, sa_name = m.group(1), m.group(2)
            names = role.get("bound_service_account_names", [])
            namespaces = role.get("bound_service_account_namespaces", [])
            if isinstance(names, str):
                names = [names]
            if isinstance(namespaces, str):
                namespaces = [namespaces]
            if ("*" not in names and sa_name not in names) or ("*" not in namespaces and sa_ns not in namespaces):
                raise VaultError(403, ["service account name not authorized"])
            tok = self.role_token(ns, mount, role, "kubernetes-%s-%s" % (sa_ns, sa_name),
                                  {"role": role_name, "service_account_name": sa_name, "service_account_namespace": sa_ns})
            st.count("login_kubernetes", "events")
            return 200, envelope(None, auth=tok.auth_block())
        bound_aud = role.get("bound_audiences")
        if bound_aud:
            if isinstance(bound_aud, str):
                bound_aud = [bound_aud]
            aud = claims.get("aud", [])
            if isinstance(aud, str):
                aud = [aud]
            if not set(aud) & set(bound_aud):
                raise VaultError(400, ["error validating claims: invalid audience (aud) claim: audience claim does not match any expected audience"])
        if role.get("bound_subject") and role["bound_subject"] != claims.get("sub"):
            raise VaultError(400, ["sub claim does not match bound subject"])
        tok = self.role_token(ns, mount, role, "jwt-%s" % claims.get("sub", ""), {"role": role_name})
        st.count("login_jwt", "events")
        return 200, envelope(None, auth=tok.auth_block())

    def check_jwt(self, jwt):
        parts = jwt.split(".")
        if len(parts) != 3:
            raise VaultError(400, ["error validating token: malformed token"])
        if jwt not in self.state.jwts:
            raise VaultError(400, ["error validating token: invalid signature"])
        try:
            payload = parts[1] + "=" * (-len(parts[1]) % 4)
            claims = json.loads(base64.urlsafe_b64decode(payload))
        except (ValueError, TypeError):
            raise VaultError(400, ["error validating token: malformed token"])
        if "exp" in claims and now() >= float(claims["exp"]):
            raise VaultError(400, ["error validating token: token is expired (exp)"])
        return claims

    # --- KV v1 ---------------------------------------------------------------------------------

    def kv1(self, req, mount, sub):
        key = sub.strip("/")
        if req.is_list():
            return list_keys(mount.kv1, key)
        if req.method == "GET":
            if key not in mount.kv1:
                raise VaultError(404, [])
            data = mount.kv1[key]
            ttl = parse_duration(data.get("ttl"), DEFAULT_LEASE) if isinstance(data, dict) and "ttl" in data else DEFAULT_LEASE
            return 200, envelope(data, lease_duration=ttl)
        if req.method in ("POST", "PUT"):
            if not key:
                raise VaultError(405, ["unsupported operation"])
            mount.kv1[key] = req.json()
            return 204, None
        if req.method == "DELETE":
            mount.kv1.pop(key, None)
            return 204, None
        raise VaultError(405, ["unsupported operation"])

    # --- KV v2 ---------------------------------------------------------------------------------

    @staticmethod
    def version_meta(entry):
        return {"created_time": rfc3339(entry["created"]), "deletion_time": rfc3339(entry["deleted"]),
                "destroyed": entry["destroyed"]}

    def kv2(self, req, mount, sub):
        kind, _, key = sub.partition("/")
        key = key.strip("/")
        secret = mount.kv2.get(key)
        if kind == "config":
            return 200, envelope({"cas_required": False, "delete_version_after": "0s", "max_versions": 0})
        if kind == "data":
            if req.method == "GET" and not req.is_list():
                if secret is None:
                    raise VaultError(404, [])
                v = req.query.get("version", ["0"])[0]
                try:
                    version = int(v)
                except ValueError:
                    raise VaultError(400, ["invalid version"])
                if version == 0:
                    version = secret["current"]
                entry = secret["versions"].get(version)
                if entry is None:
                    raise VaultError(404, [])
                meta = dict(self.version_meta(entry), version=version, custom_metadata=secret["custom"] or None)
                if entry["deleted"] is not None or entry["destroyed"]:
                    return 404, envelope({"data": None, "metadata": meta})
                return 200, envelope({"data": entry["data"], "metadata": meta})
            if req.method in ("POST", "PUT"):
                body = req.json()
                data = body.get("data")
                if not isinstance(data, dict):
                    raise VaultError(400, ["no data provided"])
                cas = (body.get("options") or {}).get("cas")
                current = secret["current"] if secret else 0
                if cas is not None and int(cas) != current:
                    raise VaultError(400, ["check-and-set parameter did not match the current version"])
                if secret is None:
                    secret = {"current": 0, "oldest": 1, "versions": {}, "created": now(), "updated": now(), "custom": {}}
                    mount.kv2[key] = secret
                version = secret["current"] + 1
                secret["current"] = version
                secret["updated"] = now()
                secret["versions"][version] = {"data": data, "created": now(), "deleted": None, "destroyed": False}
                meta = dict(self.version_meta(secret["versions"][version]), version=version,
                            custom_metadata=secret["custom"] or None)
                return 200, envelope(meta)
            if req.method == "DELETE":
                if secret is not None:
                    entry = secret["versions"].get(secret["current"])
                    if entry is not None and entry["deleted"] is None:
                        entry["deleted"] = now()
                return 204, None
        if kind in ("delete", "undelete", "destroy") and req.method in ("POST", "PUT"):
            versions = req.json().get("versions") or []
            if secret is not None:
                for v in versions:
                    entry = secret["versions"].get(int(v))
                    if entry is None:
                        continue
                    if kind == "delete":
                        entry["deleted"] = entry["deleted"] or now()
                    elif kind == "undelete" and not entry["destroyed"]:
                        entry["deleted"] = None
                    elif kind == "destroy":
                        entry["destroyed"] = True
                        entry["data"] = None
            return 204, None
        if kind == "metadata":
            if req.is_list():
                return list_keys(mount.kv2, key)
            if req.method == "GET":
                if secret is None:
                    raise VaultError(404, [])
                return 200, envelope({
                    "cas_required": False,
                    "created_time": rfc3339(secret["created"]),
                    "current_version": secret["current"],
                    "custom_metadata": secret["custom"] or None,
                    "delete_version_after": "0s",
                    "max_versions": 0,
                    "oldest_version": secret["oldest"],
                    "updated_time": rfc3339(secret["updated"]),
                    "versions": {str(n): self.version_meta(e) for n, e in secret["versions"].items()},
                })
            if req.method in ("POST", "PUT"):
                if secret is None:
                    secret = {"current": 0, "oldest": 0, "versions": {}, "created": now(), "updated": now(), "custom": {}}
                    mount.kv2[key] = secret
                custom = req.json().get("custom_metadata")
                if isinstance(custom, dict):
                    secret["custom"] = custom
                return 204, None
            if req.method == "DELETE":
                mount.kv2.pop(key, None)
                return 204, None
        raise VaultError(405, ["unsupported operation"])

    # --- a dynamic-secret mount ------------------------------------------------------------------

    def database(self, req, mount, sub):
        parts = sub.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "roles" and req.method in ("POST", "PUT"):
            mount.roles[parts[1]] = req.json()
            return 204, None
        if len(parts) == 2 and parts[0] == "creds" and req.method == "GET":
            role = mount.roles.get(parts[1])
            if role is None:
                raise VaultError(400, ["unknown role: %s" % parts[1]])
            ttl = parse_duration(role.get("default_ttl"), 3600)
            max_ttl = parse_duration(role.get("max_ttl"), 0)
            lease_id = "%screds/%s/%s" % (mount.path, parts[1], secrets.token_urlsafe(18))
            lease = Lease(lease_id, ttl, max_ttl, True)
            self.state.leases[lease_id] = lease
            self.state.count("lease_issue", "events")
            data = {"username": "v-%s-%s" % (parts[1], secrets.token_hex(6)), "password": secrets.token_urlsafe(24)}
            return 200, envelope(data, lease_id=lease_id, lease_duration=ttl, renewable=True, mount_type="database")
        raise VaultError(405, ["unsupported operation"])


# ---------------------------------------------------------------------------------------------
# HTTP


def add_faults(state, faults):
    for fault in faults:
        if fault.get("kind") != "gather":
            state.faults.append(fault)
            continue
        size = int(fault.get("count", 1))
        with state.gather_ready:
            state.gathers.append({"path": fault.get("path", ""), "method": fault.get("method"), "size": size,
                                  "left": size, "arrived": 0, "timeout_ms": fault.get("timeout_ms", 5000)})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vault-peer"
    sys_version = ""

    def setup(self):
        super().setup()
        st = self.server.state
        with st.lock:
            st.count("connections", "events")

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def address_string(self):
        # A Unix-socket client has no address.
        return self.client_address[0] if isinstance(self.client_address, tuple) else "unix"

    def send_json(self, status, body, extra_headers=None, truncate=False):
        payload = b"" if body is None else json.dumps(body).encode()
        if status == 204:
            payload = b""
        self.send_response(status)
        self.send_header("Cache-Control", "no-store")
        if payload or status != 204:
            self.send_header("Content-Type", "application/json")
        for k, v in (extra_headers or {}).items():
            self.send_header(k, v)
        if truncate:
            self.send_header("Content-Length", str(len(payload) + 64))
            self.end_headers()
            self.wfile.write(payload[: max(1, len(payload) // 2)])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    def reset_connection(self):
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass
        self.wfile = io.BytesIO()
        self.close_connection = True

    def add_faults(self, faults):
        """Called with the state's lock held."""
        add_faults(self.server.state, faults)

    def gather(self, method, path):
        st = self.server.state
        with st.gather_ready:
            group = next((g for g in st.gathers if g["left"] > 0 and path.startswith(g["path"])
                          and (not g["method"] or g["method"] == method)), None)
            if group is None:
                return
            group["left"] -= 1
            group["arrived"] += 1
            st.gather_ready.notify_all()
            complete = st.gather_ready.wait_for(lambda: group["arrived"] >= group["size"], group["timeout_ms"] / 1000.0)
        with st.lock:
            st.count("gathered" if complete else "gather_timeout", "events")

    def take_fault(self, method, path):
        st = self.server.state
        with st.lock:
            for fault in st.faults:
                if fault.get("count", 1) <= 0:
                    continue
                if fault.get("path") and not path.startswith(fault["path"]):
                    continue
                if fault.get("method") and fault["method"] != method:
                    continue
                fault["count"] = fault.get("count", 1) - 1
                st.count("fault_" + fault.get("kind", "status"), "events")
                return dict(fault)
        return None

    def dispatch(self):
        st = self.server.state
        if getattr(self.connection, "session_reused", False) and not getattr(self, "resumption_counted", False):
            self.resumption_counted = True
            with st.lock:
                st.count("tls_resumed", "events")
        parts = urlsplit(self.path)
        path = parts.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/_peer/"):
            return self.admin(path[len("/_peer/"):], body)
        with st.lock:
            st.count("%s %s" % (self.command, path))
        self.gather(self.command, path)
        fault = self.take_fault(self.command, path)
        truncate = False
        if fault is not None:
            kind = fault.get("kind", "status")
            if kind == "latency":
                time.sleep(fault.get("ms", 1000) / 1000.0)
            elif kind == "reset":
                return self.reset_connection()
            elif kind == "sealed":
                return self.send_json(503, {"errors": ["Vault is sealed"]})
            elif kind == "status":
                headers = {}
                if "retry_after" in fault:
                    headers["Retry-After"] = str(fault["retry_after"])
                return self.send_json(int(fault.get("status", 500)), {"errors": fault.get("errors", ["internal error"])}, headers)
            elif kind == "truncate":
                truncate = True
            elif kind == "body":
                payload = fault.get("body", "").encode()
                self.send_response(int(fault.get("status", 200)))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return None
            elif kind == "redirect":
                # A standby sending the client to the active node (here: back to itself).
                location = fault.get("location") or self.path
                return self.send_json(307, None, {"Location": location})
        if not path.startswith("/v1/"):
            return self.send_json(404, {"errors": []})
        req = Request(self.command, path[4:], parse_qs(parts.query), self.headers, body)
        try:
            status, payload = self.server.vault.handle(req)
        except VaultError as e:
            status, payload = e.status, (e.body if e.body is not None else {"errors": e.errors})
        if status == 204:
            payload = None
        self.send_json(status, payload, truncate=truncate)

    def admin(self, what, body):
        st = self.server.state
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return self.send_json(400, {"errors": ["bad json"]})
        with st.lock:
            if what == "faults" and self.command == "POST":
                self.add_faults(data.get("faults", []))
                return self.send_json(204, None)
            if what == "faults" and self.command == "DELETE":
                st.faults = []
                with st.gather_ready:
                    st.gathers = []
                return self.send_json(204, None)
            if what == "state" and self.command == "POST":
                for k in ("sealed", "standby", "perf_standby"):
                    if k in data:
                        setattr(st, k, bool(data[k]))
                return self.send_json(204, None)
            if what == "jwt" and self.command == "POST":
                st.jwts.add(data.get("jwt", ""))
                return self.send_json(204, None)
            if what == "expire" and self.command == "POST":
                accessor = data.get("accessor")
                for tok in st.tokens.values():
                    if "root" in tok.policies:
                        continue
                    if accessor is None or tok.accessor == accessor:
                        tok.expires = now() - 1
                return self.send_json(204, None)
            if what == "tokens" and self.command == "GET":
                return self.send_json(200, {"tokens": [t.id for t in st.tokens.values() if t.valid()]})
            if what == "stats" and self.command == "GET":
                return self.send_json(200, {"requests": st.stats, "events": st.events,
                                            "tokens": sum(1 for t in st.tokens.values() if t.valid())})
        return self.send_json(404, {"errors": ["unknown admin endpoint"]})

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_LIST(self):
        self.dispatch()

    def do_PATCH(self):
        self.dispatch()

    def do_CONNECT(self):
        # Acts as an http proxy's tunnel, so clients' https-through-proxy path can be tested.
        st = self.server.state
        with st.lock:
            st.count("CONNECT", "events")
        host, _, port = self.path.rpartition(":")
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except (OSError, ValueError):
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.close_connection = True
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        relay(self.connection, upstream)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops the SYNs of a client opening many connections at
    # once, which then wait a second to retry; servers such as Vault listen with the system's maximum.
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        log("connection from %s ended: %s" % (client_address, sys.exc_info()[1]))


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """A Vault Agent's listener on a Unix socket (VAULT_ADDR=unix:///path)."""
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        log("connection ended: %s" % (sys.exc_info()[1],))


class TlsServer(TlsAccept, Server):
    def __init__(self, address, handler, context):
        self.context = context
        super().__init__(address, handler)

    def handle_error(self, request, client_address):
        super().handle_error(request, client_address)
        # A refused handshake (TLS 1.3 refuses a missing client certificate after the client has
        # finished, so the client is already sending its request): closing now, with that request
        # unread, would reset the connection and could destroy the alert before the client reads
        # it. Hang up for writing and read until the client hangs up, as a TLS server that lingers.
        try:
            socket.socket.shutdown(request, socket.SHUT_WR)
            socket.socket.settimeout(request, 5)
            while socket.socket.recv(request, 65536):
                pass
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--unix", help="listen on this Unix socket path instead (plain http; prints LISTENING 0)")
    ap.add_argument("--root-token", default="root")
    add_tls_arguments(ap, required=False, cert_help="server certificate (PEM); enables TLS")
    ap.add_argument("--client-ca", help="require client certificates signed by this CA (PEM)")
    ap.add_argument("--fault", action="append", default=[], help="a fault as JSON, same shape as POST /_peer/faults")
    ap.add_argument("--sealed", action="store_true")
    args = ap.parse_args()

    state = State(args.root_token)
    state.sealed = args.sealed
    add_faults(state, [json.loads(f) for f in args.fault])
    if args.unix:
        server = UnixServer(args.unix, Handler)
    elif args.tls_cert:
        server = TlsServer((args.host, args.port), Handler, server_context(args.tls_cert, args.tls_key, args.client_ca))
    else:
        server = Server((args.host, args.port), Handler)
    server.state = state
    server.vault = Vault(state)
    serve(server, 0 if args.unix else None, poll_interval=0.2)


if __name__ == "__main__":
    exit_on_sigterm()
    main()
