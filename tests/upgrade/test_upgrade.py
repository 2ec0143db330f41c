"""State written by earlier versions previews with no changes with this checkout.

Each baseline (tests/upgrade/baselines, recorded by tests/upgrade/record.py at the version its
name gives) is imported into a fresh stack of the same project and stack name, and the same
program previews it: the engine runs this checkout's providers (the dynamic ones unpickled
from the recorded state by their module paths) and must find nothing to change. A preview
calls no AWS API, so the emulator needs none of the recorded connections.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator
from tests.upgrade.handshake import PASSPHRASE, PROJECT, STACK, program
from tests.upgrade.record import BASELINES

pytestmark = pytest.mark.e2e

DYNAMIC_BASELINES = sorted(BASELINES.glob("dynamic-*.json"))


def test_every_release_has_a_baseline():
    assert [p.stem for p in DYNAMIC_BASELINES], "no baseline recorded"


@pytest.mark.parametrize("baseline", DYNAMIC_BASELINES, ids=lambda p: p.stem)
def test_recorded_state_previews_with_no_changes(
    baseline: Path, pulumi_cli: str, emulator: Emulator, tmp_path: Path
):
    recorded = json.loads(baseline.read_text())
    state = tmp_path / "state"
    state.mkdir()
    stack = auto.create_stack(
        STACK,
        project_name=PROJECT,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(tmp_path),
            project_settings=auto.ProjectSettings(
                name=PROJECT, runtime="python", backend=auto.ProjectBackend(f"file://{state}")
            ),
            env_vars={
                **emulator.env(),
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_SKIP_UPDATE_CHECK": "true",
            },
        ),
    )
    stack.import_stack(auto.Deployment(recorded["version"], recorded["deployment"]))

    preview = stack.preview(expect_no_changes=True)

    assert preview.change_summary == {"same": 3}  # the stack, the connection, the accepter
    assert emulator.proton_calls() == {}
