"""What the test peers share: their TLS set-up, and what every peer does once it listens.

The harness that started the peer reads its standard output up to the first line for the port;
the peer then closes standard output, so the harness's read ends there and nothing the peer prints
later can block on a pipe nobody reads.
"""

import ssl
import sys


def add_tls_arguments(parser, required, cert_help="server certificate (PEM)"):
    parser.add_argument("--tls-cert", required=required, help=cert_help)
    parser.add_argument("--tls-key", required=required, help="the certificate's key (PEM)")


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
    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()
    try:
        sys.stdout.close()
    except OSError:
        pass
