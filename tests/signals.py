"""Starting a process with SIGINT ignored, as a background job of a non-interactive shell (and
nohup, many CI runners) starts it, or with it default, whatever this process has."""

from __future__ import annotations

import signal
import sys

# Sets SIGINT's disposition (argv[1]: 0 default, 1 ignored), then becomes the command after it;
# exec keeps an ignored signal ignored. (Not preexec_fn: a fork of this process, which holds
# gRPC's threads, can deadlock it.)
WITH_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.Handlers(int(sys.argv[1])));"
    " os.execv(sys.argv[2], sys.argv[2:])"
)


def with_sigint(inherited: signal.Handlers, command: list[str]) -> list[str]:
    """`command`, started with SIGINT as `inherited` sets it whatever this process has."""
    return [sys.executable, "-c", WITH_SIGINT, str(int(inherited)), *command]
