"""The stacks under measurement: N connections, or N no-op resources of the same shape.

Driven like the end-to-end tests (tests/e2e/conftest.py): Automation API, inline programs,
a local file backend per stack, the emulator server reached through AWS_ENDPOINT_URL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

ENVIRONMENT_ACCOUNT = "123456789012"
MANAGEMENT_ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonEnvironment"
ROLE_2 = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonEnvironment2"
REGION = "us-east-1"
REPO = Path(__file__).resolve().parent.parent
KINDS = ("ours", "noop")


def props(i: int) -> dict[str, Any]:
    """The inputs of resource i: the same for both kinds, so both serialize the same."""
    return {
        "environment_name": f"env-{i}",
        "management_account_id": MANAGEMENT_ACCOUNT,
        "role_arn": ROLE,
        "tags": {"team": "bench"},
    }


def program(kind: str, count: int) -> Callable[[], None]:
    def run() -> None:
        if kind == "ours":
            from provider import EnvironmentAccountConnection

            for i in range(count):
                EnvironmentAccountConnection(f"conn-{i}", **props(i))
        else:
            from bench.noop import NoopResource

            for i in range(count):
                NoopResource(f"noop-{i}", props(i))

    return run


class Emulator:
    """The emulator server in a subprocess, as users run it."""

    def __init__(self) -> None:
        from provider.testing import EmulatorControl

        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "provider.testing",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"the emulator printed {self.url!r} instead of its URL")
        self.control = EmulatorControl(self.url)

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
        }

    def calls(self) -> dict[str, int]:
        calls: dict[str, int] = self.control.stats()["calls"]
        return calls

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def emulator() -> Iterator[Emulator]:
    server = Emulator()
    try:
        yield server
    finally:
        server.close()


@dataclass
class Bench:
    """Where the stacks live, and the environment of the engine and its provider hosts."""

    root: Path
    emulator: Emulator

    def stack(
        self, name: str, kind: str, count: int, env: dict[str, str] | None = None
    ) -> auto.Stack:
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
            # The provider host runs in work_dir; `bench.noop` must import there as `provider` does.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            **(env or {}),
        }
        return auto.create_stack(
            name,
            project_name="bench",
            program=program(kind, count),
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir), project_settings=settings, env_vars=env_vars
            ),
        )


COMMANDS: dict[str, Callable[[auto.Stack], Any]] = {
    "up": lambda s: s.up(color="never"),
    "preview": lambda s: s.preview(color="never", expect_no_changes=True),
    "refresh": lambda s: s.refresh(color="never"),
    "destroy": lambda s: s.destroy(color="never"),
}


def timed(command: str, stack: auto.Stack) -> float:
    start = time.perf_counter()
    COMMANDS[command](stack)
    return time.perf_counter() - start


def checkpoint(stack: auto.Stack) -> dict[str, Any]:
    deployment = stack.export_stack().deployment
    assert deployment is not None
    return dict(deployment)


def state_bytes(deployment: dict[str, Any], kind: str) -> dict[str, float]:
    """Bytes per resource: the whole checkpoint, one resource's entry, its `__provider` value."""
    custom = [r for r in deployment["resources"] if r["type"].startswith("pulumi-python:dynamic")]
    assert custom, f"no {kind} resources in the checkpoint"
    n = len(custom)
    return {
        "checkpoint": len(json.dumps(deployment, separators=(",", ":"))) / n,
        "resource": sum(len(json.dumps(r, separators=(",", ":"))) for r in custom) / n,
        "provider": sum(len(json.dumps(r["outputs"]["__provider"])) for r in custom) / n,
    }
