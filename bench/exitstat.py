"""``python -S bench/exitstat.py LOG COMMAND [ARGS...]``: runs COMMAND as its child, and
appends to LOG one JSON line when the child starts (``{"pid": ...}``) and one when it has
exited (``{"pid": ..., "cpu_s": ..., "peak_kib": ...}``: its user + system CPU seconds and
its peak resident memory, from wait4, so nothing runs inside the measured process).

The benchmark starts every provider host through it: the dynamic host (as PULUMI_PYTHON_CMD)
and the plugins (as ``pulumi-resource-proton``), ours and the floors alike. The engine stops a
plugin with SIGINT to its whole process group, which reaches the child too: this process
waits for the child's exit instead of dying first. Standard library only.
"""

import json
import os
import signal
import sys


def append(log: str, record: dict[str, object]) -> None:
    """One JSON line at the end of `log` (one write, so lines of processes do not mix)."""
    with open(log, "a") as out:
        out.write(json.dumps(record) + "\n")


def main(log: str, command: list[str]) -> int:
    """Runs `command`, records it in `log`; returns its exit status."""
    pid = os.fork()
    if pid == 0:  # the handlers below are reset to the default by exec
        os.execvp(command[0], command)
    signal.signal(signal.SIGINT, lambda *_: None)  # the child has it too
    signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
    append(log, {"pid": pid})
    _, status, usage = os.wait4(pid, 0)
    append(log, {"pid": pid, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss})
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
