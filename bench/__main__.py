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
from pathlib import Path

from bench import organization, runner
from bench import results as res
from bench.stacks import REPO, Emulator

HERE = Path(__file__).parent
PLANS = {
    # N -> (least, most) rounds; seconds for the rounds; host starts and imports per kind;
    # the latency run (N, timed ups per kind, ms per call); organization N.
    "quick": ({10: (2, 2)}, 120.0, 2, 2, (10, 1, 100.0), ()),
    "bench": ({10: (3, 8), 50: (3, 6), 200: (3, 4)}, 400.0, 12, 12, (50, 3, 100.0), ()),
    "full": ({10: (5, 12), 50: (5, 10), 200: (5, 8)}, 3600.0, 30, 30, (200, 3, 100.0), (10, 100)),
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


def run(plan: str, command: str) -> res.Results:
    """Measures everything `plan` asks for."""
    sizes, budget, starts, imports, (n, ups, latency_ms), org_sizes = PLANS[plan]
    results = res.Results(command, res.machine(), load=[res.load_average()])
    results.policy = (
        f"at least {min(least for least, _ in sizes.values())} rounds at each N, then more "
        "while a CPU or memory target at that N is undecided, up to "
        + ", ".join(f"{most} at N={n}" for n, (_, most) in sizes.items())
        + f", as long as all rounds stay within {budget / 60:.0f} minutes"
    )
    started = time.monotonic()
    print("imports", flush=True)
    runner.imports(results, imports, host_env())
    print("host starts", flush=True)
    runner.host_starts(results, starts, host_env())
    with tempfile.TemporaryDirectory(prefix="bench-") as root:
        with Emulator() as emulator:
            print(f"rounds at N = {', '.join(map(str, sizes))}", flush=True)
            runner.rounds(results, Path(root) / "rounds", emulator, sizes, budget)
        print(f"latency: up of {n} at {latency_ms:.0f} ms a call", flush=True)
        runner.latency(results, Path(root) / "latency", n, ups, latency_ms)
        for size in org_sizes:
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
    results = run(plan, command if plan != "quick" else f"{command} --quick")
    res.save(results, raw)
    print(res.write(results, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
