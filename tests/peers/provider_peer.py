#!/usr/bin/env python3
"""A server answering as credential providers answer their own "who am I" requests, for the tests
of `hush scan --verify`. Standard library only.

Each provider is matched by the request's Host, method and path, and finds the token where the
real API takes it (a header, basic auth, the path). A request in any other shape is answered 400,
so a test fails when hush asks the wrong way. What a token does is set per token in a JSON file:

  {"<token>": "live" | "revoked" | "throttled" | "throttled-once" | "slow" | "broken"
               | "unavailable-once" | "drop-once"}

(for AWS the token is "KEYID:SECRET": STS checks the request's SigV4 signature with that secret;
for Twilio "SID:TOKEN"; for a GCP service account its email, whose assertions are checked with the
public key given by --gcp-key)

live answers 200 with an account (and scopes, expiry where the provider sends them); revoked
answers as the provider does for a dead token (401, or Slack's 200 with "ok": false); throttled
answers 429 with Retry-After; throttled-once answers 429 with "Retry-After: 1" the first time and
as live after; unavailable-once answers 503 the first time and drop-once closes the connection
without an answer, both as live after; slow answers after --slow-seconds; broken answers 200 with a body that is not JSON.
A token not in the file is revoked.

  --record FILE   appends "METHOD HOST PROVIDER" per request (never the token)
  --stats FILE    rewrites, after each request, a JSON object with, per provider, the most requests
                  it had in flight at once ("max_in_flight") and when each started ("starts",
                  seconds on the peer's monotonic clock)
  --rules DIR     also answers for every [rule.verify] of the rule files in DIR that no route above
                  stands for, in the shape the rule declares: its method, host (a verifier of a
                  host the user gives is at PROVIDER.verify.test), path, headers, basic auth and
                  body, the secret where the rule puts it; live answers the first live status with
                  every detail and live_if filled in, revoked the first invalid status
  --hold PROVIDER=N
                  holds the first requests to PROVIDER until N are in flight at once (or
                  --hold-seconds pass) and half a second more, so that a test sees a client's
                  concurrency in max_in_flight without timing it (repeatable)

Prints "LISTENING <port>" on stdout once the socket accepts connections; logs only to stderr.
"""

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import tomllib
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from peer_launch import TlsAccept, add_tls_arguments, announce_port, server_context  # noqa: E402


def bearer(headers, scheme="Bearer"):
    value = headers.get("Authorization", "")
    prefix = scheme + " "
    return value[len(prefix):] if value.startswith(prefix) else None


def basic_user(headers):
    value = headers.get("Authorization", "")
    if not value.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(value[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, password


def json_answer(status, body, headers=None):
    return status, json.dumps(body).encode(), headers or {}


def github(handler, match):
    token = bearer(handler.headers)
    if token is None or handler.headers.get("Accept") != "application/vnd.github+json":
        return None
    return token, lambda: json_answer(200, {"login": "hush-test-user", "id": 1},
                                      {"X-OAuth-Scopes": "repo, read:org",
                                       "GitHub-Authentication-Token-Expiration": "2027-01-01 00:00:00 UTC"}), \
        lambda: json_answer(401, {"message": "Bad credentials"})


def gitlab(handler, match):
    token = handler.headers.get("PRIVATE-TOKEN")
    if not token:
        return None
    return token, lambda: json_answer(200, {"username": "hush-test-user"}), \
        lambda: json_answer(401, {"message": "401 Unauthorized"})


def slack(handler, match):
    token = bearer(handler.headers)
    if token is None:
        return None
    return token, lambda: json_answer(200, {"ok": True, "team": "Hush Test", "user": "tester"}), \
        lambda: json_answer(200, {"ok": False, "error": "invalid_auth"})


def telegram(handler, match):
    return match.group(1), lambda: json_answer(200, {"ok": True, "result": {"id": 1, "username": "hush_test_bot"}}), \
        lambda: json_answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})


def stripe(handler, match):
    pair = basic_user(handler.headers)
    if pair is None or pair[1] != "":
        return None
    return pair[0], lambda: json_answer(200, {"object": "balance", "available": []}), \
        lambda: json_answer(401, {"error": {"type": "invalid_request_error"}})


def openai(handler, match):
    token = bearer(handler.headers)
    if token is None:
        return None
    return token, lambda: json_answer(200, {"object": "list", "data": []}), \
        lambda: json_answer(401, {"error": {"code": "invalid_api_key"}})


def sigv4_signature(handler, secret, scope, signed_headers, body):
    date, region, service, _ = scope
    canonical_headers = "".join("%s:%s\n" % (h, " ".join(handler.headers.get(h, "").split())) for h in signed_headers)
    canonical = "\n".join([handler.command, "/", "", canonical_headers, ";".join(signed_headers),
                           hashlib.sha256(body).hexdigest()])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", handler.headers.get("X-Amz-Date", ""), "/".join(scope),
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def aws_error(code):
    xml = "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code></Error></ErrorResponse>" % code
    return 403, xml.encode(), {}


def sts(handler, match):
    """GetCallerIdentity: the key id names the pair ("KEYID:SECRET" in the tokens file), and the
    signature must be the one that pair makes, as AWS checks it."""
    m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/(\d{8})/([a-z0-9-]+)/sts/aws4_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", handler.headers.get("Authorization", ""))
    if not m or handler.body != b"Action=GetCallerIdentity&Version=2011-06-15":
        return None
    key_id, date, region, signed, signature = m.groups()
    pairs = [t for t in handler.server.tokens if t.startswith(key_id + ":")]
    if not pairs:
        return "", None, lambda: aws_error("InvalidClientTokenId")
    pair = pairs[0]
    expected = sigv4_signature(handler, pair.split(":", 1)[1], (date, region, "sts", "aws4_request"), signed.split(";"), handler.body)
    if not hmac.compare_digest(expected, signature):
        return "", None, lambda: aws_error("SignatureDoesNotMatch")
    xml = ("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/hush-test</Arn>"
           "<UserId>AIDAEXAMPLEUSERID</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
           "</GetCallerIdentityResponse>")
    return pair, lambda: (200, xml.encode(), {}), lambda: aws_error("InvalidClientTokenId")


def twilio(handler, match):
    """The account's own record: basic auth with the account SID as the user and its auth token as
    the password, the same SID in the path ("SID:TOKEN" in the tokens file)."""
    pair = basic_user(handler.headers)
    if pair is None or pair[0] != match.group(1):
        return None
    return "%s:%s" % pair, lambda: json_answer(200, {"sid": match.group(1), "friendly_name": "Hush Test", "status": "active"}), \
        lambda: json_answer(401, {"code": 20003, "message": "Authenticate", "status": 401})


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rs256_valid(public_key_file, signed, signature):
    """RSASSA-PKCS1-v1_5 over SHA-256, checked by the openssl command the tests make keys with."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "signed"), "wb") as f:
            f.write(signed)
        with open(os.path.join(d, "signature"), "wb") as f:
            f.write(signature)
        result = subprocess.run(["openssl", "dgst", "-sha256", "-verify", public_key_file, "-signature",
                                 os.path.join(d, "signature"), os.path.join(d, "signed")], capture_output=True)
        return result.returncode == 0


GCP_AUDIENCE = "https://oauth2.googleapis.com/token"


def gcp_token(handler, match):
    """The JWT bearer grant: an assertion signed (RS256) with a service account's key, for that
    account (iss) and the token endpoint (aud), checked with the account's public key (--gcp-key).
    The tokens file names accounts by their email."""
    form = parse_qs(handler.body.decode(errors="replace"), keep_blank_values=True)
    if handler.headers.get("Content-Type") != "application/x-www-form-urlencoded" or \
            form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"] or len(form.get("assertion", [])) != 1:
        return None
    parts = form["assertion"][0].split(".")
    if len(parts) != 3:
        return None
    try:
        header, claims, signature = json.loads(b64url_decode(parts[0])), json.loads(b64url_decode(parts[1])), b64url_decode(parts[2])
    except ValueError:
        return None
    iat, exp = claims.get("iat"), claims.get("exp")
    if header.get("alg") != "RS256" or claims.get("aud") != GCP_AUDIENCE or not claims.get("scope") or \
            not isinstance(iat, int) or not isinstance(exp, int) or not 0 < exp - iat <= 3600:
        return None
    account = claims.get("iss", "")
    invalid = lambda: json_answer(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
    key = handler.server.gcp_keys.get(account)
    if key is None or not rs256_valid(key, (parts[0] + "." + parts[1]).encode(), signature):
        return "", None, invalid
    return account, lambda: json_answer(200, {"access_token": "ya29.peer-minted-access-token", "expires_in": 3599,
                                               "token_type": "Bearer"}), invalid


def slack_webhook(handler, match):
    """An empty message is refused without posting; a message with text would be posted (200)."""
    if "%" in handler.path:
        return None  # the path's '/' as sent, not encoded
    try:
        posts = "text" in json.loads(handler.body or b"{}")
    except ValueError:
        posts = False
    live = (lambda: (200, b"ok", {})) if posts else (lambda: (400, b"invalid_payload", {}))
    return match.group(1), live, lambda: (404, b"no_service", {})


def discord_webhook(handler, match):
    if handler.headers.get("Authorization") or "%" in handler.path:
        return None  # a webhook's token is in its URL, its '/' as sent
    return match.group(1), lambda: json_answer(200, {"id": match.group(1).split("/")[0], "name": "hush-test-hook",
                                                      "channel_id": "199737254929760256"}), \
        lambda: json_answer(401, {"message": "Invalid Webhook Token", "code": 50027})


def vault(handler, match):
    token = handler.headers.get("X-Vault-Token")
    if not token:
        return None
    return token, lambda: json_answer(200, {"data": {"display_name": "token-ci", "policies": ["ci", "default"],
                                                     "expire_time": "2027-01-01T00:00:00Z"}}), \
        lambda: json_answer(403, {"errors": ["permission denied"]})


def databricks(handler, match):
    token = bearer(handler.headers)
    if token is None:
        return None
    return token, lambda: json_answer(200, {"userName": "tester@example.com", "active": True}), \
        lambda: json_answer(401, {"error_code": "401", "message": "Invalid access token."})


def grafana(handler, match):
    token = bearer(handler.headers)
    if token is None:
        return None
    return token, lambda: json_answer(200, {"id": 1, "name": "Hush Test Org"}), \
        lambda: json_answer(401, {"message": "invalid API key"})


# (host, method, path, provider); the .test hosts stand for self-hosted services, reached through
# --verify-endpoint.
ROUTES = [
    ("ghe.test", "GET", re.compile(r"/api/v3/user"), "github-enterprise", github),
    ("gitlab.test", "GET", re.compile(r"/api/v4/user"), "gitlab-self-managed", gitlab),
    ("vault.test", "GET", re.compile(r"/v1/auth/token/lookup-self"), "vault", vault),
    ("dbc.test", "GET", re.compile(r"/api/2\.0/preview/scim/v2/Me"), "databricks", databricks),
    ("grafana.test", "GET", re.compile(r"/api/org"), "grafana", grafana),
    ("api.github.com", "GET", re.compile(r"/user"), "github", github),
    ("api.github.com", "GET", re.compile(r"/rate_limit"), "github", github),
    ("hooks.slack.com", "POST", re.compile(r"/services/(T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+)"), "slack-webhook", slack_webhook),
    ("discord.com", "GET", re.compile(r"/api/webhooks/([0-9]+/[A-Za-z0-9_-]+)"), "discord-webhook", discord_webhook),
    ("gitlab.com", "GET", re.compile(r"/api/v4/user"), "gitlab", gitlab),
    ("slack.com", "POST", re.compile(r"/api/auth\.test"), "slack", slack),
    ("api.telegram.org", "GET", re.compile(r"/bot([^/]+)/getMe"), "telegram", telegram),
    ("api.stripe.com", "GET", re.compile(r"/v1/balance"), "stripe", stripe),
    ("api.openai.com", "GET", re.compile(r"/v1/models"), "openai", openai),
    ("sts.amazonaws.com", "POST", re.compile(r"/"), "sts", sts),
    ("api.twilio.com", "GET", re.compile(r"/2010-04-01/Accounts/(AC[0-9a-f]{32})\.json"), "twilio", twilio),
    ("oauth2.googleapis.com", "POST", re.compile(r"/token"), "gcp", gcp_token),
    ("gcp-token.test", "POST", re.compile(r"/token"), "gcp-endpoint", gcp_token),
]


def json_pointer_set(document, pointer, value, overwrite=True):
    node = document
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    for token in tokens[:-1]:
        if not isinstance(node.get(token), dict):
            node[token] = {}
        node = node[token]
    if overwrite or tokens[-1] not in node:
        node[tokens[-1]] = value


def template_regex(template):
    """A header or body template as a regex whose group "secret" is where its {secret} stands."""
    if "{secret}" not in template:
        return re.compile(re.escape(template))
    before, _, after = template.partition("{secret}")
    return re.compile(re.escape(before) + "(?P<secret>.+)" + re.escape(after))


def declared_route(rule_id, verify):
    """(host, method, path regex, provider name, handler) for a rule's declared verifier."""
    url = verify["url"]
    provider = verify.get("provider", rule_id.split("-")[0])
    if url.startswith("{endpoint}"):
        host, path = provider + ".verify.test", url[len("{endpoint}"):]
    else:
        rest = url[len("https://"):]
        host, path = rest.split("/", 1)[0], "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    pattern = "".join("(?P<secret>[^/]+)" if part == "{secret}" else "(?P<secret>.+)" if part == "{secret_path}" else re.escape(part)
                      for part in re.split(r"(\{secret\}|\{secret_path\})", path))
    headers = verify.get("headers", {})
    basic = verify.get("basic_auth")
    body = verify.get("body")
    live_statuses, invalid_statuses = verify.get("live", [200]), verify.get("invalid", [401])

    def handler(request, match):
        found = [match.group("secret")] if "secret" in match.groupdict() else []
        for name, template in headers.items():
            value = request.headers.get(name)
            if value is None:
                return None
            m = template_regex(template).fullmatch(value)
            if not m:
                return None
            found += [m.group("secret")] if "secret" in m.groupdict() else []
        if basic:
            pair = basic_user(request.headers)
            if pair is None:
                return None
            for given, template in zip(pair, basic):
                m = template_regex(template).fullmatch(given)
                if not m:
                    return None
                found += [m.group("secret")] if "secret" in m.groupdict() else []
        if body is not None:
            m = template_regex(body).fullmatch(request.body.decode(errors="replace"))
            if not m:
                return None
            found += [m.group("secret")] if "secret" in m.groupdict() else []
        elif request.body:
            return None
        if not found or any(f != found[0] for f in found):
            return None

        def live():
            document, answer_headers = {}, {}
            for name, where in verify.get("details", {}).items():
                if where.startswith("header:"):
                    answer_headers[where[len("header:"):]] = "peer-" + name
                elif where.startswith("/"):
                    json_pointer_set(document, where, "peer-" + name)
            if "live_if" in verify:
                json_pointer_set(document, verify["live_if"], True, overwrite=False)
            return json_answer(live_statuses[0], document, answer_headers)

        def revoked():
            if "live_if" in verify and invalid_statuses[0] in live_statuses:
                document = {}
                json_pointer_set(document, verify["live_if"], False)
                return json_answer(live_statuses[0], document)
            return json_answer(invalid_statuses[0], {"error": "revoked"})
        return found[0], live, revoked

    return host, verify.get("method", "GET"), re.compile(pattern), "declared:" + rule_id, handler


def declared_routes(rules_dir):
    routes = []
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(rules_dir, name), "rb") as f:
            for rule in tomllib.load(f).get("rule", []):
                # Pairs and builtin requests have their own routes above.
                if "verify" in rule and "builtin" not in rule["verify"] and "partner" not in rule["verify"]:
                    routes.append(declared_route(rule["id"], rule["verify"]))
    return routes


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # request lines may carry a token (Telegram's path)

    def answer(self, status, body, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        host = (self.headers.get("Host") or "").split(":")[0]
        for route_host, method, path, name, provider in ROUTES + self.server.declared:
            match = path.fullmatch(unquote(self.path))
            if route_host != host or not match:
                continue
            if method != self.command:
                return self.answer(*json_answer(405, {"error": "method"}))
            self.server.record(self.command, host, name)
            with self.server.in_flight(name):
                return self.respond(provider, match)
        self.answer(*json_answer(404, {"error": "no such provider route"}))

    def respond(self, provider, match):
        shaped = provider(self, match)
        if shaped is None:
            return self.answer(*json_answer(400, {"error": "request not in the provider's shape"}))
        token, live, revoked = shaped
        behaviour = self.server.tokens.get(token, "revoked") if live else "revoked"
        if behaviour == "throttled-once":
            behaviour = "live" if self.server.seen_before(token) else "throttled-briefly"
        if behaviour in ("unavailable-once", "drop-once"):
            first = not self.server.seen_before(token)
            if first and behaviour == "drop-once":
                self.close_connection = True
                return  # the connection closes with no answer at all
            if first:
                return self.answer(*json_answer(503, {"error": "temporarily unavailable"}))
            behaviour = "live"
        if behaviour == "throttled-briefly":
            return self.answer(*json_answer(429, {"error": "rate limited"}, {"Retry-After": "1"}))
        if behaviour == "live":
            return self.answer(*live())
        if behaviour == "throttled":
            return self.answer(*json_answer(429, {"error": "rate limited"}, {"Retry-After": "30"}))
        if behaviour == "slow":
            time.sleep(self.server.slow_seconds)
            return self.answer(*live())
        if behaviour == "broken":
            return self.answer(200, b"<html>maintenance</html>", {})
        return self.answer(*revoked())

    do_GET = handle_any
    do_POST = handle_any
    do_HEAD = handle_any


class Server(TlsAccept, ThreadingHTTPServer):
    daemon_threads = True
    # The default 5 drops SYNs when a verification run opens connections to many providers at
    # once; on a loaded machine the retransmits then outlast the client's timeouts.
    request_queue_size = 1024

    def __init__(self, address, context, tokens, record_path, slow_seconds, stats_path=None, hold=None, hold_seconds=5):
        super().__init__(address, Handler)
        self.context = context
        self.tokens = tokens
        self.record_path = record_path
        self.slow_seconds = slow_seconds
        self.stats_path = stats_path
        self.hold = hold or {}
        self.hold_seconds = hold_seconds
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.current = {}
        self.released = set()  # providers whose first requests --hold has let go
        self.watch_seconds = 0.5
        self.stats = {}
        self.seen = set()
        self.declared = []
        self.gcp_keys = {}  # service account email -> its public key's PEM file

    def seen_before(self, token):
        with self.lock:
            seen = token in self.seen
            self.seen.add(token)
            return seen

    @contextlib.contextmanager
    def in_flight(self, provider):
        with self.lock:
            self.current[provider] = self.current.get(provider, 0) + 1
            entry = self.stats.setdefault(provider, {"max_in_flight": 0, "starts": []})
            entry["max_in_flight"] = max(entry["max_in_flight"], self.current[provider])
            entry["starts"].append(time.monotonic())
            self.write_stats()
            hold = self.hold.get(provider, 0)
            if hold and provider not in self.released:
                # The first requests wait until `hold` are in flight (a client that cannot keep
                # that many going waits out hold_seconds), then watch_seconds more, in which a
                # client that does not keep to `hold` sends another: max_in_flight shows either.
                # Later requests are not held.
                self.changed.notify_all()
                self.changed.wait_for(lambda: entry["max_in_flight"] >= hold, timeout=self.hold_seconds)
                self.changed.wait_for(lambda: entry["max_in_flight"] > hold, timeout=self.watch_seconds)
                self.released.add(provider)
        try:
            yield
        finally:
            with self.lock:
                self.current[provider] -= 1

    def write_stats(self):
        if self.stats_path:
            with open(self.stats_path + ".tmp", "w") as f:
                json.dump(self.stats, f)
            os.replace(self.stats_path + ".tmp", self.stats_path)

    def record(self, method, host, provider):
        if not self.record_path:
            return
        with self.lock, open(self.record_path, "a") as f:
            f.write("%s %s %s\n" % (method, host, provider))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    add_tls_arguments(ap, required=True, cert_help="server certificate (PEM) naming the providers' hosts")
    ap.add_argument("--tokens", required=True, help="JSON file: token -> live|revoked|throttled|slow|broken")
    ap.add_argument("--record", help="append one line per request to this file")
    ap.add_argument("--slow-seconds", type=float, default=30)
    ap.add_argument("--stats", help="per provider: most requests in flight at once, and their start times (JSON)")
    ap.add_argument("--rules", help="answer for the verifiers these rule files declare, too")
    ap.add_argument("--hold", action="append", default=[], metavar="PROVIDER=N",
                    help="hold each request to PROVIDER until N are in flight")
    ap.add_argument("--hold-seconds", type=float, default=5)
    ap.add_argument("--gcp-key", action="append", default=[], metavar="EMAIL=PUBLIC_KEY_PEM",
                    help="the public key a service account's assertions are checked with (repeatable)")
    args = ap.parse_args()
    with open(args.tokens) as f:
        tokens = json.load(f)
    ctx = server_context(args.tls_cert, args.tls_key)
    hold = {name: int(n) for name, _, n in (h.partition("=") for h in args.hold)}
    server = Server((args.host, args.port), ctx, tokens, args.record, args.slow_seconds, args.stats, hold, args.hold_seconds)
    if args.rules:
        server.declared = declared_routes(args.rules)
    server.gcp_keys = dict(k.partition("=")[::2] for k in args.gcp_key)
    announce_port(server.server_address[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
