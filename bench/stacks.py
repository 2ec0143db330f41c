"""The stacks under measurement, both forms, and one command on one of them, measured.

Driven like the end-to-end tests: Automation API, inline programs, a local file backend per
stack, the emulator server reached through AWS_ENDPOINT_URL. Every provider host runs through
bench/exitstat.py, which records its CPU seconds and peak memory as it exits: for the dynamic
form as PULUMI_PYTHON_CMD (the engine's ``pulumi-resource-pulumi-python`` runs
``$PULUMI_PYTHON_CMD -u -m pulumi.dynamic ADDRESS``), for the plugin form as the
``pulumi-resource-proton`` of the project's ``plugins: providers:`` entry.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from provider.testing import EmulatorProcess

MANAGEMENT_ACCOUNT = "111111111111"
ROLE = "arn:aws:iam::123456789012:role/ProtonEnvironment"
REPO = Path(__file__).resolve().parent.parent
FORMS = ("dynamic", "plugin")
COMMANDS = ("up", "preview", "refresh", "destroy")
TOKEN = "proton:index:EnvironmentAccountConnection"


def props(i: int, prefix: str = "") -> dict[str, Any]:
    """The inputs of connection i (the dynamic form's names); `prefix` keeps the environment
    names of stacks that are up at the same time apart (Proton allows one connection per
    environment and account)."""
    return {
        "environment_name": f"{prefix}env-{i}",
        "management_account_id": MANAGEMENT_ACCOUNT,
        "role_arn": ROLE,
        "tags": {"team": "bench"},
    }


def plugin_props(i: int, prefix: str = "") -> dict[str, Any]:
    """The same inputs with the plugin's names."""
    return {
        "environmentName": f"{prefix}env-{i}",
        "managementAccountId": MANAGEMENT_ACCOUNT,
        "roleArn": ROLE,
        "tags": {"team": "bench"},
    }


class Emulator(EmulatorProcess):
    """The emulator server in a subprocess, as users run it, with its Proton call counts."""

    def calls(self) -> dict[str, int]:
        """Proton calls served since the last reset, per operation."""
        return self.control.calls()


@dataclass
class Times:
    """One timed `pulumi up`."""

    update: float
    """From the engine's prelude event to its summary event: the update itself."""
    total: float
    """The whole command, CLI start and exit included."""


def timed_up(stack: auto.Stack, parallel: int) -> tuple[auto.UpResult, Times]:
    """`pulumi up --parallel` on `stack`, timed whole and from the engine's prelude to its
    summary (the benchmark's latency target and the concurrency tests share it)."""
    marks: dict[str, float] = {}

    def on_event(event: auto.events.EngineEvent) -> None:
        if event.prelude_event is not None:
            marks["prelude"] = time.monotonic()
        if event.summary_event is not None:
            marks["summary"] = time.monotonic()

    started = time.monotonic()
    result = stack.up(color="never", parallel=parallel, on_event=on_event)
    total = time.monotonic() - started
    return result, Times(marks["summary"] - marks["prelude"], total)


def dynamic_program(kind: str, n: int, prefix: str) -> Callable[[], None]:
    """`n` connections (``ours``) or resources of a floor (``floor``, ``plain``)."""

    def run() -> None:
        from bench.floors import PlainFloor, ShapedFloor
        from provider import EnvironmentAccountConnection

        for i in range(n):
            if kind == "ours":
                EnvironmentAccountConnection(f"conn-{i}", **props(i, prefix))
            else:
                (ShapedFloor if kind == "floor" else PlainFloor)(f"conn-{i}", props(i, prefix))

    return run


def plugin_program(n: int, prefix: str) -> Callable[[], None]:
    """`n` connections by type token: the same program whichever plugin serves them."""

    def run() -> None:
        import pulumi

        for i in range(n):
            pulumi.CustomResource(TOKEN, f"conn-{i}", plugin_props(i, prefix))

    return run


@dataclass
class Stack:
    """A stack, and the file where its provider hosts record themselves (bench/exitstat.py)."""

    stack: auto.Stack
    log: Path


def host_command(form: str, kind: str) -> list[str]:
    """The provider host of `form` served by `kind`, as the engine would start it (the dynamic
    host's provider is in the stack's state, not on the command line)."""
    if form == "dynamic":
        return [sys.executable, "-u", "-m", "pulumi.dynamic"]
    module = ["provider.plugin"] if kind == "ours" else ["bench.plugin_floors", kind]
    return [sys.executable, "-u", "-m", *module]


def make_stack(
    root: Path,
    emulator: Emulator,
    form: str,
    kind: str,
    n: int,
    program: Callable[[], None] | None = None,
) -> Stack:
    """A new stack of `n` resources of `kind` (``ours`` or a floor) in `form`, in its own work
    dir and file backend under `root`, its hosts run through bench/exitstat.py."""
    name, prefix = f"{form}-{kind}-{n}", f"{form[0]}{kind[0]}-"
    work_dir, state = root / name, root / f"{name}-state"
    work_dir.mkdir(parents=True)
    state.mkdir()
    log = root / f"{name}.hosts"
    stat = [sys.executable, "-S", str(REPO / "bench" / "exitstat.py"), str(log)]
    project: dict[str, Any] = {"name": "bench", "runtime": "python"}
    project["backend"] = {"url": f"file://{state}"}
    env = {
        **emulator.env(),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        # The hosts run in work_dir: provider and bench must import there.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    if form == "dynamic":
        env["PULUMI_PYTHON_CMD"] = str(script(work_dir / "python", [*stat, sys.executable]))
        program = program or dynamic_program(kind, n, prefix)
    else:
        script(work_dir / "plugin" / "pulumi-resource-proton", stat + host_command(form, kind))
        project["plugins"] = {"providers": [{"name": "proton", "path": str(work_dir / "plugin")}]}
        program = program or plugin_program(n, prefix)
    # JSON is YAML: the project file as the engine reads it (ProjectSettings has no plugins).
    (work_dir / "Pulumi.yaml").write_text(json.dumps(project))
    options = auto.LocalWorkspaceOptions(work_dir=str(work_dir), env_vars=env)
    return Stack(auto.create_stack(name, project_name="bench", program=program, opts=options), log)


def script(path: Path, command: list[str]) -> Path:
    """An executable at `path` that runs `command` with its own arguments appended."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexec " + " ".join(f'"{part}"' for part in command) + ' "$@"\n')
    path.chmod(0o755)
    return path


def cpu_seconds(emulator: Emulator) -> float:
    """CPU so far of every process at work: this one (the inline program runs here), the
    engine and its hosts (children, once waited for), and the emulator server."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    stat = Path(f"/proc/{emulator.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(stat[11]) + int(stat[12])  # utime, stime
    own = time.process_time() + children.ru_utime + children.ru_stime
    return own + ticks / os.sysconf("SC_CLK_TCK")


def exited(log: Path, timeout: float = 30.0) -> list[dict[str, Any]]:
    """The records of the hosts that wrote to `log`, once every one that started has exited
    (the engine may return before its hosts are gone); empties `log`."""
    deadline = time.monotonic() + timeout
    while True:
        records = (
            [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        )
        ended = [r for r in records if "cpu_s" in r]
        if records and len(ended) * 2 == len(records):
            log.write_text("")
            return ended
        if time.monotonic() > deadline:
            raise RuntimeError(f"{log}: a provider host did not exit ({records})")
        time.sleep(0.05)


@dataclass
class Sample:
    """One command on one stack."""

    wall_s: float
    cpu_s: float
    """CPU of every process at work: the engine, the program, the hosts, the emulator."""
    own_cpu_s: float
    """CPU of the provider hosts alone (ours, or the floor's), summed."""
    peak_kib: int
    """The largest peak resident memory of a provider host."""
    hosts: int
    calls: dict[str, int] = field(default_factory=dict)
    """Proton calls per operation."""


COMMAND_CALLS: dict[str, Callable[..., Any]] = {
    "up": lambda s, **o: s.up(color="never", **o),
    "preview": lambda s, **o: s.preview(color="never", expect_no_changes=True, **o),
    "refresh": lambda s, **o: s.refresh(color="never", **o),
    "destroy": lambda s, **o: s.destroy(color="never", **o),
}


def measure(stack: Stack, command: str, emulator: Emulator, **options: Any) -> Sample:
    """Runs `command` on `stack` and measures it."""
    before = emulator.calls()
    cpu, start = cpu_seconds(emulator), time.perf_counter()
    COMMAND_CALLS[command](stack.stack, **options)
    wall = time.perf_counter() - start
    hosts = exited(stack.log)
    cpu = cpu_seconds(emulator) - cpu
    after = emulator.calls()
    calls = {op: n - before.get(op, 0) for op, n in after.items() if n != before.get(op, 0)}
    own = sum(h["cpu_s"] for h in hosts)
    return Sample(wall, cpu, own, max(h["peak_kib"] for h in hosts), len(hosts), calls)
