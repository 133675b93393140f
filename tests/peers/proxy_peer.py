#!/usr/bin/env python3
"""A forward proxy for hush's store tests: http CONNECT, plain or over TLS (an https:// proxy),
SOCKS4/4a and SOCKS5, optionally requiring credentials (Basic for http and https, RFC 1929
username/password for SOCKS5, the user id for SOCKS4).

Standard library only. Prints "LISTENING <port>" on stdout once the socket accepts connections;
logs to stderr. Each tunnel is written to --log as one line "TUNNEL <kind> <host>:<port>" before the
client is told that it is open, so a test that has its answer can read the line. <kind> says how
the target was named: "http", "socks4" (an address), "socks4a" (a name), "socks5-address" or
"socks5-name" (socks5h sends the name and leaves resolving it to the proxy).

--map NAME=ADDRESS resolves NAME to ADDRESS here only: a request to NAME that succeeds went
through this proxy.
"""

import argparse
import base64
import ipaddress
import socket
import socketserver
import struct
import sys
import threading

from peer_launch import TlsAccept, add_tls_arguments, exit_on_sigterm, relay, serve, server_context  # noqa: E402


def log(msg):
    sys.stderr.write("proxy_peer: %s\n" % msg)
    sys.stderr.flush()


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("client hung up")
        data += chunk
    return data


def recv_until(sock, marker, limit=65536):
    """Up to and including marker, read a byte at a time: nothing after it is consumed."""
    data = b""
    while not data.endswith(marker):
        data += recv_exact(sock, 1)
        if len(data) > limit:
            raise ConnectionError("request head too large")
    return data


class Handler(socketserver.BaseRequestHandler):
    def record(self, kind, host, port):
        server = self.server
        with server.log_lock:
            with open(server.log_path, "a") as f:
                f.write("TUNNEL %s %s:%d\n" % (kind, host, port))

    def open_upstream(self, host, port):
        target = self.server.names.get(host, host)
        return socket.create_connection((target, port), timeout=10)

    def tunnel(self, upstream):
        upstream.settimeout(None)
        self.request.settimeout(None)
        relay(self.request, upstream)

    def handle(self):
        try:
            if self.server.mode == "socks":
                first = recv_exact(self.request, 1)
                if first == b"\x04":
                    return self.socks4()
                if first == b"\x05":
                    return self.socks5()
                return log("not a SOCKS request")
            return self.http_connect()
        except (OSError, ConnectionError, ValueError) as e:
            log("connection ended: %s" % e)

    # -- http and https proxies: CONNECT only -------------------------------------------------

    def http_connect(self):
        head = recv_until(self.request, b"\r\n\r\n").decode("latin-1")
        lines = head.split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if method != "CONNECT":
            self.request.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        if self.server.user is not None:
            expected = "Basic " + base64.b64encode(self.server.user.encode()).decode()
            if headers.get("proxy-authorization") != expected:
                self.request.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                                     b"Proxy-Authenticate: Basic realm=\"hush-test\"\r\n"
                                     b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                return
        host, _, port = target.rpartition(":")
        host = host.strip("[]")
        try:
            upstream = self.open_upstream(host, int(port))
        except OSError:
            self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        self.record("http", host, int(port))
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.tunnel(upstream)

    # -- SOCKS4 and SOCKS4a --------------------------------------------------------------------

    def socks4(self):
        command, port = struct.unpack("!BH", recv_exact(self.request, 3))
        address = recv_exact(self.request, 4)
        user = recv_until(self.request, b"\x00", 1024)[:-1].decode("latin-1")
        if address[:3] == b"\x00\x00\x00" and address[3] != 0:
            host, kind = recv_until(self.request, b"\x00", 1024)[:-1].decode("latin-1"), "socks4a"
        else:
            host, kind = socket.inet_ntoa(address), "socks4"
        refused = b"\x00\x5b" + b"\x00" * 6
        if command != 1 or (self.server.user is not None and user != self.server.user.split(":")[0]):
            return self.request.sendall(refused)
        try:
            upstream = self.open_upstream(host, port)
        except OSError:
            return self.request.sendall(refused)
        self.record(kind, host, port)
        self.request.sendall(b"\x00\x5a" + b"\x00" * 6)
        self.tunnel(upstream)

    # -- SOCKS5 (RFC 1928), username/password authentication (RFC 1929) ------------------------

    def socks5(self):
        (count,) = struct.unpack("!B", recv_exact(self.request, 1))
        methods = recv_exact(self.request, count)
        wanted = 0x02 if self.server.user is not None else 0x00
        if wanted not in methods:
            return self.request.sendall(b"\x05\xff")
        self.request.sendall(bytes([5, wanted]))
        if wanted == 0x02:
            version, length = struct.unpack("!BB", recv_exact(self.request, 2))
            name = recv_exact(self.request, length).decode("latin-1")
            (length,) = struct.unpack("!B", recv_exact(self.request, 1))
            password = recv_exact(self.request, length).decode("latin-1")
            if version != 1 or "%s:%s" % (name, password) != self.server.user:
                return self.request.sendall(b"\x01\x01")
            self.request.sendall(b"\x01\x00")
        version, command, _, kind = struct.unpack("!BBBB", recv_exact(self.request, 4))
        if kind == 1:
            host, named = socket.inet_ntoa(recv_exact(self.request, 4)), False
        elif kind == 4:
            host, named = str(ipaddress.IPv6Address(recv_exact(self.request, 16))), False
        elif kind == 3:
            (length,) = struct.unpack("!B", recv_exact(self.request, 1))
            host, named = recv_exact(self.request, length).decode("latin-1"), True
        else:
            return self.request.sendall(b"\x05\x08\x00\x01" + b"\x00" * 6)
        (port,) = struct.unpack("!H", recv_exact(self.request, 2))
        if version != 5 or command != 1:
            return self.request.sendall(b"\x05\x07\x00\x01" + b"\x00" * 6)
        try:
            upstream = self.open_upstream(host, port)
        except OSError:
            return self.request.sendall(b"\x05\x05\x00\x01" + b"\x00" * 6)
        self.record("socks5-name" if named else "socks5-address", host, port)
        self.request.sendall(b"\x05\x00\x00\x01" + b"\x00" * 6)
        self.tunnel(upstream)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # the default 5 drops SYNs of many connections opened at once


class TlsServer(TlsAccept, Server):
    def __init__(self, address, handler, context):
        self.context = context
        super().__init__(address, handler)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["http", "https", "socks"], required=True, help="socks serves SOCKS4 and SOCKS5")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--user", help="USER:PASSWORD the client must present")
    add_tls_arguments(ap, required=False, cert_help="certificate (PEM) for --mode https")
    ap.add_argument("--map", action="append", default=[], help="NAME=ADDRESS, resolved here only")
    ap.add_argument("--log", required=True, help="file the TUNNEL lines are appended to")
    args = ap.parse_args()

    if args.mode == "https":
        server = TlsServer(("127.0.0.1", args.port), Handler, server_context(args.tls_cert, args.tls_key))
    else:
        server = Server(("127.0.0.1", args.port), Handler)
    server.mode = "socks" if args.mode == "socks" else "http"
    server.user = args.user
    server.names = dict(entry.split("=", 1) for entry in args.map)
    server.log_path = args.log
    server.log_lock = threading.Lock()
    serve(server, poll_interval=0.2)


if __name__ == "__main__":
    exit_on_sigterm()
    main()
