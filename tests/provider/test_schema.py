"""check and diff, driven by the property table: no network, constraints from botocore."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from provider import EnvironmentAccountConnectionProvider, clients, validation
from provider.constraints import SETTINGS_FIELDS
from provider.properties import Behaviour, Kind
from provider.schema import ACCEPTER_PROPERTIES as ACCEPTER
from provider.schema import CONNECTION_PROPERTIES as CONNECTION
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, OTHER_ROLE, ROLE
from tests.provider.conftest import BASE

MODEL = botocore.session.get_session().get_service_model("proton")
CREATE_INPUT: Any = MODEL.operation_model("CreateEnvironmentAccountConnection").input_shape
CREATE: Any = CREATE_INPUT.members
CONN_ID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
ARN = f"arn:aws:proton:us-east-1:{ENVIRONMENT_ACCOUNT}:environment-account-connection/{CONN_ID}"
provider = EnvironmentAccountConnectionProvider()


def failures(props: dict[str, Any]) -> dict[str, str]:
    result = provider.check({}, props)
    assert result.inputs == props
    return {f.property: f.reason for f in result.failures}


def stored(**overrides: Any) -> dict[str, Any]:
    """Outputs as the provider stores them (every input, plus the connection's own)."""
    return {
        **BASE,
        "codebuild_role_arn": None,
        "component_role_arn": None,
        "tags": {},
        "aws": None,
        "arn": ARN,
        "status": "PENDING",
        "environment_account_id": ENVIRONMENT_ACCOUNT,
        "requested_at": "2026-01-01T00:00:00+00:00",
        "last_modified_at": "2026-01-01T00:00:00+00:00",
        "__provider": "serialized",
        **overrides,
    }


# --- The table reads its constraints from botocore's Proton model ---------------------------


@pytest.mark.parametrize(
    "name",
    [
        "environment_name",
        "management_account_id",
        "role_arn",
        "codebuild_role_arn",
        "component_role_arn",
    ],
)
def test_string_constraints_are_the_models(name: str):
    prop = CONNECTION.by_name[name]
    assert prop.api is not None and prop.constraint is not None
    shape = CREATE[prop.api]
    assert list(prop.constraint.patterns) == [shape.metadata["pattern"]]
    assert prop.constraint.min_length == shape.metadata.get("min")
    assert prop.constraint.max_length == shape.metadata.get("max")
    assert prop.required == (prop.api in CREATE_INPUT.required_members)


def test_tag_limits_are_the_models():
    limits = CONNECTION.by_name["tags"].tag_limits
    assert limits is not None
    most, key, value = limits
    tag = CREATE["tags"].member
    assert most == CREATE["tags"].metadata["max"] == 50
    assert (key.min_length, key.max_length) == (tag.members["key"].metadata["min"], 128)
    assert (value.min_length, value.max_length) == (0, tag.members["value"].metadata["max"])


def test_every_create_member_but_the_token_has_a_property():
    api_names = {p.api for p in CONNECTION.properties if p.api}
    assert set(CREATE) - api_names == {"clientToken"}


def test_accepter_table():
    assert ACCEPTER.by_name["connection_id"].behaviour is Behaviour.REPLACE
    assert ACCEPTER.by_name["reject_on_delete"].kind is Kind.BOOL
    assert [p.name for p in ACCEPTER.of(Behaviour.OUTPUT)] == [
        "status",
        "arn",
        "environment_name",
        "environment_account_id",
        "management_account_id",
    ]


# --- check ----------------------------------------------------------------------------------


def test_valid_inputs_pass():
    assert failures({**BASE, "tags": {"team": "platform"}, "__provider": "x"}) == {}
    assert failures({**BASE, "role_arn": None, "codebuild_role_arn": ROLE}) == {}
    props = {
        **BASE,
        "aws": {"region": "eu-west-1", "assume_role_arn": ROLE, "external_id": "ext-1"},
        "component_role_arn": f"arn:aws-us-gov:iam::{ENVIRONMENT_ACCOUNT}:role/path/to/Comp",
        "tags": {f"k{i}": "v" * 256 for i in range(50)},
    }
    assert failures(props) == {}


def test_account_id_error_names_the_property_and_says_12_digits():
    assert failures({**BASE, "management_account_id": "12345"}) == {
        "management_account_id": "management_account_id must be 12 digits, got '12345'"
    }


def test_role_arn_error_shows_the_expected_form():
    reason = failures({**BASE, "role_arn": "arn:aws:iam::123:role/x"})["role_arn"]
    assert reason.startswith("role_arn must be an IAM role ARN of the form ")
    assert "arn:aws:iam::123456789012:role/NAME" in reason
    assert reason.endswith("got 'arn:aws:iam::123:role/x'")


def test_length_errors_give_the_bounds():
    reason = failures({**BASE, "environment_name": "a" * 101})["environment_name"]
    assert reason.startswith("environment_name must be 1 to 100 characters long, got 101")
    assert failures({**BASE, "tags": {"k" * 129: "v"}})["tags"].startswith(
        "tags key must be 1 to 128 characters long, got 129"
    )
    assert failures({**BASE, "tags": {"k": "v" * 257}})["tags"].startswith(
        "tags value of key 'k' must be 0 to 256 characters long, got 257"
    )
    assert failures({**BASE, "tags": {f"k{i}": "v" for i in range(51)}}) == {
        "tags": "tags may hold at most 50 tags, got 51"
    }


@pytest.mark.parametrize(
    "value",
    ["\uff11" * 12, "\u0661" * 12, "111111111111\n", " 111111111111", 111111111111, None],
)
def test_java_regex_semantics_ascii_digits_and_whole_value(value: object):
    assert "management_account_id" in failures({**BASE, "management_account_id": value})


def test_wrong_types_are_named():
    reasons = failures({**BASE, "environment_name": 3.5, "tags": ["team"], "role_arn": 12})
    assert reasons["environment_name"].startswith("environment_name must be a string")
    assert reasons["environment_name"].endswith("got float 3.5")
    assert (
        reasons["tags"] == "tags must be a map of string keys to string values, got list ['team']"
    )
    assert reasons["role_arn"].endswith("got int 12")


def test_required_properties_and_one_of_the_roles():
    reasons = failures({"__provider": "x"})
    assert set(reasons) == {"environment_name", "management_account_id", "role_arn"}
    assert reasons["management_account_id"] == "management_account_id is required (12 digits)"
    assert reasons["role_arn"] == "at least one of role_arn or codebuild_role_arn is required"


def test_one_failure_per_bad_property():
    props = {
        "environment_name": "-x",
        "management_account_id": "1",
        "role_arn": "r",
        "codebuild_role_arn": "c",
        "component_role_arn": "p",
        "tags": {"": "v"},
        "aws": {"region": "mars"},
        "adopt_id": "not-a-uuid",
    }
    result = provider.check({}, props)
    assert sorted(f.property for f in result.failures) == sorted(props)
    assert all(f.reason.startswith(f.property) for f in result.failures)


def test_unknown_property_is_rejected():
    assert failures({**BASE, "role": ROLE}) == {
        "role": "role is not a property; known: adopt_id, aws, client_token_seed, "
        "codebuild_role_arn, component_role_arn, environment_name, management_account_id, "
        "role_arn, tags"
    }


@pytest.mark.parametrize("unknown", [Unknown(), rpc.UNKNOWN], ids=["Unknown", "sentinel"])
def test_unknown_values_pass_through_check(unknown: object):
    props = {
        "environment_name": unknown,
        "management_account_id": unknown,
        "role_arn": unknown,
        "component_role_arn": unknown,
        "tags": {"team": unknown, "env": "prod"},
        "aws": {"region": unknown, "assume_role_arn": unknown, "external_id": "ext-1"},
    }
    assert failures(props) == {}
    assert failures({**BASE, "tags": unknown, "aws": unknown}) == {}


def test_aws_settings_are_checked():
    reasons = failures({**BASE, "aws": {"region": "us-east", "color": "red", "profile": ""}})
    assert reasons == {
        "aws": "aws has no setting 'color'; allowed: region, profile, assume_role_arn, "
        "external_id, default_tags, ignore_tags; aws.region must be an AWS region name such "
        "as us-east-1, got 'us-east'; "
        "aws.profile must be at least 1 characters long, got 0: ''"
    }
    role = failures({**BASE, "aws": {"assume_role_arn": "arn:aws:iam::111111111111:user/x"}})
    assert role["aws"].startswith("aws.assume_role_arn must be an IAM role ARN")
    alone = failures({**BASE, "aws": {"external_id": "ext-1"}})
    assert alone == {
        "aws": "aws.external_id is used only with aws.assume_role_arn, which is not set"
    }
    assert failures({**BASE, "aws": "us-east-1"})["aws"].startswith("aws must be AwsSettings")


def test_region_patterns_come_from_botocore_partitions():
    region = SETTINGS_FIELDS["region"]
    assert r"^cn\-\w+\-\d+$" in region.patterns
    for ok in ("us-east-1", "cn-north-1", "us-gov-west-1", "eu-central-2"):
        assert validation.problem(region, "aws.region", ok) is None
    for bad in ("US-EAST-1", "us_east_1", "mars-1", "us-east-1 "):
        assert validation.problem(region, "aws.region", bad) is not None


def test_check_makes_no_client():
    failures({**BASE, "management_account_id": "1"})
    failures(BASE)
    assert clients.client_cache_stats().clients == 0


# --- diff -----------------------------------------------------------------------------------


def diff(olds: dict[str, Any], **news: Any) -> tuple[bool | None, list[str], bool | None]:
    result = provider.diff(CONN_ID, olds, {**BASE, "__provider": "serialized", **news})
    return result.changes, sorted(result.replaces or []), result.delete_before_replace


def test_no_change():
    assert diff(stored()) == (False, [], False)
    assert diff(stored(tags={"a": "b"}), tags={"a": "b"}) == (False, [], False)
    assert diff(stored(), tags={}, aws={}) == (False, [], False)


def test_outputs_and_hidden_inputs_never_show_as_a_change():
    olds = stored(status="CONNECTED", last_modified_at="2027-01-01T00:00:00+00:00")
    assert diff(olds, adopt_id=CONN_ID, client_token_seed="abc", __provider="other") == (
        False,
        [],
        False,
    )
    assert diff(stored(adopt_id=CONN_ID, client_token_seed="abc")) == (False, [], False)


@pytest.mark.parametrize(
    ("news", "replaces"),
    [
        ({"environment_name": "staging"}, ["environment_name"]),
        ({"management_account_id": "222222222222"}, ["management_account_id"]),
        ({"aws": {"region": "eu-west-1"}}, ["arn"]),
        (
            {"aws": {"assume_role_arn": "arn:aws:iam::222222222222:role/Env"}},
            ["environment_account_id"],
        ),
    ],
)
def test_changes_that_replace_create_the_new_connection_first(news, replaces):
    assert diff(stored(), **news) == (True, replaces, False)


@pytest.mark.parametrize(
    ("olds", "news", "replaces"),
    [
        ({"component_role_arn": ROLE}, {"component_role_arn": None}, ["component_role_arn"]),
        ({"codebuild_role_arn": ROLE}, {"codebuild_role_arn": None}, ["codebuild_role_arn"]),
        (
            {"codebuild_role_arn": ROLE},
            {"role_arn": None, "codebuild_role_arn": ROLE},
            ["role_arn"],
        ),
    ],
)
def test_removing_a_role_deletes_first(olds, news, replaces):
    assert diff(stored(**olds), **news) == (True, replaces, True)


def test_a_rejected_connection_is_replaced_by_a_new_request_made_first():
    assert diff(stored(status="REJECTED")) == (True, ["status"], False)
    assert diff(stored(status="REJECTED"), environment_name="x") == (
        True,
        ["environment_name", "status"],
        False,
    )


@pytest.mark.parametrize(
    ("olds", "news"),
    [
        ({}, {"role_arn": OTHER_ROLE}),
        ({}, {"codebuild_role_arn": ROLE}),
        ({}, {"component_role_arn": ROLE}),
        ({"component_role_arn": ROLE}, {"component_role_arn": OTHER_ROLE}),
        ({}, {"tags": {"a": "b"}}),
        ({"tags": {"a": "b"}}, {"tags": {}}),
        ({"tags": {"a": "b"}}, {"tags": {"a": "c"}}),
        ({"aws": {"region": "us-east-1"}}, {"aws": None}),
        ({}, {"aws": {"assume_role_arn": ROLE, "external_id": "x1"}}),
    ],
)
def test_changes_in_place(olds, news):
    assert diff(stored(**olds), **news) == (True, [], False)


def test_region_from_stack_config_counts(stack_config):
    stack_config(**{"aws:region": "eu-west-1"})
    assert diff(stored()) == (True, ["arn"], False)
    stack_config(**{"aws:assumeRole": f'{{"roleArn": "arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/x"}}'})
    assert diff(stored()) == (True, ["environment_account_id"], False)


@pytest.mark.parametrize("unknown", [Unknown(), rpc.UNKNOWN], ids=["Unknown", "sentinel"])
def test_unknown_values_may_change(unknown):
    assert diff(stored(), environment_name=unknown) == (True, ["environment_name"], False)
    assert diff(stored(), role_arn=unknown) == (True, [], False)
    assert diff(stored(), tags={"a": unknown}) == (True, [], False)
    # Unknown settings may act anywhere: the rows that record the place may move.
    moves = ["arn", "environment_account_id"]
    assert diff(stored(), aws={"region": unknown}) == (True, moves, False)
    assert diff(stored(), aws=unknown) == (True, moves, False)


def test_diff_makes_no_client():
    diff(stored(), environment_name="staging", aws={"region": "eu-west-1"})
    assert clients.client_cache_stats().clients == 0
