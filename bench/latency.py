"""Issue 13's latency targets: `pulumi up` of 200 connections with 100 ms of emulated latency
per Proton call and `--parallel 16`, both forms, each beside its no-op floor in the same run.

- the plugin form (`pulumi-resource-proton`): <= 1.2 x (200 x 0.1 s / 16 + the no-op plugin
  floor's up), the floor measured here;
- the dynamic resources (Pulumi's `python -m pulumi.dynamic` host): measured and explained.
  The host serves gRPC with `ThreadPoolExecutor(max_workers=4)`, so at most 4 provider calls
  run at once whatever `--parallel` says: 200 creates take 200 / 4 waves of 0.1 s, 5 s, on top
  of the floor.

Each repetition runs, for every kind in turn (the order rotating from one repetition to the
next, so drift on a shared machine hits all): the emulator reset and set to the latency, the
timed `up` (creates only), then, with the latency off and not timed, a `destroy`, so that the
next `up` creates again. The kinds: ours and the no-op floor in each form, optionally the
API-only floors (bench/floors.py's ApiFloorProvider, bench/plugin_floors.py's `api`), which
make the same Proton calls as ours and nothing else. The no-op floors make no call, so the
latency does not touch them; it is set for them all the same (their call count shows 0).

The emulator runs counted (bench/inflight.py): besides the calls per operation, the most
Proton requests it served at once during the `up`, and the span from the first request to the
last answer.

``python -m bench.latency [--quick] [--repetitions R] [--api-repetitions A]`` writes
bench/latency.md, the same section into bench/results.md (between its markers), and every
sample to bench/raw/latency.json; ``python -m bench`` runs it after the start-up targets.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from bench import plugin_floors, process, report, startup
from bench.inflight import CountingEmulator
from bench.plugin import camel
from bench.stacks import REPO, _cpu_seconds, program, props

RESULTS = Path(__file__).with_name("results.md")
LATENCY = Path(__file__).with_name("latency.md")
RAW = Path(__file__).with_name("raw") / "latency.json"  # every sample (git-ignored)
BEGIN, END = "<!-- latency: bench/latency.py -->", "<!-- /latency -->"
COMMAND = ".venv/bin/python -m bench.latency"

N = 200
LATENCY_MS = 100.0
PARALLEL = 16
TARGET_FACTOR = 1.2
DYNAMIC_HOST_THREADS = 4
"""`pulumi.dynamic.__main__` serves with `futures.ThreadPoolExecutor(max_workers=4)`."""
PROJECT = "latency"
PLUGIN_OUTPUTS = ("arn", "status")
"""Outputs the plugin program declares (the same program for ours and the floors)."""


@dataclass(frozen=True)
class Kind:
    """What one stack measures: a form (`plugin` or `dynamic`) and what serves it."""

    form: str
    serves: str
    """`ours`, `noop` or `api`."""
    description: str


KINDS = {
    "plugin": Kind("plugin", "ours", "ours, pulumi-resource-proton"),
    "plugin no-op": Kind("plugin", "noop", "floor, bench/plugin_floors.py `noop`"),
    "plugin API": Kind("plugin", "api", "floor, bench/plugin_floors.py `api`"),
    "dynamic": Kind("dynamic", "ours", "ours, EnvironmentAccountConnection"),
    "dynamic no-op": Kind("dynamic", "noop", "floor, bench/floors.py NoopProvider"),
    "dynamic API": Kind("dynamic", "api", "floor, bench/floors.py ApiFloorProvider"),
}
MAIN_KINDS = ("plugin", "plugin no-op", "dynamic", "dynamic no-op")
API_KINDS = ("plugin API", "dynamic API")
FORMS = ("plugin", "dynamic")
FLOOR = {"plugin": "plugin no-op", "dynamic": "dynamic no-op"}


@dataclass
class Sample:
    """One timed `up`."""

    wall_s: float
    """The whole `pulumi up` through the Automation API, CLI start and exit included."""
    update_s: float
    """From the engine's prelude event to its summary event: the update itself."""
    cpu_s: float
    """CPU of every process at work (this one, the engine and its plugins, the emulator)."""
    creates: int
    calls: dict[str, int]
    in_flight: dict[str, Any]
    """bench.inflight's counts: `most`, `requests`, `first_start`, `last_end`, `span_s`,
    `busy_s`, `mean_while_busy`, `intervals` (Unix seconds)."""
    started_at: float = 0.0
    """Unix seconds when the `up` began, to place the calls in it."""


@dataclass
class Latency:
    """The samples of one run, by kind, and what the run was."""

    command: str
    machine: dict[str, str]
    n: int
    latency_ms: float
    parallel: int
    repetitions: int
    kinds: list[str]
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    load: dict[str, list[float]] = field(default_factory=dict)
    duration_s: float = 0.0


def plugin_program(n: int) -> Callable[[], None]:
    """`n` connections by type token, camelCase: the inputs of bench.stacks.props."""

    def run() -> None:
        import pulumi

        for i in range(n):
            inputs = {**camel(props(i)), **dict.fromkeys(PLUGIN_OUTPUTS)}
            pulumi.CustomResource(plugin_floors.TOKEN, f"conn-{i}", inputs)

    return run


def make_stack(root: Path, emulator: CountingEmulator, name: str, n: int) -> auto.Stack:
    """A stack of `n` resources of kind `name` on a local file backend, in a project that
    declares the plugin (or its floor) for the plugin form."""
    kind = KINDS[name]
    slug = name.replace(" ", "-").lower()
    work_dir, state = root / slug, root / f"{slug}-state"
    work_dir.mkdir()
    state.mkdir()
    project: dict[str, Any] = {
        "name": PROJECT,
        "runtime": "python",
        "backend": {"url": f"file://{state}"},
    }
    env = {
        **emulator.env(),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        # The dynamic host is `python3` from PATH: this virtualenv's.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        # The dynamic host runs in work_dir: provider and bench.floors must import there.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    if kind.form == "plugin":
        directory = plugin_floors.wrapper(kind.serves, root / f"{slug}-plugin")
        project["plugins"] = {"providers": [{"name": "proton", "path": str(directory)}]}
        run = plugin_program(n)
    else:
        run = program(kind.serves, n)
    # JSON is YAML: the project file as the engine reads it (ProjectSettings has no plugins).
    (work_dir / "Pulumi.yaml").write_text(json.dumps(project, indent=2))
    return auto.create_stack(
        slug,
        project_name=PROJECT,
        program=run,
        opts=auto.LocalWorkspaceOptions(work_dir=str(work_dir), env_vars=env),
    )


def timed_up(stack: auto.Stack, emulator: CountingEmulator) -> Sample:
    """One `up --parallel PARALLEL`, timed whole and from the engine's prelude to summary."""
    marks: dict[str, float] = {}

    def on_event(event: auto.events.EngineEvent) -> None:
        if event.prelude_event is not None:
            marks["prelude"] = time.perf_counter()
        if event.summary_event is not None:
            marks["summary"] = time.perf_counter()

    started_at = time.time()
    cpu, start = _cpu_seconds(emulator), time.perf_counter()
    result = stack.up(color="never", parallel=PARALLEL, on_event=on_event)
    wall = time.perf_counter() - start
    cpu = _cpu_seconds(emulator) - cpu
    return Sample(
        wall_s=wall,
        update_s=marks.get("summary", start + wall) - marks.get("prelude", start),
        cpu_s=cpu,
        creates=(result.summary.resource_changes or {}).get(auto.OpType.CREATE, 0),
        calls=emulator.calls(),
        in_flight=emulator.in_flight(),
        started_at=started_at,
    )


def measure(
    root: Path,
    emulator: CountingEmulator,
    kinds: tuple[str, ...],
    repetitions: int,
    n: int,
    extra: tuple[str, ...] = (),
    extra_repetitions: int = 0,
) -> dict[str, list[Sample]]:
    """`repetitions` rounds of a timed up (with latency) and an untimed destroy (without),
    every kind in each round, the order rotating; the `extra` kinds join the first
    `extra_repetitions` rounds."""
    all_kinds = kinds + extra
    stacks = {name: make_stack(root, emulator, name, n) for name in all_kinds}
    samples: dict[str, list[Sample]] = {name: [] for name in all_kinds}
    for rep in range(max(repetitions, extra_repetitions)):
        these = (kinds if rep < repetitions else ()) + (extra if rep < extra_repetitions else ())
        shift = rep % len(these)
        for name in these[shift:] + these[:shift]:
            emulator.control.reset()  # empty (the last destroy emptied it), counts at zero
            emulator.control.faults(latency_ms=LATENCY_MS)
            sample = timed_up(stacks[name], emulator)
            emulator.control.faults(latency_ms=0)
            if sample.creates < n:
                raise RuntimeError(f"{name}: the up created {sample.creates} of {n} resources")
            samples[name].append(sample)
            print(
                f"  {name}: up {sample.wall_s:.2f} s (update {sample.update_s:.2f} s), "
                f"{sum(sample.calls.values())} Proton calls, "
                f"at most {sample.in_flight['most']:.0f} at once",
                flush=True,
            )
            stacks[name].destroy(color="never", parallel=PARALLEL)
    return samples


def run(repetitions: int, api_repetitions: int, command: str, n: int = N) -> Latency:
    """Measures ours and the no-op floors `repetitions` times, the API floors
    `api_repetitions` times (in the first rounds), and returns the samples."""
    started = time.monotonic()
    extra = API_KINDS if api_repetitions else ()
    kinds = MAIN_KINDS + extra
    result = Latency(
        command=command,
        machine=report.machine(),
        n=n,
        latency_ms=LATENCY_MS,
        parallel=PARALLEL,
        repetitions=repetitions,
        kinds=list(kinds),
        load={"start": list(os.getloadavg())},
    )
    print(
        f"latency: up of {n} at {LATENCY_MS:.0f} ms per Proton call, --parallel {PARALLEL}, "
        f"{repetitions} repetition(s) of {', '.join(MAIN_KINDS)}"
        + (f", {api_repetitions} of {', '.join(extra)}" if extra else ""),
        flush=True,
    )
    with (
        tempfile.TemporaryDirectory(prefix="bench-latency-") as directory,
        CountingEmulator(Path(directory)) as emulator,
    ):
        result.samples = measure(
            Path(directory), emulator, MAIN_KINDS, repetitions, n, extra, api_repetitions
        )
    result.load["end"] = list(os.getloadavg())
    result.duration_s = time.monotonic() - started
    return result


# Reading the figures.


def bound(name: str) -> int:
    """The most Proton calls the kind can have in flight: the engine's `--parallel` for the
    plugin form, the host's threads for the dynamic one."""
    return PARALLEL if KINDS[name].form == "plugin" else DYNAMIC_HOST_THREADS


def timeline(sample: Sample, at_most: int) -> dict[str, float]:
    """Where the Proton calls fell in the up: `first` call and `last` answer (seconds after
    the up began), and `saturated`, the share of that span with `at_most` calls in flight."""
    intervals = sample.in_flight["intervals"]
    if not intervals:
        return {"first": 0.0, "last": 0.0, "saturated": 0.0}
    # At equal times an end (-1) sorts before a start (+1).
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    level, previous, saturated = 0, events[0][0], 0.0
    for moment, step in events:
        if level >= at_most:
            saturated += moment - previous
        level, previous = level + step, moment
    first, last = events[0][0], events[-1][0]
    return {
        "first": first - sample.started_at,
        "last": last - sample.started_at,
        "saturated": saturated / (last - first) if last > first else 0.0,
    }


def median(result: Latency, name: str, key: str = "wall_s") -> float:
    """The median of one figure of a kind's samples: a Sample field, `in_flight.<key>`, or
    `timeline.<key>`."""
    samples = result.samples[name]
    if key.startswith("in_flight."):
        inner = key.split(".", 1)[1]
        return float(statistics.median(s.in_flight[inner] for s in samples))
    if key.startswith("timeline."):
        inner = key.split(".", 1)[1]
        return float(statistics.median(timeline(s, bound(name))[inner] for s in samples))
    return float(statistics.median(getattr(s, key) for s in samples))


def _range(result: Latency, name: str, key: str = "wall_s") -> str:
    values = [getattr(s, key) for s in result.samples[name]]
    return f"{min(values):.2f}-{max(values):.2f}"


def _calls(result: Latency, name: str) -> str:
    calls = result.samples[name][0].calls
    return ", ".join(f"{op} {count}" for op, count in sorted(calls.items())) or "0"


def _per_call_ms(result: Latency, name: str) -> float:
    """Median time a Proton request took in the emulator (the latency and moto's work)."""
    return 1000 * float(
        statistics.median(
            s.in_flight["busy_s"] / s.in_flight["requests"]
            for s in result.samples[name]
            if s.in_flight["requests"]
        )
    )


def _paired_target(result: Latency, ideal: float) -> str:
    """The plugin target checked in each repetition against that repetition's floor."""
    pairs = list(zip(result.samples["plugin"], result.samples[FLOOR["plugin"]], strict=False))
    met = [own.wall_s <= TARGET_FACTOR * (ideal + floor.wall_s) for own, floor in pairs]
    ratios = ", ".join(
        f"{own.wall_s / (TARGET_FACTOR * (ideal + floor.wall_s)):.2f}" for own, floor in pairs
    )
    return (
        f"Each repetition against its own floor: the target met in {sum(met)} of {len(met)} "
        f"(up / target: {ratios})."
    )


def render(result: Latency) -> str:
    """The section: the plugin target met or missed, the dynamic figure explained."""
    n, latency_s, parallel = result.n, result.latency_ms / 1000, result.parallel
    ideal = n * latency_s / parallel
    plugin, plugin_floor = median(result, "plugin"), median(result, FLOOR["plugin"])
    target = TARGET_FACTOR * (ideal + plugin_floor)
    dynamic, dynamic_floor = median(result, "dynamic"), median(result, FLOOR["dynamic"])
    waves = n // DYNAMIC_HOST_THREADS
    per_call_ms = _per_call_ms(result, "dynamic")
    has_api = all(name in result.samples for name in API_KINDS)
    counts = {name: len(result.samples[name]) for name in result.kinds}
    repetitions = (
        f"{result.repetitions} alternating repetitions"
        if len(set(counts.values())) == 1
        else ", ".join(f"{k} {v}" for k, v in counts.items()) + " samples, alternating"
    )

    def at(name: str, key: str) -> float:
        return median(result, name, key)

    lines = [
        BEGIN,
        f"## Up of {n} connections at {result.latency_ms:.0f} ms per Proton call, "
        f"`--parallel {parallel}` (issue 13)",
        "",
        f"Command: `{result.command}` ({result.duration_s / 60:.1f} minutes); medians "
        f"({repetitions}), each a timed `pulumi up` (Automation API, local file backend, the "
        "emulator injecting the latency into every Proton call) followed by an untimed "
        f"destroy without latency. {result.machine['date']}, {result.machine['cpus']}; load "
        f"average {result.load['start'][0]:.2f} at the start, {result.load['end'][0]:.2f} at "
        "the end (other work shares the machine).",
        "",
        "| what | target | measured | |",
        "|---|---|---|---|",
        f"| up, plugin form | <= {TARGET_FACTOR} x ({n} x {latency_s:g} s / {parallel} + the "
        f"no-op plugin's up) = {TARGET_FACTOR} x ({ideal:.2f} + {plugin_floor:.2f}) = "
        f"{target:.2f} s | {plugin:.2f} s ({plugin / target:.2f} of the target) | "
        f"{'met' if plugin <= target else '**missed**'} |",
        f"| up, dynamic resources | measured and explained (the host's "
        f"{DYNAMIC_HOST_THREADS} threads) | {dynamic:.2f} s = the no-op floor's "
        f"{dynamic_floor:.2f} s + {dynamic - dynamic_floor:.2f} s; {dynamic / plugin:.2f} x "
        "the plugin form's | explained below |",
        "",
        "Per kind (medians): the whole `pulumi up`; the update alone (the engine's prelude to "
        "summary event); CPU of all processes; the Proton calls; the most the emulator served "
        "at once; when the first call came and the last was answered, in seconds from the "
        "start of the `up`; the mean number in flight between them; and the share of that "
        f"time at the kind's bound ({parallel} for the plugin form, `--parallel`; "
        f"{DYNAMIC_HOST_THREADS} for the dynamic one, the host's threads).",
        "",
        "| kind | up, s | range | update, s | CPU, s | Proton calls | most in flight | "
        "calls from - to, s | mean in flight | at the bound |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in result.kinds:
        lines.append(
            f"| {name}: {KINDS[name].description} | {at(name, 'wall_s'):.2f} | "
            f"{_range(result, name)} | {at(name, 'update_s'):.2f} | {at(name, 'cpu_s'):.2f} | "
            f"{_calls(result, name)} | {at(name, 'in_flight.most'):.0f} | "
            + (
                f"{at(name, 'timeline.first'):.2f} - {at(name, 'timeline.last'):.2f} | "
                f"{at(name, 'in_flight.mean_while_busy'):.1f} | "
                f"{at(name, 'timeline.saturated'):.0%} |"
                if result.samples[name][0].in_flight["requests"]
                else "- | - | - |"
            )
        )

    def rate(name: str) -> float:
        """Calls per second from the first call to the last answer."""
        return float(
            statistics.median(
                s.in_flight["requests"] / s.in_flight["span_s"]
                for s in result.samples[name]
                if s.in_flight["span_s"]
            )
        )

    plugin_ms, plugin_rate, dynamic_rate = _per_call_ms(result, "plugin"), *map(rate, FORMS)
    cpu = {name: at(name, "cpu_s") for name in result.kinds}
    lines += [
        "",
        f"- **Plugin.** The engine sends up to {parallel} operations at once and the plugin "
        f"serves them all (a pool of {plugin_floors.POOL_SIZE} threads): at most "
        f"{at('plugin', 'in_flight.most'):.0f} Proton calls were in flight. But they came at "
        f"{plugin_rate:.0f} calls/s (from {at('plugin', 'timeline.first'):.2f} s to "
        f"{at('plugin', 'timeline.last'):.2f} s into the up), so {plugin_rate:.0f}/s x "
        f"{plugin_ms:.0f} ms = {plugin_rate * plugin_ms / 1000:.1f} were in flight on average "
        f"(Little's law; measured {at('plugin', 'in_flight.mean_while_busy'):.1f}), and "
        f"{parallel} during {at('plugin', 'timeline.saturated'):.0%} of that time. The engine "
        "sends a create once the program has registered its resource and the plugin has "
        "checked it, at the pace the no-op plugin's update shows "
        f"({at(FLOOR['plugin'], 'update_s'):.2f} s for {n} resources that cost nothing, "
        f"{n / at(FLOOR['plugin'], 'update_s'):.0f}/s): that pace, not `--parallel`, bounds "
        "the concurrency, and the latency overlaps the engine's own work. The up took "
        f"{plugin - plugin_floor:.2f} s more than the no-op plugin's {plugin_floor:.2f} s "
        f"({n} / {parallel} back-to-back waves would be {ideal:.2f} s; the target allows "
        f"{target - plugin_floor:.2f} s); its processes used "
        f"{cpu['plugin'] - cpu[FLOOR['plugin']]:+.2f} s of CPU over the floor's"
        + (
            f" (the API-only plugin, the same calls and nothing else: "
            f"{cpu['plugin API'] - cpu[FLOOR['plugin']]:+.2f} s)"
            if "plugin API" in cpu
            else ""
        )
        + f", on {result.machine['cpus'].split(' ', 1)[0]} CPUs shared with other work. "
        + _paired_target(result, ideal),
        f"- **Dynamic resources.** At most {at('dynamic', 'in_flight.most'):.0f} Proton calls "
        "were in flight: Pulumi's `python -m pulumi.dynamic` host serves every gRPC call "
        f"(the {n} Checks as well as the {n} Creates) on "
        f"`ThreadPoolExecutor(max_workers={DYNAMIC_HOST_THREADS})`, whatever `--parallel` "
        f"says. {n} creates, one call each, make at least {n} / {DYNAMIC_HOST_THREADS} = "
        f"{waves} waves of {latency_s:g} s = {waves * latency_s:.2f} s (at the "
        f"{per_call_ms:.0f} ms a call took in the emulator, latency and moto's work: "
        f"{waves * per_call_ms / 1000:.2f} s). The calls ran from "
        f"{at('dynamic', 'timeline.first'):.2f} s to {at('dynamic', 'timeline.last'):.2f} s "
        f"into the up ({at('dynamic', 'in_flight.span_s'):.2f} s, {dynamic_rate:.0f} calls/s),"
        f" {at('dynamic', 'in_flight.mean_while_busy'):.1f} in flight on average and all "
        f"{DYNAMIC_HOST_THREADS} threads in a call {at('dynamic', 'timeline.saturated'):.0%} "
        "of that time: the waves are the floor of that span, which the Checks (on the same "
        "threads) and the engine's pace stretch. The up took "
        f"{dynamic:.2f} s = the no-op floor's {dynamic_floor:.2f} s + "
        f"{dynamic - dynamic_floor:.2f} s (the floor + the waves, were nothing to overlap: "
        f"{dynamic_floor + waves * latency_s:.2f} s); CPU "
        f"{cpu['dynamic'] - cpu[FLOOR['dynamic']]:+.2f} s over the floor's. The provider cannot"
        " lift the bound (the host is Pulumi's); the plugin form, which the engine drives with"
        f" `--parallel`, does: its calls came {plugin_rate / dynamic_rate:.1f} x as fast, and "
        f"the dynamic up took {dynamic / plugin:.2f} x the plugin form's here.",
    ]
    if has_api:
        pairs = [
            f"{form} API {api.wall_s:.2f} s against ours {own.wall_s:.2f} s and the no-op "
            f"floor's {floor.wall_s:.2f} s"
            for form in FORMS
            for api, own, floor in zip(
                result.samples[f"{form} API"],
                result.samples[form],
                result.samples[FLOOR[form]],
                strict=False,
            )
        ]
        lines.append(
            "- **API-only floors** (the same Proton calls through one cached client, nothing "
            f"else), each beside ours and the no-op floor of the same repetition: "
            f"{'; '.join(pairs)}. CPU (medians): plugin API {cpu['plugin API']:.2f} s, dynamic"
            f" API {cpu['dynamic API']:.2f} s, against ours' {cpu['plugin']:.2f} and "
            f"{cpu['dynamic']:.2f} s."
        )
    lines += [
        "",
        "Samples, up wall s: "
        + "; ".join(
            f"{name} {', '.join(f'{s.wall_s:.2f}' for s in result.samples[name])}"
            for name in result.kinds
        )
        + f". Raw: bench/raw/{RAW.name}.",
        END,
        "",
    ]
    return "\n".join(lines)


def save(result: Latency, path: Path = RAW) -> None:
    """Every sample, as JSON."""
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(result), indent=1))


def load(path: Path = RAW) -> Latency:
    """What `save` wrote."""
    data = json.loads(path.read_text())
    samples = {k: [Sample(**s) for s in v] for k, v in data.pop("samples").items()}
    return Latency(**data, samples=samples)


def write(section: str, results: Path = RESULTS) -> None:
    """bench/latency.md, and the section in `results` (replacing the previous one)."""
    LATENCY.write_text(section)
    startup.write_section(section, results, BEGIN, END)


def section(quick: bool) -> str:
    """Runs the benchmark as `python -m bench [--quick]` does, saves the samples and returns
    the section: 3 repetitions, the API floors in the first, or with `quick` 1 without."""
    command = f"{COMMAND} --quick" if quick else COMMAND
    result = run(1 if quick else 3, 0 if quick else 1, command)
    save(result)
    return render(result)


def main(argv: list[str]) -> int:
    """``python -m bench.latency``."""
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 repetition, no API floors")
    parser.add_argument(
        "--repetitions", type=int, help="of ours and the no-op floors (default 3, quick 1)"
    )
    parser.add_argument(
        "--api-repetitions", type=int, help="of the API-only floors (default 1, quick 0)"
    )
    parser.add_argument("--n", type=int, default=N, help=f"connections (default {N})")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to put the section")
    parser.add_argument("--render", action="store_true", help=f"only render {RAW}")
    args = parser.parse_args(argv)
    if args.render:
        result = load()
    else:
        if shutil.which("pulumi") is None:
            parser.error("the pinned Pulumi engine must be on PATH: see the Makefile's bench")
        repetitions = args.repetitions or (1 if args.quick else 3)
        api = args.api_repetitions if args.api_repetitions is not None else int(not args.quick)
        process.compile_sources()
        result = run(repetitions, api, " ".join([COMMAND, *argv]), args.n)
        save(result)
    text = render(result)
    write(text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
