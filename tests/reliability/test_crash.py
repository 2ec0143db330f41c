"""Crash: `pulumi up` of 20 connections SIGKILLed part way, then the documented recovery, on
Pulumi's local file backend and on its S3 backend (the emulator's S3), in both forms (dynamic
resources, plugin): one scenario, parametrized over backend and form.

The recovery a user runs after an interrupted `pulumi up` (README, "After an interrupted
`pulumi up`"), the same for both forms:

    find STATE -name '*.attrs' -empty -delete    # local file backend only (see below)
    pulumi cancel --yes                          # release the lock the dead run left
    pulumi refresh --clear-pending-creates --yes # forget creates the engine never saw end
    pulumi up --yes                              # create what is missing

What the kill leaves, on both backends, asserted below:

- the lock: one object `.pulumi/locks/organization/PROJECT/STACK/<uuid>.json` naming the dead
  run's pid, user, host and start time. Every later update fails until `pulumi cancel`
  deletes it (a refresh or an update alike; `stack export` still reads);
- the checkpoint `.pulumi/stacks/PROJECT/STACK.json`: complete and valid, as of the last
  step the engine saved, with the creates in flight at the kill under `pending_operations`
  (type `creating`);
- no history entry for the dead update (Pulumi writes one when an update ends).

The backends differ in one thing. The file backend (gocloud's fileblob) renames each
checkpoint into place atomically, but truncates and rewrites its `.attrs` metadata sidecar in
place; a kill in between leaves it empty, and every command then fails "failed to load
checkpoint: EOF" until it is deleted. S3 stores an object's metadata with the object and
replaces an object whole: no sidecar, no half-written object.

Creates that were in flight when the run died reached the service but never reached the
state. The next `up` creates them again with the same deterministic clientToken, and
Proton (here the emulator) answers with the connection it already made, so the orphans are
adopted instead of duplicated.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.constants import ENVIRONMENT_ACCOUNT
from tests.e2e.conftest import Emulator, S3State
from tests.reliability.forms import Form, FormStacks
from tests.reliability.support import (
    CliProject,
    creates,
    kill_session,
    quiet,
    recorded_ids,
    recover_killed_up,
    wait_for,
)

pytestmark = pytest.mark.e2e

COUNT = 20
PROJECT, STACK = "reliability", "dev"
BACKENDS = ("file", "s3")


class Backend:
    """Where a CLI project's state lives, read as raw objects (keys relative to its root)."""

    name = ""
    url: str | None = None
    """The backend URL (None: CliProject's own file backend)."""

    def keys(self, prefix: str = "") -> list[str]:
        raise NotImplementedError

    def read(self, key: str) -> bytes:
        raise NotImplementedError

    def locks(self) -> list[str]:
        """The stack's lock objects (a file backend's `.attrs` sidecars left out)."""
        found = self.keys(f".pulumi/locks/organization/{PROJECT}/{STACK}/")
        return [key for key in found if key.endswith(".json")]

    def history(self) -> list[str]:
        return self.keys(f".pulumi/history/{PROJECT}/{STACK}/")

    def checkpoint(self) -> dict[str, Any]:
        """The stack's latest checkpoint, parsed from the raw object."""
        parsed = json.loads(self.read(f".pulumi/stacks/{PROJECT}/{STACK}.json"))
        latest: dict[str, Any] = parsed["checkpoint"]["latest"]
        return latest

    def after_kill(self, figures: Counter[str]) -> None:
        """The backend's own first recovery step and checks, right after the kill."""


class FileBackend(Backend):
    """CliProject's local file backend (`file://ROOT/reliability-state`)."""

    name = "file"

    def __init__(self, root: Path) -> None:
        self.root = root / f"{PROJECT}-state"

    def keys(self, prefix: str = "") -> list[str]:
        found = [str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file()]
        return sorted(key for key in found if key.startswith(prefix))

    def read(self, key: str) -> bytes:
        return (self.root / key).read_bytes()

    def after_kill(self, figures: Counter[str]) -> None:
        figures["empty checkpoint sidecars removed after a crash (file backend)"] += len(
            remove_empty_sidecars(self.root)
        )


class S3Backend(Backend):
    """A bucket of the emulator's S3."""

    name = "s3"

    def __init__(self, s3_state: S3State) -> None:
        self.s3_state = s3_state
        self.url = s3_state.url

    def keys(self, prefix: str = "") -> list[str]:
        return self.s3_state.keys(prefix)

    def read(self, key: str) -> bytes:
        return self.s3_state.read(key)

    def after_kill(self, figures: Counter[str]) -> None:
        everything = self.keys()
        assert not [key for key in everything if key.endswith(".attrs")]
        assert not [key for key in everything if not self.read(key)], "an empty object"


def remove_empty_sidecars(state: Path) -> list[Path]:
    """The README's first recovery step for a local file backend: `find STATE -name '*.attrs'
    -empty -delete` (why: the module's docstring)."""
    empty = [path for path in state.rglob("*.attrs") if path.stat().st_size == 0]
    for path in empty:
        path.unlink()
    return empty


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each crash runs once per backend: the local file backend, then S3."""
    if request.param == "file":
        return FileBackend(tmp_path)
    return S3Backend(request.getfixturevalue("s3_state"))


def test_sigkilled_up_recovers_to_exactly_the_program_s_connections(
    backend: Backend,
    form: Form,
    request: pytest.FixtureRequest,
    pulumi_cli: str,
    emulator: Emulator,
    tmp_path: Path,
    figures: Counter[str],
):
    plugin_dir = request.getfixturevalue("plugin_dir") if form.name == "plugin" else None
    project = CliProject(
        tmp_path,
        emulator,
        form.connections_source(COUNT),
        name=PROJECT,
        backend=backend.url,
        stack=STACK,
        plugin_dir=plugin_dir,
    )
    history_before = backend.history()
    # Slow Proton down so that creates are in flight, on the server, when the run dies.
    emulator.control.faults(latency_ms=400, seed=3)
    run = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: creates(emulator) >= 6 or run.poll() is not None, "the first creates")
    assert run.poll() is None, "pulumi up ended before it could be killed"
    kill_session(run)
    quiet(emulator)
    backend.after_kill(figures)

    # What the kill left in the backend.
    [lock] = backend.locks()
    owner = json.loads(backend.read(lock))
    assert set(owner) >= {"pid", "username", "hostname", "timestamp"}
    pending = backend.checkpoint().get("pending_operations") or []
    assert pending, "no create was pending at the kill"
    assert {op["type"] for op in pending} == {"creating"}
    recorded_at_crash = project.recorded_ids()
    assert len(recorded_at_crash) < COUNT, "the crash came too late to interrupt anything"
    assert backend.history() == history_before

    # A locked stack is the first thing the user meets; the message names the way out.
    locked = project.run("up", "--yes", "--skip-preview", check=False)
    assert locked.returncode != 0
    assert "pulumi cancel" in locked.stdout + locked.stderr
    assert lock in locked.stdout + locked.stderr

    def no_lock_left() -> None:
        assert backend.locks() == []

    orphans = recover_killed_up(project, emulator, COUNT, after_cancel=no_lock_left)
    assert creates(emulator) > COUNT, "no create was retried, so the clientToken was not tested"
    assert not project.deployment().get("pending_operations")
    assert not backend.checkpoint().get("pending_operations")
    assert backend.locks() == []
    preview = project.run("preview", "--expect-no-changes")
    assert preview.returncode == 0
    figures[f"crashes recovered (SIGKILL during up of {COUNT}, {backend.name} backend)"] += 1
    figures[f"orphaned creates adopted through the clientToken ({backend.name} backend)"] += len(
        orphans
    )


def test_a_create_repeated_with_the_same_inputs_returns_the_same_connection(
    form: Form, form_stack: FormStacks, emulator: Emulator
):
    """The engine loses a created connection from its state; the next `up` finds it again."""
    stack = form_stack(form.connections(1))
    stack.up()
    (first,) = recorded_ids(stack).values()

    state = stack.export_stack()
    deployment = state.deployment
    assert isinstance(deployment, dict)  # as parsed from `pulumi stack export`: mutable
    deployment["resources"] = [
        r for r in deployment["resources"] if not r["urn"].endswith("::conn-0")
    ]
    stack.import_stack(state)
    assert recorded_ids(stack) == {}

    stack.up()

    assert recorded_ids(stack) == {"conn-0": first}
    assert [c["id"] for c in emulator.connections()] == [first]
    assert creates(emulator) == 2
    live = emulator.client().get_environment_account_connection(id=first)
    assert live["environmentAccountConnection"]["environmentAccountId"] == ENVIRONMENT_ACCOUNT


def test_an_empty_checkpoint_sidecar_fails_every_command_until_removed(
    pulumi_cli: str, emulator: Emulator, tmp_path: Path
):
    """Why the README's recovery starts with removing empty `.attrs` files: what a kill
    between the truncation and the rewrite of the sidecar leaves, reproduced by hand."""
    project = CliProject(tmp_path, emulator, "pass\n")
    [sidecar] = project.state.rglob("dev.json.attrs")
    sidecar.write_bytes(b"")

    broken = project.run("stack", "export", check=False)
    assert broken.returncode != 0
    assert "failed to load checkpoint: EOF" in broken.stderr

    assert remove_empty_sidecars(project.state) == [sidecar]
    project.run("stack", "export")
