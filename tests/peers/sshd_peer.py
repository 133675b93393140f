#!/usr/bin/env python3
"""OpenSSH's sshd on a free local port, for Git over ssh, and an ssh-agent holding the client key.

sshd runs in the foreground (-D) with a configuration written here: the given host key, only
public-key logins for the keys in --authorized-keys, as the user running this peer. The agent
listens on --agent-socket with --client-key loaded. Prints "LISTENING <port>" once sshd accepts
connections and the agent holds the key (peer_launch); both stop when this peer is terminated.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_launch import announce_port  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(ready, what, child, deadline):
    """Polls `ready` until it holds; fails if the child exits first or the deadline passes."""
    while not ready():
        if child.poll() is not None:
            sys.exit("%s exited with %d before it was ready" % (what, child.returncode))
        if time.monotonic() > deadline:
            sys.exit("%s not ready in time" % what)
        time.sleep(0.02)


def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            return s.recv(4).startswith(b"SSH-")
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="a private directory for the configuration and logs")
    ap.add_argument("--host-key", required=True)
    ap.add_argument("--authorized-keys", required=True)
    ap.add_argument("--client-key", required=True)
    ap.add_argument("--agent-socket", required=True)
    args = ap.parse_args()
    sshd = "/usr/sbin/sshd"
    port = free_port()
    config = os.path.join(args.dir, "sshd_config")
    with open(config, "w") as f:
        f.write("\n".join([
            "Port %d" % port,
            "ListenAddress 127.0.0.1",
            "HostKey " + os.path.abspath(args.host_key),
            "AuthorizedKeysFile " + os.path.abspath(args.authorized_keys),
            "PidFile " + os.path.join(args.dir, "sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "",
        ]))
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation directory
    log = open(os.path.join(args.dir, "sshd.log"), "w")
    server = subprocess.Popen([sshd, "-D", "-e", "-f", config], stdout=log, stderr=log)
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", args.agent_socket], stdout=subprocess.DEVNULL)
    children = [server, agent]

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.monotonic() + 30
    wait_for(lambda: os.path.exists(args.agent_socket), "ssh-agent", agent, deadline)
    subprocess.run(["ssh-add", "-q", args.client_key], env=dict(os.environ, SSH_AUTH_SOCK=args.agent_socket), check=True)
    wait_for(lambda: accepts(port), "sshd", server, deadline)
    announce_port(port)
    server.wait()
    stop()


if __name__ == "__main__":
    main()
