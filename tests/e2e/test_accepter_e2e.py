"""The whole cross-account handshake in one `pulumi up`, with two accounts via STS AssumeRole."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pulumi import automation as auto

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e import programs
from tests.e2e.conftest import Emulator, StackFactory
from tests.e2e.test_connection_e2e import BASE, outputs, state_of

pytestmark = pytest.mark.e2e


def status_seen_by_both(emulator: Emulator, conn_id: str) -> tuple[str, str]:
    env = emulator.client().get_environment_account_connection(id=conn_id)
    mgmt = emulator.client(role_arn=MANAGEMENT_ROLE).get_environment_account_connection(id=conn_id)
    return env["environmentAccountConnection"]["status"], mgmt["environmentAccountConnection"][
        "status"
    ]


def test_one_up_creates_and_accepts(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(accept_as=MANAGEMENT_ROLE, **BASE))

    result = stack.up()

    out = outputs(result)
    assert result.summary.resource_changes == {"create": 3}
    assert out["accepted_status"] == "CONNECTED"
    assert out["accepted_environment_account_id"] == ENVIRONMENT_ACCOUNT
    assert out["accepted_management_account_id"] == MANAGEMENT_ACCOUNT
    assert status_seen_by_both(emulator, out["id"]) == ("CONNECTED", "CONNECTED")
    assert emulator.proton_calls()["AcceptEnvironmentAccountConnection"] == 1
    assert stack.preview().change_summary == {"same": 3}


def test_replacing_the_connection_accepts_the_new_one(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(programs.connection(accept_as=MANAGEMENT_ROLE, **BASE))
    first = outputs(stack.up())

    result = stack.up(
        program=programs.connection(
            accept_as=MANAGEMENT_ROLE, **{**BASE, "environment_name": "staging"}
        )
    )

    second = outputs(result)
    assert result.summary.resource_changes == {"replace": 2, "same": 1}
    assert second["id"] != first["id"]
    assert status_seen_by_both(emulator, second["id"]) == ("CONNECTED", "CONNECTED")
    assert [c["id"] for c in emulator.connections()] == [second["id"]]


def test_destroy_leaves_no_connection_in_either_account(
    make_stack: StackFactory, emulator: Emulator
):
    stack = make_stack(programs.connection(accept_as=MANAGEMENT_ROLE, **BASE))
    conn_id = outputs(stack.up())["id"]

    stack.destroy()

    assert emulator.connections() == []
    assert emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE) == []
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        emulator.client().get_environment_account_connection(id=conn_id)


def test_refresh_reports_a_connection_rejected_outside_pulumi(
    make_stack: StackFactory, emulator: Emulator
):
    # The management account can reject only a PENDING connection: one not yet accepted.
    stack = make_stack(programs.connection(**BASE))
    conn_id = outputs(stack.up())["id"]
    emulator.client(role_arn=MANAGEMENT_ROLE).reject_environment_account_connection(id=conn_id)

    refreshed = stack.refresh()

    assert refreshed.summary.resource_changes == {"update": 1, "same": 1}
    assert state_of(stack, "conn")["status"] == "REJECTED"
    # A rejected connection can never be accepted: the next up requests a new one.
    repaired = stack.up(program=programs.connection(accept_as=MANAGEMENT_ROLE, **BASE))
    new_id = outputs(repaired)["id"]
    assert new_id != conn_id
    assert repaired.summary.resource_changes == {"replace": 1, "create": 1, "same": 1}
    assert status_seen_by_both(emulator, new_id) == ("CONNECTED", "CONNECTED")
    assert [c["id"] for c in emulator.connections()] == [new_id]


def test_accepting_with_the_wrong_account_names_both_accounts(
    make_stack: StackFactory, emulator: Emulator
):
    stranger = "arn:aws:iam::222222222222:role/NotTheManagementAccount"
    stack = make_stack(programs.connection(accept_as=stranger, **BASE))

    with pytest.raises(auto.errors.CommandError) as failure:
        stack.up()

    message = str(failure.value)
    assert "222222222222" in message
    assert MANAGEMENT_ACCOUNT in message
    assert emulator.connections()[0]["status"] == "PENDING"
