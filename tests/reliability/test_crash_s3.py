"""Crash on Pulumi's S3 backend: `pulumi up` SIGKILLed part way, what it leaves in the bucket,
and the README's recovery for S3, which is the file backend's without its first step.

What the kill leaves, found here and asserted below:

- the lock: one object `.pulumi/locks/organization/PROJECT/STACK/<uuid>.json` naming the dead
  run's pid, user, host and start time. Every later update fails until `pulumi cancel`
  deletes it (a refresh or an update alike; `stack export` still reads);
- the checkpoint `.pulumi/stacks/PROJECT/STACK.json`: complete and valid, as of the last
  step the engine saved (S3 replaces an object whole, so no half-written checkpoint), with
  the creates in flight at the kill under `pending_operations` (type `creating`);
- no history entry for the dead update (Pulumi writes one when an update ends), and no
  `.attrs` sidecar, empty or not: S3 stores an object's metadata with the object.

So on S3 the recovery is: `pulumi cancel --yes`, `pulumi refresh --clear-pending-creates
--yes`, `pulumi up --yes`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator, S3State
from tests.reliability.support import (
    CliProject,
    connections_program,
    creates,
    kill_session,
    quiet,
    recover_killed_up,
    wait_for,
)

pytestmark = pytest.mark.e2e

COUNT = 10
PROJECT, STACK = "reliability", "dev"
PROGRAM = connections_program(COUNT)


def test_sigkilled_up_on_s3_leaves_a_lock_and_pending_creates_and_recovers(
    pulumi_cli: str, emulator: Emulator, s3_state: S3State, tmp_path: Path, figures: Counter[str]
):
    project = CliProject(tmp_path, emulator, PROGRAM, backend=s3_state.url)
    history_before = s3_state.keys(f".pulumi/history/{PROJECT}/{STACK}/")
    # Slow Proton down so that creates are in flight, on the server, when the run dies.
    emulator.control.faults(latency_ms=400, seed=3)
    run = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: creates(emulator) >= 6 or run.poll() is not None, "the first creates")
    assert run.poll() is None, "pulumi up ended before it could be killed"
    kill_session(run)
    quiet(emulator)

    # What the kill left in the bucket.
    [lock] = s3_state.locks(PROJECT, STACK)
    owner = json.loads(s3_state.read(lock))
    assert set(owner) >= {"pid", "username", "hostname", "timestamp"}
    checkpoint = s3_state.checkpoint(PROJECT, STACK)["checkpoint"]["latest"]
    pending = checkpoint.get("pending_operations") or []
    assert pending, "no create was pending at the kill"
    assert {op["type"] for op in pending} == {"creating"}
    recorded_at_crash = project.recorded_ids()
    assert len(recorded_at_crash) < COUNT, "the crash came too late to interrupt anything"
    assert s3_state.keys(f".pulumi/history/{PROJECT}/{STACK}/") == history_before
    everything = s3_state.keys()
    assert not [key for key in everything if key.endswith(".attrs")]
    assert not [key for key in everything if not s3_state.read(key)], "an empty object"

    # The lock stops the next update, and the message names the way out.
    locked = project.run("up", "--yes", "--skip-preview", check=False)
    assert locked.returncode != 0
    assert "pulumi cancel" in locked.stdout + locked.stderr
    assert lock in locked.stdout + locked.stderr

    # The recovery (README, "After an interrupted `pulumi up`", S3 backend).
    def no_lock_left() -> None:
        assert s3_state.locks() == []

    orphans = recover_killed_up(project, emulator, COUNT, after_cancel=no_lock_left)
    assert not s3_state.checkpoint(PROJECT, STACK)["checkpoint"]["latest"].get("pending_operations")
    assert s3_state.locks() == []
    project.run("preview", "--expect-no-changes")
    figures[f"crashes recovered on the S3 backend (SIGKILL during up of {COUNT})"] += 1
    figures["orphaned creates adopted through the clientToken (S3 backend)"] += len(orphans)
