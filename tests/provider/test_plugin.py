"""The plugin front end in process: its schema from the tables, check and diff named in
camelCase, config, values and error sentences (end-to-end runs are in tests/plugin)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pulumi.provider.experimental import provider as sdk
from pulumi.provider.experimental.property_value import PropertyValue

from provider import EnvironmentAccountConnectionProvider
from provider.errors import ProtonError
from provider.plugin import config
from provider.plugin.operations import ProtonProvider
from provider.plugin.package import ACCEPTER_TOKEN, CONNECTION_TOKEN, schema
from provider.plugin.server import message
from provider.plugin.values import plain, property_value, sendable
from provider.properties import Behaviour
from provider.schema import CONNECTION_PROPERTIES
from provider.testing import CONTROL, proton_mock
from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.provider.conftest import BASE

URN = f"urn:pulumi:dev::p::{CONNECTION_TOKEN}::conn"
ARN = f"arn:aws:proton:us-east-1:123456789012:environment-account-connection/{'0' * 8}"
CAMEL_BASE = {"environmentName": "prod", "managementAccountId": MANAGEMENT_ACCOUNT, "roleArn": ROLE}


def values(**props: Any) -> dict[str, PropertyValue]:
    return {key: property_value(value) for key, value in props.items()}


def run(coroutine: Any) -> Any:
    # Not asyncio.run: it leaves the thread with no current loop, which Pulumi's mocks
    # (tests/provider/test_resource.py) then fail to find.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()


# --- The schema is the table's ----------------------------------------------------------------


def test_schema_resources_come_from_the_table():
    resources = schema()["resources"]
    assert set(resources) == {
        CONNECTION_TOKEN,
        ACCEPTER_TOKEN,
        "proton:index:EnvironmentAccountConnectionAccepters",
    }
    conn = resources[CONNECTION_TOKEN]
    inputs = [
        p.pulumi_name
        for p in CONNECTION_PROPERTIES.of(Behaviour.UPDATE, Behaviour.REPLACE)
        if p.plugin
    ]
    assert list(conn["inputProperties"]) == inputs
    assert conn["requiredInputs"] == ["environmentName", "managementAccountId"]
    replaced = [k for k, v in conn["inputProperties"].items() if v.get("replaceOnChanges")]
    assert replaced == ["environmentName", "managementAccountId"]
    assert {"arn", "status", "environmentAccountId", "requestedAt", "lastModifiedAt"} <= set(
        conn["properties"]
    )
    assert conn["inputProperties"]["tags"]["additionalProperties"] == {"type": "string"}
    assert "12 digits" in conn["inputProperties"]["managementAccountId"]["description"]
    assert "removing it replaces" in conn["inputProperties"]["roleArn"]["description"]
    hidden = {"aws", "adoptId", "clientTokenSeed"}
    assert not hidden & set(conn["properties"]) and not hidden & set(conn["inputProperties"])
    accepter = resources[ACCEPTER_TOKEN]
    assert accepter["inputProperties"]["rejectOnDelete"]["type"] == "boolean"
    assert accepter["requiredInputs"] == ["connectionId"]


def test_credentials_are_secret_in_the_schema():
    variables = schema()["config"]["variables"]
    assert {k for k, v in variables.items() if v.get("secret")} == {
        "accessKey",
        "secretKey",
        "token",
    }
    assert schema()["provider"]["inputProperties"] == variables


# --- check and diff, named in camelCase -----------------------------------------------------


def test_check_names_bad_inputs_in_camel_case():
    request = sdk.CheckRequest(
        URN, {}, values(**{**CAMEL_BASE, "managementAccountId": "123", "aws": {}}), b""
    )
    failures = {f.property: f.reason for f in run(ProtonProvider().check(request)).failures}
    assert failures == {
        "aws": "aws is not a property; known: codebuildRoleArn, componentRoleArn, "
        "environmentName, managementAccountId, roleArn, tags",
        "managementAccountId": "managementAccountId must be 12 digits, got '123'",
    }


def test_check_gives_unknowns_back_as_the_sentinel():
    # Pinned SDK pitfall: the SDK cannot marshal its own PropertyValue.computed(); when this
    # starts to pass, the plugin can hand computed values back as they are.
    with pytest.raises(ValueError, match="Unsupported value type"):
        PropertyValue.computed().marshal()
    request = sdk.CheckRequest(
        URN, {}, {**values(**CAMEL_BASE), "tags": PropertyValue.computed()}, b""
    )
    response = run(ProtonProvider().check(request))
    assert response.failures == []
    PropertyValue.marshal_map(response.inputs)  # marshals: the engine can take it back
    assert plain(response.inputs["tags"]) == plain(sendable(PropertyValue.computed()))


def diff(olds: dict[str, Any], news: dict[str, Any]) -> sdk.DiffResponse:
    request = sdk.DiffRequest(URN, "id", values(**olds), values(**news), [])
    response: sdk.DiffResponse = run(ProtonProvider().diff(request))
    return response


STORED = {**CAMEL_BASE, "arn": ARN, "status": "PENDING", "environmentAccountId": "123456789012"}


def test_diff_kinds_per_property():
    result = diff(
        {**STORED, "componentRoleArn": ROLE, "tags": {"a": "b"}},
        {**CAMEL_BASE, "environmentName": "staging", "codebuildRoleArn": ROLE},
    )
    kinds = {k: v.kind for k, v in result.detailed_diff.items()}
    assert kinds == {
        "environmentName": sdk.PropertyDiffKind.UPDATE_REPLACE,
        "codebuildRoleArn": sdk.PropertyDiffKind.ADD,
        "componentRoleArn": sdk.PropertyDiffKind.DELETE_REPLACE,
        "tags": sdk.PropertyDiffKind.DELETE,
        "tagsAll": sdk.PropertyDiffKind.DELETE,  # what Proton holds follows
    }
    assert result.detailed_diff["tagsAll"].input_diff  # check derives it into the inputs
    assert sorted(result.replaces) == ["componentRoleArn", "environmentName"]
    assert not result.delete_before_replace  # a new environment: the new one can come first


def test_removing_a_role_deletes_first_and_a_rejected_one_is_replaced():
    removed = diff({**STORED, "componentRoleArn": ROLE}, CAMEL_BASE)
    assert removed.replaces == ["componentRoleArn"] and removed.delete_before_replace
    rejected = diff({**STORED, "status": "REJECTED"}, CAMEL_BASE)
    assert rejected.detailed_diff["status"].kind == sdk.PropertyDiffKind.UPDATE_REPLACE
    assert not rejected.detailed_diff["status"].input_diff


def test_no_change_and_the_provider_region_moves():
    assert diff(STORED, CAMEL_BASE).changes is False
    provider = ProtonProvider()
    run(provider.configure(sdk.ConfigureRequest({}, values(region="eu-west-1"), True, False)))
    request = sdk.DiffRequest(URN, "id", values(**STORED), values(**CAMEL_BASE), [])
    assert run(provider.diff(request)).replaces == ["arn"]


def test_dynamic_and_plugin_share_one_rule():
    # The same table decides both: a removed role replaces, deleting first, in each.
    dynamic = EnvironmentAccountConnectionProvider().diff(
        "id", {**BASE, "component_role_arn": ROLE, "arn": ARN}, BASE
    )
    plugin = diff({**STORED, "componentRoleArn": ROLE}, CAMEL_BASE)
    assert dynamic.replaces == ["component_role_arn"] and plugin.replaces == ["componentRoleArn"]
    assert dynamic.delete_before_replace and plugin.delete_before_replace


# --- configuration ----------------------------------------------------------------------------


def test_config_is_checked_with_the_settings_constraints():
    failures = {f.property: f.reason for f in config.check({"region": "mars", "accessKey": "A"})}
    assert failures["region"].startswith("proton:region must be an AWS region name")
    assert "set both" in failures["accessKey"]
    role = config.check({"assumeRole": {"roleArn": "nope"}})
    assert role[0].property == "assumeRole.roleArn"


def test_check_config_marks_credentials_secret():
    news = values(region="us-east-1", accessKey="AKIAEXAMPLEEXAMPLE12", secretKey="s" * 40)
    response = run(ProtonProvider().check_config(sdk.CheckRequest(URN, {}, news, b"")))
    assert response.failures == []
    assert response.inputs["accessKey"].is_secret and response.inputs["secretKey"].is_secret
    assert not response.inputs["region"].is_secret


def test_each_provider_instance_acts_with_its_own_config():
    with proton_mock():
        management = ProtonProvider()
        args = values(region="us-east-1", assumeRole={"roleArn": MANAGEMENT_ROLE})
        run(management.configure(sdk.ConfigureRequest({}, args, True, False)))
        environment = ProtonProvider()
        created = run(environment.create(sdk.CreateRequest(URN, values(**CAMEL_BASE), 60, False)))
        accept_urn = f"urn:pulumi:dev::p::{ACCEPTER_TOKEN}::accept"
        request = sdk.CreateRequest(accept_urn, values(connectionId=created.resource_id), 60, False)
        accepted = run(management.create(request))
        assert plain(accepted.properties["status"]) == "CONNECTED"
        assert plain(accepted.properties["managementAccountId"]) == MANAGEMENT_ACCOUNT
        assert CONTROL.stats()["calls"]["AcceptEnvironmentAccountConnection"] == 1


# --- errors -----------------------------------------------------------------------------------


def test_errors_are_one_sentence():
    # As the SDK's servicer does: it re-raises every error with a traceback appended.
    try:
        try:
            raise ProtonError("Proton CreateEnvironmentAccountConnection of x failed: no.")
        except ProtonError as error:
            raise Exception(f"{error}:\n  File 'server.py', line 1")  # noqa: B904
    except Exception as wrapped:
        assert message(wrapped) == "Proton CreateEnvironmentAccountConnection of x failed: no."
    assert message(KeyError("x")) == "pulumi-resource-proton: unexpected KeyError: 'x'"
