"""The engine's dynamic-provider host (``python -m pulumi.dynamic``) with counters, for tests
that assert what a host did (tests/reliability): not for timing, as it imports botocore and
dill before the host does.

`wrapper` writes an executable for PULUMI_PYTHON_CMD (the engine's
``pulumi-resource-pulumi-python`` runs ``$PULUMI_PYTHON_CMD -u -m pulumi.dynamic ADDRESS``)
that runs this module instead. It counts, without changing behaviour, the botocore sessions
and clients the host builds (``botocore.Session``, ``client <service>``), its AWS calls
(``call <service>.<Operation>``, once per call whatever botocore's retries) and the calls into
the provider (``provider.<method>``, with their seconds and the most at once). At exit it
writes them, its peak memory (VmHWM) and the provider's own cache statistics
(provider.clients.client_cache_stats, where offered) to $BENCH_HOST_REPORT/<pid>.json.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import runpy
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import botocore.client
import botocore.session
import dill

OPERATIONS = ("check", "diff", "create", "read", "update", "delete")
API_CALL = "_make_api_call"
"""botocore's one method every API call goes through (before its retries)."""
lock = threading.Lock()
counts: Counter[str] = Counter()
seconds: dict[str, float] = {}
in_flight = [0, 0]  # provider calls running now, and the most ever at once


def wrapper(directory: Path) -> Path:
    """An executable for PULUMI_PYTHON_CMD that runs this module instead of pulumi.dynamic."""
    path = directory / "bench-provider-host"
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -u -m bench.host "$@"\n')
    path.chmod(0o755)
    return path


def count(key: str, spent: float = 0.0) -> None:
    """One more `key`, and `spent` seconds more of it."""
    with lock:
        counts[key] += 1
        seconds[key] = seconds.get(key, 0.0) + spent


class Timed:
    """Stands in for the unpickled provider: the same methods, counted and timed."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if name not in OPERATIONS:
            return attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            with lock:
                in_flight[0] += 1
                in_flight[1] = max(in_flight)
            start = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                count(f"provider.{name}", time.perf_counter() - start)
                with lock:
                    in_flight[0] -= 1

        return timed


def install() -> None:
    """The counters, on botocore's classes and on dill's loads of the provider."""
    session = botocore.session.Session
    session_init, create_client = session.__init__, session.create_client
    make_api_call, loads = getattr(botocore.client.BaseClient, API_CALL), dill.loads

    def counted_init(self: Any, *args: Any, **kwargs: Any) -> None:
        count("botocore.Session")
        session_init(self, *args, **kwargs)

    def counted_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        count(f"client {args[0] if args else kwargs.get('service_name')}")
        return create_client(self, *args, **kwargs)

    def counted_call(self: Any, operation: str, params: Any) -> Any:
        count(f"call {self.meta.service_model.service_name}.{operation}")
        return make_api_call(self, operation, params)

    session.__init__ = counted_init  # type: ignore[method-assign]
    session.create_client = counted_client  # type: ignore[method-assign]
    setattr(botocore.client.BaseClient, API_CALL, counted_call)
    dill.loads = lambda data, *args, **kwargs: Timed(loads(data, *args, **kwargs))


def report() -> None:
    """Writes the counts to $BENCH_HOST_REPORT/<pid>.json."""
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    with lock:
        data: dict[str, Any] = {"counts": dict(counts), "seconds": dict(seconds)}
        data.update(peak_kib=peak, most_concurrent_calls=in_flight[1])
    clients = sys.modules.get("provider.clients")
    if clients is not None and hasattr(clients, "client_cache_stats"):
        data["cache"] = dataclasses.asdict(clients.client_cache_stats())
    path = Path(os.environ["BENCH_HOST_REPORT"]) / f"{os.getpid()}.json"
    path.write_text(json.dumps(data))


if __name__ == "__main__":
    install()
    atexit.register(report)
    # The engine ends its plugins with SIGINT (then SIGKILL); make SIGTERM exit cleanly too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # argv as the engine passes it: -u -m pulumi.dynamic ADDRESS...
    sys.argv = ["pulumi.dynamic", *sys.argv[sys.argv.index("pulumi.dynamic") + 1 :]]
    runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)
