"""Bad requests: each gets the right error code and a message that names the problem, and
none changes any stored state. The clients skip botocore's own parameter checks, so the
emulator's checks are the ones under test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.constants import OTHER_ROLE, REGION, ROLE
from tests.emulator.conftest import (
    CODEBUILD_ROLE,
    ENV,
    MGMT,
    STRANGER,
    Api,
    create,
    error_of,
    list_all,
    tags_of,
)

UNKNOWN_ID = "0f0e0d0c-0b0a-4908-8706-050403020100"
ELSEWHERE_ROLE = f"arn:aws:iam::{STRANGER}:role/Elsewhere"


@dataclass
class World:
    """A pending, a connected and a rejected connection, each tagged team=a."""

    pending: dict[str, Any]
    connected: dict[str, Any]
    rejected: dict[str, Any]


@dataclass(frozen=True)
class Bad:
    caller: str
    operation: str
    params: dict[str, Any]
    code: str
    names: tuple[str, ...]
    """What the message must mention: the member, value or account at fault."""


def _tags(count: int, key: str = "k", value: str = "v") -> list[dict[str, str]]:
    return [{"key": f"{key}{i}", "value": value} for i in range(count)]


CREATE = {"environmentName": "fresh", "managementAccountId": MGMT, "roleArn": ROLE}
CASES: dict[str, Bad] = {
    # unknown and malformed ids
    "get an unknown id": Bad(
        ENV, "get", {"id": UNKNOWN_ID}, "ResourceNotFoundException", (UNKNOWN_ID,)
    ),
    "get a malformed id": Bad(
        ENV, "get", {"id": "conn-1"}, "ValidationException", ("'id'", "conn-1")
    ),
    "update an unknown id": Bad(
        ENV,
        "update",
        {"id": UNKNOWN_ID, "roleArn": OTHER_ROLE},
        "ResourceNotFoundException",
        (UNKNOWN_ID,),
    ),
    "delete a malformed id": Bad(ENV, "delete", {"id": "CONN"}, "ValidationException", ("'id'",)),
    "delete an unknown id": Bad(
        ENV, "delete", {"id": UNKNOWN_ID}, "ResourceNotFoundException", (UNKNOWN_ID,)
    ),
    "accept an unknown id": Bad(
        MGMT, "accept", {"id": UNKNOWN_ID}, "ResourceNotFoundException", (UNKNOWN_ID,)
    ),
    "reject a missing id": Bad(MGMT, "reject", {}, "ValidationException", ("'id'", "null")),
    # wrong account
    "get by a stranger": Bad(
        STRANGER, "get", {"id": "pending"}, "ResourceNotFoundException", ("pending", STRANGER)
    ),
    "update by the management account": Bad(
        MGMT,
        "update",
        {"id": "pending", "roleArn": OTHER_ROLE},
        "AccessDeniedException",
        ("environment account", ENV, MGMT),
    ),
    "delete by the management account": Bad(
        MGMT,
        "delete",
        {"id": "connected"},
        "AccessDeniedException",
        ("environment account", ENV, MGMT),
    ),
    "accept by the environment account": Bad(
        ENV, "accept", {"id": "pending"}, "AccessDeniedException", ("management account", MGMT, ENV)
    ),
    "reject by the environment account": Bad(
        ENV, "reject", {"id": "pending"}, "AccessDeniedException", ("management account", MGMT, ENV)
    ),
    "accept by a stranger": Bad(
        STRANGER, "accept", {"id": "pending"}, "ResourceNotFoundException", ("pending", STRANGER)
    ),
    "delete by a stranger": Bad(
        STRANGER, "delete", {"id": "pending"}, "ResourceNotFoundException", ("pending",)
    ),
    # wrong state
    "accept a connected one": Bad(
        MGMT,
        "accept",
        {"id": "connected"},
        "ConflictException",
        ("connected", "CONNECTED", "PENDING"),
    ),
    "reject a connected one": Bad(
        MGMT, "reject", {"id": "connected"}, "ConflictException", ("connected", "CONNECTED")
    ),
    "accept a rejected one": Bad(
        MGMT, "accept", {"id": "rejected"}, "ConflictException", ("rejected", "REJECTED")
    ),
    "reject a rejected one": Bad(
        MGMT, "reject", {"id": "rejected"}, "ConflictException", ("rejected", "REJECTED")
    ),
    "create a duplicate of a pending one": Bad(
        ENV,
        "create",
        {**CREATE, "environmentName": "pending-env"},
        "ConflictException",
        ("pending", "PENDING", "pending-env"),
    ),
    "create a duplicate of a connected one": Bad(
        ENV,
        "create",
        {**CREATE, "environmentName": "connected-env"},
        "ConflictException",
        ("connected", "CONNECTED"),
    ),
    "reuse a client token with other parameters": Bad(
        ENV,
        "create",
        {**CREATE, "clientToken": "pending-token"},
        "ConflictException",
        ("pending-token", "pending"),
    ),
    # roles
    "create with a role in another account": Bad(
        ENV,
        "create",
        {**CREATE, "roleArn": ELSEWHERE_ROLE},
        "ValidationException",
        ("roleArn", STRANGER, ENV),
    ),
    "create with a CodeBuild role in another account": Bad(
        ENV,
        "create",
        {**CREATE, "codebuildRoleArn": ELSEWHERE_ROLE},
        "ValidationException",
        ("codebuildRoleArn", STRANGER),
    ),
    "create with a component role in another account": Bad(
        ENV,
        "create",
        {**CREATE, "componentRoleArn": ELSEWHERE_ROLE},
        "ValidationException",
        ("componentRoleArn", STRANGER),
    ),
    "create with neither role": Bad(
        ENV,
        "create",
        {"environmentName": "fresh", "managementAccountId": MGMT, "componentRoleArn": ROLE},
        "ValidationException",
        ("roleArn", "codebuildRoleArn"),
    ),
    "create with a malformed role": Bad(
        ENV,
        "create",
        {**CREATE, "roleArn": "arn:aws:iam::123:role/x"},
        "ValidationException",
        ("'roleArn'", "pattern"),
    ),
    "update with a role in another account": Bad(
        ENV,
        "update",
        {"id": "pending", "roleArn": ELSEWHERE_ROLE},
        "ValidationException",
        ("roleArn", STRANGER),
    ),
    "update with a malformed CodeBuild role": Bad(
        ENV,
        "update",
        {"id": "pending", "codebuildRoleArn": "role/x"},
        "ValidationException",
        ("'codebuildRoleArn'",),
    ),
    # other members
    "create with a malformed environment name": Bad(
        ENV,
        "create",
        {**CREATE, "environmentName": "-prod"},
        "ValidationException",
        ("'environmentName'", "-prod"),
    ),
    "create with a long environment name": Bad(
        ENV,
        "create",
        {**CREATE, "environmentName": "e" * 101},
        "ValidationException",
        ("'environmentName'", "100"),
    ),
    "create with a malformed management account": Bad(
        ENV,
        "create",
        {**CREATE, "managementAccountId": "1111"},
        "ValidationException",
        ("'managementAccountId'",),
    ),
    "create with no environment name": Bad(
        ENV,
        "create",
        {"managementAccountId": MGMT, "roleArn": ROLE},
        "ValidationException",
        ("'environmentName'", "null"),
    ),
    "create with a long client token": Bad(
        ENV,
        "create",
        {**CREATE, "clientToken": "t" * 65},
        "ValidationException",
        ("'clientToken'", "64"),
    ),
    "list with an unknown side": Bad(
        ENV,
        "list",
        {"requestedBy": "EVERYONE"},
        "ValidationException",
        ("'requestedBy'", "EVERYONE"),
    ),
    "list with an unknown status": Bad(
        ENV,
        "list",
        {"requestedBy": "ENVIRONMENT_ACCOUNT", "statuses": ["GONE"]},
        "ValidationException",
        ("'statuses.1'", "GONE"),
    ),
    "list with maxResults 0": Bad(
        ENV,
        "list",
        {"requestedBy": "ENVIRONMENT_ACCOUNT", "maxResults": 0},
        "ValidationException",
        ("'maxResults'",),
    ),
    "list with maxResults 101": Bad(
        ENV,
        "list",
        {"requestedBy": "ENVIRONMENT_ACCOUNT", "maxResults": 101},
        "ValidationException",
        ("'maxResults'", "100"),
    ),
    "list with a malformed nextToken": Bad(
        ENV,
        "list",
        {"requestedBy": "ENVIRONMENT_ACCOUNT", "nextToken": "not a token"},
        "ValidationException",
        ("'nextToken'",),
    ),
    "list with a foreign nextToken": Bad(
        ENV,
        "list",
        {"requestedBy": "ENVIRONMENT_ACCOUNT", "nextToken": "AAAA"},
        "ValidationException",
        ("nextToken", "AAAA"),
    ),
    # tags
    "create with 51 tags": Bad(
        ENV, "create", {**CREATE, "tags": _tags(51)}, "ValidationException", ("'tags'", "50")
    ),
    "create with a 129-character tag key": Bad(
        ENV,
        "create",
        {**CREATE, "tags": [{"key": "k" * 129, "value": ""}]},
        "ValidationException",
        ("'tags.1.key'", "128"),
    ),
    "create with an empty tag key": Bad(
        ENV,
        "create",
        {**CREATE, "tags": [{"key": "", "value": "v"}]},
        "ValidationException",
        ("'tags.1.key'",),
    ),
    "create with a 257-character tag value": Bad(
        ENV,
        "create",
        {**CREATE, "tags": [{"key": "k", "value": "v" * 257}]},
        "ValidationException",
        ("'tags.1.value'", "256"),
    ),
    "tag beyond 50 tags": Bad(
        ENV,
        "tag",
        {"resourceArn": "pending", "tags": _tags(50, "more")},
        "ValidationException",
        ("51 tags", "50"),
    ),
    "tag with a 129-character key": Bad(
        ENV,
        "tag",
        {"resourceArn": "pending", "tags": [{"key": "k" * 129, "value": "v"}]},
        "ValidationException",
        ("'tags.1.key'",),
    ),
    "tag by the management account": Bad(
        MGMT,
        "tag",
        {"resourceArn": "pending", "tags": _tags(1)},
        "AccessDeniedException",
        ("environment account", MGMT),
    ),
    "untag by the management account": Bad(
        MGMT,
        "untag",
        {"resourceArn": "pending", "tagKeys": ["team"]},
        "AccessDeniedException",
        ("environment account", MGMT),
    ),
    "tag by a stranger": Bad(
        STRANGER,
        "tag",
        {"resourceArn": "pending", "tags": _tags(1)},
        "ResourceNotFoundException",
        ("pending", STRANGER),
    ),
    "list tags by a stranger": Bad(
        STRANGER, "list_tags", {"resourceArn": "pending"}, "ResourceNotFoundException", ("pending",)
    ),
    "tag an unknown connection": Bad(
        ENV,
        "tag",
        {
            "resourceArn": (
                f"arn:aws:proton:{REGION}:{ENV}:environment-account-connection/{UNKNOWN_ID}"
            ),
            "tags": _tags(1),
        },
        "ResourceNotFoundException",
        (UNKNOWN_ID,),
    ),
    "tag another kind of resource": Bad(
        ENV,
        "tag",
        {"resourceArn": f"arn:aws:proton:{REGION}:{ENV}:environment/prod", "tags": _tags(1)},
        "ResourceNotFoundException",
        ("environment/prod",),
    ),
    "tag a malformed ARN": Bad(
        ENV,
        "tag",
        {"resourceArn": "pending-connection", "tags": _tags(1)},
        "ValidationException",
        ("'resourceArn'",),
    ),
    "untag with an empty key": Bad(
        ENV,
        "untag",
        {"resourceArn": "pending", "tagKeys": [""]},
        "ValidationException",
        ("'tagKeys.1'",),
    ),
}

OPERATIONS = {
    "create": "create_environment_account_connection",
    "get": "get_environment_account_connection",
    "update": "update_environment_account_connection",
    "delete": "delete_environment_account_connection",
    "accept": "accept_environment_account_connection",
    "reject": "reject_environment_account_connection",
    "list": "list_environment_account_connections",
    "tag": "tag_resource",
    "untag": "untag_resource",
    "list_tags": "list_tags_for_resource",
}


def build_world(api: Api) -> World:
    proton, management = api.client(), api.client(account=MGMT)
    team = [{"key": "team", "value": "a"}]
    pending = create(proton, "pending-env", clientToken="pending-token", tags=team)
    connected = create(proton, "connected-env", codebuildRoleArn=CODEBUILD_ROLE, tags=team)
    rejected = create(proton, "rejected-env", tags=team)
    management.accept_environment_account_connection(id=connected["id"])
    management.reject_environment_account_connection(id=rejected["id"])
    return World(pending, connected, rejected)


def snapshot(api: Api) -> dict[str, Any]:
    """Everything the API shows to each side: both lists, and the tags of each connection."""
    proton = api.client()
    connections = list_all(proton)
    return {
        "environment side": connections,
        "management side": list_all(api.client(account=MGMT), "MANAGEMENT_ACCOUNT"),
        "stranger": list_all(api.client(account=STRANGER), "MANAGEMENT_ACCOUNT"),
        "tags": {c["id"]: tags_of(proton, c["arn"]) for c in connections},
    }


def resolve(value: Any, world: World) -> Any:
    """Stands the names of the world's connections in for their ids and ARNs."""
    named = {"pending": world.pending, "connected": world.connected, "rejected": world.rejected}
    if isinstance(value, str) and value in named:
        return named[value]["id"]
    if isinstance(value, dict):
        return {
            k: (named[v]["arn"] if k == "resourceArn" and v in named else resolve(v, world))
            for k, v in value.items()
        }
    return value


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_request(api, case: Bad):
    world = build_world(api)
    before = snapshot(api)
    call = getattr(api.raw_client(account=case.caller), OPERATIONS[case.operation])

    code, message = error_of(call, **resolve(case.params, world))

    assert code == case.code, message
    for name in case.names:
        assert resolve(name, world) in message, f"{message!r} does not name {name!r}"
    assert snapshot(api) == before
