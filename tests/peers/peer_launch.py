"""What every test peer does once it listens.

The harness that started the peer reads its standard output up to the first line for the port;
the peer then closes standard output, so the harness's read ends there and nothing the peer prints
later can block on a pipe nobody reads.
"""

import sys


def announce_port(port):
    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()
    try:
        sys.stdout.close()
    except OSError:
        pass
