#!/usr/bin/env python3
"""A server answering as the GitHub and GitLab REST APIs answer repository listings, for the
tests of `hush scan --github-org`, `--github-user` and `--gitlab-group`. Standard library only.

Routes (GitHub's under /, GitLab's under /api/v4):
  GET /orgs/{org}/repos, GET /users/{user}/repos     pages linked by a Link header (rel="next")
  GET /api/v4/groups/{id}/projects                   pages named by X-Next-Page
Owners and their repositories come from a JSON file:

  {"token": "...",              # required in Authorization: Bearer / PRIVATE-TOKEN; absent: none needed
   "page_size": 2,              # repositories a page, whatever per_page asks
   "throttle": "retry-after" | "reset" | "forever" | null,
                                # the first request answers 429 Retry-After: 1, or 403 with
                                # X-RateLimit-Remaining: 0 and a reset 1 s ahead; forever: every
                                # request 429 with Retry-After: 86400
   "server_errors": 0,          # 503 answers before the first success
   "forbidden": false,          # every request 403 without rate-limit headers (a token that may not list)
   "owners": {"acme": [{"clone_url": ..., "fork": false, "archived": false}, ...]}}

(GitLab's projects carry http_url_to_repo and forked_from_project as the real API does; the
test writes them that way.) An owner not in the file answers 404.

  --record FILE   appends "METHOD PATH?QUERY AUTH|NOAUTH" per request (never the token)

Prints "LISTENING <port>" on stdout once the socket accepts connections; logs only to stderr.
"""

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from peer_launch import TlsAccept, https_peer_arguments, serve, server_context  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("forge_peer: " + (fmt % args) + "\n")

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        server = self.server
        config = server.config
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        github = re.fullmatch(r"/(orgs|users)/([^/]+)/repos", url.path)
        gitlab = re.fullmatch(r"/api/v4/groups/([^/]+)/projects", url.path)
        given = self.headers.get("PRIVATE-TOKEN") if gitlab else None
        auth = self.headers.get("Authorization", "")
        if github and auth.startswith("Bearer "):
            given = auth[len("Bearer "):]
        server.record("%s %s %s" % (self.command, self.path, "AUTH" if given else "NOAUTH"))
        if not github and not gitlab:
            return self.answer(404, {"message": "Not Found"})
        if config.get("token") and given != config["token"]:
            return self.answer(401, {"message": "Bad credentials"})
        if config.get("forbidden"):
            return self.answer(403, {"message": "Resource not accessible by integration"})
        with server.lock:
            throttle = config.get("throttle")
            if throttle == "forever":
                return self.answer(429, {"message": "slow down"}, {"Retry-After": "86400"})
            if throttle and not server.throttled:
                server.throttled = True
                if throttle == "retry-after":
                    return self.answer(429, {"message": "slow down"}, {"Retry-After": "1"})
                return self.answer(403, {"message": "API rate limit exceeded"},
                                   {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 1)})
            if server.server_errors_left > 0:
                server.server_errors_left -= 1
                return self.answer(503, {"message": "unavailable"})
        owner = unquote((github or gitlab).group(2 if github else 1))
        repos = config.get("owners", {}).get(owner)
        if repos is None:
            return self.answer(404, {"message": "Not Found"})
        size = int(config.get("page_size", 100))
        page = int(query.get("page", ["1"])[0])
        chunk = repos[(page - 1) * size:page * size]
        headers = {}
        if page * size < len(repos):
            if github:
                base = "https://%s%s" % (self.headers.get("Host"), url.path)
                headers["Link"] = '<%s?per_page=100&page=%d>; rel="next", <%s?page=%d>; rel="last"' % (
                    base, page + 1, base, (len(repos) + size - 1) // size)
            else:
                headers["X-Next-Page"] = str(page + 1)
        elif gitlab:
            headers["X-Next-Page"] = ""
        self.answer(200, chunk, headers)


class Server(TlsAccept, ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, context, config, record_path):
        super().__init__(address, Handler)
        self.context = context
        self.config = config
        self.record_path = record_path
        self.lock = threading.Lock()
        self.throttled = False
        self.server_errors_left = int(config.get("server_errors", 0))

    def record(self, line):
        if not self.record_path:
            return
        with self.lock, open(self.record_path, "a") as f:
            f.write(line + "\n")


def main():
    ap = https_peer_arguments(__doc__)
    ap.add_argument("--config", required=True)
    ap.add_argument("--record")
    args = ap.parse_args()
    with open(args.config) as f:
        config = json.load(f)
    server = Server((args.host, args.port), server_context(args.tls_cert, args.tls_key), config, args.record)
    serve(server)


if __name__ == "__main__":
    main()
