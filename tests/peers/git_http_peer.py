#!/usr/bin/env python3
"""Git's smart HTTP protocol over TLS: `git http-backend` behind a small HTTPS server.

Serves every repository under --root at https://HOST:PORT/<name>. With --token, a request without
HTTP Basic credentials whose password is that token is answered 401 (as a private repository on a
forge is), so a client's credential callback is exercised; the user name is recorded, never the
password. Prints "LISTENING <port>" once ready (peer_launch).
"""

import base64
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_launch import TlsAccept, https_peer_arguments, reply, serve, server_context  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def user(self):
        """The Basic user name when the password is the expected token, else None."""
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return None
        return user if password == self.server.token else None

    def serve(self):
        data = self.body() if self.command == "POST" else b""
        user = None
        if self.server.token is not None:
            user = self.user()
            if user is None:
                self.server.note("401 " + self.command + " " + self.path)
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        path, _, query = self.path.partition("?")
        self.server.note("200 " + self.command + " " + path + (" user=" + user if user else ""))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.server.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_USER": user or "",
            "REMOTE_ADDR": self.client_address[0],
        }
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        result = subprocess.run(["git", "http-backend"], input=data, env=env, capture_output=True, check=False)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        reply(self, status, payload, headers)


class Server(TlsAccept, ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, address, context, root, token, record):
        super().__init__(address, Handler)
        self.context = context
        self.root = root
        self.token = token
        self.record = record
        self.lock = threading.Lock()

    def note(self, line):
        if self.record:
            with self.lock, open(self.record, "a") as f:
                f.write(line + "\n")


def main():
    ap = https_peer_arguments(__doc__)
    ap.add_argument("--root", required=True, help="directory holding the served repositories")
    ap.add_argument("--token", help="the password every request must carry (HTTP Basic)")
    ap.add_argument("--record", help="file to append one line per request to")
    args = ap.parse_args()
    context = server_context(args.tls_cert, args.tls_key)
    server = Server((args.host, args.port), context, os.path.abspath(args.root), args.token, args.record)
    serve(server)


if __name__ == "__main__":
    main()
