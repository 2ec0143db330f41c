"""Provider-wide tags in process against the emulator: the stack's aws:defaultTags and
aws:ignoreTags (the dynamic form; the plugin's proton:* keys become the same Defaults), with
pulumi-aws's semantics, through the connection's check, diff, create, read and update."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from provider import AwsSettings, EnvironmentAccountConnectionProvider, ProtonError
from provider.core.common import Where
from provider.core.connection import CONNECTION
from provider.plugin import config
from provider.properties import CAMEL
from provider.settings import Defaults
from provider.tags import TagRules, rules_of
from provider.testing import CONTROL, proton_mock
from tests.constants import REGION
from tests.provider.conftest import BASE
from tests.provider.test_connection import calls, created, live, props

provider = EnvironmentAccountConnectionProvider()
DEFAULTS = json.dumps({"tags": {"team": "platform", "cost": "shared"}})
IGNORE = json.dumps({"keys": ["owner"], "keyPrefixes": ["scanner:"]})


@pytest.fixture
def proton() -> Iterator[Any]:
    """A boto3 client of the environment account, inside the emulator."""
    with proton_mock():
        yield boto3.client("proton", region_name=REGION)


def outs_of(result: Any) -> dict[str, Any]:
    assert result.outs is not None
    outs: dict[str, Any] = result.outs
    return outs


@pytest.fixture
def tag_config(stack_config):
    stack_config(**{"aws:defaultTags": DEFAULTS, "aws:ignoreTags": IGNORE})


def test_rules_as_pulumi_aws_reads_them():
    rules = rules_of("aws", DEFAULTS, IGNORE)
    assert rules.default_tags == {"cost": "shared", "team": "platform"}
    assert rules.ignored("owner") and rules.ignored("scanner:id") and not rules.ignored("own")
    # The resource's own tag wins; ignored keys are never sent.
    assert rules.merged({"team": "web", "owner": "x"}) == {"cost": "shared", "team": "web"}
    with pytest.raises(ValueError, match=r"aws:defaultTags has no key 'team'"):
        rules_of("aws", '{"team": "x"}', None)
    with pytest.raises(ValueError, match=r"aws:ignoreTags.keys must be a list of strings"):
        rules_of("aws", None, {"keys": "owner"})


def test_create_sends_the_merged_tags_and_tags_all_shows_them(proton, tag_config):
    conn_id, outs = created(tags={"team": "web", "owner": "me"})

    assert live(proton, conn_id)["tags"] == {"team": "web", "cost": "shared"}
    assert outs["tags"] == {"team": "web", "owner": "me"}  # its own, as the program gave them
    assert outs["tags_all"] == {"team": "web", "cost": "shared"}


def test_a_default_tag_change_updates_in_place(proton, stack_config, tag_config):
    conn_id, outs = created(tags={"app": "api"})
    stack_config(**{"aws:defaultTags": json.dumps({"tags": {"team": "infra"}})})
    news = props(tags={"app": "api"})

    changed = provider.diff(conn_id, outs, news)
    assert changed.changes and not changed.replaces
    CONTROL.reset()
    updated = outs_of(provider.update(conn_id, outs, news))

    assert calls() == {"TagResource": 1, "UntagResource": 1}
    assert live(proton, conn_id)["tags"] == {"app": "api", "team": "infra"}
    assert updated["tags"] == {"app": "api"}
    assert updated["tags_all"] == live(proton, conn_id)["tags"]
    assert not provider.diff(conn_id, updated, news).changes


def test_ignored_keys_are_never_touched_nor_drift(proton, tag_config):
    conn_id, outs = created(tags={"app": "api"})
    arn = outs["arn"]
    proton.tag_resource(
        resourceArn=arn,
        tags=[{"key": "owner", "value": "ops"}, {"key": "scanner:last", "value": "today"}],
    )

    found = outs_of(provider.read(conn_id, outs))
    assert found["tags_all"] == outs["tags_all"] and found["tags"] == {"app": "api"}
    assert not provider.diff(conn_id, found, props(tags={"app": "api"})).changes
    # Removing every own tag leaves the other tools' keys alone.
    CONTROL.reset()
    provider.update(conn_id, found, props(tags=None))
    assert live(proton, conn_id)["tags"] == {
        "owner": "ops",
        "scanner:last": "today",
        "team": "platform",
        "cost": "shared",
    }


def test_refresh_sees_drift_of_other_keys_as_own_tags(proton, tag_config):
    conn_id, outs = created(tags={"app": "api"})
    proton.tag_resource(resourceArn=outs["arn"], tags=[{"key": "cost", "value": "team-a"}])
    found = outs_of(provider.read(conn_id, outs))
    # A default tag changed outside Pulumi is drift: the next up puts the default back.
    assert found["tags"] == {"app": "api", "cost": "team-a"}
    assert provider.diff(conn_id, found, props(tags={"app": "api"})).changes


def test_state_without_tags_all_has_no_diff(stack_config):
    # State written before tags_all existed: its tags were all that Proton held.
    stored: dict[str, Any] = {**props(tags={"team": "platform"}), "arn": "x", "status": "PENDING"}
    assert not provider.diff("id", stored, props(tags={"team": "platform"})).changes


def test_the_merged_set_is_checked_saying_which_tags_are_the_providers(stack_config):
    many = {f"k{i}": "v" for i in range(49)}
    stack_config(**{"aws:defaultTags": json.dumps({"tags": {"team": "a", "cost": "b"}})})
    (failure,) = provider.check({}, props(tags=many)).failures
    assert failure.property == "tags"
    assert failure.reason == (
        "tags with the provider's default tags hold 51 tags, of which 2 come from "
        "aws:defaultTags (cost, team); Proton allows at most 50"
    )
    # An own tag of the same key wins, so it does not count twice.
    assert not provider.check({}, props(tags={**many, "team": "x"})).failures[1:]
    stack_config(**{"aws:defaultTags": json.dumps({"tags": {"team": "x" * 300}})})
    (failure,) = provider.check({}, props(tags={"app": "api"})).failures
    assert failure.reason.startswith("aws:defaultTags value of key 'team' must be 0 to 256")
    assert failure.reason.endswith("(a default tag of the provider)")


def test_the_plugin_names_its_keys():
    where = Where(None, Defaults.of("proton", {"defaultTags": {"tags": {"team": "a"}}}))
    many = {f"k{i}": "v" for i in range(50)}
    (failure,) = CONNECTION.check({**BASE, "tags": many}, CAMEL, where)
    assert "come from proton:defaultTags (team)" in failure.reason
    assert [f.reason for f in config.check({"ignoreTags": {"keys": [1]}})] == [
        "proton:ignoreTags.keys must be a list of strings, got [1]"
    ]
    (bad_key,) = config.check({"defaultTags": '{"tags": {"": "v"}}'})
    assert bad_key.property == "defaultTags"
    assert bad_key.reason.startswith("proton:defaultTags.tags key must be 1 to 128 characters")


def test_bad_stack_tag_config_fails_in_one_sentence(stack_config):
    with pytest.raises(ProtonError, match=r"^The config aws:ignoreTags must be an object"):
        stack_config(**{"aws:ignoreTags": '"owner"'})


def test_no_rules_change_nothing():
    assert TagRules().merged({"a": "b"}) == {"a": "b"} and TagRules().merged(None) == {}


def test_check_derives_tags_all_into_the_inputs_so_preview_shows_it(stack_config, tag_config):
    checked = provider.check({}, props(tags={"app": "api"}))
    assert checked.inputs["tags_all"] == {"app": "api", "team": "platform", "cost": "shared"}
    stack_config()  # no provider-wide tags: nothing derived, the inputs as they were
    assert "tags_all" not in provider.check({}, props(tags={"app": "api"})).inputs


def test_a_resources_own_settings_replace_the_stacks(proton, tag_config):
    own = {"default_tags": {"team": "own"}, "ignore_tags": {"key_prefixes": ["x-"]}}
    conn_id, outs = created(tags={"app": "api", "x-y": "z"}, aws=own)
    assert live(proton, conn_id)["tags"] == {"app": "api", "team": "own"}
    assert outs["tags_all"] == {"app": "api", "team": "own"}


def test_bad_tag_settings_are_named():
    failures = provider.check(
        {}, props(aws={"default_tags": {"": "v"}, "ignore_tags": {"keys": "owner"}})
    ).failures
    assert [f.property for f in failures] == ["aws"]
    assert failures[0].reason == (
        "aws.default_tags key must be 1 to 128 characters long, got 0: ''; "
        "aws.ignore_tags must be a map with keys and/or key_prefixes, each a list of strings, "
        "got dict {'keys': 'owner'}"
    )
    with pytest.raises(ValueError, match=r"aws.ignore_tags must be a map"):
        AwsSettings(ignore_tags={"prefixes": ["x"]})
    assert AwsSettings(default_tags={"team": "a"}).to_props() == {"default_tags": {"team": "a"}}
