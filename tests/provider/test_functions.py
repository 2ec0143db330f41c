"""The functions in process against the Proton emulator: the dynamic package's
get_environment_account_connection(s) and the core they share with the plugin's Invoke."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import boto3
import pytest

from provider import (
    AwsSettings,
    EnvironmentAccountConnectionResult,
    EnvironmentAccountConnectionSummary,
    ProtonError,
    get_environment_account_connection,
    get_environment_account_connections,
)
from provider.core.common import Where
from provider.core.registry import FUNCTIONS
from provider.errors import PLUGIN
from provider.properties import CAMEL
from provider.schema import CONNECTION_RESULTS, CONNECTION_SUMMARY
from provider.settings import Defaults
from provider.testing import CONTROL, proton_mock
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, REGION, ROLE
from tests.provider.test_connection import proton_as

MISSING = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


@pytest.fixture
def proton() -> Iterator[object]:
    with proton_mock():
        yield boto3.client("proton", region_name=REGION)


def request(proton, environment: str, management: str = MANAGEMENT_ACCOUNT) -> str:
    made = proton.create_environment_account_connection(
        environmentName=environment,
        managementAccountId=management,
        roleArn=ROLE,
        tags=[{"key": "team", "value": environment}],
    )
    return str(made["environmentAccountConnection"]["id"])


def test_the_result_types_are_the_tables():
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    assert names(EnvironmentAccountConnectionResult) == [
        p.name for p in CONNECTION_RESULTS.properties
    ]
    assert names(EnvironmentAccountConnectionSummary) == [
        p.name for p in CONNECTION_SUMMARY.properties
    ]


def test_get_reads_every_output_and_the_tags(proton):
    conn_id = request(proton, "prod")
    CONTROL.reset()

    got = get_environment_account_connection(conn_id)

    assert got.id == conn_id
    assert (got.environment_name, got.management_account_id, got.role_arn) == (
        "prod",
        MANAGEMENT_ACCOUNT,
        ROLE,
    )
    assert (got.status, got.environment_account_id) == ("PENDING", ENVIRONMENT_ACCOUNT)
    assert got.tags == {"team": "prod"}
    assert got.arn.endswith(conn_id) and got.requested_at and got.last_modified_at
    assert CONTROL.stats()["calls"] == {
        "GetEnvironmentAccountConnection": 1,
        "ListTagsForResource": 1,
    }


def test_get_of_a_missing_id_fails_naming_it(proton):
    with pytest.raises(ProtonError) as caught:
        get_environment_account_connection(MISSING)
    assert str(caught.value).startswith(f"No environment account connection '{MISSING}' in ")


def test_the_management_account_reads_and_lists_through_its_settings(proton):
    conn_id = request(proton, "prod")
    request(proton, "other", management="222222222222")
    as_management = AwsSettings(assume_role_arn=MANAGEMENT_ROLE)

    got = get_environment_account_connection(conn_id, aws=as_management)
    listed = get_environment_account_connections("MANAGEMENT_ACCOUNT", aws=as_management)

    assert got.tags == {"team": "prod"}
    assert [c.id for c in listed.connections] == [conn_id]
    # The environment account requested of nobody.
    assert get_environment_account_connections("MANAGEMENT_ACCOUNT").connections == []


def test_list_reads_every_page_and_filters(proton):
    ids = [request(proton, f"env-{i}") for i in range(105)]  # the emulator pages by 100
    proton_as(MANAGEMENT_ROLE).accept_environment_account_connection(id=ids[3])
    CONTROL.reset()

    listed = get_environment_account_connections("ENVIRONMENT_ACCOUNT").connections

    assert [c.id for c in listed] == ids
    assert CONTROL.stats()["calls"] == {"ListEnvironmentAccountConnections": 2}
    first = listed[0]
    assert (first.environment_name, first.status, first.role_arn) == ("env-0", "PENDING", ROLE)
    assert (first.environment_account_id, first.management_account_id) == (
        ENVIRONMENT_ACCOUNT,
        MANAGEMENT_ACCOUNT,
    )
    connected = get_environment_account_connections("ENVIRONMENT_ACCOUNT", statuses=["CONNECTED"])
    assert [c.id for c in connected.connections] == [ids[3]]
    named = get_environment_account_connections("ENVIRONMENT_ACCOUNT", environment_name="env-7")
    assert [c.id for c in named.connections] == [ids[7]]


def test_bad_arguments_fail_before_any_call_naming_each(proton):
    CONTROL.reset()
    with pytest.raises(ProtonError) as caught:
        get_environment_account_connections("EVERYONE", statuses=["PENDING", "DONE"])
    assert str(caught.value) == (
        "Invalid arguments to get_environment_account_connections: requested_by must be one "
        "of MANAGEMENT_ACCOUNT, ENVIRONMENT_ACCOUNT, got 'EVERYONE'; statuses[1] must be one "
        "of PENDING, CONNECTED, REJECTED, got 'DONE'."
    )
    with pytest.raises(ProtonError, match=r"get_environment_account_connection: id must be a"):
        get_environment_account_connection("not-an-id")
    with pytest.raises(ProtonError, match=r"aws has no setting 'regoin'"):
        get_environment_account_connection(MISSING, aws={"regoin": "us-east-1"})
    assert CONTROL.stats()["calls"] == {}


def test_the_plugin_names_bad_arguments_in_camel_case():
    failures = FUNCTIONS["getEnvironmentAccountConnections"].check(
        {"environment_name": "no spaces", "statuses": "PENDING"}, CAMEL
    )
    assert [f.property for f in failures] == ["requestedBy", "statuses", "environmentName"]
    assert failures[0].reason == (
        "requestedBy is required (one of MANAGEMENT_ACCOUNT, ENVIRONMENT_ACCOUNT)"
    )
    # The plugin has no `aws` argument: its credentials are its provider's.
    (failure,) = FUNCTIONS["getEnvironmentAccountConnection"].check(
        {"id": MISSING, "aws": {}}, CAMEL
    )
    assert failure.property == "aws" and "not a property" in failure.reason


def test_the_stack_config_is_the_default(proton, monkeypatch):
    # A program's stack config (aws:region) reaches the function as it reaches a resource.
    conn_id = request(proton, "prod")
    monkeypatch.setenv("PULUMI_CONFIG", '{"aws:region": "eu-west-1"}')
    with pytest.raises(ProtonError, match="in eu-west-1"):
        get_environment_account_connection(conn_id)
    monkeypatch.delenv("PULUMI_CONFIG")
    assert get_environment_account_connection(conn_id).id == conn_id


def test_the_plugins_where_reads_too(proton):
    conn_id = request(proton, "prod")
    where = Where(None, Defaults(namespace="proton", region=REGION), PLUGIN)
    got = FUNCTIONS["getEnvironmentAccountConnection"].call({"id": conn_id}, where, CAMEL)
    assert got["id"] == conn_id and got["tags"] == {"team": "prod"}
