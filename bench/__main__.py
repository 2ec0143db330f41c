"""``python -m bench [--full | --quick] [--render]``: runs the benchmarks, saves every sample to
bench/raw/, writes bench/results.md (``--full``: bench/results-full.md) and prints it.

``make bench`` is the default plan, sized to decide every target in at most 10 minutes on a
2-CPU machine; ``make bench-full`` adds rounds, the latency run at N = 200 and the
organization scale; ``--quick`` is a smoke run. ``--render`` only renders the saved samples.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import organization, runner
from bench import results as res
from bench.stacks import REPO, Emulator

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Plan:
    """What a run measures, and how long it may take."""

    sizes: dict[int, tuple[int, int]]
    """N -> the least and the most rounds."""
    total_s: float
    """The whole run's time: extra rounds stop where the next would pass it."""
    start_ups: tuple[int, int]
    """The least and the most fresh interpreters per import row and hosts per kind."""
    latency: tuple[int, int, float]
    """The latency run: N, timed ups per kind, ms per Proton call."""
    latency_s: float
    """The time kept for the latency run."""
    organization: tuple[int, ...] = ()
    """The organization scale: N accounts."""


PLANS = {
    "quick": Plan({10: (2, 2)}, 180.0, (2, 2), (10, 1, 100.0), 30.0),
    "bench": Plan({10: (3, 10), 50: (3, 8), 200: (3, 5)}, 570.0, (5, 12), (50, 3, 100.0), 75.0),
    "full": Plan(
        {10: (5, 15), 50: (5, 12), 200: (5, 10)},
        3600.0,
        (12, 30),
        (200, 3, 100.0),
        240.0,
        (10, 100),
    ),
}


def host_env() -> dict[str, str]:
    """The environment of the hosts and interpreters started outside the engine: no AWS
    configuration of the machine's, the checkout importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return env


def run(plan: Plan, command: str) -> res.Results:
    """Measures everything `plan` asks for."""
    results = res.Results(command, res.machine(), load=[res.load_average()])
    results.policy = (
        f"at least {min(least for least, _ in plan.sizes.values())} rounds at each N, then "
        "more for a form while one of its CPU or memory targets at that N is undecided, up to "
        + ", ".join(f"{most} at N={n}" for n, (_, most) in plan.sizes.items())
        + f", as long as the whole run stays within {plan.total_s / 60:.1f} minutes"
    )
    started = time.monotonic()
    print("imports", flush=True)
    runner.imports(results, *plan.start_ups, host_env())
    print("host starts", flush=True)
    runner.host_starts(results, *plan.start_ups, host_env())
    with tempfile.TemporaryDirectory(prefix="bench-") as root:
        with Emulator() as emulator:
            print(f"rounds at N = {', '.join(map(str, plan.sizes))}", flush=True)
            budget = plan.total_s - plan.latency_s - (time.monotonic() - started)
            runner.rounds(results, Path(root) / "rounds", emulator, plan.sizes, budget)
        n, ups, latency_ms = plan.latency
        print(f"latency: up of {n} at {latency_ms:.0f} ms a call", flush=True)
        runner.latency(results, Path(root) / "latency", n, ups, latency_ms)
        for size in plan.organization:
            print(f"organization: {size} accounts", flush=True)
            organization.run(results, Path(root) / f"org-{size}", size)
    results.duration_s = time.monotonic() - started
    results.load.append(res.load_average())
    return results


def main(argv: list[str]) -> int:
    """Runs or renders; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--full", action="store_true", help="the long run (make bench-full)")
    group.add_argument("--quick", action="store_true", help="a smoke run, decides little")
    parser.add_argument("--render", action="store_true", help="only render the saved samples")
    args = parser.parse_args(argv)
    plan = "full" if args.full else "quick" if args.quick else "bench"
    name = {"bench": "results", "full": "results-full", "quick": "raw/results-quick"}[plan]
    raw, out = HERE / "raw" / f"{Path(name).name}.json", HERE / f"{name}.md"
    if args.render:
        print(res.write(res.load(raw), out))
        return 0
    if shutil.which("pulumi") is None or shutil.which("pulumi-resource-pulumi-python") is None:
        parser.error("the pinned Pulumi engine must be on PATH: run `make bench`")
    for package in ("provider", "bench"):  # as pip would: no host compiles our sources
        compileall.compile_dir(REPO / package, quiet=1)
    (HERE / "raw").mkdir(exist_ok=True)
    command = {"bench": "make bench", "full": "make bench-full"}.get(plan, "python -m bench")
    results = run(PLANS[plan], command if plan != "quick" else f"{command} --quick")
    res.save(results, raw)
    print(res.write(results, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
