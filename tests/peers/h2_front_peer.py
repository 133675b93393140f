#!/usr/bin/env python3
"""An HTTP/2 front for another test peer: nghttpx (Debian package nghttp2-proxy) terminating TLS
and offering h2 in the handshake, forwarding to a plain-http backend, as a load balancer in front
of Vault would.

  h2_front_peer.py --backend PORT --tls-cert PEM --tls-key PEM --log FILE

Prints "LISTENING <port>" on stdout once nghttpx accepts connections, and exits with status 3
before that when nghttpx is not installed. Each request is written to --log as one line
"<client port> <ALPN protocol> <request line>", so a test can count the connections its requests
came on. Stops nghttpx when terminated.
"""

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import time

from peer_launch import add_tls_arguments, announce_port  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", type=int, required=True)
    add_tls_arguments(ap, required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    nghttpx = shutil.which("nghttpx") or shutil.which("nghttpx", path="/usr/sbin:/usr/local/sbin")
    if nghttpx is None:
        sys.stderr.write("h2_front_peer: nghttpx is not installed (apt-get install nghttp2-proxy)\n")
        return 3
    port = free_port()
    proxy = subprocess.Popen([nghttpx, "--conf=/dev/null", "--workers=1", f"-f127.0.0.1,{port}",
                              f"-b127.0.0.1,{args.backend}", f"--accesslog-file={args.log}",
                              "--accesslog-format=$remote_port $alpn $request", "--errorlog-file=/dev/stderr",
                              args.tls_key, args.tls_cert], stdin=subprocess.DEVNULL, stdout=sys.stderr,
                             # nghttpx signals its whole process group when it stops: its own group
                             # keeps that from reaching the test that started this peer.
                             start_new_session=True)
    # Stopping nghttpx ends the wait below; waiting here too would deadlock on Popen's lock.
    signal.signal(signal.SIGTERM, lambda *a: proxy.terminate())
    # nghttpx says nothing when it is ready: wait until its port takes a connection.
    for _ in range(500):
        if proxy.poll() is not None:
            return 3
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.01)
    announce_port(port)
    proxy.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
