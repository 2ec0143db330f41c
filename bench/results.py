"""One run's results: save, load, the targets decided from them, and bench/results.md.

A target compares ours with a floor measured beside it, round by round. The figure is the
mean of the per-round differences (ours minus the floor), with a 95% interval (Student's t
over the rounds). A target of the form "ours <= floor + margin" is **met** when the whole
interval lies at or under the margin, **missed** when it lies above, and **undecided** when
the interval holds the margin: the run could not tell, which the report says.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

MIB = 1024
T95 = (12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14)
"""Student's t, two-sided 95%, for 1, 2, ... degrees of freedom (2.10 beyond)."""
CPU_SHARE, CPU_LEAST = 0.10, 0.050
"""A command's target: ours' own CPU <= the floor's + max(10% of the floor's, 50 ms)."""
IMPORT_BUDGET, SETTINGS_BUDGET = 0.030, 0.015
START_BUDGET, MEMORY_BUDGET_KIB = 0.050, 5 * MIB
LATENCY_FACTOR = 1.2
IMPORTS = {
    "resources": "from provider import EnvironmentAccountConnection, "
    "EnvironmentAccountConnectionAccepter",
    "AwsSettings": "from provider import AwsSettings",
    "pydantic floor": "from typing import Any\n"
    "from pydantic import BaseModel, ConfigDict, model_validator\n"
    "class Settings(BaseModel):\n"
    "    model_config = ConfigDict(frozen=True, extra='forbid')\n"
    "    region: Any = None\n"
    "    profile: Any = None\n"
    "    assume_role_arn: Any = None\n"
    "    external_id: Any = None\n"
    "    @model_validator(mode='before')\n"
    "    @classmethod\n"
    "    def checked(cls, data: Any) -> Any:\n"
    "        return data\n",
    "plugin server": "import provider.plugin.server",
    "SDK server": "import pulumi.provider.experimental.server",
}
"""What each import row runs after ``import pulumi``. The pydantic floor is a BaseModel of
AwsSettings' shape and nothing of ours; the last two are context: what the plugin floors
load of ours by being served with ``provider.plugin.server.serve``."""


@dataclass
class Results:
    """Everything one run measured."""

    command: str
    machine: dict[str, str]
    samples: list[dict[str, Any]] = field(default_factory=list)
    """One per command run: form, kind, n, round, command, and a bench.stacks.Sample."""
    imports: dict[str, list[list[float]]] = field(default_factory=dict)
    """Import row -> [wall, CPU] seconds per fresh interpreter, after ``import pulumi``."""
    starts: dict[str, list[float]] = field(default_factory=dict)
    """``"<form> <kind>"`` -> the host's CPU seconds from its start to its first answered Check."""
    latency: dict[str, Any] = field(default_factory=dict)
    """n, latency_ms, parallel, and ``ups``: kind -> wall seconds of each timed up."""
    organization: list[dict[str, Any]] = field(default_factory=list)
    rounds: dict[str, str] = field(default_factory=dict)
    """N -> why its rounds stopped where they did."""
    policy: str = ""
    """How the number of rounds was chosen."""
    duration_s: float = 0.0
    load: list[str] = field(default_factory=list)


def save(results: Results, path: Path) -> None:
    """Every sample, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(results), indent=1))


def load(path: Path) -> Results:
    """What `save` wrote."""
    return Results(**json.loads(path.read_text()))


def machine() -> dict[str, str]:
    """What the run ran on: date, CPUs, Python, Pulumi and the packages' versions."""
    models = [
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    ]
    pulumi = subprocess.run(["pulumi", "version"], capture_output=True, text=True).stdout
    git = ["git", "-C", str(Path(__file__).parent), "describe", "--always", "--dirty"]
    commit = subprocess.run(git, capture_output=True, text=True).stdout.strip()
    return {
        "commit": commit or "unknown",
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{len(os.sched_getaffinity(0))} CPUs, {models[0] if models else '?'}",
        "python": platform.python_version(),
        "pulumi": pulumi.strip(),
        "packages": ", ".join(
            f"{p} {metadata.version(p)}"
            for p in ("pulumi", "boto3", "botocore", "moto", "pydantic")
        ),
    }


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


@dataclass(frozen=True)
class Estimate:
    """The mean per-round difference, ours minus the floor, and its 95% interval."""

    mean: float
    low: float
    high: float
    rounds: int

    def verdict(self, margin: float) -> str:
        """met (all of the interval <= margin), missed (all above) or undecided."""
        if self.high <= margin:
            return "met"
        return "**missed**" if self.low > margin else "undecided"


def paired(ours: Sequence[float], floor: Sequence[float]) -> Estimate:
    """`Estimate` of rounds taken in pairs (a round's ours and floor side by side)."""
    differences = [a - b for a, b in zip(ours, floor, strict=True)]
    mean = statistics.fmean(differences) if differences else 0.0
    if len(differences) < 2:
        return Estimate(mean, float("-inf"), float("inf"), len(differences))
    t = T95[len(differences) - 2] if len(differences) - 2 < len(T95) else 2.10
    half = t * statistics.stdev(differences) / len(differences) ** 0.5
    return Estimate(mean, mean - half, mean + half, len(differences))


def series(results: Results, form: str, kind: str, n: int, command: str, key: str) -> list[float]:
    """One figure of every round of one command, in round order."""
    rows = [
        s
        for s in results.samples
        if (s["form"], s["kind"], s["n"], s["command"]) == (form, kind, n, command)
    ]
    return [float(s[key]) for s in sorted(rows, key=lambda s: s["round"])]


def peaks(results: Results, form: str, kind: str, n: int) -> list[float]:
    """The host's peak memory (KiB) of each round: the largest of its four commands."""
    by_round: dict[int, float] = {}
    for s in results.samples:
        if (s["form"], s["kind"], s["n"]) == (form, kind, n):
            by_round[s["round"]] = max(by_round.get(s["round"], 0.0), s["peak_kib"])
    return [by_round[r] for r in sorted(by_round)]


def sizes(results: Results) -> list[int]:
    """The N of the run."""
    return sorted({s["n"] for s in results.samples})


def cpu_target(results: Results, form: str, n: int, command: str) -> tuple[Estimate, float]:
    """Ours' own CPU against the shaped floor's in one command: the estimate and the margin
    (rounds where both ran)."""
    ours = series(results, form, "ours", n, command, "own_cpu_s")
    floor = series(results, form, "floor", n, command, "own_cpu_s")
    rounds = min(len(ours), len(floor))
    margin = max(CPU_SHARE * statistics.fmean(floor[:rounds] or [0.0]), CPU_LEAST)
    return paired(ours[:rounds], floor[:rounds]), margin


def undecided(results: Results, n: int, form: str) -> list[str]:
    """The CPU and memory targets of `form` at `n` that the rounds so far cannot decide."""
    left = []
    for command in ("up", "preview", "refresh", "destroy"):
        estimate, margin = cpu_target(results, form, n, command)
        if estimate.verdict(margin) == "undecided":
            left.append(command)
    memory = paired(peaks(results, form, "ours", n), peaks(results, form, "floor", n))
    if memory.verdict(MEMORY_BUDGET_KIB) == "undecided":
        left.append("memory")
    return left


def ms(estimate: Estimate, scale: float = 1000, unit: str = "ms") -> str:
    """``+12 ms (95% +3 to +21, 5 rounds)``."""
    return (
        f"{estimate.mean * scale:+.0f} {unit} (95% {estimate.low * scale:+.0f} to "
        f"{estimate.high * scale:+.0f}, {estimate.rounds} rounds)"
    )


def calls_text(calls: dict[str, int]) -> str:
    """``Create 10, Get 10``: Proton operations without their common words."""
    short = {op.replace("EnvironmentAccountConnection", ""): n for op, n in calls.items()}
    return ", ".join(f"{op} {n}" for op, n in sorted(short.items())) or "none"


def start_up_targets(results: Results) -> list[tuple[str, str, Estimate, float]]:
    """The import and host-start targets measured so far: what, limit, estimate, margin."""
    found = []
    cpu = {name: [c for _, c in values] for name, values in results.imports.items()}
    if cpu:
        resources = paired(cpu["resources"], [0.0] * len(cpu["resources"]))
        settings = paired(cpu["AwsSettings"], cpu["pydantic floor"])
        what = "import the resources, after `import pulumi` (CPU)"
        found.append((what, "<= +30 ms", resources, IMPORT_BUDGET))
        what = "import AwsSettings, against pydantic's floor (CPU)"
        found.append((what, "<= +15 ms", settings, SETTINGS_BUDGET))
    for form in ("dynamic", "plugin") if results.starts else ():
        start = paired(results.starts[f"{form} ours"], results.starts[f"{form} floor"])
        what = f"{form} host: start to first answered Check (CPU)"
        found.append((what, "<= floor + 50 ms", start, START_BUDGET))
    return found


def target_rows(results: Results) -> list[list[str]]:
    """Every target: what, target, measured, verdict."""
    rows = []
    for what, limit, estimate, margin in start_up_targets(results):
        rows.append([what, limit, ms(estimate), estimate.verdict(margin)])
    for n in sizes(results):
        for form in ("dynamic", "plugin"):
            for command in ("up", "preview", "refresh", "destroy"):
                estimate, margin = cpu_target(results, form, n, command)
                what = f"{form} {command}, N={n}: own CPU"
                limit = f"<= floor + {margin * 1000:.0f} ms"
                rows.append([what, limit, ms(estimate), estimate.verdict(margin)])
            memory = paired(peaks(results, form, "ours", n), peaks(results, form, "floor", n))
            rows.append([f"{form} host peak memory, N={n}", "<= floor + 5 MiB"])
            rows[-1] += [ms(memory, 1 / MIB, "MiB"), memory.verdict(MEMORY_BUDGET_KIB)]
    for form in ("dynamic", "plugin"):
        for n in sizes(results):
            first = [s for s in results.samples if s["round"] == 0 and s["n"] == n]
            differ = [
                f"{s['command']}: {calls_text(s['calls'])} against {calls_text(f['calls'])}"
                for s in first
                for f in first
                if (s["form"], s["kind"], f["form"], f["kind"]) == (form, "ours", form, "floor")
                and s["command"] == f["command"]
                and s["calls"] != f["calls"]
            ]
            ours = [s for s in first if (s["form"], s["kind"]) == (form, "ours") and s["calls"]]
            same = "equal: " + "; ".join(f"{s['command']} {calls_text(s['calls'])}" for s in ours)
            rows.append([f"{form} Proton calls, N={n}, every command", "= floor's"])
            rows[-1] += ["; ".join(differ) or same, "**missed**" if differ else "met"]
    if results.latency:
        rows.append(latency_row(results.latency))
    return rows


def latency_row(latency: dict[str, Any]) -> list[str]:
    """The plugin's up at emulated latency <= 1.2 x (N x latency / parallel + the no-op
    plugin floor's up)."""
    n, seconds, parallel = latency["n"], latency["latency_ms"] / 1000, latency["parallel"]
    ideal = n * seconds / parallel
    ours, floor = latency["ups"]["ours"], latency["ups"]["noop"]
    # ours - 1.2 x floor <= 1.2 x ideal, round by round.
    estimate = paired(ours, [LATENCY_FACTOR * f for f in floor])
    what = f"plugin up of {n} at {seconds * 1000:.0f} ms a call, --parallel {parallel}"
    target = f"<= 1.2 x ({ideal:.2f} s + no-op floor's up)"
    measured = (
        f"{statistics.fmean(ours):.2f} s against {statistics.fmean(floor):.2f} s "
        f"(ours - 1.2 x floor: {ms(estimate)}; allowed {LATENCY_FACTOR * ideal * 1000:.0f} ms)"
    )
    return [what, target, measured, estimate.verdict(LATENCY_FACTOR * ideal)]


def mean(results: Results, form: str, kind: str, n: int, command: str, key: str) -> float:
    """The mean of one figure over the rounds (NaN without any)."""
    values = series(results, form, kind, n, command, key)
    return statistics.fmean(values) if values else float("nan")


def context_rows(results: Results) -> list[list[str]]:
    """Mean wall and own CPU seconds per N, form and command, and the ratios (no verdict)."""
    rows = []
    for n in sizes(results):
        for form in ("dynamic", "plugin"):
            for command in ("up", "preview", "refresh", "destroy"):
                figures = {
                    (kind, key): mean(results, form, kind, n, command, key)
                    for kind in ("ours", "floor", "plain")
                    for key in ("wall_s", "cpu_s", "own_cpu_s")
                }
                wall = [figures[kind, "wall_s"] for kind in ("ours", "floor", "plain")]
                own = [figures[kind, "own_cpu_s"] for kind in ("ours", "floor", "plain")]
                ratios = [wall[0] / wall[1], wall[0] / wall[2]]
                ratios.append(figures["ours", "cpu_s"] / figures["floor", "cpu_s"])
                cells = [f"{x:.2f}".replace("nan", "-") for x in (*wall, *ratios, *own)]
                rows.append([str(n), form, command, *cells])
    return rows


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render(results: Results) -> str:
    """bench/results.md: the run, the targets, then the context."""
    m = results.machine
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{results.command}` at {m.get('commit', 'unknown')} on {m['date']}: "
        f"{m['cpus']}; Python {m['python']}; "
        f"Pulumi {m['pulumi']}; {m['packages']}. The run took "
        f"{results.duration_s / 60:.1f} min; load average {' then '.join(results.load)}.",
        "",
        "## Targets",
        "",
        "Ours against its floor, measured side by side in rounds that rotate ours and the "
        "floors of both forms. CPU is of our own processes (the dynamic provider host, the "
        "plugin), read at their exit, against the same process of the shaped floor "
        "(bench/floors.py, bench/plugin_floors.py). Each figure is the mean difference per "
        "round with its 95% interval; a verdict is met or missed only when the whole "
        "interval is on one side of the target, else undecided.",
        "",
        *table(["target", "limit", "measured", "verdict"], target_rows(results)),
        "",
        f"Rounds: {results.policy}. Here: "
        + "; ".join(f"N={key}: {why}" for key, why in results.rounds.items())
        + ".",
        "",
        "## Context, no verdict",
        "",
        "Means over the rounds (the plain floor: first round only). Wall seconds; the ratios "
        "of wall time and of all processes' CPU (engine, program, hosts, emulator); the own "
        "CPU seconds of the provider host.",
        "",
        *table(
            [
                "N",
                "form",
                "command",
                "wall ours",
                "floor",
                "plain",
                "ours/floor",
                "ours/plain",
                "all CPU ours/floor",
                "own CPU ours",
                "floor",
                "plain",
            ],
            context_rows(results),
        ),
    ]
    if results.imports:
        lines += ["", "Imports after `import pulumi`, mean ms (wall, CPU):", ""]
        rows = [
            [
                name,
                *(f"{statistics.fmean(x[i] for x in v) * 1000:.0f}" for i in (0, 1)),
                str(len(v)),
            ]
            for name, v in results.imports.items()
        ]
        lines += table(["import", "wall", "CPU", "runs"], rows)
    if results.organization:
        lines += ["", "## Organization scale", ""]
        lines += table(
            ["N accounts", "form", "command", "wall s", "own CPU s", "hosts", "peak MiB", "calls"],
            [
                [
                    *(str(o["n"]), o["form"], o["command"], f"{o['wall_s']:.1f}"),
                    *(f"{o['own_cpu_s']:.1f}", str(o["hosts"]), f"{o['peak_kib'] / MIB:.0f}"),
                    calls_text(o["calls"]),
                ]
                for o in results.organization
            ],
        )
    return "\n".join(lines) + "\n"


def write(results: Results, path: Path) -> str:
    """Renders `results` into `path`; returns the text."""
    text = render(results)
    path.write_text(text)
    return text
