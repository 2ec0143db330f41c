"""Issue 13's start-up targets, each side by side with its floor in one run (medians):

- a program's ``from provider import ...`` against ``import pulumi`` alone (<= +30 ms);
- the dynamic-provider host (``python -m pulumi.dynamic``) from its start to its first answered
  call (Check, then Diff), ours against the no-op floor's provider (<= +50 ms);
- that host's peak memory (VmHWM) after Check and Diff, against the floor's (<= +5 MiB);
- ``pulumi preview`` (no change, 0 API calls) of N = 10 and 50 connections against the no-op
  floor (<= 1.10 at N=10, <= 1.05 at N=50).

``python -m bench.startup [--runs R] [--preview-runs P]`` writes bench/startup.md and the same
section into bench/results.md (between its markers); ``make bench`` runs it after the rest.
Not measured here (see the section's "Not measured"): the plugin's floors and the 100 ms
latency x 200 connections run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("results.md")
STARTUP = Path(__file__).with_name("startup.md")
BEGIN, END = "<!-- startup: bench/startup.py -->", "<!-- /startup -->"
PROGRAM_IMPORT = (
    "from provider import AwsSettings, EnvironmentAccountConnection, "
    "EnvironmentAccountConnectionAccepter"
)

# A fresh interpreter starts the host as the engine does, answers one Check and one Diff, and
# prints the times (from before the interpreter was spawned, passed in) and its peak memory.
_HOST_CLIENT = """
import json, subprocess, sys, time, os
import grpc
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

provider, started_env = sys.argv[1], dict(os.environ)
props = json.loads(sys.argv[2])
t0 = time.perf_counter()
host = subprocess.Popen([sys.executable, "-m", "pulumi.dynamic"], stdout=subprocess.PIPE,
                        cwd=sys.argv[3])
port = int(host.stdout.readline())
channel = grpc.insecure_channel(f"127.0.0.1:{port}")
stub = provider_pb2_grpc.ResourceProviderStub(channel)
news = struct_pb2.Struct()
news.update({**props, "__provider": provider})
urn = "urn:pulumi:s::p::pulumi-python:dynamic:Resource::r"
grpc.channel_ready_future(channel).result(timeout=30)
stub.Check(provider_pb2.CheckRequest(urn=urn, olds=struct_pb2.Struct(), news=news))
t1 = time.perf_counter()
stub.Diff(provider_pb2.DiffRequest(id="id", urn=urn, olds=news, news=news))
t2 = time.perf_counter()
status = open(f"/proc/{host.pid}/status").read()
peak_kib = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM")))
loaded = "botocore" in open(f"/proc/{host.pid}/maps").read()
host.kill(); host.wait(); channel.close()
print(json.dumps({"first_call": t1 - t0, "second_call": t2 - t1, "peak_mib": peak_kib / 1024,
                  "botocore_mapped": loaded}))
"""


@dataclass
class Startup:
    """The samples of one run (seconds, MiB), by measurement and kind."""

    runs: int
    imports: dict[str, list[float]] = field(default_factory=dict)
    host_first_call: dict[str, list[float]] = field(default_factory=dict)
    host_peak_mib: dict[str, list[float]] = field(default_factory=dict)
    preview: dict[str, list[float]] = field(default_factory=dict)
    """``"<kind> N=<n>"`` -> wall seconds of each no-change preview."""
    notes: list[str] = field(default_factory=list)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return env


def measure_imports(result: Startup) -> None:
    """Fresh interpreters, alternating: ``import pulumi`` and the program's provider import."""
    cases = {"import pulumi": "import pulumi", "from provider import ...": PROGRAM_IMPORT}
    for _ in range(result.runs):
        for name, code in cases.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=_env(), cwd=REPO)
            result.imports.setdefault(name, []).append(time.perf_counter() - start)


def _serialized(kind: str) -> str:
    from pulumi.dynamic.dynamic import serialize_provider

    from bench.floors import NoopProvider
    from provider import EnvironmentAccountConnectionProvider

    provider = EnvironmentAccountConnectionProvider() if kind == "ours" else NoopProvider()
    text: str = serialize_provider(provider)
    return text


def measure_host(result: Startup) -> None:
    """The dynamic host from its start to its first answered Check, and its peak memory, for
    ours and the no-op floor alternately."""
    from bench.stacks import props

    for _ in range(result.runs):
        for kind in ("noop", "ours"):
            ran = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _HOST_CLIENT,
                    _serialized(kind),
                    json.dumps(props(0)),
                    str(REPO),
                ],
                capture_output=True,
                text=True,
                check=True,
                env=_env(),
                cwd=REPO,
            )
            sample: dict[str, Any] = json.loads(ran.stdout.splitlines()[-1])
            result.host_first_call.setdefault(kind, []).append(sample["first_call"])
            result.host_peak_mib.setdefault(kind, []).append(sample["peak_mib"])
            if kind == "ours" and sample["botocore_mapped"]:
                result.notes.append("the host had botocore's C extensions mapped after check/diff")


def measure_preview(result: Startup, sizes: tuple[int, ...], runs: int) -> None:
    """No-change previews of N connections, ours and the no-op floor alternately (one up
    each first, destroyed at the end), through the engine against the emulator."""
    from bench.stacks import Bench, Emulator, timed

    with Emulator() as server, tempfile.TemporaryDirectory(prefix="bench-startup-") as root:
        bench = Bench(Path(root), server)
        for n in sizes:
            stacks = {kind: bench.stack(f"start-{kind}-{n}", kind, n) for kind in ("ours", "noop")}
            for stack in stacks.values():
                stack.up(color="never")
            for _ in range(runs):
                for kind, stack in stacks.items():
                    wall, _cpu = timed("preview", stack, server)
                    result.preview.setdefault(f"{kind} N={n}", []).append(wall)
            for stack in stacks.values():
                stack.destroy(color="never")


def _median(values: list[float]) -> float:
    return statistics.median(values)


def render(result: Startup, command: str) -> str:
    """The section: each target, met or missed, with what reproduces it."""
    rows: list[tuple[str, str, str, bool, str]] = []
    base = _median(result.imports["import pulumi"])
    ours = _median(result.imports["from provider import ..."])
    rows.append(
        (
            "a program's `from provider import ...` against `import pulumi` alone",
            "<= +30 ms",
            f"+{(ours - base) * 1000:.0f} ms ({ours * 1000:.0f} against {base * 1000:.0f} ms)",
            ours - base <= 0.030,
            "fresh interpreters, alternating",
        )
    )
    floor, own = (_median(result.host_first_call[k]) for k in ("noop", "ours"))
    rows.append(
        (
            "provider host: start to first answered call (Check), against the floor's host",
            "<= +50 ms",
            f"+{(own - floor) * 1000:.0f} ms ({own * 1000:.0f} against {floor * 1000:.0f} ms)",
            own - floor <= 0.050,
            "`python -m pulumi.dynamic`, gRPC Check",
        )
    )
    floor_mib, own_mib = (_median(result.host_peak_mib[k]) for k in ("noop", "ours"))
    rows.append(
        (
            "provider host peak memory (VmHWM after Check and Diff), against the floor's host",
            "<= +5 MiB",
            f"+{own_mib - floor_mib:.1f} MiB ({own_mib:.1f} against {floor_mib:.1f} MiB)",
            own_mib - floor_mib <= 5,
            "the same hosts",
        )
    )
    for key in sorted({k.split()[1] for k in result.preview}, key=lambda s: int(s[2:])):
        n = int(key[2:])
        own_s, floor_s = (
            _median(result.preview[f"ours {key}"]),
            _median(result.preview[f"noop {key}"]),
        )
        bound = 1.10 if n <= 10 else 1.05
        rows.append(
            (
                f"preview (0 API calls), dynamic form, against its no-op floor, N={n}",
                f"<= {bound:.2f}",
                f"{own_s / floor_s:.2f} ({own_s:.2f} against {floor_s:.2f} s)",
                own_s / floor_s <= bound,
                "Automation API, local backend",
            )
        )
    lines = [
        BEGIN,
        "## Start-up targets (issue 13)",
        "",
        f"Command: `{command}`; medians of {result.runs} alternating runs each (previews: "
        f"{min((len(v) for v in result.preview.values()), default=0)}).",
        "",
        "| what | target | measured | | how |",
        "|---|---|---|---|---|",
    ]
    for what, target, measured, met, how in rows:
        lines.append(
            f"| {what} | {target} | {measured} | {'met' if met else '**missed**'} | {how} |"
        )
    lines += [
        "",
        "Samples (s or MiB): "
        + "; ".join(
            f"{name} {', '.join(f'{v:.3f}' for v in values)}"
            for group in (
                result.imports,
                result.host_first_call,
                result.host_peak_mib,
                result.preview,
            )
            for name, values in group.items()
        ),
        "",
        "Not measured here: the plugin's own floors (a no-op plugin, an API-only plugin), "
        "preview/up/refresh/destroy of the plugin form, N=200 previews, and the up of 200 "
        "connections at 100 ms emulated latency with `--parallel 16`.",
        *(f"Note: {note}." for note in sorted(set(result.notes))),
        END,
        "",
    ]
    return "\n".join(lines)


def write(section: str, results: Path = RESULTS) -> None:
    """bench/startup.md, and the section in `results` (replacing the previous one)."""
    STARTUP.write_text(section)
    text = results.read_text() if results.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text)


def run(runs: int, preview_runs: int, sizes: tuple[int, ...], command: str) -> str:
    """Measures everything and returns the section."""
    result = Startup(runs)
    print("start-up: imports", flush=True)
    measure_imports(result)
    print("start-up: provider hosts", flush=True)
    measure_host(result)
    print(f"start-up: previews at N={sizes}", flush=True)
    measure_preview(result, sizes, preview_runs)
    return render(result, command)


def main(argv: list[str]) -> int:
    """``python -m bench.startup``."""
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="imports and hosts, each kind")
    parser.add_argument("--preview-runs", type=int, default=5, help="previews, each kind and N")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50])
    args = parser.parse_args(argv)
    command = " ".join([".venv/bin/python -m bench.startup", *argv])
    section = run(args.runs, args.preview_runs, tuple(args.sizes), command)
    write(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
