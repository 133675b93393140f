"""A test peer that outlives the command starting it, for a CTest fixture shared by test processes.

  fixture_peer.py start STATE [--requires MODULE]... -- PROGRAM ARGS...
      starts PROGRAM (a peer that prints "LISTENING <port>", see peer_launch.py), waits for that
      line and writes "<pid> <port>" to STATE, then returns while the peer keeps running. Its
      stderr goes to STATE.log: CTest reads a test's output until every writer has closed it, so
      the peer must not hold the starting command's output open. When a --requires module is not
      importable here, nothing is started and STATE is not written: the tests then skip as they
      would without the fixture.
  fixture_peer.py stop STATE
      stops the peer STATE names (SIGTERM, then SIGKILL if it has not exited within 10 s) and
      removes STATE.

A peer still recorded in STATE when a new one starts (a run that was interrupted) is stopped first.
"""
import importlib.util
import os
import select
import signal
import subprocess
import sys


def recorded(state):
    try:
        with open(state) as f:
            pid, port = f.read().split()
        return int(pid), int(port)
    except (OSError, ValueError):
        return None


def exits_within(pid, seconds):
    """Whether `pid` (not necessarily our child) exits within `seconds`, seen through a pidfd."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], seconds)[0])
    finally:
        os.close(fd)


def stop(state):
    entry = recorded(state)
    if entry:
        pid = entry[0]
        try:
            # A recycled process id is not ours to stop: the peer was started in its own session.
            if os.getsid(pid) == pid:
                os.kill(pid, signal.SIGTERM)
                if not exits_within(pid, 10):
                    os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if os.path.exists(state):
        os.remove(state)
    return 0


def start(state, argv):
    requires = []
    while argv and argv[0] == "--requires":
        requires.append(argv[1])
        argv = argv[2:]
    if argv[:1] != ["--"] or len(argv) < 2:
        sys.exit(__doc__)
    argv = argv[1:]
    stop(state)
    missing = [m for m in requires if importlib.util.find_spec(m.split(".")[0]) is None]
    if missing:
        print("not started: %s not importable; the tests that need it skip" % ", ".join(missing))
        return 0
    with open(state + ".log", "wb") as log:
        peer = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                                start_new_session=True)
    line = peer.stdout.readline().decode(errors="replace").split()
    peer.stdout.close()
    if len(line) != 2 or line[0] != "LISTENING":
        peer.kill()
        peer.wait()
        sys.exit("peer did not start: %s (its log: %s.log)" % (" ".join(argv), state))
    with open(state + ".tmp", "w") as f:
        f.write("%d %s\n" % (peer.pid, line[1]))
    os.replace(state + ".tmp", state)
    print("started %s on port %s" % (os.path.basename(argv[1] if len(argv) > 1 else argv[0]), line[1]))
    return 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "start":
        return start(sys.argv[2], sys.argv[3:])
    if len(sys.argv) == 3 and sys.argv[1] == "stop":
        return stop(sys.argv[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
