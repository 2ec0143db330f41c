"""python -m provider.testing serve [--host 127.0.0.1] [--port 0] [--quiet]

Serves Proton and all of moto on one port. The first line on stdout is the base URL
(http://HOST:PORT); it serves until SIGTERM or SIGINT, then exits with status 0.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from types import FrameType

from .server import EmulatorServer


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # ends serve_forever, which then closes the socket


def main(argv: list[str] | None = None) -> int:
    """Runs the command line `argv` (by default the process's); returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m provider.testing", description="The local AWS Proton emulator."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve Proton and all of moto on one port")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    serve.add_argument("--quiet", action="store_true", help="do not log requests to stderr")
    args = parser.parse_args(argv)

    server = EmulatorServer(args.host, args.port, log_requests=not args.quiet)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(server.url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
