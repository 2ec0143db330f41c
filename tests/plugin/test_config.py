"""The provider configuration of a stack that already has resources: a change of
`proton:region` must reach the plugin in the same `pulumi up` (the connection, now in
another region, is replaced), not one `up` later."""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import BASE, mutations_since, one_connection, outputs

pytestmark = pytest.mark.e2e


def test_a_new_region_reaches_the_plugin_in_the_same_up(
    plugin_stack: PluginStacks, emulator: Emulator
):
    stack = plugin_stack(one_connection(BASE), config={"proton:region": "us-east-1"})
    first = outputs(stack.stack.up())["conn"]
    assert first["arn"].startswith("arn:aws:proton:us-east-1:")

    stack.stack.set_config("proton:region", auto.ConfigValue("us-west-2"))
    moved = stack.stack.up()

    assert outputs(moved)["conn"]["arn"].startswith("arn:aws:proton:us-west-2:")
    assert moved.summary.resource_changes == {"replace": 1, "same": 1}
    assert mutations_since(emulator, {}) == {
        "CreateEnvironmentAccountConnection": 2,
        "DeleteEnvironmentAccountConnection": 1,
    }
