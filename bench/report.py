"""bench/results.md: medians, ratios against the floor, and each target met or missed."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.calls import TARGETS
from bench.engine import SizeResult, merged
from bench.stacks import COMMANDS

RATIO_TARGET = 1.15
RATIO_AT = 50
PROVIDER_BYTES_TARGET = 256


@dataclass
class Results:
    command: str
    machine: dict[str, str]
    imports: dict[str, float]
    slowest_imports: list[tuple[str, float]]
    serialized: dict[str, dict[str, int]]
    calls: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)
    sizes: list[SizeResult] = field(default_factory=list)
    duration_s: float = 0.0


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    cpu = models[0] if models else platform.processor()
    pulumi = subprocess.run(["pulumi", "version"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{len(os.sched_getaffinity(0))} (nproc) x {cpu}",
        "python": platform.python_version(),
        "pulumi": pulumi,
        "packages": ", ".join(
            f"{p} {metadata.version(p)}" for p in ("pulumi", "boto3", "botocore", "moto", "dill")
        ),
    }


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratio(size: SizeResult, command: str) -> float:
    return median(size.seconds["ours"][command]) / median(size.seconds["noop"][command])


def _calls(counter: Counter[str]) -> str:
    total = sum(counter.values())
    detail = ", ".join(f"{op} {n}" for op, n in sorted(counter.items()))
    return f"{total}" + (f" ({detail})" if detail else "")


def _mark(met: bool) -> str:
    return "met" if met else "**missed**"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _host(size: SizeResult, kind: str, command: str) -> dict[str, Any]:
    return merged(size.hosts[kind][command])


def summary(results: Results) -> list[str]:
    steady = {op: sum(c["steady"].values()) for op, c in results.calls.items()}
    rows: list[list[Any]] = []
    for op, target in TARGETS.items():
        bound = "at most" if op == "read" else "exactly" if target else ""
        met = steady[op] <= target if op in ("read", "check", "diff") else steady[op] == target
        rows.append([f"API calls, {op}", f"{bound} {target}".strip(), steady[op], _mark(met)])
    at = next((s for s in results.sizes if s.n == RATIO_AT), None)
    if at is not None:
        for command in COMMANDS:
            r = ratio(at, command)
            rows.append(
                [
                    f"engine overhead, {command}, N={at.n}",
                    f"<= {RATIO_TARGET}",
                    f"{r:.2f}",
                    _mark(r <= RATIO_TARGET),
                ]
            )
    for size in results.sizes:
        up = _host(size, "ours", "up")
        clients = {k: v for k, v in up["counts"].items() if k.startswith("client ")}
        sessions = up["counts"].get("botocore.Session", 0)
        rows.append(
            [
                f"boto3 per `pulumi up`, N={size.n}",
                "1 session, 1 client per service (one account, one region)",
                f"{sessions} session(s), " + _calls(Counter(clients)),
                _mark(sessions <= 1 and all(v <= 1 for v in clients.values())),
            ]
        )
    pickled = results.serialized["ours"]["pickle"]
    rows.append(
        [
            "serialized provider",
            f"< {PROVIDER_BYTES_TARGET} bytes",
            f"{pickled} bytes ({results.serialized['ours']['base64']} as base64)",
            _mark(pickled < PROVIDER_BYTES_TARGET),
        ]
    )
    rows += scaling_rows(results)
    return _table(["what", "target", "measured", ""], rows)


def _per_resource_ms(size: SizeResult, kind: str, command: str) -> float:
    return 1000 * median(size.seconds[kind][command]) / size.n


def _marginal_ms(a: SizeResult, b: SizeResult, kind: str, command: str) -> float:
    """ms per extra resource between two sizes: the slope, without the fixed start-up cost."""
    ta, tb = median(a.seconds[kind][command]), median(b.seconds[kind][command])
    return 1000 * (tb - ta) / (b.n - a.n)


def scaling_rows(results: Results) -> list[list[Any]]:
    """Linear or better: the cost of one more resource does not grow with N."""
    sizes = results.sizes
    if len(sizes) < 3:
        return []
    rows = []
    for command in COMMANDS:
        low = _marginal_ms(sizes[0], sizes[1], "ours", command)
        high = _marginal_ms(sizes[1], sizes[2], "ours", command)
        floor_high = _marginal_ms(sizes[1], sizes[2], "noop", command)
        rows.append(
            [
                f"scaling, {command}, ms per extra connection",
                f"N {sizes[1].n}->{sizes[2].n} not above N {sizes[0].n}->{sizes[1].n} (+20% noise)",
                f"{low:.1f} -> {high:.1f} (floor {floor_high:.1f})",
                _mark(high <= 1.2 * max(low, 0.0) or high <= 1.2 * floor_high),
            ]
        )
    return rows


def api_calls(results: Results) -> list[str]:
    rows = [
        [op, _calls(c["steady"]), _calls(c["first"]), TARGETS[op]]
        for op, c in results.calls.items()
    ]
    lines = _table(["operation", "API calls", "first call in a fresh process", "target"], rows)
    rows = [[size.n, *(_calls(size.api_calls[c]) for c in COMMANDS)] for size in results.sizes]
    return [
        *lines,
        "Through the engine (whole command, all N connections; the same counters):",
        "",
        *_table(["N", *COMMANDS], rows),
    ]


def overhead(results: Results) -> list[str]:
    rows = []
    for size in results.sizes:
        for command in COMMANDS:
            ours, floor = size.seconds["ours"][command], size.seconds["noop"][command]
            rows.append(
                [
                    size.n,
                    command,
                    f"{median(ours):.2f}",
                    f"{median(floor):.2f}",
                    f"**{ratio(size, command):.2f}**",
                    f"{_per_resource_ms(size, 'ours', command):.1f}",
                    f"{_per_resource_ms(size, 'noop', command):.1f}",
                    f"{min(ours):.2f}-{max(ours):.2f}",
                    len(ours),
                ]
            )
    return _table(
        [
            "N",
            "command",
            "ours s",
            "floor s",
            "ratio",
            "ours ms/res",
            "floor ms/res",
            "ours range s",
            "runs",
        ],
        rows,
    )


def host_costs(results: Results) -> list[str]:
    rows = []
    for size in results.sizes:
        for command in COMMANDS:
            ours, floor = _host(size, "ours", command), _host(size, "noop", command)
            inside = sum(v for k, v in ours["seconds"].items() if k.startswith("provider."))
            calls = sum(v for k, v in ours["counts"].items() if k.startswith("provider."))
            rows.append(
                [
                    size.n,
                    command,
                    ours["processes"],
                    ours["counts"].get("botocore.Session", 0),
                    _calls(
                        Counter(
                            {k[7:]: v for k, v in ours["counts"].items() if k.startswith("client ")}
                        )
                    ),
                    f"{ours['peak_kib'] / 1024:.1f}",
                    f"{floor['peak_kib'] / 1024:.1f}",
                    calls,
                    f"{1000 * inside:.0f}",
                    f"{1000 * inside / calls:.2f}" if calls else "-",
                ]
            )
    return _table(
        [
            "N",
            "command",
            "host processes",
            "botocore sessions",
            "clients",
            "peak MiB ours",
            "peak MiB floor",
            "provider calls",
            "ms inside provider (sum)",
            "ms per call",
        ],
        rows,
    )


def state(results: Results) -> list[str]:
    rows = [[kind, v["pickle"], v["base64"]] for kind, v in results.serialized.items()]
    lines = _table(["provider", "dill pickle bytes", "base64 chars"], rows)
    rows = []
    for size in results.sizes:
        for kind in ("ours", "noop"):
            rows.append([size.n, kind, *(f"{v:.0f}" for v in size.state[kind].values())])
    keys = list(results.sizes[0].state["ours"]) if results.sizes else []
    return lines + _table(["N", "kind", *(f"{k} bytes/res" for k in keys)], rows)


def render(results: Results) -> str:
    m = results.machine
    lines = [
        "# Benchmarks",
        "",
        f"- Date: {m['date']}; whole run {results.duration_s / 60:.1f} min",
        f"- Machine: {m['cpus']}; Python {m['python']}; Pulumi {m['pulumi']}",
        f"- Packages: {m['packages']}",
        f"- Command: `{results.command}`",
        "",
        "Absolute times are context only (a shared, noisy machine); the ratios against the",
        "floor are the figures. The floor is `bench/noop.py`: a dynamic provider whose create",
        "returns at once, in an importable module like `provider`, so dill pickles both by",
        "reference and the engine's `python -m pulumi.dynamic` host imports both the same way;",
        "its resources take the same inputs as the connections.",
        "",
        "## Targets",
        "",
        *summary(results),
        "## API calls per operation",
        "",
        "Counted by the emulator (`GET /_emulator/stats`) across one provider call each,",
        "called in this process against the emulator server (bench/calls.py).",
        "",
        *api_calls(results),
        "## Engine overhead: wall time, ours against the floor (medians)",
        "",
        "`pulumi up` (create N), no-change `pulumi preview`, `pulumi refresh`, `pulumi destroy`,",
        "through the Automation API with a local file backend (bench/engine.py).",
        "",
        *overhead(results),
        "## Inside the provider host process",
        "",
        "One extra, untimed pass per N and kind with the host instrumented (bench/host.py):",
        "botocore sessions and clients built, calls into the provider, peak memory (VmHWM).",
        "",
        *host_costs(results),
        "Import and first-client cost in a fresh interpreter, in the order the host pays them",
        "(medians, ms):",
        "",
        *_table(["step", "ms"], [[k, f"{1000 * v:.1f}"] for k, v in results.imports.items()]),
        "Most self time among the modules `import provider` adds after boto3: "
        + ", ".join(f"{name} {1000 * s:.1f} ms" for name, s in results.slowest_imports)
        + ".",
        "",
        "## State",
        "",
        *state(results),
    ]
    return "\n".join(lines).rstrip() + "\n"
