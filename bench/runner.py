"""The runner: every measurement of a run, ours and the floors side by side.

- `rounds`: at each N, one stack per form (dynamic, plugin) and kind (ours, the shaped floor
  ``floor``, the plain floor ``plain``) goes through up, no-change preview, refresh and
  destroy, round after round. In each command ours and its floor run one after the other,
  which goes first alternating and the forms' order rotating, so that a round's pair shares
  the machine's load. The plain floor (context only) runs in the first round, at N <= 50.
- `host_starts`: each form's host from its start to its first answered Check (CPU).
- `imports`: what a program's ``from provider import ...`` costs after ``import pulumi``.
- `latency`: the plugin's up of N connections at an emulated latency, against the no-op floor.

How many: at least `least`, then more while a target is undecided (its 95% interval holds
the limit), up to `most`; for the rounds, also only while the time budget lasts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import struct_pb2  # type: ignore[import-untyped,unused-ignore]
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from bench import results as res
from bench.stacks import (
    COMMANDS,
    FORMS,
    REPO,
    TOKEN,
    Emulator,
    Stack,
    host_command,
    make_stack,
    measure,
    plugin_props,
    props,
    timed_up,
)

KINDS = ("ours", "floor", "plain")
PLAIN_UP_TO = 50
"""The plain floors (context) run in the first round at N up to this, to save time."""


def rotated(items: list[Any], turn: int) -> list[Any]:
    """`items` starting from the `turn`-th, wrapping around."""
    turn %= len(items)
    return items[turn:] + items[:turn]


def rounds(
    results: res.Results,
    root: Path,
    emulator: Emulator,
    sizes: dict[int, tuple[int, int]],
    budget_s: float,
) -> None:
    """Rounds at each N of `sizes` (N -> least and most rounds) into `results.samples`, round
    r at every N before round r + 1. Past `least`, a form runs another round at an N only
    while one of its targets there is undecided and the round fits in `budget_s`."""
    started = time.monotonic()
    stacks: dict[tuple[int, str, str], Stack] = {}
    for n in sizes:
        for form in FORMS:
            for kind in KINDS if n <= PLAIN_UP_TO else KINDS[:2]:
                stacks[n, form, kind] = make_stack(root, emulator, form, kind, n)
    took: dict[tuple[int, str], float] = {}
    for turn in range(max(most for _, most in sizes.values())):
        for n, (least, most) in sizes.items():
            forms, planned = [], time.monotonic() - started
            for form in FORMS:
                left = res.undecided(results, n, form)
                if f"{n} {form}" in results.rounds:
                    continue
                if turn >= most:
                    results.rounds[f"{n} {form}"] = f"{turn} (the most)"
                elif turn >= least and not left:
                    results.rounds[f"{n} {form}"] = f"{turn}, every target decided"
                elif turn >= least and planned + took[n, form] > budget_s:
                    why = f"{turn}, time budget spent ({', '.join(left)} undecided)"
                    results.rounds[f"{n} {form}"] = why
                else:
                    forms.append(form)
                    planned += took.get((n, form), 0.0)
            if not forms:
                continue
            for form in forms:
                took[n, form] = 0.0
            pairs = [(form, kind) for form in rotated(forms, turn) for kind in KINDS[:2]]
            if turn % 2:  # ours first, then the floor first
                pairs = [(form, kind) for form, kind in reversed(pairs)]
            if turn == 0 and n <= PLAIN_UP_TO:
                pairs += [(form, "plain") for form in forms]
            for command in COMMANDS:  # ours and its floor side by side in each command
                for form, kind in pairs:
                    begun = time.monotonic()
                    sample = measure(stacks[n, form, kind], command, emulator)
                    took[n, form] += time.monotonic() - begun
                    record = {"form": form, "kind": kind, "n": n, "round": turn}
                    results.samples.append({**record, "command": command, **asdict(sample)})
            elapsed = time.monotonic() - started
            print(f"  N={n} round {turn + 1}, {' and '.join(forms)}: {elapsed:.0f} s", flush=True)
    for n, (_, most) in sizes.items():
        for form in FORMS:
            results.rounds.setdefault(f"{n} {form}", f"{most} (the most)")


def schedstat_cpu(pid: int) -> float:
    """CPU seconds of process `pid` so far (the scheduler's nanoseconds, not clock ticks)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def start_once(form: str, kind: str, env: dict[str, str]) -> float:
    """A host of `form` served by `kind`, started as the engine starts it, configured and
    asked one Check; returns its CPU seconds at the answer."""
    from pulumi.dynamic.dynamic import serialize_provider

    from bench.floors import ShapedFloorProvider
    from provider import EnvironmentAccountConnectionProvider

    if form == "dynamic":
        provider = (
            EnvironmentAccountConnectionProvider() if kind == "ours" else ShapedFloorProvider()
        )
        inputs = {**props(0), "__provider": serialize_provider(provider)}
        token = "pulumi-python:dynamic:Resource"
    else:
        inputs, token = plugin_props(0), TOKEN
    # The engine's address: unused until a host logs, which these calls do not make it do.
    command = [*host_command(form, kind), "127.0.0.1:1"]
    host = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=REPO, env=env, text=True)
    try:
        assert host.stdout is not None
        channel = grpc.insecure_channel(f"127.0.0.1:{int(host.stdout.readline())}")
        stub = provider_pb2_grpc.ResourceProviderStub(channel)
        news = struct_pb2.Struct()
        news.update(inputs)
        urn = f"urn:pulumi:bench::bench::{token}::conn-0"
        stub.Configure(provider_pb2.ConfigureRequest(args=struct_pb2.Struct(), acceptSecrets=True))
        stub.Check(provider_pb2.CheckRequest(urn=urn, olds=struct_pb2.Struct(), news=news))
        cpu = schedstat_cpu(host.pid)
        channel.close()
        return cpu
    finally:
        host.kill()
        host.wait()


def decided(results: res.Results, prefix: str) -> bool:
    """Whether every start-up target whose name begins with `prefix` is met or missed."""
    targets = res.start_up_targets(results)
    return all(e.verdict(m) != "undecided" for w, _, e, m in targets if w.startswith(prefix))


def host_starts(results: res.Results, least: int, most: int, env: dict[str, str]) -> None:
    """Starts of each form's host, ours and the shaped floor's alternately: `least`, then
    more while a host-start target is undecided, up to `most`."""
    for turn in range(most):
        if turn >= least and decided(results, "dynamic host") and decided(results, "plugin host"):
            break
        for form, kind in rotated([(f, k) for f in FORMS for k in ("ours", "floor")], turn):
            results.starts.setdefault(f"{form} {kind}", []).append(start_once(form, kind, env))


IMPORT_CLIENT = """
import json, sys, time
import pulumi
wall, cpu = time.perf_counter(), time.process_time()
exec(sys.argv[1])
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))
"""


def imports(results: res.Results, least: int, most: int, env: dict[str, str]) -> None:
    """Fresh interpreters per import row, the rows alternating: `least`, then more while an
    import target is undecided, up to `most`."""
    for turn in range(most):
        if turn >= least and decided(results, "import"):
            break
        for name in rotated(list(res.IMPORTS), turn):
            code = [sys.executable, "-c", IMPORT_CLIENT, res.IMPORTS[name]]
            out = subprocess.run(code, env=env, cwd=REPO, capture_output=True, text=True)
            if out.returncode:
                raise RuntimeError(f"import {name}: {out.stderr}")
            results.imports.setdefault(name, []).append(json.loads(out.stdout))


def latency(results: res.Results, root: Path, n: int, runs: int, latency_ms: float) -> None:
    """`runs` timed ups of `n` connections with `latency_ms` per Proton call and --parallel
    16, ours and the no-op plugin floor alternately; each followed by an untimed destroy."""
    parallel = 16
    results.latency = {"n": n, "latency_ms": latency_ms, "parallel": parallel, "ups": {}}
    with Emulator() as emulator:
        stacks = {kind: make_stack(root, emulator, "plugin", kind, n) for kind in ("ours", "noop")}
        for turn in range(runs):
            for kind in rotated(list(stacks), turn):
                emulator.control.reset()
                emulator.control.faults(latency_ms=latency_ms)
                _, times = timed_up(stacks[kind].stack, parallel)
                emulator.control.faults()
                results.latency["ups"].setdefault(kind, []).append(times.total)
                measure(stacks[kind], "destroy", emulator, parallel=parallel)
                print(f"  latency {kind}: up {times.total:.1f} s", flush=True)
