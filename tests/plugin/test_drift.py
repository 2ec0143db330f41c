"""Drift under the plugin: connections re-tagged, re-roled, deleted and rejected outside
Pulumi. `pulumi refresh` shows each change (Read); the next `pulumi up` repairs the first
three and replaces the rejected one, which Proton cannot accept again."""

from __future__ import annotations

import pytest

from tests.constants import MANAGEMENT_ROLE, OTHER_ROLE, ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import (
    BASE,
    CONNECTION_OUTPUTS,
    Events,
    connection,
    export,
    live,
    mutations_since,
    outputs,
)

pytestmark = pytest.mark.e2e

TAGS = {"team": "platform"}
NAMES = ("retagged", "reroled", "deleted", "rejected")


def program() -> None:
    for name in NAMES:
        props = {**BASE, "environmentName": name, "tags": TAGS}
        export(name, connection(name, props), ("status", "roleArn", "tags"))


def test_refresh_shows_drift_and_up_repairs_or_replaces(
    plugin_stack: PluginStacks, emulator: Emulator
):
    stack = plugin_stack(program)
    ids = {name: out["id"] for name, out in outputs(stack.stack.up()).items()}
    proton = emulator.client()
    arn = live(emulator, ids["retagged"])["arn"]
    proton.untag_resource(resourceArn=arn, tagKeys=["team"])
    proton.tag_resource(resourceArn=arn, tags=[{"key": "owner", "value": "intruder"}])
    proton.update_environment_account_connection(id=ids["reroled"], roleArn=OTHER_ROLE)
    proton.delete_environment_account_connection(id=ids["deleted"])
    emulator.client(role_arn=MANAGEMENT_ROLE).reject_environment_account_connection(
        id=ids["rejected"]
    )

    before = emulator.proton_calls()
    events = Events()
    refreshed = stack.stack.refresh(diff=True, on_event=events.append)

    assert refreshed.summary.resource_changes == {"update": 3, "delete": 1, "same": 1}
    assert mutations_since(emulator, before) == {}  # a refresh only reads
    states = {name: stack.resource(name) for name in NAMES}
    assert states["deleted"] is None
    retagged, reroled, rejected = (states[n] for n in ("retagged", "reroled", "rejected"))
    assert retagged is not None and retagged["outputs"]["tags"] == {"owner": "intruder"}
    assert reroled is not None and reroled["outputs"]["roleArn"] == OTHER_ROLE
    assert rejected is not None and rejected["outputs"]["status"] == "REJECTED"
    for state in (retagged, reroled, rejected):
        assert set(state["outputs"]) >= set(CONNECTION_OUTPUTS)
    # The refresh's own display names what changed.
    assert "intruder" in refreshed.stdout and OTHER_ROLE in refreshed.stdout

    before = emulator.proton_calls()
    events = Events()
    repaired = stack.stack.up(on_event=events.append)

    assert repaired.summary.resource_changes == {
        "update": 2,
        "create": 1,
        "replace": 1,
        "same": 1,
    }
    assert events.ops_of("rejected")[-1] in ("replace", "create-replacement", "delete-replaced")
    assert events.detailed_diff("rejected") == {"status": "update-replace"}
    after = {name: out["id"] for name, out in outputs(repaired).items()}
    assert after["retagged"] == ids["retagged"] and after["reroled"] == ids["reroled"]
    assert live(emulator, ids["retagged"])["tags"] == TAGS
    assert live(emulator, ids["reroled"])["roleArn"] == ROLE
    assert after["deleted"] != ids["deleted"]
    assert live(emulator, after["deleted"])["environmentName"] == "deleted"
    assert after["rejected"] != ids["rejected"]
    assert live(emulator, after["rejected"])["status"] == "PENDING"
    assert mutations_since(emulator, before) == {
        # The deleted one's; the rejected one's successor twice: the URN's clientToken first
        # returns the rejected connection, then the create asks again under a new token.
        "CreateEnvironmentAccountConnection": 3,
        "DeleteEnvironmentAccountConnection": 1,  # the rejected one
        "UpdateEnvironmentAccountConnection": 1,
        "TagResource": 1,
        "UntagResource": 1,
    }
    assert sorted(c["id"] for c in emulator.connections()) == sorted(after.values())
    assert stack.stack.preview().change_summary == {"same": 5}
