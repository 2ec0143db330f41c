"""The plugin form against its own floors (issue 13), side by side in one run.

For N = 10, 50 and 200, one stack per kind runs the same inline program (N
``proton:index:EnvironmentAccountConnection`` resources with the inputs of bench/stacks.py
``props(i)``, camelCase) against a different ``pulumi-resource-proton``
(bench/plugin_floors.py ``wrapper``):

- ``ours``: the plugin (provider/plugin), as the installed executable runs it;
- ``noop``: a no-op plugin on the same SDK machinery (the floor for preview: 0 API calls);
- ``api``: a plugin making only the unavoidable Proton calls through one cached client (the
  floor for up, refresh and destroy).

Each stack goes through up, no-change preview, refresh and destroy, repeatedly, rotating
which kind goes first, on local file backends against the emulator server (as bench/engine.py
does for the dynamic form; CPU is that of every process at work, bench/stacks.py ``timed``).
Every kind's plugin also records its own process's CPU as it exits (plugin_floors.py
``wrapper(..., cpu_log)``), which shows our plugin's own work apart from the engine's and the
emulator's.

``python -m bench.plugin [--quick]`` writes bench/plugin.md and the same section into
bench/results.md (between its markers); ``make bench`` runs it after the start-up section.
Raw samples: bench/raw/plugin.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from bench import plugin_floors, process, report, startup
from bench.calls import delta
from bench.engine import SizeResult
from bench.organization_report import load_average
from bench.stacks import COMMANDS, REPO, Emulator, props, timed

PLUGIN_MD = Path(__file__).with_name("plugin.md")
RAW = Path(__file__).with_name("raw") / "plugin.json"
BEGIN, END = "<!-- plugin: bench/plugin.py -->", "<!-- /plugin -->"
KINDS = plugin_floors.KINDS
DESCRIPTIONS = {
    "ours": "the plugin, `python -m provider.plugin` (what `pulumi-resource-proton` runs)",
    "noop": "floor: no-op plugin on the same SDK server (bench/plugin_floors.py `NoopPlugin`)",
    "api": "floor + API: only the unavoidable Proton calls, one cached botocore client "
    "(`ApiPlugin`)",
    "shaped": "diagnostic: the no-op plugin storing the outputs ours stores, in values of the "
    "same size (`ShapedNoopPlugin`); its preview against the no-op floor is what ours' "
    "resource shape costs Pulumi, ours against it what ours' own work costs",
    "api-shaped": "diagnostic: the API-only plugin storing the outputs ours stores, as the API "
    "answered them (`ShapedApiPlugin`); the same split for up, refresh and destroy",
}
SIZES = {10: 3, 50: 5, 200: 5}
"""N -> repetitions of the four commands per kind."""
QUICK_SIZES = {10: 1, 50: 1}
FLOOR = {"up": "api", "preview": "noop", "refresh": "api", "destroy": "api"}
"""Each command's floor, as issue 13 sets it."""
SHAPED = {"noop": "shaped", "api": "api-shaped"}
"""Each floor's diagnostic copy with ours' shape."""
TARGETED = (50, 200)
"""Where the ratio target is 1.05; at N=10 only preview has one (1.10)."""


@dataclasses.dataclass
class PluginResults:
    """One run: where and how, and the samples per N (bench/engine.py's SizeResult)."""

    command: str
    machine: dict[str, str]
    sizes: list[SizeResult] = dataclasses.field(default_factory=list)
    duration_s: float = 0.0
    load: dict[str, str] = dataclasses.field(default_factory=dict)
    """The machine's load average (1 / 5 / 15 min) at the start and the end of the run."""


def camel(values: dict[str, Any]) -> dict[str, Any]:
    """`values` (a connection's inputs) with the plugin's names, by the table's own rule."""
    from provider.schema import CONNECTION

    return {CONNECTION.by_name[key].pulumi_name: value for key, value in values.items()}


def program(count: int) -> Any:
    """The inline program, the same for every kind: `count` connections by type token."""

    def run() -> None:
        import pulumi

        for i in range(count):
            pulumi.CustomResource(plugin_floors.TOKEN, f"conn-{i}", camel(props(i)))

    return run


def stack(root: Path, emulator: Emulator, kind: str, n: int) -> auto.Stack:
    """A stack of `n` connections served by `kind`'s plugin, on its own file backend."""
    name = f"plugin-{kind}-{n}"
    work_dir, state = root / name, root / f"{name}-state"
    work_dir.mkdir()
    state.mkdir()
    plugin = plugin_floors.wrapper(kind, root / f"{name}-plugin", cpu_log(root, kind, n))
    project = {
        "name": "bench",
        "runtime": "python",
        "backend": {"url": f"file://{state}"},
        "plugins": {"providers": [{"name": "proton", "path": str(plugin)}]},
    }
    # JSON is YAML: the project file as the engine reads it (ProjectSettings has no plugins).
    (work_dir / "Pulumi.yaml").write_text(json.dumps(project, indent=2))
    env = {
        **emulator.env(),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    return auto.create_stack(
        name,
        project_name="bench",
        program=program(n),
        opts=auto.LocalWorkspaceOptions(work_dir=str(work_dir), env_vars=env),
    )


def cpu_log(root: Path, kind: str, n: int) -> Path:
    """Where the plugin processes of `kind`'s stack of `n` record their CPU seconds."""
    return root / f"plugin-{kind}-{n}-plugin" / "cpu.log"


def stored_state(root: Path, kind: str, n: int) -> dict[str, float]:
    """Bytes per connection in the stack's checkpoint file: the whole file, and the
    connections' own entries (inputs, outputs and the rest the engine keeps)."""
    name = f"plugin-{kind}-{n}"
    path = root / f"{name}-state" / ".pulumi" / "stacks" / "bench" / f"{name}.json"
    resources = json.loads(path.read_text())["checkpoint"]["latest"]["resources"]
    ours = [r for r in resources if r["type"] == plugin_floors.TOKEN]

    def size(value: Any) -> int:
        return len(json.dumps(value, separators=(",", ":")))

    return {
        "checkpoint": path.stat().st_size / n,
        "resource": sum(size(r) for r in ours) / n,
        "outputs": sum(size(r.get("outputs", {})) for r in ours) / n,
    }


def measure(root: Path, emulator: Emulator, n: int, runs: int) -> SizeResult:
    """`runs` rounds of up, preview, refresh, destroy per kind, rotating the first kind."""
    result = SizeResult(
        n,
        seconds={k: {c: [] for c in COMMANDS} for k in KINDS},
        cpu={k: {c: [] for c in COMMANDS} for k in KINDS},
    )
    stacks = {kind: stack(root, emulator, kind, n) for kind in KINDS}
    for run in range(runs):
        for kind in KINDS[run % len(KINDS) :] + KINDS[: run % len(KINDS)]:
            for command in COMMANDS:
                before = emulator.calls()
                plugin_floors.plugin_cpu(cpu_log(root, kind, n))  # from here on
                wall, cpu = timed(command, stacks[kind], emulator)
                result.seconds[kind][command].append(wall)
                result.cpu[kind][command].append(cpu)
                own, processes = plugin_floors.plugin_cpu(cpu_log(root, kind, n))
                reports = result.hosts.setdefault(kind, {}).setdefault(command, [])
                reports.append({"cpu_s": own, "processes": processes})
                if run == 0:
                    calls = delta(before, emulator.calls())
                    result.api_calls.setdefault(kind, {})[command] = calls
                if run == 0 and command == "up":
                    result.state[kind] = stored_state(root, kind, n)
            print(
                f"  N={n} run {run + 1}/{runs} {kind}: "
                + ", ".join(f"{c} {result.seconds[kind][c][-1]:.1f} s" for c in COMMANDS),
                flush=True,
            )
    return result


def run(sizes: dict[int, int], command: str) -> PluginResults:
    """Measures every N of `sizes` (N -> repetitions) against one emulator."""
    from provider.plugin import operations

    # The floors run their blocking calls in a pool of ours' size, so concurrency is equal.
    assert plugin_floors.POOL_SIZE == operations.POOL_SIZE, "bench/plugin_floors.py POOL_SIZE"
    started = time.monotonic()
    results = PluginResults(command, report.machine(), load={"start": load_average()})
    with Emulator() as server, tempfile.TemporaryDirectory(prefix="bench-plugin-") as root:
        for n, runs in sizes.items():
            print(f"plugin: N = {n}, {runs} run(s) of {', '.join(COMMANDS)} for {KINDS}")
            results.sizes.append(measure(Path(root), server, n, runs))
    results.duration_s = time.monotonic() - started
    results.load["end"] = load_average()
    return results


def save(results: PluginResults, path: Path = RAW) -> None:
    """Every sample, as JSON."""
    # Not dataclasses.asdict: it rebuilds a Counter from its (key, count) pairs, as keys.
    data = {field.name: getattr(results, field.name) for field in dataclasses.fields(results)}
    data["sizes"] = [vars(size) for size in results.sizes]
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


def load(path: Path = RAW) -> PluginResults:
    """The samples `save` wrote."""
    data = json.loads(path.read_text())
    sizes = []
    for size in data.pop("sizes"):
        size["api_calls"] = {
            kind: {c: Counter(calls) for c, calls in commands.items()}
            for kind, commands in size["api_calls"].items()
        }
        sizes.append(SizeResult(**size))
    return PluginResults(**data, sizes=sizes)


def _bound(command: str, n: int) -> float | None:
    if n in TARGETED:
        return 1.05
    return 1.10 if command == "preview" and n == 10 else None


def target_rows(results: PluginResults) -> list[list[Any]]:
    """Each ratio target of issue 13 for the plugin form, met or missed (wall and CPU)."""
    rows = []
    for size in results.sizes:
        for command, floor in FLOOR.items():
            bound = _bound(command, size.n)
            if bound is None:
                continue
            for cpu in (False, True):
                own, base = (report.seconds(size, k, command, cpu) for k in ("ours", floor))
                c = report.comparison(size, command, floor=floor, cpu=cpu)
                rows.append(
                    [
                        f"{command}, N={size.n}, {'CPU' if cpu else 'wall'}, against the "
                        f"{'no-op' if floor == 'noop' else 'API-only'} plugin",
                        f"<= {bound:.2f}",
                        f"{c}, {own:.2f} against {base:.2f} s",
                        c.verdict(bound),
                    ]
                )
    return rows


def _slope(a: SizeResult, b: SizeResult, kind: str, command: str, cpu: bool) -> float:
    """ms per extra resource between two sizes (bench/report.py's rule, wall or CPU)."""
    low, high = (report.seconds(s, kind, command, cpu) for s in (a, b))
    return 1000 * (high - low) / (b.n - a.n)


def growth_rows(results: PluginResults) -> list[list[Any]]:
    """Per-resource cost flat or falling from N 10->50 to 50->200, for every kind (the rule of
    bench/report.py: the second slope within the first +25% +2 ms)."""
    if len(results.sizes) < 3:
        return []
    small, mid, large = results.sizes[:3]
    rows = []
    for command in COMMANDS:
        for kind in (k for k in KINDS if all(k in s.seconds for s in (small, mid, large))):
            (low, high), cpu = (
                (_slope(small, mid, kind, command, c), _slope(mid, large, kind, command, c))
                for c in (False, True)
            )
            rows.append(
                [
                    f"{command}, {kind}",
                    f"N {mid.n}->{large.n} <= N {small.n}->{mid.n} (+25% noise)",
                    f"{low:.1f} -> {high:.1f}",
                    f"{cpu[0]:.1f} -> {cpu[1]:.1f}",
                    report.mark(high <= 1.25 * low + 2),  # the target is on wall time
                ]
            )
    return rows


def shape_rows(results: PluginResults) -> list[list[Any]]:
    """Each command's ratio to its floor, split: the floor with ours' shape against the plain
    floor (what the resource's outputs cost Pulumi), ours against the shaped floor (what our
    plugin adds)."""
    rows = []
    for size in results.sizes:
        for command, floor in FLOOR.items():
            shaped_floor = SHAPED[floor]
            if shaped_floor not in size.seconds:
                continue
            for cpu in (False, True):
                ours, shaped, plain = (
                    report.seconds(size, k, command, cpu) for k in ("ours", shaped_floor, floor)
                )
                rows.append(
                    [
                        size.n,
                        command,
                        "CPU" if cpu else "wall",
                        f"{ours / plain:.2f}",
                        f"{shaped / plain:.2f}",
                        f"{ours / shaped:.2f}",
                    ]
                )
    return rows


def own_cpu_rows(results: PluginResults) -> list[list[Any]]:
    """The plugin process's own CPU seconds per command (medians of the rounds): ours against
    the floor with ours' shape, the part of the whole-command figures that is our own work,
    away from the engine's and the emulator's share and their swings."""
    rows = []
    for size in results.sizes:
        for command, floor in FLOOR.items():
            shaped_floor = SHAPED[floor]
            own = {
                kind: statistics.median(r["cpu_s"] for r in size.hosts[kind][command])
                for kind in ("ours", shaped_floor, floor)
                if command in size.hosts.get(kind, {})
            }
            if len(own) < 3:
                continue  # a run from before the plugins recorded their CPU
            ours, shaped = own["ours"], own[shaped_floor]
            rows.append(
                [
                    size.n,
                    command,
                    f"{ours:.2f}",
                    f"{shaped:.2f} ({shaped_floor})",
                    f"{own[floor]:.2f} ({floor})",
                    f"{1000 * (ours - shaped):+.0f}",
                ]
            )
    return rows


def median_rows(results: PluginResults) -> list[list[Any]]:
    """Medians per N, command and kind, with the ratio to the command's floor."""
    rows = []
    for size in results.sizes:
        for command in COMMANDS:
            floor = FLOOR[command]
            for kind in (k for k in KINDS if k in size.seconds):  # an older run may lack one
                walls = size.seconds[kind][command]
                wall, cpu = (report.seconds(size, kind, command, c) for c in (False, True))
                ratios = ["", ""]
                if kind != floor:
                    ratios = [
                        f"{wall / report.seconds(size, floor, command):.2f}",
                        f"{cpu / report.seconds(size, floor, command, True):.2f}",
                    ]
                rows.append(
                    [
                        size.n,
                        command,
                        kind,
                        f"{wall:.2f}",
                        ratios[0],
                        f"{min(walls):.2f}-{max(walls):.2f}",
                        f"{cpu:.2f}",
                        ratios[1],
                        f"{1000 * wall / size.n:.1f}",
                        len(walls),
                    ]
                )
    return rows


def call_rows(results: PluginResults) -> list[list[Any]]:
    """Proton calls per whole command (the first round), ours against the API-only floor."""
    return [
        [
            size.n,
            command,
            *(report._calls(size.api_calls.get(k, {}).get(command, Counter())) for k in KINDS),
        ]
        for size in results.sizes
        for command in COMMANDS
    ]


def render(results: PluginResults) -> str:
    """The section: targets met or missed, growth, medians, API calls."""
    m = results.machine
    runs = ", ".join(f"N={s.n}: {len(s.seconds['ours']['up'])}" for s in results.sizes)
    lines = [
        BEGIN,
        "## The plugin form against its own floors (issue 13)",
        "",
        f"Command: `{results.command}`; {m['date']}, {m['cpus']}, Pulumi {m['pulumi']}; "
        f"the run took {results.duration_s / 60:.1f} min"
        + (
            f", load average {results.load['start']} at the start, {results.load['end']} at "
            "the end (on a loaded machine wall times swing; CPU ratios swing less)"
            if results.load
            else ""
        )
        + f". Medians of the rounds ({runs}); "
        "each round runs up, no-change preview, refresh and destroy per kind, the first kind "
        "rotating. One inline Automation API program of N "
        f"`{plugin_floors.TOKEN}` resources, local file backends, the emulator server; only "
        "`plugins.providers[proton].path` differs between the kinds:",
        "",
        *(f"- `{kind}`: {text}" for kind, text in DESCRIPTIONS.items()),
        "",
        "Preview (0 API calls) is measured against the no-op plugin; up, refresh and destroy "
        "against the API-only plugin. CPU is that of every process at work (this one, where "
        "the program runs; the engine and its plugins; the emulator).",
        "",
        "### Targets",
        "",
        report.ROUNDS_NOTE,
        "",
        *report._table(["what", "target", "ours against the floor", ""], target_rows(results)),
    ]
    shape = shape_rows(results)
    if shape:
        lines += [
            "### Against the floors, split: the resource's shape and our plugin's own work",
            "",
            "No target: the no-op floor stores the inputs alone and the API-only floor the ARN "
            "besides; ours stores five outputs more, which the engine checkpoints, diffs and "
            "sends back to the program for every resource. Each command against its floor "
            "(preview: the no-op plugin; the others: the API-only plugin), that floor with ours' "
            "shape against the plain one, and ours against the shaped floor.",
            "",
            *report._table(
                ["N", "command", "", "ours / floor", "shaped floor / floor", "ours / shaped"],
                shape,
            ),
        ]
    own_cpu = own_cpu_rows(results)
    if own_cpu:
        lines += [
            "### The plugin process's own CPU",
            "",
            "No target: CPU seconds of the plugin processes alone in each command (medians; "
            "each process records its own at exit), so our plugin's work shows apart from the "
            "engine's and the emulator's, which every kind shares and which swing the totals. "
            "The last column is what ours spends beyond the floor with its shape in the whole "
            "command: the plugin's start (about 30 ms more than the floor's) and its work per "
            "resource; it swings by about a tenth of the plugin's figure between runs.",
            "",
            *report._table(
                [
                    "N",
                    "command",
                    "ours s",
                    "shaped floor s",
                    "floor s",
                    "ours - shaped, ms",
                ],
                own_cpu,
            ),
        ]
    growth = growth_rows(results)
    if growth:
        lines += [
            "### Cost growth: ms per extra resource, N 10->50 -> N 50->200",
            "",
            "The target is on wall time (bench/report.py's rule); CPU beside it.",
            "",
            *report._table(["command, kind", "target", "wall ms", "CPU ms", ""], growth),
        ]
    lines += [
        "### Medians",
        "",
        *report._table(
            [
                "N",
                "command",
                "kind",
                "wall s",
                "/ floor",
                "range",
                "CPU s",
                "/ floor",
                "wall ms/resource",
                "runs",
            ],
            median_rows(results),
        ),
        "### State: bytes per connection in the checkpoint file, after the first up",
        "",
        *report._table(
            ["N", "kind", "checkpoint file", "connection entry", "its outputs"],
            [
                [size.n, kind, *(f"{value:.0f}" for value in size.state[kind].values())]
                for size in results.sizes
                for kind in KINDS
                if kind in size.state
            ],
        ),
        "### Proton calls per command (first round, emulator counters)",
        "",
        *report._table(["N", "command", *KINDS], call_rows(results)),
        END,
        "",
    ]
    return "\n".join(lines)


def write(section: str, results: Path = startup.RESULTS) -> None:
    """bench/plugin.md, and the section in `results` (replacing the previous one)."""
    PLUGIN_MD.write_text(section)
    startup.write_section(section, results, BEGIN, END)


def measure_and_write(quick: bool, out: Path = startup.RESULTS) -> str:
    """The whole benchmark (`QUICK_SIZES` or `SIZES`): samples to `RAW`, the section to
    bench/plugin.md and `out`; returns the section. ``python -m bench`` runs it."""
    command = ".venv/bin/python -m bench.plugin" + (" --quick" if quick else "")
    results = run(QUICK_SIZES if quick else SIZES, command)
    save(results)
    section = render(results)
    write(section, out)
    return section


def main(argv: list[str]) -> int:
    """``python -m bench.plugin [--quick] [--render RAW]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.plugin", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round at N=10 and 50")
    parser.add_argument("--out", type=Path, default=startup.RESULTS, help="results file")
    parser.add_argument("--render", type=Path, metavar="RAW", help=f"only render ({RAW})")
    args = parser.parse_args(argv)
    if args.render:
        section = render(load(args.render))
        write(section, args.out)
    else:
        if shutil.which("pulumi") is None:
            parser.error("the pinned Pulumi engine must be on PATH: run `make bench`")
        process.compile_sources()
        section = measure_and_write(args.quick, args.out)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
