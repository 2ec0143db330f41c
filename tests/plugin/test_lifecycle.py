"""The plugin's EnvironmentAccountConnection through the engine: create, in-place updates of
roles and tags (only the calls they need), replaces with their detailed diff, delete before
replace, and destroy."""

from __future__ import annotations

import pytest

from tests.constants import ENVIRONMENT_ACCOUNT, OTHER_ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import (
    BASE,
    COMPONENT_ROLE,
    CONNECTION,
    CONNECTION_OUTPUTS,
    HIDDEN,
    Events,
    calls_since,
    hidden_properties,
    live,
    mutations_since,
    one_connection,
    outputs,
)

pytestmark = pytest.mark.e2e

TAGS = {"team": "platform", "cost": "42"}


def test_create_update_roles_and_tags_in_place_then_destroy(
    plugin_stack: PluginStacks, emulator: Emulator
):
    props = {**BASE, "tags": TAGS}
    stack = plugin_stack(one_connection(props))

    created = stack.stack.up()

    assert created.summary.resource_changes == {"create": 2}
    # The engine ran the plugin the project declares, not one it found on $PATH.
    assert "from $PATH" not in created.stdout + created.stderr
    assert calls_since(emulator, {}) == {"CreateEnvironmentAccountConnection": 1}
    out = outputs(created)["conn"]
    conn_id = out["id"]
    found = live(emulator, conn_id)
    assert found["status"] == out["status"] == "PENDING"
    assert found["environmentName"] == out["environmentName"] == "prod"
    assert found["roleArn"] == out["roleArn"]
    assert found["arn"] == out["arn"]
    assert found["environmentAccountId"] == out["environmentAccountId"] == ENVIRONMENT_ACCOUNT
    assert out["requestedAt"] == found["requestedAt"].isoformat()
    assert out["lastModifiedAt"] == found["lastModifiedAt"].isoformat()
    assert found["tags"] == out["tags"] == TAGS
    state = stack.resource("conn")
    assert state is not None
    assert state["id"] == conn_id
    assert set(state["inputs"]) == set(props)
    assert set(state["outputs"]) == set(props) | set(CONNECTION_OUTPUTS) | {"tagsAll"}
    assert not [name for name in HIDDEN if name in str(state)]

    before = emulator.proton_calls()
    reroled = stack.stack.up(program=one_connection({**props, "roleArn": OTHER_ROLE}))
    assert reroled.summary.resource_changes == {"update": 1, "same": 1}
    assert outputs(reroled)["conn"]["id"] == conn_id
    assert calls_since(emulator, before) == {"UpdateEnvironmentAccountConnection": 1}
    assert live(emulator, conn_id)["roleArn"] == OTHER_ROLE

    before = emulator.proton_calls()
    new_tags = {"team": "apps", "owner": "ops"}  # one changed, one added, one removed
    final = one_connection({**props, "roleArn": OTHER_ROLE, "tags": new_tags})
    retagged = stack.stack.up(program=final)
    assert retagged.summary.resource_changes == {"update": 1, "same": 1}
    assert calls_since(emulator, before) == {"TagResource": 1, "UntagResource": 1}
    assert live(emulator, conn_id)["tags"] == outputs(retagged)["conn"]["tags"] == new_tags
    assert live(emulator, conn_id)["roleArn"] == OTHER_ROLE

    before = emulator.proton_calls()
    assert stack.stack.preview(program=final).change_summary == {"same": 2}
    assert calls_since(emulator, before) == {}

    destroyed = stack.stack.destroy()

    assert destroyed.summary.resource_changes == {"delete": 2}
    assert mutations_since(emulator, before) == {"DeleteEnvironmentAccountConnection": 1}
    assert emulator.connections() == []
    assert stack.resources() == []


def test_environment_name_change_replaces_and_preview_shows_each_kind(
    plugin_stack: PluginStacks, emulator: Emulator
):
    stack = plugin_stack(one_connection({**BASE, "tags": TAGS}))
    old_id = outputs(stack.stack.up())["conn"]["id"]
    changed = one_connection(
        {**BASE, "environmentName": "staging", "roleArn": OTHER_ROLE, "tags": {"team": "apps"}}
    )

    before = emulator.proton_calls()
    events = Events()
    preview = stack.stack.preview(program=changed, diff=True, on_event=events.append)

    assert preview.change_summary == {"replace": 1, "same": 1}
    assert events.detailed_diff("conn") == {
        "environmentName": "update-replace",
        "roleArn": "update",
        "tags": "update",
        "tagsAll": "update",  # what Proton holds follows the connection's own tags
    }
    # The display marks the resource as replaced and lists each changed property; the kind
    # of each is in the engine's events (the data of `pulumi preview --json`).
    assert f"+-{CONNECTION}: (replace)" in preview.stdout
    assert "~ environmentName" in preview.stdout and "~ roleArn" in preview.stdout
    assert hidden_properties(preview.stdout) == [], preview.stdout
    assert calls_since(emulator, before) == {}  # a diff needs no AWS call

    events = Events()
    replaced = stack.stack.up(program=changed, on_event=events.append)

    assert replaced.summary.resource_changes == {"replace": 1, "same": 1}
    new_id = outputs(replaced)["conn"]["id"]
    assert new_id != old_id
    assert [(c["id"], c["environmentName"]) for c in emulator.connections()] == [
        (new_id, "staging")
    ]
    assert live(emulator, new_id)["tags"] == {"team": "apps"}
    assert mutations_since(emulator, before) == {
        "CreateEnvironmentAccountConnection": 1,
        "DeleteEnvironmentAccountConnection": 1,
    }
    # A new environment name does not collide with the old connection: create, then delete.
    ops = events.ops_of("conn")
    assert ops.index("create-replacement") < ops.index("delete-replaced"), ops


def test_removing_component_role_replaces_deleting_the_old_connection_first(
    plugin_stack: PluginStacks, emulator: Emulator
):
    stack = plugin_stack(one_connection({**BASE, "componentRoleArn": COMPONENT_ROLE}))
    old_id = outputs(stack.stack.up())["conn"]["id"]
    assert live(emulator, old_id)["componentRoleArn"] == COMPONENT_ROLE

    events = Events()
    preview = stack.stack.preview(program=one_connection(BASE), diff=True, on_event=events.append)
    assert preview.change_summary == {"replace": 1, "same": 1}
    assert events.detailed_diff("conn") == {"componentRoleArn": "delete-replace"}
    assert f"+-{CONNECTION}: (replace)" in preview.stdout
    assert "- componentRoleArn" in preview.stdout
    assert hidden_properties(preview.stdout) == [], preview.stdout

    before = emulator.proton_calls()
    events = Events()
    replaced = stack.stack.up(program=one_connection(BASE), on_event=events.append)

    assert replaced.summary.resource_changes == {"replace": 1, "same": 1}
    new_id = outputs(replaced)["conn"]["id"]
    assert new_id != old_id
    # Proton refuses a second active connection for the same environment, so the old one
    # must be gone before the new one is requested: delete-before-replace.
    finished = [(op, urn.rsplit("::", 1)[-1]) for op, urn in events.finished()]
    assert finished.index(("delete-replaced", "conn")) < finished.index(
        ("create-replacement", "conn")
    ), finished
    assert [c["id"] for c in emulator.connections()] == [new_id]
    assert "componentRoleArn" not in live(emulator, new_id)
    assert mutations_since(emulator, before) == {
        "CreateEnvironmentAccountConnection": 1,
        "DeleteEnvironmentAccountConnection": 1,
    }
    state = stack.resource("conn", CONNECTION)
    assert state is not None and "componentRoleArn" not in state["outputs"]
