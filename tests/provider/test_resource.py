"""Resource construction under `pulumi.runtime.set_mocks` (the only mocked part: the engine),
and the serialized provider that every resource's state carries."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import dill
import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from provider import (
    AwsSettings,
    EnvironmentAccountConnection,
    EnvironmentAccountConnectionAccepter,
    EnvironmentAccountConnectionAccepterProvider,
    EnvironmentAccountConnectionProvider,
    clients,
    settings,
)
from tests.constants import MANAGEMENT_ROLE, REGION
from tests.provider.conftest import BASE

TYPE = "pulumi-python:dynamic/proton:EnvironmentAccountConnection"
CONN_ID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


class Recorder(pulumi.runtime.Mocks):
    """Records what each resource registers (or reads), answering with its inputs."""

    def __init__(self) -> None:
        self.registered: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered[args.name] = args
        return args.resource_id or f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


def run(program, stack: str = "dev") -> Recorder:
    recorder = Recorder()
    # Pulumi's mocks run on the thread's current event loop, which an earlier test's
    # asyncio.run (or Automation API run) may have closed and unset.
    asyncio.set_event_loop(asyncio.new_event_loop())
    pulumi.runtime.set_mocks(recorder, project="proj", stack=stack, preview=False)
    pulumi.runtime.test(program)()
    return recorder


def inputs_of(program, name: str = "conn", stack: str = "dev") -> dict[str, Any]:
    return dict(run(program, stack).registered[name].inputs)


def test_type_token_and_snake_case_inputs():
    def program():
        EnvironmentAccountConnection(
            "conn", **BASE, tags={"team": "platform"}, aws=AwsSettings(region="eu-west-1")
        )

    recorder = run(program)
    args = recorder.registered["conn"]
    assert args.typ == TYPE
    assert args.resource_id in (None, "")
    inputs = dict(args.inputs)
    provider_blob = inputs.pop("__provider")
    seed = inputs.pop("client_token_seed")
    assert inputs == {**BASE, "tags": {"team": "platform"}, "aws": {"region": "eu-west-1"}}
    assert len(seed) == 32 and int(seed, 16) >= 0
    assert len(provider_blob) < 256


def test_outputs_are_attributes():
    def program():
        conn = EnvironmentAccountConnection("conn", **BASE, aws={"region": REGION})

        def check(values: list[Any]) -> None:
            assert values == [BASE["environment_name"], BASE["role_arn"], {"region": REGION}]

        return pulumi.Output.all(conn.environment_name, conn.role_arn, conn.aws).apply(check)

    run(program)


def test_the_token_seed_depends_on_stack_and_name_only():
    def make(name: str, **props: Any):
        def program():
            EnvironmentAccountConnection(name, **{**BASE, **props})

        return program

    seed = inputs_of(make("conn"))["client_token_seed"]
    assert inputs_of(make("conn", role_arn=MANAGEMENT_ROLE))["client_token_seed"] == seed
    assert inputs_of(make("conn"), stack="prod")["client_token_seed"] != seed
    assert inputs_of(make("other"), name="other")["client_token_seed"] != seed


def test_import_becomes_a_hidden_adopt_id_and_the_callers_options_are_untouched():
    opts = pulumi.ResourceOptions(import_=CONN_ID, protect=True)

    def program():
        EnvironmentAccountConnection("conn", **BASE, opts=opts)

    args = run(program).registered["conn"]
    assert args.resource_id in (None, "")  # no import reaches Pulumi's engine
    assert args.inputs["adopt_id"] == CONN_ID
    assert opts.import_ == CONN_ID


def test_get_reads_by_id_with_every_output_unset():
    def program():
        EnvironmentAccountConnection.get("found", CONN_ID, aws=AwsSettings(region="eu-west-1"))

    args = run(program).registered["found"]
    assert args.resource_id == CONN_ID
    assert args.typ == TYPE
    inputs = dict(args.inputs)
    inputs.pop("__provider")
    assert inputs == {"aws": {"region": "eu-west-1"}}


def test_aws_settings_from_an_output():
    def program():
        role = pulumi.Output.from_input(MANAGEMENT_ROLE)
        EnvironmentAccountConnection(
            "conn", **BASE, aws=role.apply(lambda arn: AwsSettings(assume_role_arn=arn))
        )

    assert inputs_of(program)["aws"] == {"assume_role_arn": MANAGEMENT_ROLE}


def test_aws_settings_validate_plain_values_at_once():
    with pytest.raises(ValueError, match=r"aws\.region must be an AWS region name"):
        AwsSettings(region="mars")
    with pytest.raises(ValueError, match=r"aws has no setting 'role'"):
        AwsSettings.model_validate({"role": MANAGEMENT_ROLE})
    pending = pulumi.Output.from_input("anything")
    assert AwsSettings(region=pending).to_props() == {"region": pending}
    assert AwsSettings.model_validate({"region": REGION}) == AwsSettings(region=REGION)
    assert AwsSettings.model_validate({}).to_props() == {}


# --- The serialized provider -----------------------------------------------------------------


@pytest.mark.parametrize(
    "provider_class",
    [EnvironmentAccountConnectionProvider, EnvironmentAccountConnectionAccepterProvider],
)
def test_serialized_provider_is_a_reference_under_256_bytes_without_credentials(provider_class):
    secrets = ["AKIACONFIGSECRET0001", "configSecretValue/abcdef", "configTokenValue"]
    config = {"aws:accessKey": secrets[0], "aws:secretKey": secrets[1], "aws:token": secrets[2]}
    provider = provider_class()
    provider.configure(pulumi.dynamic.ConfigureRequest(pulumi.dynamic.Config(config, "test")))
    clients.client(settings.resolve({"region": REGION}), "proton")  # a client in the cache

    blob = serialize_provider(provider)
    raw = base64.b64decode(blob)

    assert len(blob) < 256
    assert provider_class.__module__.encode() in raw and provider_class.__name__.encode() in raw
    assert not any(secret.encode() in raw for secret in [*secrets, "testing"])
    assert blob == serialize_provider(provider_class())
    assert type(dill.loads(raw)) is provider_class
    assert vars(provider) == {}
    assert provider_class.serialize_as_secret_always is False


def test_accepter_type_token_and_inputs():
    def program():
        EnvironmentAccountConnectionAccepter(
            "accept", connection_id=CONN_ID, aws=AwsSettings(assume_role_arn=MANAGEMENT_ROLE)
        )

    args = run(program).registered["accept"]
    assert args.typ == "pulumi-python:dynamic/proton:EnvironmentAccountConnectionAccepter"
    inputs = dict(args.inputs)
    assert len(inputs.pop("__provider")) < 256
    assert inputs == {"connection_id": CONN_ID, "aws": {"assume_role_arn": MANAGEMENT_ROLE}}
