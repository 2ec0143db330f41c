"""bench/results.md: medians, ratios against the floor, and each target met or missed."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import process
from bench.calls import TARGETS
from bench.engine import SizeResult, merged
from bench.stacks import COMMANDS, KINDS

RATIO_TARGET = 1.15
RATIO_AT = 50
PROVIDER_BYTES_TARGET = 256
# botocore sessions a `pulumi up` may build in one account and region: the one the client
# cache keeps, and the one that looks the default region up when no setting names one.
SESSIONS_TARGET = 2


@dataclass
class Results:
    """Everything one run of the main benchmark measured: what bench/results.md renders and
    bench/raw/results.json keeps."""

    command: str
    machine: dict[str, str]
    imports: dict[str, float]
    slowest_imports: list[tuple[str, float]]
    serialized: dict[str, dict[str, int]]
    calls: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)
    sizes: list[SizeResult] = field(default_factory=list)
    duration_s: float = 0.0


def save(results: Results, path: Path) -> None:
    """Every sample, as JSON (`load` reads it back for ``--render``)."""
    # Not dataclasses.asdict: it rebuilds each Counter from its (key, count) pairs, as keys.
    data = {f.name: getattr(results, f.name) for f in dataclasses.fields(results)}
    data["sizes"] = [vars(size) for size in results.sizes]
    path.write_text(json.dumps(_jsonable(data), indent=1))


def _jsonable(value: Any) -> Any:
    """JSON keys must be strings: a tuple key (a, b) is written as "a b"."""
    if isinstance(value, dict):
        return {
            " ".join(map(str, k)) if isinstance(k, tuple) else k: _jsonable(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def load(path: Path) -> Results:
    """The `Results` that `save` wrote."""
    data = json.loads(path.read_text())
    sizes = [SizeResult(**size) for size in data.pop("sizes")]
    return Results(**data, sizes=sizes)


def machine() -> dict[str, str]:
    """What the run ran on: date, CPUs, and the Python, Pulumi and package versions."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    cpu = models[0] if models else platform.processor()
    pulumi = subprocess.run(["pulumi", "version"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}",
        "python": platform.python_version(),
        "pulumi": pulumi,
        "packages": ", ".join(
            f"{p} {metadata.version(p)}" for p in ("pulumi", "boto3", "botocore", "moto", "dill")
        ),
    }


def seconds(size: SizeResult, kind: str, command: str, cpu: bool = False) -> float:
    """Median wall seconds, or with `cpu` median CPU seconds of all processes."""
    return statistics.median((size.cpu if cpu else size.seconds)[kind][command])


def ratio(
    size: SizeResult, command: str, kind: str = "ours", floor: str = "noop", cpu: bool = False
) -> float:
    """Median seconds of `kind` over those of `floor` for one command, wall or CPU."""
    return seconds(size, kind, command, cpu) / seconds(size, floor, command, cpu)


@dataclass(frozen=True)
class Comparison:
    """Ours against a floor measured beside it round by round: the ratio of the medians that
    a target is judged on, how closely this run's rounds pin it down, and how far one round's
    machine load moves it."""

    ratio: float
    """Median of ours over median of the floor: the figure a target is judged on."""
    low: float
    """The 2.5th percentile of that ratio over the rounds resampled with replacement."""
    high: float
    """The 97.5th percentile of the same: with `low`, a 95% interval."""
    single_low: float
    """The lowest ratio of a single round (ours against the floor run next to it)."""
    single_high: float
    """The highest ratio of a single round."""

    def verdict(self, bound: float) -> str:
        """Met or missed by the ratio of medians; "within noise" when the interval holds the
        bound, so that this run's rounds cannot tell met from missed."""
        judged = mark(self.ratio <= bound)
        return f"{judged}, within noise" if self.low <= bound < self.high else judged

    def __str__(self) -> str:
        return (
            f"{self.ratio:.2f} (95% {self.low:.2f} to {self.high:.2f}; "
            f"rounds {self.single_low:.2f} to {self.single_high:.2f})"
        )


RESAMPLES = 2000


def compare(ours: Sequence[float], floor: Sequence[float]) -> Comparison:
    """`Comparison` of two lists of samples taken round by round (a round's pair resampled
    together, so drift that hits both stays paired)."""
    pairs = list(zip(ours, floor, strict=True))
    draw = random.Random(13)  # seeded: the same samples always render the same report
    resampled = [
        statistics.median(a for a, _ in sample) / statistics.median(b for _, b in sample)
        for sample in (draw.choices(pairs, k=len(pairs)) for _ in range(RESAMPLES))
    ]
    cuts = statistics.quantiles(resampled, n=40, method="inclusive")  # 2.5% steps
    each = [a / b for a, b in pairs]
    return Comparison(
        statistics.median(ours) / statistics.median(floor), cuts[0], cuts[-1], min(each), max(each)
    )


def comparison(
    size: SizeResult, command: str, kind: str = "ours", floor: str = "noop", cpu: bool = False
) -> Comparison:
    """`compare` of one command's samples, wall or CPU (appended round by round, every kind
    in each round)."""
    samples = size.cpu if cpu else size.seconds
    return compare(samples[kind][command], samples[floor][command])


ROUNDS_NOTE = (
    "Each ratio is of the medians, the figure the target is judged on. Beside it: its 95% "
    f"interval (the ratio of medians over the rounds resampled with replacement, {RESAMPLES:,} "
    "times, a round's pair together), and the lowest and highest ratio of a single round "
    '(ours against the floor run next to it). A verdict "within noise" has the target inside '
    "that interval: this run's rounds cannot tell met from missed. With few rounds (3 to 5, "
    "11 for the start-up section's previews) the interval is rough, and narrower than the truth."
)


def _calls(counter: Counter[str]) -> str:
    detail = ", ".join(f"{op} {n}" for op, n in sorted(counter.items()))
    return f"{sum(counter.values())}" + (f" ({detail})" if detail else "")


def mark(met: bool) -> str:
    """A target's verdict cell: "met", or "missed" in bold."""
    return "met" if met else "**missed**"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _host(size: SizeResult, kind: str, command: str) -> dict[str, Any]:
    return merged(size.hosts[kind][command])


def _clients(host: dict[str, Any]) -> Counter[str]:
    return Counter({k[7:]: v for k, v in host["counts"].items() if k.startswith("client ")})


def _at_target(results: Results) -> SizeResult | None:
    return next((s for s in results.sizes if s.n == RATIO_AT), None)


def summary(results: Results) -> list[str]:
    """The targets table: API calls per operation, overhead against the floors, sessions and
    clients, the serialized provider's size, scaling."""
    rows: list[list[Any]] = []
    for op, target in TARGETS.items():
        calls = sum(results.calls[op]["steady"].values())
        exact = op not in ("read", "check", "diff")
        bound = f"exactly {target}" if exact else f"at most {target}"
        rows.append(
            [
                f"API calls, {op}",
                bound,
                calls,
                mark(calls == target or (calls < target and not exact)),
            ]
        )
    at = _at_target(results)
    for command in COMMANDS if at else ():
        assert at is not None
        r = ratio(at, command)
        rows.append(
            [
                f"engine overhead, {command}, N={at.n}",
                f"<= {RATIO_TARGET}",
                f"{r:.2f}",
                mark(r <= RATIO_TARGET),
            ]
        )
    rows += floor_rows(results)
    for size in results.sizes:
        up = _host(size, "ours", "up")
        sessions, clients = up["counts"].get("botocore.Session", 0), _clients(up)
        rows.append(
            [
                f"botocore sessions / clients built in one `pulumi up`, N={size.n}",
                f"<= {SESSIONS_TARGET} sessions (cache + region lookup), 1 client per service",
                f"{sessions} sessions, clients {_calls(clients)}",
                mark(sessions <= SESSIONS_TARGET and all(v <= 1 for v in clients.values())),
            ]
        )
    pickled = results.serialized["ours"]["pickle"]
    rows.append(
        [
            "serialized provider",
            f"< {PROVIDER_BYTES_TARGET} bytes",
            f"{pickled} bytes ({results.serialized['ours']['base64']} as base64)",
            mark(pickled < PROVIDER_BYTES_TARGET),
        ]
    )
    rows += scaling_rows(results)
    return _table(["what", "target", "measured", ""], rows)


ISSUE_13_FLOORS = {"preview": "noop", "up": "api", "refresh": "api", "destroy": "api"}
"""Issue 13's floor of each command: no API call in a preview, the unavoidable ones else."""


def floor_rows(results: Results) -> list[list[Any]]:
    """Issue 13's ratio targets of the dynamic form, wall and CPU: preview against the no-op
    floor (<= 1.10 at N=10, <= 1.05 above), up, refresh and destroy against the API-only floor
    (<= 1.05 at N=50 and 200)."""
    rows: list[list[Any]] = []
    for size in results.sizes:
        for command, floor in ISSUE_13_FLOORS.items():
            bound = 1.10 if size.n <= 10 else 1.05
            if floor not in size.seconds or (floor == "api" and size.n <= 10):
                continue
            for cpu in (False, True):
                c = comparison(size, command, floor=floor, cpu=cpu)
                rows.append(
                    [
                        f"{command} against the {'no-op' if floor == 'noop' else 'API-only'} "
                        f"floor, N={size.n}, {'CPU' if cpu else 'wall'} (issue 13)",
                        f"<= {bound:.2f}",
                        str(c),
                        c.verdict(bound),
                    ]
                )
    return rows


def shape_split(results: Results) -> list[str]:
    """Ours against the API floor, split (no target): the API floor with a connection's shape
    against the plain one (what the shape costs Pulumi), ours against the shaped floor."""
    rows = [
        [size.n, command, unit]
        + [
            f"{ratio(size, command, kind, floor, unit == 'CPU'):.2f}"
            for kind, floor in (("ours", "api"), ("api-shaped", "api"), ("ours", "api-shaped"))
        ]
        for size in results.sizes
        if "api-shaped" in size.seconds
        for command in ("up", "refresh", "destroy")
        for unit in ("wall", "CPU")
    ]
    if not rows:
        return []
    return [
        "### Against the API floor, split: the connection's shape and our own work",
        "",
        "No target. The API floor's resource declares four inputs and stores the ARN; a "
        "connection also declares three unset inputs and a client-token seed, and stores five "
        "outputs, which Pulumi serializes, checkpoints after every step and diffs. "
        "`api-shaped` is the API floor with that shape (bench/floors.py "
        "`ShapedApiFloorResource`).",
        "",
        *_table(["N", "command", "", "ours / API", "shaped API / API", "ours / shaped API"], rows),
    ]


def _marginal_ms(a: SizeResult, b: SizeResult, kind: str, command: str) -> float:
    """ms per extra resource between two sizes: the slope, without the fixed start-up cost."""
    return 1000 * (seconds(b, kind, command) - seconds(a, kind, command)) / (b.n - a.n)


def scaling_rows(results: Results) -> list[list[Any]]:
    """Linear or better: one more resource costs no more at large N than at small N. The
    floors' own slopes are shown beside ours, measured the same way."""
    if len(results.sizes) < 3:
        return []
    small, mid, large = results.sizes[:3]

    def slopes(kind: str) -> str:
        if not all(kind in size.seconds for size in (small, mid, large)):
            return ""
        low, high = _marginal_ms(small, mid, kind, c), _marginal_ms(mid, large, kind, c)
        return f"{low:.1f} -> {high:.1f}"

    rows = []
    for c in COMMANDS:
        low, high = _marginal_ms(small, mid, "ours", c), _marginal_ms(mid, large, "ours", c)
        floors = [f"{name} {slopes(kind)}" for kind, name in FLOOR_NAMES.items() if slopes(kind)]
        rows.append(
            [
                f"scaling, {c}: wall ms per extra resource",
                f"N {mid.n}->{large.n} <= N {small.n}->{mid.n} (+25% noise)",
                f"ours {low:.1f} -> {high:.1f}; " + "; ".join(floors),
                mark(high <= 1.25 * low + 2),
            ]
        )
    return rows


FLOOR_NAMES = {"noop": "no-op floor", "api": "API floor"}


def api_calls(results: Results) -> list[str]:
    """API calls per provider operation (steady, and the first time in a fresh process), then
    per whole command on N connections."""
    rows = [
        [op, _calls(c["steady"]), _calls(c["first"]), TARGETS[op]]
        for op, c in results.calls.items()
    ]
    lines = _table(["operation", "API calls", "the first time in a fresh process", "target"], rows)
    rows = [
        [size.n, *(_calls(size.api_calls["ours"][c]) for c in COMMANDS)] for size in results.sizes
    ]
    return [
        *lines,
        "Through the engine, whole commands on N connections (same counters):",
        "",
        *_table(["N", *COMMANDS], rows),
    ]


def overhead(results: Results) -> list[str]:
    """Each kind's median wall and CPU seconds per N and command, with its ratio to the
    no-op floor."""
    rows = []
    for size in results.sizes:
        for command in COMMANDS:
            for kind in size.seconds:
                walls = size.seconds[kind][command]
                rows.append(
                    [
                        size.n,
                        command,
                        kind,
                        f"{seconds(size, kind, command):.2f}",
                        "" if kind == "noop" else f"**{ratio(size, command, kind):.2f}**",
                        f"{1000 * seconds(size, kind, command) / size.n:.1f}",
                        f"{min(walls):.2f}-{max(walls):.2f}",
                        f"{seconds(size, kind, command, cpu=True):.2f}",
                        "" if kind == "noop" else f"{ratio(size, command, kind, cpu=True):.2f}",
                        len(walls),
                    ]
                )
    return _table(
        [
            "N",
            "command",
            "kind",
            "wall s",
            "wall ratio to floor",
            "wall ms/resource",
            "wall range s",
            "CPU s",
            "CPU ratio to floor",
            "runs",
        ],
        rows,
    )


def decomposition(results: Results, cpu: bool) -> list[str]:
    """Where ours' extra time over the floor goes, from the kinds measured at the target N."""
    at = _at_target(results)
    if at is None or not {"api", "ours-region"} <= set(at.seconds):
        return []
    rows = []
    for command in COMMANDS:
        noop, api = seconds(at, "noop", command, cpu), seconds(at, "api", command, cpu)
        region = seconds(at, "ours-region", command, cpu)
        ours = seconds(at, "ours", command, cpu)
        rows.append(
            [
                command,
                f"{noop:.2f}",
                f"{api - noop:+.2f}",
                f"{region - api:+.2f}",
                f"{ours - region:+.2f}",
                f"{ours:.2f}",
                f"{ratio(at, command, 'ours', 'api', cpu):.2f}",
                f"{ratio(at, command, 'ours-region', 'api', cpu):.2f}",
            ]
        )
    unit = "CPU s" if cpu else "wall s"
    return _table(
        [
            "command",
            f"floor {unit} (Pulumi)",
            "+ API calls",
            "+ provider's own work",
            "+ region not in config",
            f"= ours {unit}",
            "ours / api floor",
            "ours with aws:region / api floor",
        ],
        rows,
    )


def host_costs(results: Results) -> list[str]:
    """What the provider hosts did per N, command and kind (instrumented pass): sessions,
    clients, peak memory, provider calls and time inside them."""
    rows = []
    for size in results.sizes:
        for command in COMMANDS:
            for kind in size.hosts:
                host = _host(size, kind, command)
                inside = sum(v for k, v in host["seconds"].items() if k.startswith("provider."))
                calls = sum(v for k, v in host["counts"].items() if k.startswith("provider."))
                rows.append(
                    [
                        size.n,
                        command,
                        kind,
                        host["processes"],
                        host["counts"].get("botocore.Session", 0),
                        _calls(_clients(host)),
                        f"{host['peak_kib'] / 1024:.1f}",
                        calls,
                        host["most_concurrent"],
                        f"{1000 * inside:.0f}",
                        f"{1000 * inside / calls:.2f}" if calls else "-",
                    ]
                )
    return _table(
        [
            "N",
            "command",
            "kind",
            "host processes",
            "botocore sessions built",
            "clients built",
            "peak MiB",
            "provider calls",
            "most at once",
            "ms inside provider (sum)",
            "ms per call",
        ],
        rows,
    )


def state(results: Results) -> list[str]:
    """The serialized provider's size per kind, then the checkpoint's bytes per resource per
    N and kind."""
    rows = [[kind, v["pickle"], v["base64"]] for kind, v in results.serialized.items()]
    lines = _table(["provider", "dill pickle bytes", "base64 chars"], rows)
    rows = [
        [size.n, kind, *(f"{v:.0f}" for v in size.state[kind].values())]
        for size in results.sizes
        for kind in size.state
    ]
    keys = list(results.sizes[0].state["ours"]) if results.sizes else []
    return lines + _table(["N", "kind", *(f"{k}, bytes per resource" for k in keys)], rows)


def _fit(a: SizeResult, b: SizeResult, kind: str, command: str, cpu: bool) -> tuple[float, float]:
    """Fixed seconds and ms per resource of a straight line through two sizes."""
    slope = (seconds(b, kind, command, cpu) - seconds(a, kind, command, cpu)) / (b.n - a.n)
    return seconds(a, kind, command, cpu) - slope * a.n, 1000 * slope


def _extra(at: SizeResult, kind: str, base: str) -> str:
    return ", ".join(
        f"{c} {seconds(at, kind, c, True) - seconds(at, base, c, True):+.2f}" for c in COMMANDS
    )


def _ratios(at: SizeResult, kind: str, base: str) -> str:
    return ", ".join(f"{c} {ratio(at, c, kind, base, cpu=True):.2f}" for c in COMMANDS)


def _per_call(host: dict[str, Any], method: str) -> float:
    calls: int = host["counts"].get(f"provider.{method}", 0)
    return float(host["seconds"].get(f"provider.{method}", 0.0)) / max(1, calls)


def findings(results: Results) -> list[str]:
    """What the figures say, each with the measurement behind it (all from this run)."""
    at, first, last = _at_target(results), results.sizes[0], results.sizes[-1]
    if at is None or not {"api", "ours-region"} <= set(at.seconds):
        return []
    imports = results.imports
    up, up_region = _host(at, "ours", "up"), _host(at, "ours-region", "up")
    host_ms = {k: 1000 * v for k, v in imports.items()}
    ours_fixed = sum(
        v for k, v in host_ms.items() if k.split()[0] in ("botocore", "provider", "first")
    )
    peak, floor_peak = up["peak_kib"] / 1024, _host(at, "noop", "up")["peak_kib"] / 1024
    api_peak = _host(at, "api", "up")["peak_kib"] / 1024 if "api" in at.hosts else None
    fits = [
        f"{c} {fixed:.2f} s + {slope:.1f} ms/resource"
        for c in COMMANDS
        for fixed, slope in [_fit(first, last, "noop", c, cpu=False)]
    ]
    resource = at.state["noop"]["resource"]
    return [
        f"Ours (CPU seconds at N={at.n}; differences of medians):",
        "",
        f"- **Sessions.** One `pulumi up` of {at.n} connections builds "
        f"{up['counts'].get('botocore.Session', 0)} botocore sessions, "
        f"{up_region['counts'].get('botocore.Session', 0)} with `aws:region` set: the client "
        "cache's and, without a configured region, one to look the default region up (once "
        "per profile and environment, provider/settings.py `_default_region`). One "
        "construction costs "
        f"{host_ms['one more botocore Session()']:.0f} ms of CPU on an idle interpreter. "
        "Ours without against ours with `aws:region` (CPU s): "
        f"{_extra(at, 'ours', 'ours-region')}.",
        f"- **Against the API floor** (the same calls, nothing else): ours "
        f"{_ratios(at, 'ours', 'api')}; ours with `aws:region` "
        f"{_ratios(at, 'ours-region', 'api')}. With the region known, a create spends "
        f"{1000 * _per_call(up_region, 'create'):.1f} ms inside the provider, the floor's bare "
        f"call {1000 * _per_call(_host(at, 'api', 'up'), 'create'):.1f} ms (instrumented pass).",
        f"- **Fixed cost per command.** Each command starts a new provider host, which imports "
        f"`provider` and, on its first AWS call, botocore and its first client: "
        f"{ours_fixed:.0f} ms (table below). Check and diff import no botocore and parse no "
        "service model: the constraints come from `provider/model.py`, generated from "
        "botocore's models by scripts/gen-model, so a preview pays only `provider` and "
        "pydantic (see the start-up section).",
        f"- **Memory.** Peak of the provider host in `pulumi up`: {peak:.1f} MiB, against "
        f"{floor_peak:.1f} MiB for the no-op floor (botocore and its loaded models)"
        + (
            f" and {api_peak:.1f} MiB for the API floor (+{peak - api_peak:.1f} MiB; issue 13's "
            f"target is +5: {'met' if peak - api_peak <= 5 else 'missed'})."
            if api_peak is not None
            else "."
        ),
        "",
        "Pulumi's own cost (measured on the floor):",
        "",
        f"- **Machinery.** The no-op floor costs, wall, from N={first.n} to N={last.n}: "
        + "; ".join(fits)
        + ". Nothing of ours runs in it.",
        f"- **Host concurrency.** At most {up['most_concurrent']} provider calls ran at once: "
        "`python -m pulumi.dynamic` serves gRPC with `ThreadPoolExecutor(max_workers=4)`, "
        "while the engine runs up to 8 steps at once (`--parallel` default). So N API calls "
        "run in N/4 waves whatever the provider does.",
        f"- **The API itself.** The API floor, bare calls through one cached client, already "
        f"costs {_ratios(at, 'api', 'noop')} times the no-op floor (CPU): the emulator "
        "(moto, in Python) and botocore's request signing share the machine's "
        f"{results.machine['cpus'].split()[0]} CPUs with the engine. That part of the ratio "
        "is not the provider's, and it sets a floor above 1.15 for the commands that call "
        "the API.",
        f"- **Host start.** Pulumi's own imports in every new host: "
        f"{host_ms[next(iter(host_ms))]:.0f} ms per command, paid by every kind.",
        f"- **State.** Of the {resource:.0f} bytes per no-op resource in the checkpoint, "
        f"{at.state['noop']['stackTrace']:.0f} are the program's stack trace that Pulumi "
        "records with each resource (an inline Automation API program has a deep stack).",
        "",
    ]


def render(results: Results) -> str:
    """bench/results.md from one run's results, without the sections the other
    benchmarks append."""
    m = results.machine
    measured = {kind for size in results.sizes for kind in size.seconds}
    kinds = [f"- `{kind}`: {text}" for kind, text in KINDS.items() if kind in measured]
    why = [
        f"Where the time goes at N={RATIO_AT} (differences of the medians; kinds above):",
        "",
        *decomposition(results, cpu=False),
        *decomposition(results, cpu=True),
    ]
    why = why if _at_target(results) and len(why) > 2 else []
    lines = [
        "# Benchmarks",
        "",
        f"- Date: {m['date']}; the whole run took {results.duration_s / 60:.1f} min",
        f"- Machine: {m['cpus']}; Python {m['python']}; Pulumi {m['pulumi']}",
        f"- Packages: {m['packages']}",
        f"- Command: `{results.command}`",
        "",
        "Absolute times are context only (a shared, noisy machine); the ratios against the floor",
        "are the figures. The floors are in `bench/floors.py`, dynamic providers in an importable",
        "module like `provider`, so dill pickles them by reference and the engine's",
        "`python -m pulumi.dynamic` host imports them the same way; all kinds take the same",
        "inputs. Kinds:",
        "",
        *kinds,
        "",
        "## Targets",
        "",
        ROUNDS_NOTE,
        "",
        *summary(results),
        *shape_split(results),
        "## Findings",
        "",
        *findings(results),
        "## API calls per operation",
        "",
        "Counted by the emulator (`GET /_emulator/stats`, Proton operations) across one provider",
        "call each, made in this process against the emulator server (bench/calls.py).",
        "",
        *api_calls(results),
        "## Engine overhead: wall time against the floor (medians)",
        "",
        "`pulumi up` (creates N), no-change `pulumi preview`, `pulumi refresh`, `pulumi destroy`",
        "through the Automation API, local file backend, emulator server (bench/engine.py).",
        "CPU s is the CPU time of every process at work (this one, where the inline program",
        "runs; the engine and its provider hosts; the emulator): less sensitive to other load.",
        "",
        *overhead(results),
        *why,
        "## Inside the provider host process",
        "",
        "One more, untimed pass per N and kind with the host instrumented (bench/host.py):",
        "botocore sessions and clients constructed, calls into the provider and how many ran at",
        "once, time inside them, peak memory (VmHWM).",
        "",
        *host_costs(results),
        "Import and first-client cost in a fresh interpreter, in the order the host pays them",
        "(medians, ms):",
        "",
        *_table(["step", "ms"], [[k, f"{1000 * v:.1f}"] for k, v in results.imports.items()]),
        "Most self time among the modules a preview's host imports of ours ("
        + " and ".join(f"`{name}`" for name in process.HOST_LOADS)
        + ", with what they import): "
        + ", ".join(f"{name} {1000 * s:.1f} ms" for name, s in results.slowest_imports)
        + ".",
        "",
        "## State",
        "",
        "As stored in the backend's checkpoint file (bench/engine.py `stored_state`).",
        "",
        *state(results),
    ]
    return "\n".join(lines).rstrip() + "\n"
