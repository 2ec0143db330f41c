"""The stacks under measurement: N connections, or N no-op resources of the same shape.

Driven like the end-to-end tests (tests/e2e/conftest.py): Automation API, inline programs,
a local file backend per stack, the emulator server reached through AWS_ENDPOINT_URL.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from provider.testing import EmulatorProcess

ENVIRONMENT_ACCOUNT = "123456789012"
MANAGEMENT_ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonEnvironment"
ROLE_2 = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonEnvironment2"
REGION = "us-east-1"
REPO = Path(__file__).resolve().parent.parent

# What is measured, and against what (bench/floors.py holds the floors).
KINDS = {
    "ours": "EnvironmentAccountConnection, region from boto3's default chain (AWS_DEFAULT_REGION)",
    "noop": "floor: no-op dynamic provider (Pulumi's own machinery)",
    "api": "floor + API: only the unavoidable API calls, one cached boto3 client",
    "ours-region": "EnvironmentAccountConnection, region from stack config aws:region",
    "shaped": "diagnostic: the no-op floor with a connection's declared properties and outputs",
    "api-shaped": "diagnostic: the API floor with a connection's declared properties and outputs",
}
MAIN_KINDS = ("ours", "noop")
CONFIG = {"ours-region": {"aws:region": REGION}}


def props(i: int) -> dict[str, Any]:
    """The inputs of resource i: the same for every kind, so all serialize alike."""
    return {
        "environment_name": f"env-{i}",
        "management_account_id": MANAGEMENT_ACCOUNT,
        "role_arn": ROLE,
        "tags": {"team": "bench"},
    }


def program(kind: str, count: int) -> Callable[[], None]:
    """The stack's inline program: `count` resources of `kind` (a connection for "ours"
    kinds, else the kind's floor resource), resource i with `props(i)`."""

    def run() -> None:
        from bench.floors import (
            ApiFloorResource,
            NoopResource,
            ShapedApiFloorResource,
            ShapedNoopResource,
        )
        from provider import EnvironmentAccountConnection

        for i in range(count):
            if kind.startswith("ours"):
                EnvironmentAccountConnection(f"conn-{i}", **props(i))
            else:
                floor = {
                    "noop": NoopResource,
                    "api": ApiFloorResource,
                    "shaped": ShapedNoopResource,
                    "api-shaped": ShapedApiFloorResource,
                }
                floor[kind](f"{kind}-{i}", props(i))

    return run


class Emulator(EmulatorProcess):
    """The emulator server in a subprocess, as users run it, with its Proton call counts."""

    def calls(self) -> dict[str, int]:
        """Proton calls served since the last `control.reset()`, per operation."""
        return self.control.calls()


@dataclass
class Bench:
    """Where the stacks live, and the environment of the engine and its provider hosts."""

    root: Path
    emulator: Emulator

    def stack(
        self, name: str, kind: str, count: int, env: dict[str, str] | None = None
    ) -> auto.Stack:
        """A new stack of `count` resources of `kind`, in its own work dir and file backend,
        its engine and hosts pointed at the emulator (`env` added)."""
        work_dir = self.root / name
        state = self.root / f"{name}-state"
        work_dir.mkdir()
        state.mkdir()
        settings = auto.ProjectSettings(
            name="bench", runtime="python", backend=auto.ProjectBackend(url=f"file://{state}")
        )
        env_vars = {
            **self.emulator.env(),
            "PULUMI_CONFIG_PASSPHRASE": "bench",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            # The provider host runs in work_dir: bench.floors must import there, as provider does.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            **(env or {}),
        }
        stack = auto.create_stack(
            name,
            project_name="bench",
            program=program(kind, count),
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir), project_settings=settings, env_vars=env_vars
            ),
        )
        for key, value in CONFIG.get(kind, {}).items():
            stack.set_config(key, auto.ConfigValue(value))
        return stack


COMMANDS: dict[str, Callable[[auto.Stack], Any]] = {
    "up": lambda s: s.up(color="never"),
    "preview": lambda s: s.preview(color="never", expect_no_changes=True),
    "refresh": lambda s: s.refresh(color="never"),
    "destroy": lambda s: s.destroy(color="never"),
}


def _cpu_seconds(emulator: Emulator) -> float:
    """CPU time so far of every process at work: this one (the inline program runs here), the
    engine and its provider hosts (children, once waited for), and the emulator server."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    stat = Path(f"/proc/{emulator.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    emulator_ticks = int(stat[11]) + int(stat[12])  # utime, stime
    return (
        time.process_time()
        + children.ru_utime
        + children.ru_stime
        + emulator_ticks / os.sysconf("SC_CLK_TCK")
    )


def timed(command: str, stack: auto.Stack, emulator: Emulator) -> tuple[float, float]:
    """Wall seconds and CPU seconds (all processes) of one command."""
    cpu, start = _cpu_seconds(emulator), time.perf_counter()
    COMMANDS[command](stack)
    return time.perf_counter() - start, _cpu_seconds(emulator) - cpu
