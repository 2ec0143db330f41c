"""The connection lifecycle rules, through boto3, in process and over the server."""

from __future__ import annotations

import datetime
import re
import uuid

from tests.constants import OTHER_ROLE, REGION, ROLE
from tests.emulator.conftest import (
    CODEBUILD_ROLE,
    COMPONENT_ROLE,
    ENV,
    MGMT,
    STRANGER,
    create,
    error_of,
    list_all,
)


def test_create_starts_a_pending_request_in_the_callers_account(api):
    before = datetime.datetime.now(datetime.UTC)
    made = create(api.client(), componentRoleArn=COMPONENT_ROLE)
    after = datetime.datetime.now(datetime.UTC)

    assert uuid.UUID(made["id"]).version == 4
    assert (
        made["arn"] == f"arn:aws:proton:{REGION}:{ENV}:environment-account-connection/{made['id']}"
    )
    assert made["environmentAccountId"] == ENV
    assert made["managementAccountId"] == MGMT
    assert made["environmentName"] == "prod"
    assert (made["roleArn"], made["componentRoleArn"]) == (ROLE, COMPONENT_ROLE)
    assert "codebuildRoleArn" not in made
    assert made["status"] == "PENDING"
    assert made["requestedAt"] == made["lastModifiedAt"]
    # the wire carries milliseconds
    assert before - datetime.timedelta(milliseconds=1) <= made["requestedAt"] <= after


def test_a_codebuild_role_alone_is_enough(api):
    proton = api.client()
    made = proton.create_environment_account_connection(
        environmentName="prod", managementAccountId=MGMT, codebuildRoleArn=CODEBUILD_ROLE
    )["environmentAccountConnection"]
    assert made["codebuildRoleArn"] == CODEBUILD_ROLE
    assert made["roleArn"] == ""  # required in the output shape; empty: none given
    got = proton.get_environment_account_connection(id=made["id"])["environmentAccountConnection"]
    assert got["codebuildRoleArn"] == CODEBUILD_ROLE


def test_get_shows_the_connection_to_both_sides_and_no_one_else(api):
    made = create(api.client())
    for account in (ENV, MGMT):
        got = api.client(account=account).get_environment_account_connection(id=made["id"])
        assert got["environmentAccountConnection"] == made

    code, message = error_of(
        api.client(account=STRANGER).get_environment_account_connection, id=made["id"]
    )
    assert code == "ResourceNotFoundException"
    assert made["id"] in message and STRANGER in message


def test_connections_live_per_region(api):
    made = create(api.client())
    elsewhere = api.client(region="us-west-2")
    code, _ = error_of(elsewhere.get_environment_account_connection, id=made["id"])
    assert code == "ResourceNotFoundException"
    assert list_all(elsewhere) == []
    # and the same environment may be connected again from another region
    assert create(elsewhere)["arn"].startswith("arn:aws:proton:us-west-2:")


def test_a_duplicate_while_pending_or_connected_conflicts(api):
    proton = api.client()
    first = create(proton)
    code, message = error_of(
        proton.create_environment_account_connection,
        environmentName="prod",
        managementAccountId=MGMT,
        roleArn=ROLE,
    )
    assert code == "ConflictException" and first["id"] in message and "PENDING" in message

    api.client(account=MGMT).accept_environment_account_connection(id=first["id"])
    code, message = error_of(
        proton.create_environment_account_connection,
        environmentName="prod",
        managementAccountId=MGMT,
        roleArn=OTHER_ROLE,
    )
    assert code == "ConflictException" and "CONNECTED" in message
    # another environment name, or another management account, is another connection
    create(proton, "staging")
    create(proton, managementAccountId=STRANGER)
    assert len(list_all(proton)) == 3


def test_after_rejection_or_deletion_the_environment_may_ask_again(api):
    proton, management = api.client(), api.client(account=MGMT)
    rejected = create(proton)
    management.reject_environment_account_connection(id=rejected["id"])
    again = create(proton)
    proton.delete_environment_account_connection(id=again["id"])
    third = create(proton)
    assert {c["id"]: c["status"] for c in list_all(proton)} == {
        rejected["id"]: "REJECTED",
        third["id"]: "PENDING",
    }


def test_a_client_token_makes_create_idempotent(api):
    proton = api.client()
    first = create(proton, clientToken="token-1", tags=[{"key": "team", "value": "a"}])
    again = create(proton, clientToken="token-1", tags=[{"key": "team", "value": "a"}])
    assert again == first
    assert [c["id"] for c in list_all(proton)] == [first["id"]]


def test_a_client_token_with_other_parameters_conflicts(api):
    proton = api.client()
    first = create(proton, clientToken="token-1")
    code, message = error_of(
        proton.create_environment_account_connection,
        environmentName="prod",
        managementAccountId=MGMT,
        roleArn=OTHER_ROLE,
        clientToken="token-1",
    )
    assert code == "ConflictException" and "token-1" in message and first["id"] in message
    assert [c["roleArn"] for c in list_all(proton)] == [ROLE]


def test_the_token_of_a_deleted_connection_starts_a_new_one(api):
    proton = api.client()
    first = create(proton, clientToken="token-1")
    proton.delete_environment_account_connection(id=first["id"])
    second = create(proton, clientToken="token-1")
    assert second["id"] != first["id"]
    assert [c["id"] for c in list_all(proton)] == [second["id"]]


def test_update_changes_the_roles_given_and_keeps_the_others(api):
    proton = api.client()
    made = create(proton, codebuildRoleArn=CODEBUILD_ROLE)
    updated = proton.update_environment_account_connection(
        id=made["id"], roleArn=OTHER_ROLE, componentRoleArn=COMPONENT_ROLE
    )["environmentAccountConnection"]
    assert (updated["roleArn"], updated["codebuildRoleArn"], updated["componentRoleArn"]) == (
        OTHER_ROLE,
        CODEBUILD_ROLE,
        COMPONENT_ROLE,
    )
    assert updated["lastModifiedAt"] >= made["lastModifiedAt"]
    assert updated["requestedAt"] == made["requestedAt"]
    assert updated["status"] == "PENDING"
    seen_by_management = api.client(account=MGMT).get_environment_account_connection(id=made["id"])
    assert seen_by_management["environmentAccountConnection"] == updated


def test_update_and_delete_belong_to_the_environment_account(api):
    made = create(api.client())
    management = api.client(account=MGMT)
    for call, params in (
        (management.update_environment_account_connection, {"roleArn": OTHER_ROLE}),
        (management.delete_environment_account_connection, {}),
    ):
        code, message = error_of(call, id=made["id"], **params)
        assert code == "AccessDeniedException"
        assert re.search(f"Only the environment account {ENV} can (update|delete)", message)
        assert MGMT in message
    assert (
        api.client().get_environment_account_connection(id=made["id"])[
            "environmentAccountConnection"
        ]
        == made
    )


def test_delete_returns_the_connection_as_it_was(api):
    proton = api.client()
    made = create(proton)
    api.client(account=MGMT).accept_environment_account_connection(id=made["id"])
    deleted = proton.delete_environment_account_connection(id=made["id"])
    assert deleted["environmentAccountConnection"]["id"] == made["id"]
    assert deleted["environmentAccountConnection"]["status"] == "CONNECTED"
    for account in (ENV, MGMT):
        code, _ = error_of(
            api.client(account=account).get_environment_account_connection, id=made["id"]
        )
        assert code == "ResourceNotFoundException"


def test_accept_connects_and_reject_rejects_from_pending_only(api):
    proton, management = api.client(), api.client(account=MGMT)
    accepted, rejected = create(proton), create(proton, "staging")

    result = management.accept_environment_account_connection(id=accepted["id"])
    assert result["environmentAccountConnection"]["status"] == "CONNECTED"
    assert result["environmentAccountConnection"]["lastModifiedAt"] >= accepted["lastModifiedAt"]
    result = management.reject_environment_account_connection(id=rejected["id"])
    assert result["environmentAccountConnection"]["status"] == "REJECTED"

    for call in (
        management.accept_environment_account_connection,
        management.reject_environment_account_connection,
    ):
        for connection, status in ((accepted, "CONNECTED"), (rejected, "REJECTED")):
            code, message = error_of(call, id=connection["id"])
            assert code == "ConflictException"
            assert f"is {status}; only a PENDING connection" in message
    # a REJECTED connection never becomes CONNECTED
    got = proton.get_environment_account_connection(id=rejected["id"])
    assert got["environmentAccountConnection"]["status"] == "REJECTED"


def test_accept_and_reject_belong_to_the_management_account(api):
    made = create(api.client())
    for name in ("accept", "reject"):
        call = getattr(api.client(), f"{name}_environment_account_connection")
        code, message = error_of(call, id=made["id"])
        assert code == "AccessDeniedException"
        assert f"Only the management account {MGMT} can {name}" in message
    assert (
        api.client().get_environment_account_connection(id=made["id"])[
            "environmentAccountConnection"
        ]["status"]
        == "PENDING"
    )
