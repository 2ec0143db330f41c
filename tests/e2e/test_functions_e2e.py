"""The dynamic package's functions in a program run by the real engine against the emulator:
get_environment_account_connections through the management account's AwsSettings, and
get_environment_account_connection with the stack's aws:* configuration, at preview too; a
bad argument fails the program naming it (snake_case) before any Proton call."""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from provider import (
    AwsSettings,
    clients,
    get_environment_account_connection,
    get_environment_account_connections,
)
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.e2e.conftest import Emulator, StackFactory

pytestmark = pytest.mark.e2e


def program() -> None:
    config = pulumi.Config()
    listed = get_environment_account_connections(
        "MANAGEMENT_ACCOUNT",
        statuses=config.require_object("statuses"),
        aws=AwsSettings(assume_role_arn=MANAGEMENT_ROLE),
    )
    pulumi.export("listed", [c.id for c in listed.connections])
    pulumi.export("accounts", [c.environment_account_id for c in listed.connections])
    got = get_environment_account_connection(listed.connections[0].id)
    pulumi.export("tags", got.tags)


def test_functions_in_a_program(make_stack: StackFactory, emulator: Emulator, monkeypatch):
    # An inline program runs in this process (a program's language host would have the
    # stack's environment): the emulator's endpoint and credentials here too.
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    # This process's clients may hold credentials of a role from before the emulator's
    # reset, which it no longer knows: fresh ones, as a new program's process has.
    clients.clear_cache()
    made = emulator.client().create_environment_account_connection(
        environmentName="prod",
        managementAccountId=MANAGEMENT_ACCOUNT,
        roleArn=ROLE,
        tags=[{"key": "team", "value": "platform"}],
    )["environmentAccountConnection"]
    stack = make_stack(program, config={"aws:region": "us-east-1", "statuses": '["PENDING"]'})

    stack.preview()
    assert emulator.proton_calls() == {
        "CreateEnvironmentAccountConnection": 1,
        "ListEnvironmentAccountConnections": 1,
        "GetEnvironmentAccountConnection": 1,
        "ListTagsForResource": 1,
    }
    outputs = stack.up().outputs
    assert outputs["listed"].value == [made["id"]]
    assert outputs["accounts"].value == [ENVIRONMENT_ACCOUNT]
    assert outputs["tags"].value == {"team": "platform"}

    stack.set_config("statuses", auto.ConfigValue('["ACCEPTED"]'))
    before = emulator.proton_calls()
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.preview()
    assert (
        "Invalid arguments to get_environment_account_connections: statuses[0] must be one of "
        "PENDING, CONNECTED, REJECTED, got 'ACCEPTED'."
    ) in str(failure.value)
    assert emulator.proton_calls() == before
