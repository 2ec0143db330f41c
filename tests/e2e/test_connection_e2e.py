"""EnvironmentAccountConnection under `pulumi up`, `preview`, `refresh`, import and `destroy`."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from tests.conftest import ExistingConnection
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, OTHER_ROLE, ROLE
from tests.e2e import programs
from tests.e2e.conftest import Emulator, StackFactory, deployment_of

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "environment_name": "prod",
    "management_account_id": MANAGEMENT_ACCOUNT,
    "role_arn": ROLE,
}
MUTATIONS = (
    "CreateEnvironmentAccountConnection",
    "UpdateEnvironmentAccountConnection",
    "DeleteEnvironmentAccountConnection",
    "TagResource",
    "UntagResource",
)


def outputs(result: auto.UpResult) -> dict[str, Any]:
    return {key: value.value for key, value in result.outputs.items()}


def state_of(stack: auto.Stack, name: str) -> dict[str, object]:
    """The outputs that the stack's state records for resource `name` (refresh updates these)."""
    for resource in deployment_of(stack)["resources"]:
        if resource["urn"].endswith(f"::{name}"):
            return dict(resource["outputs"])
    raise AssertionError(f"no resource {name} in the stack")


def mutations(emulator: Emulator) -> dict[str, int]:
    return {op: n for op, n in emulator.proton_calls().items() if op in MUTATIONS}


def test_up_creates_one_connection_matching_the_emulator(
    make_stack: StackFactory, emulator: Emulator
):
    stack = make_stack(programs.connection(**BASE, tags={"team": "platform"}))

    result = stack.up()

    assert result.summary.resource_changes == {"create": 2}
    out = outputs(result)
    live = emulator.client().get_environment_account_connection(id=out["id"])[
        "environmentAccountConnection"
    ]
    assert out["arn"] == live["arn"]
    assert out["status"] == live["status"] == "PENDING"
    assert out["environment_account_id"] == live["environmentAccountId"] == ENVIRONMENT_ACCOUNT
    assert out["role_arn"] == live["roleArn"] == ROLE
    assert out["requested_at"] == live["requestedAt"].isoformat()
    assert out["last_modified_at"] == live["lastModifiedAt"].isoformat()
    assert out["tags"] == {"team": "platform"}
    tags = emulator.client().list_tags_for_resource(resourceArn=live["arn"])["tags"]
    assert tags == [{"key": "team", "value": "platform"}]
    assert [c["id"] for c in emulator.connections()] == [out["id"]]
    assert mutations(emulator) == {"CreateEnvironmentAccountConnection": 1}


def test_second_up_and_preview_change_nothing(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(**BASE, tags={"team": "platform"}))
    stack.up()
    before = mutations(emulator)

    assert stack.preview().change_summary == {"same": 2}
    assert stack.up().summary.resource_changes == {"same": 2}
    assert mutations(emulator) == before
    assert len(emulator.connections()) == 1


def test_changing_role_arn_updates_in_place(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(**BASE))
    first = outputs(stack.up())

    result = stack.up(program=programs.connection(**{**BASE, "role_arn": OTHER_ROLE}))

    assert result.summary.resource_changes == {"update": 1, "same": 1}
    assert outputs(result)["id"] == first["id"]
    live = emulator.client().get_environment_account_connection(id=first["id"])
    assert live["environmentAccountConnection"]["roleArn"] == OTHER_ROLE
    assert mutations(emulator) == {
        "CreateEnvironmentAccountConnection": 1,
        "UpdateEnvironmentAccountConnection": 1,
    }


def test_changing_environment_name_replaces(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(**BASE))
    first = outputs(stack.up())

    preview = stack.preview(
        program=programs.connection(**{**BASE, "environment_name": "staging"}), diff=True
    )
    assert preview.change_summary == {"replace": 1, "same": 1}
    assert "environment_name" in preview.stdout

    result = stack.up(program=programs.connection(**{**BASE, "environment_name": "staging"}))
    assert result.summary.resource_changes == {"replace": 1, "same": 1}
    second = outputs(result)
    assert second["id"] != first["id"]
    live = emulator.connections()
    assert [(c["id"], c["environmentName"]) for c in live] == [(second["id"], "staging")]


def test_tags_are_added_and_removed_in_place(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(**BASE, tags={"team": "platform"}))
    conn_id = outputs(stack.up())["id"]
    arn = emulator.connections()[0]["arn"]

    def live_tags() -> dict[str, str]:
        tags = emulator.client().list_tags_for_resource(resourceArn=arn)["tags"]
        return {t["key"]: t["value"] for t in tags}

    added = stack.up(program=programs.connection(**BASE, tags={"team": "platform", "cost": "42"}))
    assert added.summary.resource_changes == {"update": 1, "same": 1}
    assert live_tags() == {"team": "platform", "cost": "42"}

    removed = stack.up(program=programs.connection(**BASE, tags={"cost": "43"}))
    assert removed.summary.resource_changes == {"update": 1, "same": 1}
    assert outputs(removed)["id"] == conn_id
    assert live_tags() == {"cost": "43"}

    cleared = stack.up(program=programs.connection(**BASE))
    assert cleared.summary.resource_changes == {"update": 1, "same": 1}
    assert live_tags() == {}
    assert "UpdateEnvironmentAccountConnection" not in mutations(emulator)


def test_refresh_drops_a_connection_deleted_outside_pulumi_and_up_recreates_it(
    make_stack: StackFactory, emulator: Emulator
):
    stack = make_stack(programs.connection(**BASE))
    first = outputs(stack.up())
    emulator.client().delete_environment_account_connection(id=first["id"])

    refreshed = stack.refresh()
    assert refreshed.summary.resource_changes == {"delete": 1, "same": 1}
    types = [r["type"] for r in deployment_of(stack)["resources"]]
    assert not any("EnvironmentAccountConnection" in t for t in types)

    recreated = stack.up()
    assert recreated.summary.resource_changes == {"create": 1, "same": 1}
    assert [c["id"] for c in emulator.connections()] == [outputs(recreated)["id"]]


def test_refresh_shows_role_drift_and_up_restores_it(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(**BASE))
    conn_id = outputs(stack.up())["id"]
    emulator.client().update_environment_account_connection(id=conn_id, roleArn=OTHER_ROLE)

    refreshed = stack.refresh()
    assert refreshed.summary.resource_changes == {"update": 1, "same": 1}
    assert state_of(stack, "conn")["role_arn"] == OTHER_ROLE
    preview = stack.preview(diff=True)
    assert preview.change_summary == {"update": 1, "same": 1}
    assert "role_arn" in preview.stdout

    restored = stack.up()
    assert restored.summary.resource_changes == {"update": 1, "same": 1}
    live = emulator.client().get_environment_account_connection(id=conn_id)
    assert live["environmentAccountConnection"]["roleArn"] == ROLE


def test_import_of_a_connection_made_with_boto3_gives_a_clean_preview(
    make_stack: StackFactory, emulator: Emulator, existing_connection: ExistingConnection
):
    made = existing_connection()
    props: dict[str, Any] = {**BASE, "environment_name": "legacy", "tags": {"owner": "ops"}}
    stack = make_stack(
        programs.connection(**props, opts=pulumi.ResourceOptions(import_=made["id"]))
    )

    creates_before = emulator.proton_calls()["CreateEnvironmentAccountConnection"]
    imported = outputs(stack.up())

    assert imported["id"] == made["id"]
    assert [c["id"] for c in emulator.connections()] == [made["id"]]
    assert emulator.proton_calls()["CreateEnvironmentAccountConnection"] == creates_before
    assert stack.preview().change_summary == {"same": 2}
    assert stack.preview(program=programs.connection(**props)).change_summary == {"same": 2}


def test_bad_input_fails_preview_naming_the_property_without_a_proton_call(
    make_stack: StackFactory, emulator: Emulator
):
    stack = make_stack(programs.connection(**{**BASE, "management_account_id": "12345"}))

    with pytest.raises(auto.errors.CommandError) as failure:
        stack.preview()

    assert "management_account_id" in str(failure.value)
    assert "12 digits" in str(failure.value)
    assert emulator.proton_calls() == {}


def test_destroy_leaves_the_emulator_empty(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(
        programs.connections(3, management_account_id=MANAGEMENT_ACCOUNT, role_arn=ROLE)
    )
    stack.up()
    assert len(emulator.connections()) == 3

    result = stack.destroy()

    assert result.summary.resource_changes == {"delete": 4}
    assert emulator.connections() == []
