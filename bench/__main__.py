"""`python -m bench [--quick] [--organization]`: runs every benchmark, writes bench/results.md
and bench/organization.md, prints them. `--organization` runs only the organization benchmark
(many accounts in one stack, both forms, and the emulator's throughput)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import calls, engine, latency, organization, plugin, process, report, startup, throughput
from bench import organization_report as org_report
from bench.floors import NoopProvider
from bench.stacks import MAIN_KINDS, Bench, Emulator

RESULTS = Path(__file__).with_name("results.md")
RAW = Path(__file__).with_name("raw") / "results.json"  # every sample (git-ignored)
ORG_RESULTS = Path(__file__).with_name("organization.md")
ORG_RAW = RAW.with_name("organization.json")

# N -> (repetitions of the four commands per kind, kinds). The target's N also runs the
# API floor and the region-from-config variant, to split the difference into its causes.
FULL = ("ours", "noop", "api", "ours-region", "api-shaped")
# The API floor at every N, so that the scaling of the calls themselves shows beside ours;
# at 200 also the API floor with a connection's shape, which splits ours' ratio to it.
WITH_API = (*MAIN_KINDS, "api")
DEFAULT_SIZES = {10: (3, WITH_API), 50: (5, FULL), 200: (5, (*WITH_API, "api-shaped"))}
QUICK_SIZES = {10: (1, MAIN_KINDS), 50: (1, FULL)}


def main(argv: list[str]) -> int:
    """Runs the benchmarks `argv` asks for and writes their reports, or with ``--render``
    only renders a saved run; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run at N=10 and 50")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the table")
    parser.add_argument(
        "--render", type=Path, metavar="RAW", help=f"only render the samples of a run ({RAW})"
    )
    parser.add_argument(
        "--organization",
        action="store_true",
        help=f"only the organization benchmark, into {ORG_RESULTS.name} (raw: {ORG_RAW})",
    )
    args = parser.parse_args(argv)
    if args.render:
        if args.organization:
            return _write_org(org_report.load(args.render))
        return _write(report.load(args.render), args.out)
    if shutil.which("pulumi") is None or shutil.which("pulumi-resource-pulumi-python") is None:
        parser.error("the pinned Pulumi engine must be on PATH: run `make bench`")
    process.compile_sources()
    if args.organization:
        return _organization(argv, args.quick)
    sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES

    from provider import EnvironmentAccountConnectionProvider

    started = time.monotonic()
    results = report.Results(
        command=" ".join([".venv/bin/python -m bench", *argv]) + ("" if argv else " (make bench)"),
        machine=report.machine(),
        imports=process.import_times(runs=3 if args.quick else 7),
        slowest_imports=process.slowest_imports(),
        serialized={
            "ours": process.serialized_provider(EnvironmentAccountConnectionProvider()),
            "noop": process.serialized_provider(NoopProvider()),
        },
    )
    with Emulator() as server, tempfile.TemporaryDirectory(prefix="bench-") as root:
        results.calls = calls.per_operation(server)
        bench = Bench(Path(root), server)
        for n, (runs, kinds) in sizes.items():
            print(
                f"N = {n}: {runs} run(s) of up, preview, refresh, destroy for {kinds}", flush=True
            )
            results.sizes.append(engine.measure(bench, n, runs, kinds))
    results.duration_s = time.monotonic() - started
    RAW.parent.mkdir(exist_ok=True)
    report.save(results, RAW)  # first: a report that fails to render can be redone (--render)
    status = _write(results, args.out)
    # Issue 13's start-up targets (bench/startup.py): appended to args.out as a section.
    startup.write(
        startup.run(
            3 if args.quick else 15,
            1 if args.quick else 11,
            (10, 50, 200),
            ".venv/bin/python -m bench.startup",
        ),
        args.out,
    )
    # The plugin form against its own floors (bench/plugin.py): a section of args.out too.
    print(plugin.measure_and_write(args.quick, args.out), flush=True)
    latency.write(latency.section(args.quick), args.out)  # 200 x 100 ms (bench/latency.py)
    return status or _organization(argv, args.quick)


SECTIONS = (
    (startup.BEGIN, startup.END),
    (plugin.BEGIN, plugin.END),
    (latency.BEGIN, latency.END),
)
"""The sections the other benchmarks write into the results file, between their markers."""


def _write(results: report.Results, out: Path) -> int:
    """The main report in `out`, keeping the other benchmarks' sections already there (a
    ``--render`` rewrites the report alone)."""
    text = report.render(results)
    old = out.read_text() if out.exists() else ""
    for begin, end in SECTIONS:
        if begin in old and end in old:
            kept = old.split(begin, 1)[1].split(end, 1)[0]
            text = text.rstrip("\n") + f"\n\n{begin}{kept}{end}\n"
    out.write_text(text)
    print(text)
    return 0


def _organization(argv: list[str], quick: bool) -> int:
    """Many accounts in one stack, both forms, then the emulator's own throughput."""
    started = time.monotonic()
    command = " ".join([".venv/bin/python -m bench", *argv])
    if "--organization" not in argv:
        command += " (make bench)"
    results = org_report.OrgResults(
        command=command,
        machine=report.machine(),
        load={"start": org_report.load_average()},
    )
    sizes = organization.QUICK_SIZES if quick else organization.SIZES
    with Emulator() as server, tempfile.TemporaryDirectory(prefix="bench-org-") as root:
        results.stacks = organization.run_all(Path(root), server, sizes)
        print("the emulator's throughput", flush=True)
        results.throughput = throughput.measure(server)
    results.load["end"] = org_report.load_average()
    results.duration_s = time.monotonic() - started
    ORG_RAW.parent.mkdir(exist_ok=True)
    org_report.save(results, ORG_RAW)
    return _write_org(results)


def _write_org(results: org_report.OrgResults) -> int:
    text = org_report.render(results)
    ORG_RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
