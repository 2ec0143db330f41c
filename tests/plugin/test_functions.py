"""The plugin's functions through the engine (Invoke), against the emulator:
getEnvironmentAccountConnections with the management account's explicit provider (it lists
what that account sees), getEnvironmentAccountConnection with the default provider, both at
preview too; a bad argument fails naming it in camelCase before any Proton call; a missing id
fails in one sentence naming it."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import calls_since

pytestmark = pytest.mark.e2e

GET = "proton:index:getEnvironmentAccountConnection"
LIST = "proton:index:getEnvironmentAccountConnections"
MISSING = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


def program() -> None:
    config = pulumi.Config()
    management = pulumi.ProviderResource(
        "proton", "management", {"assumeRole": {"roleArn": MANAGEMENT_ROLE}}
    )
    listed = pulumi.runtime.invoke(
        LIST,
        {"requestedBy": "MANAGEMENT_ACCOUNT", "statuses": config.require_object("statuses")},
        pulumi.InvokeOptions(provider=management),
    ).value
    got: dict[str, Any] = pulumi.runtime.invoke(GET, {"id": config.require("id")}).value
    pulumi.export("listed", listed["connections"])
    pulumi.export("got", got)


def test_functions_through_the_engine(plugin_stack: PluginStacks, emulator: Emulator):
    proton = emulator.client()
    made = proton.create_environment_account_connection(
        environmentName="prod",
        managementAccountId=MANAGEMENT_ACCOUNT,
        roleArn=ROLE,
        tags=[{"key": "team", "value": "platform"}],
    )["environmentAccountConnection"]
    # Requested of another management account: not listed for this one.
    proton.create_environment_account_connection(
        environmentName="elsewhere", managementAccountId="222222222222", roleArn=ROLE
    )
    stack = plugin_stack(program, config={"id": made["id"], "statuses": '["PENDING"]'})

    before = emulator.proton_calls()
    stack.stack.preview()
    # A function is a read: it runs at preview too.
    assert calls_since(emulator, before) == {
        "ListEnvironmentAccountConnections": 1,
        "GetEnvironmentAccountConnection": 1,
        "ListTagsForResource": 1,
    }

    result = stack.stack.up()
    (listed,) = result.outputs["listed"].value
    assert listed["id"] == made["id"]
    assert (listed["environmentAccountId"], listed["managementAccountId"]) == (
        ENVIRONMENT_ACCOUNT,
        MANAGEMENT_ACCOUNT,
    )
    assert (listed["status"], listed["environmentName"], listed["roleArn"]) == (
        "PENDING",
        "prod",
        ROLE,
    )
    assert listed["requestedAt"] and listed["lastModifiedAt"] and listed["arn"] == made["arn"]
    got = result.outputs["got"].value
    assert got["tags"] == {"team": "platform"}
    assert (got["id"], got["status"], got["environmentName"]) == (made["id"], "PENDING", "prod")

    # A bad argument: named as the caller names it, and no Proton call.
    stack.stack.set_config("statuses", auto.ConfigValue('["PENDING", "DONE"]'))
    before = emulator.proton_calls()
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.preview()
    text = str(failure.value)
    assert (
        "statuses[1] must be one of PENDING, CONNECTED, REJECTED, got 'DONE' (statuses)" in text
    ), text
    assert calls_since(emulator, before) == {}

    # A missing id: one sentence naming it, not an empty result.
    stack.stack.set_config("statuses", auto.ConfigValue("[]"))
    stack.stack.set_config("id", auto.ConfigValue(MISSING))
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.preview()
    assert f"No environment account connection '{MISSING}' in us-east-1" in str(failure.value)
