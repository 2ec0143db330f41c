"""Provider-wide tags of the dynamic form through the real engine against the emulator: the
stack's aws:defaultTags and aws:ignoreTags, as pulumi-aws reads them. A default tag reaches
Proton and tags_all; a change of it shows in preview and updates in place; a key of
aws:ignoreTags added outside Pulumi is never removed and is no drift on refresh."""

from __future__ import annotations

import json

import pulumi
import pytest

from provider import EnvironmentAccountConnection
from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator, StackFactory

pytestmark = pytest.mark.e2e


def program() -> None:
    conn = EnvironmentAccountConnection(
        "conn",
        environment_name="prod",
        management_account_id=MANAGEMENT_ACCOUNT,
        role_arn=ROLE,
        tags={"app": "api"},
    )
    pulumi.export("id", conn.id)
    pulumi.export("arn", conn.arn)
    pulumi.export("tags", conn.tags)
    pulumi.export("tags_all", conn.tags_all)


def held(emulator: Emulator, arn: str) -> dict[str, str]:
    tags = emulator.client().list_tags_for_resource(resourceArn=arn)["tags"]
    return {t["key"]: t["value"] for t in tags}


def test_default_and_ignored_tags(make_stack: StackFactory, emulator: Emulator):
    stack = make_stack(
        program,
        config={
            "aws:defaultTags": json.dumps({"tags": {"team": "platform"}}),
            "aws:ignoreTags": json.dumps({"keyPrefixes": ["scanner:"]}),
        },
    )
    outputs = stack.up().outputs
    arn = outputs["arn"].value
    assert outputs["tags"].value == {"app": "api"}
    assert outputs["tags_all"].value == {"app": "api", "team": "platform"} == held(emulator, arn)

    stack.set_config("aws:defaultTags", pulumi.automation.ConfigValue('{"tags": {"team": "web"}}'))
    assert stack.preview().change_summary == {"same": 1, "update": 1}
    calls = emulator.proton_calls()
    assert stack.up().outputs["tags_all"].value == {"app": "api", "team": "web"}
    assert held(emulator, arn) == {"app": "api", "team": "web"}
    now = emulator.proton_calls()
    assert now.get("CreateEnvironmentAccountConnection") == calls.get(
        "CreateEnvironmentAccountConnection"
    )
    assert now.get("DeleteEnvironmentAccountConnection") is None

    emulator.client().tag_resource(
        resourceArn=arn, tags=[{"key": "scanner:seen", "value": "today"}]
    )
    assert stack.refresh().summary.resource_changes == {"same": 2}
    stack.preview(expect_no_changes=True)
    stack.destroy()
    assert emulator.connections() == []
