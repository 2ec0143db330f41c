"""Pins of what the pinned Pulumi (SDK and CLI 3.260.0) does that the plugin works around, so
that an upgrade which changes it shows here.

- The plugin SDK cannot marshal its own `PropertyValue.computed()`, and unmarshals the
  engine's unknowns as the sentinel string: the plugin sends and reads the sentinel.
- The SDK's DiffConfig copies the provider's `changes` bool into the protocol's enum as it
  is: True becomes 1, DIFF_NONE; False becomes 0, DIFF_UNKNOWN.
- A plugin receives only its own package's configuration: `aws:region` never reaches it.
- `pulumi package get-schema` takes the plugin's executable, or a directory with a
  PulumiPlugin.yaml, not the directory holding the executable.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pulumi
import pytest
from pulumi import automation as auto
from pulumi.provider.experimental import provider as sdk
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2

import provider.plugin
from provider.plugin import values
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PLUGIN, PluginStacks
from tests.plugin.support import (
    BASE,
    Events,
    accepter,
    assert_no_traceback,
    calls_since,
    connection,
    export,
    one_connection,
    output,
    outputs,
)

REGION_SOURCES = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


@pytest.fixture
def no_region(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWS region anywhere botocore looks: none of `REGION_SOURCES` in this process (the
    stacks also leave them out of the engine's environment) and no config file."""
    for name in REGION_SOURCES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")


def test_sdk_cannot_marshal_its_own_computed_value_so_the_plugin_sends_the_sentinel():
    with pytest.raises(ValueError, match="Unsupported value type"):
        PropertyValue.computed().marshal()

    for sent in (values.sendable(PropertyValue.computed()), values.property_value(rpc.UNKNOWN)):
        assert sent.marshal().string_value == rpc.UNKNOWN
    secret = values.sendable(PropertyValue.computed().with_secret(True))
    assert secret.is_secret and secret.marshal().struct_value.fields["value"].string_value == (
        rpc.UNKNOWN
    )
    nested = values.sendable(PropertyValue({"team": PropertyValue.computed()}))
    assert nested.marshal().struct_value.fields["team"].string_value == rpc.UNKNOWN


def test_sdk_unmarshals_the_engines_unknown_as_a_string_which_the_plugin_reads_as_unknown():
    received = PropertyValue.unmarshal(PropertyValue(rpc.UNKNOWN).marshal())

    assert not isinstance(received.value, Computed)
    assert received.value == rpc.UNKNOWN
    assert values.plain(received) is rpc.UNKNOWN or values.plain(received) == rpc.UNKNOWN


class _ChangedConfig(sdk.Provider):
    async def diff_config(self, request: sdk.DiffRequest) -> sdk.DiffResponse:
        return sdk.DiffResponse(changes=True, diffs=["region"])


# protobuf itself warns: "Field pulumirpc.DiffResponse.changes: Expected an int, got a boolean.
# This will be rejected in 7.34.0".
@pytest.mark.filterwarnings("ignore:Field pulumirpc.DiffResponse.changes:DeprecationWarning")
def test_sdk_diff_config_turns_changes_true_into_diff_none():
    servicer = ProviderServicer([], "0.0.0", _ChangedConfig(), engine_address="")
    request = provider_pb2.DiffRequest(urn="urn:pulumi:s::p::pulumi:providers:proton::default")

    response = asyncio.run(servicer.DiffConfig(request, None))

    assert list(response.diffs) == ["region"]
    assert response.changes == provider_pb2.DiffResponse.DIFF_NONE  # not DIFF_SOME


@pytest.mark.e2e
def test_aws_region_does_not_reach_the_plugin(
    plugin_stack: PluginStacks, emulator: Emulator, no_region: None
):
    stack = plugin_stack(
        one_connection(BASE), config={"aws:region": "us-east-1"}, without_env=REGION_SOURCES
    )
    events = Events()

    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.up(on_event=events.append)

    assert_no_traceback(str(failure.value))
    [error] = events.errors("conn")
    assert "no AWS region is set" in error
    assert emulator.proton_calls() == {}

    # The same program with the plugin's own key works: it was the region, and only it.
    control = plugin_stack(
        one_connection(BASE),
        name="control",
        config={"aws:region": "us-east-1", "proton:region": "us-east-1"},
        without_env=REGION_SOURCES,
    )
    created = control.stack.up()
    assert created.summary.resource_changes == {"create": 2}
    assert outputs(created)["conn"]["arn"].startswith("arn:aws:proton:us-east-1:")
    assert calls_since(emulator, {}) == {"CreateEnvironmentAccountConnection": 1}


@pytest.mark.e2e
def test_no_region_advice_names_the_plugins_own_configuration(
    plugin_stack: PluginStacks, emulator: Emulator, no_region: None
):
    stack = plugin_stack(one_connection(BASE), without_env=REGION_SOURCES)
    events = Events()

    with pytest.raises(auto.errors.CommandError):
        stack.stack.up(on_event=events.append)

    [error] = events.errors("conn")
    assert "no AWS region is set" in error
    assert "proton:region" in error, error
    assert "aws:region" not in error and "AwsSettings" not in error, error


@pytest.mark.e2e
def test_get_schema_takes_the_executable_not_its_directory(
    pulumi_cli: str, plugin_dir: Path, tmp_path: Path
):
    env = {
        **os.environ,
        "PULUMI_HOME": str(tmp_path / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }

    def get_schema(target: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pulumi_cli, "package", "get-schema", str(target)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    by_executable = get_schema(plugin_dir / PLUGIN)
    assert by_executable.returncode == 0, by_executable.stderr
    assert '"name": "proton"' in by_executable.stdout

    # A directory needs a PulumiPlugin.yaml or a name to look for; given neither, the CLI
    # looks for an executable called "pulumi-resource-" (an empty name).
    by_directory = get_schema(plugin_dir)
    assert by_directory.returncode != 0
    assert 'to have an executable named "pulumi-resource-"' in by_directory.stderr
    assert by_directory.stdout == ""

    # A directory that says what it holds (provider/plugin's PulumiPlugin.yaml) does work.
    by_manifest = get_schema(Path(provider.plugin.__file__).parent)
    assert by_manifest.returncode == 0, by_manifest.stderr
    assert '"name": "proton"' in by_manifest.stdout


@pytest.mark.e2e
def test_preview_passes_unknown_inputs_through_check_and_diff(
    plugin_stack: PluginStacks, emulator: Emulator
):
    """Inputs computed from other resources are unknown in a preview: the plugin's check and
    diff take the sentinel, and send it back, without failing or calling AWS."""

    def program() -> None:
        first = connection("first", BASE)
        role = pulumi.Output.concat(
            "arn:aws:iam::", output(first, "environmentAccountId"), ":role/Derived"
        )
        second = connection(
            "second",
            {**BASE, "environmentName": "second", "roleArn": role, "tags": {"of": first.id}},
        )
        export("second", second, ("roleArn", "tags"))
        management = pulumi.ProviderResource(
            "proton", "management", {"assumeRole": {"roleArn": MANAGEMENT_ROLE}}
        )
        accepted = accepter(
            "accept", {"connectionId": first.id}, pulumi.ResourceOptions(provider=management)
        )
        export("accept", accepted, ("status",))

    stack = plugin_stack(program)

    preview = stack.stack.preview()

    assert preview.change_summary == {"create": 5}
    assert emulator.proton_calls() == {}

    out = outputs(stack.stack.up())
    assert out["second"]["roleArn"] == f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/Derived"
    first = stack.resource("first")
    assert first is not None
    assert out["second"]["tags"] == {"of": first["id"]}
    assert out["accept"] == {"id": first["id"], "status": "CONNECTED"}
