"""Upgrades never diff: state written by every earlier release, in both forms, previews with
no changes with this checkout, then takes an in-place update and a destroy.

Each baseline (tests/upgrade/baselines, recorded by tests/upgrade/record.py at the version
its name gives, never deleted) holds the handshake stack after `up`, with the ids the
emulator gave then. The test creates the same connections in the emulator (accepting those
that were CONNECTED), puts their new ids into the recorded state, imports it into a fresh
stack of the same name, and runs the same program with this checkout's provider: the dynamic
one unpickled from the state by its module paths, the plugin as installed in the virtualenv.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from provider.properties import camel
from tests.constants import MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.engine import PulumiProject
from tests.upgrade.handshake import FORMS, PASSPHRASE, STACK, write_project
from tests.upgrade.record import BASELINES

pytestmark = pytest.mark.e2e

RECORDED = sorted(BASELINES.glob("*.json"))
VENV = Path(sys.prefix)


def test_each_form_has_a_baseline_of_each_release():
    forms = {path.stem.split("-", 1)[0] for path in RECORDED}
    assert forms == set(FORMS)
    assert {"0.1.0", "0.2.0"} <= {path.stem.split("-")[1] for path in RECORDED}


def _recreate(text: str, recorded: dict[str, Any], emulator: Emulator) -> str:
    """Creates the recorded connections in the emulator; `text` with their new ids."""
    proton = emulator.client()
    management = emulator.client(role_arn=MANAGEMENT_ROLE)
    for resource in recorded["deployment"]["resources"]:
        if not resource["type"].endswith(":EnvironmentAccountConnection"):
            continue
        outputs = resource["outputs"]

        def get(name: str, outputs: dict[str, Any] = outputs) -> Any:
            return outputs.get(name, outputs.get(camel(name)))

        made = proton.create_environment_account_connection(
            environmentName=get("environment_name"),
            managementAccountId=get("management_account_id"),
            roleArn=get("role_arn"),
            tags=[{"key": k, "value": v} for k, v in (get("tags") or {}).items()],
        )["environmentAccountConnection"]
        if get("status") == "CONNECTED":
            management.accept_environment_account_connection(id=made["id"])
        text = text.replace(resource["id"], made["id"])
    return text


@pytest.mark.parametrize("baseline", RECORDED, ids=lambda path: path.stem)
def test_recorded_state_upgrades_without_a_diff(
    baseline: Path, engine_bin: Path, emulator: Emulator, tmp_path: Path
):
    form = baseline.stem.split("-", 1)[0]
    text = baseline.read_text()
    state = tmp_path / "state.json"
    state.write_text(_recreate(text, json.loads(text), emulator))
    project = PulumiProject(tmp_path / "project", engine_bin, [VENV / "bin"])
    project.env.update({**emulator.env(), "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE})
    write_project(project.directory, form, VENV, VENV / "bin" if form == "plugin" else None)
    project.pulumi("stack", "init", STACK)
    project.pulumi("stack", "import", "--file", str(state))
    before = emulator.proton_calls()

    project.pulumi("preview", "--expect-no-changes")

    assert emulator.proton_calls() == before  # a preview calls no AWS API
    (connection,) = emulator.connections()
    project.pulumi("config", "set", "team", "infra")
    project.pulumi("up", "--yes")
    (updated,) = emulator.connections()
    assert updated["id"] == connection["id"]  # updated in place, not replaced
    tags = emulator.client().list_tags_for_resource(resourceArn=updated["arn"])["tags"]
    assert tags == [{"key": "team", "value": "infra"}]
    calls = emulator.proton_calls()
    for operation in ("CreateEnvironmentAccountConnection", "DeleteEnvironmentAccountConnection"):
        assert calls.get(operation, 0) == before.get(operation, 0), operation
    project.pulumi("destroy", "--yes")
    assert emulator.connections() == []
