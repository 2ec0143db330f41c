"""Engine overhead: wall time of up, no-change preview, refresh and destroy, ours vs the floor.

For each N, one stack of each kind (connections, no-op resources, ...) goes through the four
commands `runs` times, rotating which kind goes first, so drift on a shared machine hits all. A
further pass per kind runs the provider host instrumented (bench/host.py) to read what the
host process did: botocore sessions and clients built, time inside provider methods, peak
memory. That pass is not timed, so the counters cost nothing in the figures above.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import host
from bench.calls import delta
from bench.stacks import COMMANDS, Bench, timed

Samples = dict[str, dict[str, list[float]]]  # kind -> command -> seconds


@dataclass
class SizeResult:
    """Every sample at one N: wall and CPU seconds per kind and command by round; API calls
    and stored state from the first round; the instrumented pass's host reports."""

    n: int
    seconds: Samples = field(default_factory=dict)  # wall
    cpu: Samples = field(default_factory=dict)  # CPU of all processes: robust to other load
    api_calls: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)  # kind, command
    state: dict[str, dict[str, float]] = field(default_factory=dict)  # kind -> bytes/resource
    hosts: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)


def stored_state(bench: Bench, name: str) -> dict[str, float]:
    """Bytes per resource in the backend's checkpoint file, as Pulumi stores it on disk."""
    path = bench.root / f"{name}-state" / ".pulumi" / "stacks" / "bench" / f"{name}.json"
    resources = json.loads(path.read_text())["checkpoint"]["latest"]["resources"]
    ours = [r for r in resources if r["type"].startswith("pulumi-python:dynamic")]
    n = len(ours)

    def size(value: Any) -> int:
        return len(json.dumps(value, separators=(",", ":")))

    return {
        "checkpoint": path.stat().st_size / n,
        "resource": sum(size(r) for r in ours) / n,
        "__provider (inputs + outputs)": sum(
            size(r["inputs"]["__provider"]) + size(r["outputs"]["__provider"]) for r in ours
        )
        / n,
        "stackTrace": sum(size(r.get("stackTrace", [])) for r in ours) / n,
    }


def measure(bench: Bench, n: int, runs: int, kinds: tuple[str, ...]) -> SizeResult:
    """`runs` rounds of the four commands on one stack of `n` resources per kind, the kind
    that goes first rotating each round; then the instrumented pass, untimed."""
    result = SizeResult(
        n,
        seconds={k: {c: [] for c in COMMANDS} for k in kinds},
        cpu={k: {c: [] for c in COMMANDS} for k in kinds},
    )
    stacks = {kind: bench.stack(f"{kind}-{n}", kind, n) for kind in kinds}
    for run in range(runs):
        for kind in kinds[run % len(kinds) :] + kinds[: run % len(kinds)]:
            for command in COMMANDS:
                before = bench.emulator.calls()
                wall, cpu = timed(command, stacks[kind], bench.emulator)
                result.seconds[kind][command].append(wall)
                result.cpu[kind][command].append(cpu)
                if run == 0:
                    calls = delta(before, bench.emulator.calls())
                    result.api_calls.setdefault(kind, {})[command] = calls
                if run == 0 and command == "up":
                    result.state[kind] = stored_state(bench, f"{kind}-{n}")
    for kind in kinds:
        result.hosts[kind] = instrumented(bench, kind, n)
    return result


def instrumented(bench: Bench, kind: str, n: int) -> dict[str, list[dict[str, Any]]]:
    """Command -> the report of each provider host process the command started."""
    reports = bench.root / f"{kind}-{n}-host-reports"
    reports.mkdir()
    env = {"PULUMI_PYTHON_CMD": str(host.wrapper(bench.root)), "BENCH_HOST_REPORT": str(reports)}
    stack = bench.stack(f"{kind}-{n}-host", kind, n, env)
    found: dict[str, list[dict[str, Any]]] = {}
    for command in COMMANDS:
        timed(command, stack, bench.emulator)
        _wait_for_report(reports)
        found[command] = [json.loads(p.read_text()) for p in sorted(reports.glob("*.json"))]
        for path in reports.glob("*.json"):
            path.unlink()
    return found


def _wait_for_report(reports: Path) -> None:
    """The engine may return before its provider host has exited and written its report."""
    deadline = time.monotonic() + 10
    while not any(reports.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)


def merged(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The host processes of one command as one: counts and seconds summed, peak the max."""
    counts: Counter[str] = Counter()
    seconds: dict[str, float] = {}
    for report in reports:
        counts.update(report["counts"])
        for key, value in report["seconds"].items():
            seconds[key] = seconds.get(key, 0.0) + value
    return {
        "processes": len(reports),
        "counts": counts,
        "seconds": seconds,
        "peak_kib": max((r["peak_kib"] for r in reports), default=0),
        "most_concurrent": max((r["most_concurrent_calls"] for r in reports), default=0),
    }
