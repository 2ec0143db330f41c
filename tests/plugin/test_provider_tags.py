"""Provider-wide tags through the engine and the plugin, against the emulator:
proton:defaultTags and proton:ignoreTags with pulumi-aws's semantics. A default tag reaches
Proton and tagsAll; changing it, then removing it, updates the connection in place (shown by
preview --diff as tagsAll); a key of ignoreTags added outside Pulumi is never removed and is
no drift on refresh."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import BASE, Events, connection, export, live, mutations_since

pytestmark = pytest.mark.e2e


def program() -> None:
    conn = connection("conn", {**BASE, "tags": {"app": "api"}, "tagsAll": None})
    export("conn", conn, ("arn", "tags", "tagsAll"))


def defaults(**tags: str) -> auto.ConfigValue:
    return auto.ConfigValue(json.dumps({"tags": tags}))


def test_default_and_ignored_tags(plugin_stack: PluginStacks, emulator: Emulator):
    stack = plugin_stack(program).stack
    stack.set_config("proton:defaultTags", defaults(team="platform", app="default"))
    stack.set_config("proton:ignoreTags", auto.ConfigValue('{"keys": ["owner"]}'))

    conn: dict[str, Any] = stack.up().outputs["conn"].value
    assert conn["tags"] == {"app": "api"}  # its own, which win over the default of app
    assert conn["tagsAll"] == {"app": "api", "team": "platform"}
    assert live(emulator, conn["id"])["tags"] == conn["tagsAll"]

    # A default tag changes: preview --diff shows tagsAll, and up updates in place.
    stack.set_config("proton:defaultTags", defaults(team="infra"))
    events = Events()
    preview = stack.preview(diff=True, on_event=events.append)
    assert preview.change_summary == {"same": 1, "update": 1}
    assert events.detailed_diff("conn") == {"tagsAll": "update"}
    assert "team" in preview.stdout and "infra" in preview.stdout
    before = emulator.proton_calls()
    conn = stack.up().outputs["conn"].value
    assert mutations_since(emulator, before) == {"TagResource": 1}
    assert live(emulator, conn["id"])["tags"] == {"app": "api", "team": "infra"}

    # Another tool's key: never removed, and no drift.
    emulator.client().tag_resource(
        resourceArn=conn["arn"],
        tags=[{"key": "owner", "value": "ops"}],
    )
    refreshed = stack.refresh()
    assert refreshed.summary.resource_changes == {"same": 2}
    stack.preview(expect_no_changes=True)

    # The default tags removed: untagged in place; the ignored key stays.
    stack.remove_config("proton:defaultTags")
    before = emulator.proton_calls()
    conn = stack.up().outputs["conn"].value
    assert mutations_since(emulator, before) == {"UntagResource": 1}
    assert conn["tagsAll"] == {"app": "api"}
    assert live(emulator, conn["id"])["tags"] == {"app": "api", "owner": "ops"}


def test_a_bad_default_tag_fails_check_naming_the_providers_tag(
    plugin_stack: PluginStacks, emulator: Emulator
):
    def many() -> None:
        tags = {f"k{i}": "v" for i in range(50)}
        pulumi.export("id", connection("conn", {**BASE, "tags": tags}).id)

    stack = plugin_stack(many).stack
    stack.set_config("proton:defaultTags", defaults(team="platform"))
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.preview()
    assert (
        "tags with the provider's default tags hold 51 tags, of which 1 come from "
        "proton:defaultTags (team); Proton allows at most 50"
    ) in str(failure.value)
    assert emulator.proton_calls() == {}
