"""Helpers shared by the reliability tests: reading a stack's state, converging under faults,
and a Pulumi project on disk driven by the `pulumi` CLI (for the tests that must kill it)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pulumi import automation as auto

from tests.e2e.conftest import Emulator, deployment_of
from tests.plugin.support import project_file
from tests.reliability.forms import CONNECTION_PREFIX

T = TypeVar("T")

PASSPHRASE = "reliability"


def connection_resources(deployment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The connections a deployment records (resources named conn-*, our programs' convention)."""
    return [
        r
        for r in deployment.get("resources", [])
        if r.get("custom") and r["urn"].rsplit("::", 1)[-1].startswith(CONNECTION_PREFIX)
    ]


def recorded_ids(stack: auto.Stack) -> dict[str, str]:
    """Resource name -> connection id, for every connection in the stack's state."""
    deployment = deployment_of(stack)
    return {r["urn"].rsplit("::", 1)[-1]: r["id"] for r in connection_resources(deployment)}


def quiet(emulator: Emulator) -> None:
    """Turns all fault injection off (state and counters stay)."""
    emulator.control.faults(throttle_rate=0.0, error_rate=0.0, latency_ms=0)


def converge(action: Callable[[], T], figures: Counter[str], what: str) -> T:
    """Runs a Pulumi operation; where Pulumi gives up, runs it exactly once more."""
    try:
        return action()
    except auto.errors.CommandError:
        figures[f"{what} retried once after Pulumi gave up"] += 1
        return action()


def assert_exactly_recorded(emulator: Emulator, recorded: dict[str, str], expected: int) -> None:
    """The emulator holds exactly the connections the stack records: no duplicate, no orphan."""
    live = emulator.connections()
    live_ids = [c["id"] for c in live]
    assert len(recorded) == expected, f"stack records {len(recorded)} connections: {recorded}"
    assert len(set(recorded.values())) == expected, f"two resources share an id: {recorded}"
    assert sorted(live_ids) == sorted(recorded.values()), (
        f"orphans in the emulator: {sorted(set(live_ids) - set(recorded.values()))}; "
        f"recorded but missing: {sorted(set(recorded.values()) - set(live_ids))}; "
        f"{len(live_ids)} live, {len(set(live_ids))} distinct"
    )
    names = [c["environmentName"] for c in live]
    assert len(set(names)) == len(names), f"duplicate connections per environment: {sorted(names)}"


def creates(emulator: Emulator) -> int:
    """How many CreateEnvironmentAccountConnection calls the emulator has answered."""
    return emulator.proton_calls().get("CreateEnvironmentAccountConnection", 0)


def recover_killed_up(
    project: CliProject,
    emulator: Emulator,
    count: int,
    after_cancel: Callable[[], None] = lambda: None,
) -> set[str]:
    """The README's recovery after a killed `up` (cancel, refresh --clear-pending-creates,
    up), checked: the emulator ends with exactly `count` connections, all in the stack, and
    the creates that were in flight are adopted through their clientToken, not made twice.
    Returns those adopted orphans. `after_cancel` checks what cancel left (e.g. no lock)."""
    project.run("cancel", "--yes")
    after_cancel()
    project.run("refresh", "--yes", "--skip-preview", "--clear-pending-creates")
    recorded = project.recorded_ids()
    orphans = {c["id"] for c in emulator.connections()} - set(recorded.values())
    # The point of the test: creates the state never saw did reach the service.
    assert orphans, "no create was in flight at the crash; nothing tested the clientToken"
    creates_before_up = creates(emulator)
    project.run("up", "--yes", "--skip-preview")
    final = project.recorded_ids()
    assert_exactly_recorded(emulator, final, count)
    assert orphans <= set(final.values()), "orphaned connections were not adopted by the stack"
    assert creates(emulator) - creates_before_up == count - len(recorded)
    return orphans


class CliProject:
    """A Pulumi Python project on disk, run with the `pulumi` CLI as a user would run it.

    Used where the test must SIGKILL the engine: an Automation API inline program runs in
    the test process itself.
    """

    def __init__(
        self,
        root: Path,
        emulator: Emulator,
        program: str,
        name: str = "reliability",
        backend: str | None = None,
        stack: str | None = "dev",
        plugin_dir: Path | None = None,
    ):
        """The project `name` in `root`; its state in `backend` (a URL) or, by default, in a
        file backend in `root`/NAME-state. `stack` is created and selected (None: none).
        With `plugin_dir`, its Pulumi.yaml declares the plugin there (the plugin form)."""
        self.dir = root / name
        self.state = root / f"{name}-state"
        self.dir.mkdir()
        project = f"name: {name}\nruntime: python\n"
        if plugin_dir is not None:
            project = project_file(name, plugin_dir)
        (self.dir / "Pulumi.yaml").write_text(project)
        (self.dir / "__main__.py").write_text(textwrap.dedent(program))
        if backend is None:
            self.state.mkdir()
            backend = f"file://{self.state}"
        self.env = {
            **os.environ,
            **emulator.env(),
            "PULUMI_BACKEND_URL": backend,
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
        }
        if stack is not None:
            self.run("stack", "init", stack)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.dir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            start_new_session=True,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done

    def start(self, *args: str, output: bool = False) -> subprocess.Popen[str]:
        """Starts `pulumi ARGS` in a new session, so that the whole run can be killed; with
        `output`, its stdout and stderr are pipes to read (`communicate()`)."""
        stream = subprocess.PIPE if output else subprocess.DEVNULL
        return subprocess.Popen(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.dir,
            env=self.env,
            stdout=stream,
            stderr=stream,
            text=True,
            start_new_session=True,
        )

    def deployment(self, *args: str) -> dict[str, Any]:
        """`pulumi stack export ARGS` (e.g. `--stack NAME`)'s deployment."""
        exported = json.loads(self.run("stack", "export", *args).stdout)
        deployment: dict[str, Any] = exported["deployment"]
        return deployment

    def recorded_ids(self, *args: str) -> dict[str, str]:
        return {
            r["urn"].rsplit("::", 1)[-1]: r["id"]
            for r in connection_resources(self.deployment(*args))
        }


def session_members(session_id: int) -> Iterator[int]:
    """Pids of every process in a session (the engine, the language host, the providers)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state ppid pgrp session ...
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session_id:
            yield int(entry.name)


def kill_session(process: subprocess.Popen[str]) -> None:
    """SIGKILLs every process of the run at once: the crash of the machine running `pulumi`.

    Pulumi starts its plugins in process groups of their own, so killing only the engine's
    group would leave the language host and the providers running on.
    """
    for _ in range(3):  # processes may fork while we look
        for pid in session_members(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    process.wait(timeout=30)


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    """Polls `predicate` until true (a liveness bound, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout:.0f}s")
        time.sleep(0.02)
