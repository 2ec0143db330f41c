"""The engine's dynamic-provider host (`python -m pulumi.dynamic`), with counters; or the
provider plugin `pulumi-resource-proton`, with the same counters.

Started through PULUMI_PYTHON_CMD (see `wrapper`): the engine's `pulumi-resource-pulumi-python`
script runs `$PULUMI_PYTHON_CMD -u -m pulumi.dynamic ADDRESS`. For the plugin, `plugin_wrapper`
writes an executable `pulumi-resource-proton` that runs `python -m bench.host --plugin ARGS`;
a project's `plugins: providers:` entry pointing at its directory makes the engine start it.
This module counts, without changing behaviour, the botocore sessions and clients the process
builds, the AWS API calls it makes (`call <service>.<Operation>`, STS included, counted once per
call however many attempts botocore's retries make), the calls into the dynamic provider (count
and seconds per method); at exit it writes them, the process's peak memory (VmHWM) and the
provider's own cache statistics (provider.clients.client_cache_stats) to
$BENCH_HOST_REPORT/<pid>.json. With BENCH_HOST_PROFILE=1 it also runs every provider call
under cProfile and writes the merged statistics to <pid>.prof.
"""

from __future__ import annotations

import atexit
import cProfile
import dataclasses
import json
import os
import pstats
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
STARTED = time.perf_counter()
STARTED_AT = time.time()  # wall clock, comparable across the host processes of one command

_lock = threading.Lock()
_counts: Counter[str] = Counter()
_seconds: dict[str, float] = {}
_profiles: list[cProfile.Profile] = []
_providers: set[str] = set()
_in_flight = [0, 0]  # provider calls running now, and the most ever at once
_profile = os.environ.get("BENCH_HOST_PROFILE") == "1"


def wrapper(directory: Path) -> Path:
    """An executable for PULUMI_PYTHON_CMD that runs this module instead of pulumi.dynamic."""
    path = directory / "bench-provider-host"
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -u -m bench.host "$@"\n')
    path.chmod(0o755)
    return path


PLUGIN = "pulumi-resource-proton"


def plugin_wrapper(directory: Path) -> Path:
    """`directory`/pulumi-resource-proton: the plugin, run through this module. Returns the
    directory, for a project's `plugins: providers: [{name: proton, path: ...}]`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PLUGIN
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -u -m bench.host --plugin "$@"\n')
    path.chmod(0o755)
    return directory


def _count(key: str, seconds: float = 0.0) -> None:
    with _lock:
        _counts[key] += 1
        _seconds[key] = _seconds.get(key, 0.0) + seconds


def _counting(cls: type, name: str, key: Any) -> None:
    original = getattr(cls, name)

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        _count(key(args, kwargs) if callable(key) else key)
        return original(self, *args, **kwargs)

    setattr(cls, name, counted)


class _Timed:
    """Stands in for the unpickled provider: same methods, timed (and profiled if asked)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in OPERATIONS:
            return attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            profiler = cProfile.Profile() if _profile else None
            with _lock:
                _in_flight[0] += 1
                _in_flight[1] = max(_in_flight)
            start = time.perf_counter()
            try:
                if profiler is None:
                    return attribute(*args, **kwargs)
                return profiler.runcall(attribute, *args, **kwargs)
            finally:
                _count(f"provider.{name}", time.perf_counter() - start)
                with _lock:
                    _in_flight[0] -= 1
                if profiler is not None:
                    with _lock:
                        _profiles.append(profiler)

        return timed


def _counting_api_calls(cls: type, name: str) -> None:
    """Counts botocore's `_make_api_call(operation, params)`: once per call, before retries."""
    original = getattr(cls, name)

    def counted(self: Any, operation: str, params: Any) -> Any:
        _count(f"call {self.meta.service_model.service_name}.{operation}")
        return original(self, operation, params)

    setattr(cls, name, counted)


def _loads(data: bytes, *args: Any, **kwargs: Any) -> Any:
    provider = _original_loads(data, *args, **kwargs)
    with _lock:
        _providers.add(f"{type(provider).__module__}.{type(provider).__qualname__}")
    return _Timed(provider)


def _peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _report() -> None:
    directory = Path(os.environ["BENCH_HOST_REPORT"])
    with _lock:
        report = {
            "providers": sorted(_providers),
            "counts": dict(_counts),
            "seconds": dict(_seconds),
            "peak_kib": _peak_kib(),
            "lifetime_s": time.perf_counter() - STARTED,
            "started_at": STARTED_AT,
            "threads": threading.active_count(),
            "most_concurrent_calls": _in_flight[1],
        }
        # The provider's own view of its process-wide cache, where it offers one.
        clients = sys.modules.get("provider.clients")
        if clients is not None and hasattr(clients, "client_cache_stats"):
            report["cache"] = dataclasses.asdict(clients.client_cache_stats())
        if _profiles:
            stats = pstats.Stats(_profiles[0])
            for profiler in _profiles[1:]:
                stats.add(profiler)
            stats.dump_stats(directory / f"{os.getpid()}.prof")
    (directory / f"{os.getpid()}.json").write_text(json.dumps(report))


_original_loads = dill.loads

if __name__ == "__main__":
    _counting(botocore.session.Session, "__init__", "botocore.Session")
    _counting(
        botocore.session.Session,
        "create_client",
        lambda args, kwargs: f"client {args[0] if args else kwargs.get('service_name')}",
    )
    _counting_api_calls(botocore.client.BaseClient, "_make_api_call")
    atexit.register(_report)
    # The engine ends its plugins with SIGINT (then SIGKILL); make SIGTERM exit cleanly too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if sys.argv[1:2] == ["--plugin"]:
        # argv as the engine passes it to the plugin: ENGINE_ADDRESS [flags...]
        sys.argv = [PLUGIN, *sys.argv[2:]]
        from provider.plugin import main

        main()
    else:
        dill.loads = _loads
        # argv as the engine passes it: -u -m pulumi.dynamic ADDRESS...
        sys.argv = ["pulumi.dynamic", *sys.argv[sys.argv.index("pulumi.dynamic") + 1 :]]
        runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)
