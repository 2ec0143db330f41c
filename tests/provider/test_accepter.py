"""EnvironmentAccountConnectionAccepterProvider in process against the Proton emulator: two
accounts, the management side reached through STS AssumeRole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from pulumi.output import Unknown

from provider import EnvironmentAccountConnectionAccepterProvider, ProtonError
from provider.testing import CONTROL, proton_mock
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, REGION, ROLE
from tests.provider.test_connection import proton_as

provider = EnvironmentAccountConnectionAccepterProvider()
AS_MANAGEMENT = {"assume_role_arn": MANAGEMENT_ROLE}
STRANGER = "arn:aws:iam::222222222222:role/NotTheManagementAccount"


@pytest.fixture
def conn_id() -> Iterator[str]:
    """A PENDING connection made by the environment account, inside the emulator."""
    with proton_mock():
        made = boto3.client("proton", region_name=REGION).create_environment_account_connection(
            environmentName="prod", managementAccountId=MANAGEMENT_ACCOUNT, roleArn=ROLE
        )["environmentAccountConnection"]
        CONTROL.reset()
        yield made["id"]


def calls() -> dict[str, int]:
    counted: dict[str, int] = CONTROL.stats()["calls"]
    return counted


def status(conn_id: str, role_arn: str | None = None) -> str:
    proton = proton_as(role_arn) if role_arn else boto3.client("proton", region_name=REGION)
    found: str = proton.get_environment_account_connection(id=conn_id)[
        "environmentAccountConnection"
    ]["status"]
    return found


def props(conn_id: str, **overrides: Any) -> dict[str, Any]:
    return {"connection_id": conn_id, "aws": AS_MANAGEMENT, "__provider": "x", **overrides}


def accepted(conn_id: str, **overrides: Any) -> dict[str, Any]:
    result = provider.create(props(conn_id, **overrides))
    assert result.id == conn_id and result.outs is not None
    return result.outs


def test_accept_a_pending_connection(conn_id):
    outs = accepted(conn_id)

    assert calls() == {
        "GetEnvironmentAccountConnection": 1,
        "AcceptEnvironmentAccountConnection": 1,
    }
    assert outs == {
        "connection_id": conn_id,
        "aws": AS_MANAGEMENT,
        "reject_on_delete": None,
        "status": "CONNECTED",
        "arn": outs["arn"],
        "environment_name": "prod",
        "environment_account_id": ENVIRONMENT_ACCOUNT,
        "management_account_id": MANAGEMENT_ACCOUNT,
    }
    assert outs["arn"].endswith(f"environment-account-connection/{conn_id}")
    assert status(conn_id) == status(conn_id, MANAGEMENT_ROLE) == "CONNECTED"


def test_a_connected_connection_is_adopted_without_accepting(conn_id):
    proton_as(MANAGEMENT_ROLE).accept_environment_account_connection(id=conn_id)
    CONTROL.reset()

    outs = accepted(conn_id)

    assert outs["status"] == "CONNECTED"
    assert calls() == {"GetEnvironmentAccountConnection": 1}


def test_a_rejected_connection_fails_saying_the_environment_account_must_ask_again(conn_id):
    proton_as(MANAGEMENT_ROLE).reject_environment_account_connection(id=conn_id)
    CONTROL.reset()

    with pytest.raises(ProtonError) as failure:
        accepted(conn_id)

    text = str(failure.value)
    assert text.startswith(f"Cannot accept connection '{conn_id}' (environment 'prod'): ")
    assert "REJECTED" in text and "must create a new connection" in text
    assert "AcceptEnvironmentAccountConnection" not in calls()


def test_a_stranger_account_is_named_with_the_management_account(conn_id):
    with pytest.raises(ProtonError) as failure:
        accepted(conn_id, aws={"assume_role_arn": STRANGER})

    assert str(failure.value) == (
        f"Cannot accept connection '{conn_id}': the accepter's credentials act in account "
        f"222222222222, but the connection's management account is {MANAGEMENT_ACCOUNT}; give "
        f"the accepter aws=AwsSettings(assume_role_arn=<a role in account {MANAGEMENT_ACCOUNT}>)."
    )
    assert status(conn_id) == "PENDING"
    assert "AcceptEnvironmentAccountConnection" not in calls()


def test_the_environment_accounts_own_credentials_are_named_too(conn_id):
    with pytest.raises(ProtonError) as failure:
        accepted(conn_id, aws=None)  # the default chain: the environment account

    text = str(failure.value)
    assert f"act in account {ENVIRONMENT_ACCOUNT}" in text
    assert f"management account is {MANAGEMENT_ACCOUNT}" in text
    assert status(conn_id) == "PENDING"


def test_an_unknown_connection(conn_id):
    missing = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    with pytest.raises(ProtonError) as failure:
        accepted(missing)
    assert str(failure.value).startswith(
        f"Cannot accept connection '{missing}': account {MANAGEMENT_ACCOUNT} sees no such "
        f"connection in {REGION}"
    )


def test_read_reports_the_live_status_and_a_deleted_connection(conn_id):
    outs = accepted(conn_id)
    CONTROL.reset()

    result = provider.read(conn_id, outs)
    assert (result.id, result.outs) == (conn_id, outs)
    assert result.inputs == {"connection_id": conn_id, "aws": AS_MANAGEMENT}
    assert calls() == {"GetEnvironmentAccountConnection": 1}

    boto3.client("proton", region_name=REGION).delete_environment_account_connection(id=conn_id)
    assert (provider.read(conn_id, outs).id, provider.read(conn_id, outs).outs) == ("", {})


def test_a_connection_rejected_since_shows_on_refresh_and_the_next_up_replaces(conn_id):
    stale = {**props(conn_id), "status": "PENDING", "management_account_id": MANAGEMENT_ACCOUNT}
    proton_as(MANAGEMENT_ROLE).reject_environment_account_connection(id=conn_id)

    result = provider.read(conn_id, stale)

    assert result.outs is not None and result.outs["status"] == "REJECTED"
    diff = provider.diff(conn_id, result.outs, props(conn_id))
    assert (diff.changes, diff.replaces) == (True, ["status"])


def test_delete_leaves_the_connection(conn_id):
    outs = accepted(conn_id)
    CONTROL.reset()
    provider.delete(conn_id, outs)
    assert calls() == {}
    assert status(conn_id) == "CONNECTED"


def test_reject_on_delete_rejects(conn_id):
    # The emulator, like Proton, rejects a PENDING connection.
    provider.delete(conn_id, props(conn_id, reject_on_delete=True))
    assert status(conn_id) == "REJECTED"
    boto3.client("proton", region_name=REGION).delete_environment_account_connection(id=conn_id)
    provider.delete(conn_id, props(conn_id, reject_on_delete=True))  # gone: done


def test_reject_on_delete_refused_is_one_sentence(conn_id):
    outs = accepted(conn_id, reject_on_delete=True)
    with pytest.raises(ProtonError) as failure:
        provider.delete(conn_id, outs)
    text = str(failure.value)
    assert text.startswith(
        f"Proton RejectEnvironmentAccountConnection of connection '{conn_id}' failed: "
    )
    assert "(ConflictException)" in text


def test_update_makes_no_call(conn_id):
    outs = accepted(conn_id)
    CONTROL.reset()
    result = provider.update(conn_id, outs, props(conn_id, reject_on_delete=True))
    assert calls() == {}
    assert result.outs == {**outs, "reject_on_delete": True}


def stored(conn_id: str) -> dict[str, Any]:
    return {
        **props(conn_id),
        "reject_on_delete": None,
        "status": "CONNECTED",
        "arn": f"arn:aws:proton:{REGION}:{ENVIRONMENT_ACCOUNT}:"
        f"environment-account-connection/{conn_id}",
        "management_account_id": MANAGEMENT_ACCOUNT,
    }


@pytest.mark.parametrize(
    ("news", "changes", "replaces"),
    [
        ({}, False, []),
        ({"connection_id": "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"}, True, ["connection_id"]),
        ({"connection_id": Unknown()}, True, ["connection_id"]),
        ({"reject_on_delete": True}, True, []),
        ({"aws": {**AS_MANAGEMENT, "region": REGION}}, True, []),
        ({"aws": {"assume_role_arn": STRANGER}}, True, ["management_account_id"]),
        ({"aws": {**AS_MANAGEMENT, "region": "eu-west-1"}}, True, ["arn"]),
    ],
)
def test_diff(news, changes, replaces):
    conn_id = "11111111-2222-3333-4444-555555555555"
    result = provider.diff(conn_id, stored(conn_id), props(conn_id, **news))
    assert (result.changes, result.replaces) == (changes, replaces)


def test_check_names_bad_inputs():
    result = provider.check({}, {"connection_id": "CONN", "reject_on_delete": "yes", "aws": []})
    reasons = {f.property: f.reason for f in result.failures}
    assert set(reasons) == {"connection_id", "reject_on_delete", "aws"}
    assert reasons["connection_id"].startswith("connection_id must be a connection id")
    assert reasons["reject_on_delete"] == "reject_on_delete must be true or false, got 'yes'"
    assert {f.property for f in provider.check({}, {}).failures} == {"connection_id"}
