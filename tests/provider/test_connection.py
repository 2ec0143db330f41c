"""EnvironmentAccountConnectionProvider's create, read, update and delete, in process against
the Proton emulator (`provider.testing.proton_mock`), checked with boto3 and the emulator's
own call counts."""

from __future__ import annotations

import datetime
import random
from typing import Any

import boto3
import pytest

from provider import EnvironmentAccountConnectionProvider, ProtonError, clients, settings
from provider.testing import CONTROL, Faults
from tests.conftest import ExistingConnection
from tests.constants import (
    ENVIRONMENT_ACCOUNT,
    MANAGEMENT_ACCOUNT,
    MANAGEMENT_ROLE,
    OTHER_ROLE,
    REGION,
    ROLE,
)
from tests.provider.conftest import BASE

provider = EnvironmentAccountConnectionProvider()
SEED = "0123456789abcdef0123456789abcdef"


def calls() -> dict[str, int]:
    counted: dict[str, int] = CONTROL.stats()["calls"]
    return counted


def props(**overrides: Any) -> dict[str, Any]:
    """Inputs as the engine passes them to create (after check)."""
    return {**BASE, "client_token_seed": SEED, "__provider": "serialized", **overrides}


def live(proton: Any, conn_id: str) -> dict[str, Any]:
    conn: dict[str, Any] = proton.get_environment_account_connection(id=conn_id)[
        "environmentAccountConnection"
    ]
    tags = proton.list_tags_for_resource(resourceArn=conn["arn"])["tags"]
    return {**conn, "tags": {t["key"]: t["value"] for t in tags}}


def created(**overrides: Any) -> tuple[str, dict[str, Any]]:
    result = provider.create(props(**overrides))
    assert result.outs is not None
    return result.id, result.outs


# --- create ----------------------------------------------------------------------------------


def test_create_makes_one_call_with_tags_inline(proton):
    conn_id, outs = created(tags={"team": "platform"})

    assert calls() == {"CreateEnvironmentAccountConnection": 1}
    now = live(proton, conn_id)
    assert outs == {
        **BASE,
        "codebuild_role_arn": None,
        "component_role_arn": None,
        "tags": {"team": "platform"},
        "tags_all": {"team": "platform"},  # no provider-wide tags: the same
        "aws": None,
        "arn": now["arn"],
        "status": "PENDING",
        "environment_account_id": ENVIRONMENT_ACCOUNT,
        "requested_at": now["requestedAt"].astimezone(datetime.UTC).isoformat(),
        "last_modified_at": now["lastModifiedAt"].astimezone(datetime.UTC).isoformat(),
    }
    assert outs["requested_at"].endswith("+00:00")
    assert now["tags"] == {"team": "platform"}
    assert f":{REGION}:{ENVIRONMENT_ACCOUNT}:" in outs["arn"]


def test_a_repeated_create_returns_the_same_connection(proton):
    first, _ = created()
    again, _ = created()
    assert again == first
    assert calls() == {"CreateEnvironmentAccountConnection": 2}
    pages = proton.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")
    assert [c["id"] for c in pages["environmentAccountConnections"]] == [first]


def test_another_resource_for_the_same_environment_fails_with_a_clear_sentence(proton):
    created()
    with pytest.raises(ProtonError) as failure:
        created(client_token_seed="feedfeedfeedfeedfeedfeedfeedfeed")
    text = str(failure.value)
    assert text.startswith(
        "Proton CreateEnvironmentAccountConnection of the connection for environment 'prod' "
        "failed: "
    )
    assert "(ConflictException)" in text and "import_=" in text


def test_a_create_after_the_connection_was_rejected_makes_a_new_request(proton):
    first, _ = created()
    proton_as(MANAGEMENT_ROLE).reject_environment_account_connection(id=first)

    second, outs = created()

    assert second != first
    assert outs["status"] == "PENDING"
    assert live(proton, first)["status"] == "REJECTED"
    assert calls()["CreateEnvironmentAccountConnection"] == 3


def test_create_with_codebuild_and_component_roles(proton):
    conn_id, outs = created(role_arn=None, codebuild_role_arn=ROLE, component_role_arn=OTHER_ROLE)
    assert (outs["role_arn"], outs["codebuild_role_arn"], outs["component_role_arn"]) == (
        None,
        ROLE,
        OTHER_ROLE,
    )
    assert live(proton, conn_id)["componentRoleArn"] == OTHER_ROLE


# --- read ------------------------------------------------------------------------------------


def test_read_returns_outputs_and_inputs_with_two_calls(proton):
    conn_id, outs = created(tags={"team": "platform"}, aws={"region": REGION})
    CONTROL.reset()

    result = provider.read(conn_id, outs)

    assert calls() == {"GetEnvironmentAccountConnection": 1, "ListTagsForResource": 1}
    assert result.id == conn_id
    assert result.outs == outs
    assert result.inputs == {**BASE, "tags": {"team": "platform"}, "aws": {"region": REGION}}


def test_read_shows_drift(proton):
    conn_id, outs = created(tags={"team": "platform"})
    proton.update_environment_account_connection(id=conn_id, roleArn=OTHER_ROLE)
    proton.untag_resource(resourceArn=outs["arn"], tagKeys=["team"])
    proton.tag_resource(resourceArn=outs["arn"], tags=[{"key": "owner", "value": "ops"}])
    proton_as(MANAGEMENT_ROLE).accept_environment_account_connection(id=conn_id)

    result = provider.read(conn_id, outs)

    assert result.outs is not None and result.inputs is not None
    assert result.outs["status"] == "CONNECTED"
    assert result.outs["role_arn"] == result.inputs["role_arn"] == OTHER_ROLE
    assert result.outs["tags"] == result.inputs["tags"] == {"owner": "ops"}
    assert result.outs["last_modified_at"] > outs["last_modified_at"]
    diff = provider.diff(conn_id, result.outs, props(tags={"team": "platform"}))
    assert diff.changes and not diff.replaces


def test_read_of_a_deleted_connection_returns_no_id(proton):
    conn_id, outs = created()
    proton.delete_environment_account_connection(id=conn_id)
    result = provider.read(conn_id, outs)
    assert (result.id, result.outs) == ("", {})


def test_get_reads_everything_from_the_id(proton, existing_connection: ExistingConnection):
    made = existing_connection(roleArn=None, codebuildRoleArn=ROLE)
    unset = {name: None for name in ("environment_name", "management_account_id", "arn", "status")}

    result = provider.read(made["id"], {**unset, "aws": {"region": REGION}, "__provider": "x"})

    assert result.inputs == {
        "environment_name": "legacy",
        "management_account_id": MANAGEMENT_ACCOUNT,
        "codebuild_role_arn": ROLE,
        "tags": {"owner": "ops"},
        "aws": {"region": REGION},
    }
    assert result.outs is not None and result.outs["arn"] == made["arn"]


# --- update ----------------------------------------------------------------------------------


def test_update_of_a_role_makes_one_update_call(proton):
    conn_id, outs = created(tags={"team": "platform"})
    CONTROL.reset()

    result = provider.update(conn_id, outs, props(role_arn=OTHER_ROLE, tags={"team": "platform"}))

    assert calls() == {"UpdateEnvironmentAccountConnection": 1}
    assert result.outs is not None and result.outs["role_arn"] == OTHER_ROLE
    assert result.outs["last_modified_at"] > outs["last_modified_at"]
    assert live(proton, conn_id)["roleArn"] == OTHER_ROLE


def test_update_of_tags_tags_and_untags_only(proton):
    conn_id, outs = created(tags={"keep": "1", "change": "a", "drop": "x"})
    CONTROL.reset()

    new = {"keep": "1", "change": "b", "add": "y"}
    result = provider.update(conn_id, outs, props(tags=new))

    assert calls() == {"TagResource": 1, "UntagResource": 1}
    assert live(proton, conn_id)["tags"] == new
    assert result.outs is not None and result.outs["tags"] == new
    assert result.outs["tags_all"] == new
    assert {k: v for k, v in result.outs.items() if k not in ("tags", "tags_all")} == {
        k: v for k, v in outs.items() if k not in ("tags", "tags_all")
    }


def test_update_of_settings_alone_makes_no_call(proton):
    conn_id, outs = created()
    CONTROL.reset()
    result = provider.update(conn_id, outs, props(aws={"region": REGION}))
    assert calls() == {}
    assert result.outs == {**outs, "aws": {"region": REGION}}


def test_adding_a_component_role_and_roles_with_tags(proton):
    conn_id, outs = created()
    CONTROL.reset()
    news = props(component_role_arn=OTHER_ROLE, codebuild_role_arn=ROLE, tags={"a": "b"})
    provider.update(conn_id, outs, news)
    assert calls() == {"UpdateEnvironmentAccountConnection": 1, "TagResource": 1}
    now = live(proton, conn_id)
    assert (now["componentRoleArn"], now["codebuildRoleArn"], now["tags"]) == (
        OTHER_ROLE,
        ROLE,
        {"a": "b"},
    )


# --- delete ----------------------------------------------------------------------------------


def test_delete_and_delete_again(proton):
    conn_id, outs = created()
    provider.delete(conn_id, outs)
    provider.delete(conn_id, outs)  # already gone: deleted
    assert calls()["DeleteEnvironmentAccountConnection"] == 2
    assert (
        proton.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")[
            "environmentAccountConnections"
        ]
        == []
    )


def test_delete_with_the_wrong_account_is_one_clear_sentence(proton):
    conn_id, outs = created()
    with pytest.raises(ProtonError) as failure:
        provider.delete(conn_id, {**outs, "aws": {"assume_role_arn": MANAGEMENT_ROLE}})
    text = str(failure.value)
    assert text.startswith(
        f"Proton DeleteEnvironmentAccountConnection of connection '{conn_id}' (environment "
        "'prod') failed: "
    )
    assert "(AccessDeniedException)" in text and "right account" in text
    assert "\n" not in text


# --- import (adopt) ----------------------------------------------------------------------------


@pytest.fixture
def made(existing_connection: ExistingConnection) -> dict[str, Any]:
    """The suite-wide existing connection (legacy, tags owner=ops), with the emulator's
    counters reset after it, so that the calls a test counts are the provider's alone."""
    connection = existing_connection()
    CONTROL.reset()
    return connection


def test_import_adopts_a_matching_connection_without_creating(proton, made):
    conn_id, outs = created(environment_name="legacy", tags={"owner": "ops"}, adopt_id=made["id"])

    assert conn_id == made["id"]
    assert calls() == {"GetEnvironmentAccountConnection": 1, "ListTagsForResource": 1}
    assert outs["arn"] == made["arn"] and outs["tags"] == {"owner": "ops"}
    news = props(environment_name="legacy", tags={"owner": "ops"})
    assert not provider.diff(conn_id, outs, news).changes


def test_import_that_differs_fails_naming_each_difference_and_changes_nothing(proton, made):
    with pytest.raises(ProtonError) as failure:
        created(role_arn=OTHER_ROLE, adopt_id=made["id"])

    text = str(failure.value)
    assert text.startswith(f"Cannot import connection '{made['id']}': ")
    assert "environment_name is 'prod' in the program but 'legacy' in AWS" in text
    assert f"role_arn is '{OTHER_ROLE}' in the program but '{ROLE}' in AWS" in text
    assert "tags is unset in the program but {'owner': 'ops'} in AWS" in text
    assert "management_account_id" not in text
    assert calls() == {"GetEnvironmentAccountConnection": 1, "ListTagsForResource": 1}


def test_import_of_a_missing_connection(proton):
    with pytest.raises(ProtonError, match="does not exist in this account and region"):
        created(adopt_id="0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")


# --- retries ---------------------------------------------------------------------------------


def seed_failing_first_only(rate: float) -> int:
    """A seed whose first draw falls under `rate` and second does not: one fault, then none."""
    for seed in range(1000):
        draws = random.Random(seed)
        if draws.random() < rate <= draws.random():
            return seed
    raise AssertionError("no such seed")


@pytest.mark.parametrize("fault", ["throttle_rate", "error_rate"])
def test_throttling_and_server_errors_are_retried(proton, fault):
    rates: dict[str, Any] = {fault: 0.5}
    CONTROL.set_faults(Faults(**rates, seed=seed_failing_first_only(0.5)))
    conn_id, _ = created()
    CONTROL.set_faults(Faults())
    assert calls() == {"CreateEnvironmentAccountConnection": 2}
    assert [
        c["id"]
        for c in proton.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")[
            "environmentAccountConnections"
        ]
    ] == [conn_id]


def test_validation_errors_are_not_retried(proton):
    role_elsewhere = "arn:aws:iam::999999999999:role/Elsewhere"
    with pytest.raises(ProtonError, match=r"\(ValidationException\); correct the value"):
        created(role_arn=role_elsewhere)
    assert calls() == {"CreateEnvironmentAccountConnection": 1}


def test_the_retry_bound_is_botocores_standard_mode(proton):
    client = clients.client(settings.resolve(None), "proton")
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 8}


# --- helpers ---------------------------------------------------------------------------------


def proton_as(role_arn: str) -> Any:
    creds = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=role_arn, RoleSessionName="test"
    )["Credentials"]
    return boto3.client(
        "proton",
        region_name=REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
