"""Crash: `pulumi up` of 20 connections SIGKILLed part way, then the documented recovery.

The recovery a user runs after an interrupted `pulumi up` (README, "After a crash"):

    pulumi cancel --yes                          # release the lock the dead run left
    pulumi refresh --clear-pending-creates --yes # forget creates the engine never saw end
    pulumi up --yes                              # create what is missing

Creates that were in flight when the run died reached the service but never reached the
state. The next `up` creates them again with the same deterministic clientToken, and
Proton (here the emulator) answers with the connection it already made, so the orphans are
adopted instead of duplicated.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT
from tests.e2e import programs
from tests.e2e.conftest import Emulator, StackFactory
from tests.reliability.support import (
    ROLE,
    CliProject,
    connections_program,
    creates,
    kill_session,
    quiet,
    recorded_ids,
    recover_killed_up,
    wait_for,
)

pytestmark = pytest.mark.e2e

COUNT = 20
PROGRAM = connections_program(COUNT)


def remove_empty_sidecars(project: CliProject) -> list[Path]:
    """The README's first recovery step for a local file backend: `find STATE -name '*.attrs'
    -empty -delete`. The backend (gocloud's fileblob) renames each checkpoint into place
    atomically, but truncates and rewrites its `.attrs` metadata file in place; a kill in
    between leaves it empty, and every command then fails "failed to load checkpoint: EOF"."""
    empty = [path for path in project.state.rglob("*.attrs") if path.stat().st_size == 0]
    for path in empty:
        path.unlink()
    return empty


def test_sigkilled_up_recovers_to_exactly_twenty_connections(
    pulumi_cli: str, emulator: Emulator, tmp_path: Path, figures: Counter[str]
):
    project = CliProject(tmp_path, emulator, PROGRAM)
    # Slow Proton down so that creates are in flight, on the server, when the run dies.
    emulator.control.faults(latency_ms=400, seed=3)
    run = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: creates(emulator) >= 6 or run.poll() is not None, "the first creates")
    assert run.poll() is None, "pulumi up ended before it could be killed"
    kill_session(run)
    quiet(emulator)
    figures["empty checkpoint sidecars removed after a crash"] += len(
        remove_empty_sidecars(project)
    )

    recorded_at_crash = project.recorded_ids()
    assert len(recorded_at_crash) < COUNT, "the crash came too late to interrupt anything"

    # A locked stack is the first thing the user meets; the message names the way out.
    locked = project.run("up", "--yes", "--skip-preview", check=False)
    assert locked.returncode != 0
    assert "pulumi cancel" in locked.stdout + locked.stderr

    orphans = recover_killed_up(project, emulator, COUNT)
    assert creates(emulator) > COUNT, "no create was retried, so the clientToken was not tested"
    assert (
        "pending_operations" not in project.deployment()
        or not project.deployment()["pending_operations"]
    )
    preview = project.run("preview", "--expect-no-changes")
    assert preview.returncode == 0
    figures["crashes recovered (SIGKILL during up of 20)"] += 1
    figures["orphaned creates adopted through the clientToken"] += len(orphans)


def test_a_create_repeated_with_the_same_inputs_returns_the_same_connection(
    make_stack: StackFactory, emulator: Emulator
):
    """The engine loses a created connection from its state; the next `up` finds it again."""
    stack = make_stack(
        programs.connections(1, management_account_id=MANAGEMENT_ACCOUNT, role_arn=ROLE)
    )
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

    assert remove_empty_sidecars(project) == [sidecar]
    project.run("stack", "export")
