"""What the test peers share: their TLS set-up and command line, a whole HTTP answer, a tunnel's
two-way copy, and what every peer does once it listens.

The harness that started the peer reads its standard output up to the first line for the port;
the peer then closes standard output, so the harness's read ends there and nothing the peer prints
later can block on a pipe nobody reads.
"""

import argparse
import os
import signal
import socket
import ssl
import sys
import threading


def add_tls_arguments(parser, required, cert_help="server certificate (PEM)"):
    parser.add_argument("--tls-cert", required=required, help=cert_help)
    parser.add_argument("--tls-key", required=required, help="the certificate's key (PEM)")


def https_peer_arguments(description):
    """The command line of an HTTPS peer: --host, --port (0: any free one) and its certificate."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    add_tls_arguments(parser, required=True)
    return parser


def server_context(cert, key, client_ca=None):
    """A TLS server context with `cert` and `key`; with `client_ca`, clients must present a
    certificate it signed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return context


class TlsAccept:
    """Put before a socketserver class: each accepted connection is wrapped in `self.context`. The
    handshake runs in the connection's thread (on its first read), not in the accept loop, so a
    slow or refused handshake holds up no other connection."""

    def get_request(self):
        sock, addr = super().get_request()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr


def announce_port(port):
    """Prints the port line and closes standard output; what the peer prints later goes to
    standard error."""
    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()
    try:
        sys.stdout.close()
    except OSError:
        pass
    sys.stdout = sys.stderr


def serve(server, port=None, poll_interval=0.5):
    """Announces `port` (by default the server's own) and serves until the process is stopped."""
    announce_port(server.server_address[1] if port is None else port)
    try:
        server.serve_forever(poll_interval=poll_interval)
    except KeyboardInterrupt:
        pass


def exit_on_sigterm():
    """Exit at once on SIGTERM: a clean interpreter shutdown with handler threads still running
    can hang or fail on a lock, and the tests reap the peer."""
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))


def reply(handler, status, body, headers=()):
    """A whole answer from a BaseHTTPRequestHandler: status, `headers` (name, value pairs), the
    length and `body` (str or bytes)."""
    data = body.encode() if isinstance(body, str) else body
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def relay(client, upstream):
    """Copies both ways between two connected sockets until both sides are done (or a read times
    out, as the sockets' timeouts say), then closes `upstream`: a tunnel's body, after its set-up."""
    back = threading.Thread(target=_pump, args=(upstream, client), daemon=True)
    back.start()
    _pump(client, upstream)
    back.join()
    upstream.close()
