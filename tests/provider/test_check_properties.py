"""Property-based tests of check: hundreds of generated bad inputs across every property, each
rejected naming its property, with no AWS call; generated valid inputs accepted.

Bad values are bad by construction (a wrong length, a character the model's pattern does not
allow, a wrong type), not picked with the provider's own rules; valid values are generated
from the model's own patterns.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Any

import botocore.loaders
import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provider import EnvironmentAccountConnectionProvider, clients
from provider.testing import CONTROL, proton_mock
from tests.provider.conftest import BASE

MODEL = botocore.session.get_session().get_service_model("proton")
CREATE: Any = MODEL.operation_model("CreateEnvironmentAccountConnection").input_shape
PARTITIONS = botocore.loaders.create_loader().load_data("partitions")["partitions"]
ROLE_PROPERTIES = ("role_arn", "codebuild_role_arn", "component_role_arn")
VALID: dict[str, Any] = {**BASE, "tags": {"team": "platform"}, "__provider": "serialized"}
EXAMPLES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
provider = EnvironmentAccountConnectionProvider()

ASCII = st.characters(codec="ascii")
NAME_CHARS = string.ascii_letters + string.digits + "_-"
ROLE_NAME_CHARS = string.ascii_letters + string.digits + "_+=,.@-"


def from_model(member: str) -> st.SearchStrategy[str]:
    """Values the model's pattern and lengths allow (ASCII, as Proton's Java regex means)."""
    meta = CREATE.members[member].metadata
    low, high = meta.get("min", 0), meta.get("max", 10_000)
    return st.from_regex(meta["pattern"], fullmatch=True, alphabet=ASCII).filter(
        lambda v: low <= len(v) <= high
    )


def insert(value: str, chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`value` with one of `chars` put somewhere inside it."""
    return st.tuples(st.integers(0, len(value)), chars).map(
        lambda t: value[: t[0]] + t[1] + value[t[0] :]
    )


def outside(allowed: str) -> st.SearchStrategy[str]:
    return st.characters().filter(lambda c: c not in allowed)


WRONG_TYPES = (
    st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.lists(st.text(max_size=5), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)
)


def bad_environment_names() -> st.SearchStrategy[Any]:
    name = st.text(NAME_CHARS, min_size=1, max_size=20).filter(lambda v: v[0] not in "_-")
    return st.one_of(
        st.just(""),
        st.text(NAME_CHARS, min_size=101, max_size=300),
        st.tuples(st.sampled_from("_-"), name).map("".join),
        name.flatmap(lambda v: insert(v, outside(NAME_CHARS))),
        WRONG_TYPES,
    )


def bad_account_ids() -> st.SearchStrategy[Any]:
    twelve = st.text(string.digits, min_size=12, max_size=12)
    return st.one_of(
        st.integers(0, 30)
        .filter(lambda n: n != 12)
        .flatmap(lambda n: st.text(string.digits, min_size=n, max_size=n)),
        st.tuples(twelve, st.integers(0, 11), outside(string.digits)).map(
            lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
        ),
        twelve.flatmap(lambda v: insert(v, st.characters())),
        WRONG_TYPES,
    )


def bad_role_arns() -> st.SearchStrategy[Any]:
    account = "123456789012"
    name = st.text(ROLE_NAME_CHARS, min_size=1, max_size=20)
    return st.one_of(
        st.tuples(
            st.text(string.ascii_lowercase + "-", min_size=1, max_size=12).filter(
                lambda p: p not in ("aws", "aws-cn", "aws-us-gov")
            ),
            name,
        ).map(lambda t: f"arn:{t[0]}:iam::{account}:role/{t[1]}"),
        st.tuples(st.integers(0, 20).filter(lambda n: n != 12), name).map(
            lambda t: f"arn:aws:iam::{'1' * t[0]}:role/{t[1]}"
        ),
        st.tuples(
            st.sampled_from(["user", "group", "policy", "Role", "instance-profile"]), name
        ).map(lambda t: f"arn:aws:iam::{account}:{t[0]}/{t[1]}"),
        name.flatmap(lambda v: insert(v, outside(ROLE_NAME_CHARS + "/:"))).map(
            lambda v: f"arn:aws:iam::{account}:role/{v}"
        ),
        st.text(ROLE_NAME_CHARS, min_size=65, max_size=200).map(
            lambda v: f"arn:aws:iam::{account}:role/{v}"
        ),
        name.map(lambda v: f"arn:aws:iam::{account}:role/{v}/"),
        st.integers(1030, 1500).map(lambda n: f"arn:aws:iam::{account}:role/" + "p/" * n + "x"),
        st.just(""),
        WRONG_TYPES,
    )


def bad_tags() -> st.SearchStrategy[Any]:
    key = st.text(min_size=1, max_size=20)
    return st.one_of(
        st.dictionaries(key, st.text(max_size=3), min_size=51, max_size=80),
        st.dictionaries(st.just(""), st.text(max_size=3), min_size=1),
        st.dictionaries(st.text(min_size=129, max_size=300), st.text(max_size=3), min_size=1),
        st.dictionaries(key, st.text(min_size=257, max_size=600), min_size=1, max_size=3),
        st.dictionaries(key, WRONG_TYPES, min_size=1, max_size=3),
        st.text(max_size=20) | st.lists(st.text(max_size=5), max_size=3) | st.integers(),
    )


def bad_settings() -> st.SearchStrategy[Any]:
    region = st.sampled_from(["us-east-1", "eu-west-2", "cn-north-1", "us-gov-west-1"])
    role = "arn:aws:iam::111111111111:role/ProtonAdmin"
    return st.one_of(
        st.text(min_size=1, max_size=20)
        .filter(lambda k: k not in ("region", "profile", "assume_role_arn", "external_id"))
        .map(lambda k: {k: "x"}),
        region.map(str.upper).map(lambda r: {"region": r}),
        region.map(lambda r: {"region": r.replace("-", "_")}),
        region.map(lambda r: {"region": r.rstrip("0123456789")}),
        region.flatmap(lambda r: insert(r, st.sampled_from(" \n\t/"))).map(lambda r: {"region": r}),
        bad_role_arns().map(lambda arn: {"assume_role_arn": arn}),
        st.text(string.ascii_letters, min_size=1, max_size=1).map(
            lambda e: {"assume_role_arn": role, "external_id": e}
        ),
        st.text("abc", min_size=1225, max_size=1300).map(
            lambda e: {"assume_role_arn": role, "external_id": e}
        ),
        st.text("abc", min_size=2, max_size=9)
        .flatmap(lambda e: insert(e, outside(ROLE_NAME_CHARS + ":/")))
        .map(lambda e: {"assume_role_arn": role, "external_id": e}),
        st.text("abc", min_size=2, max_size=9).map(lambda e: {"external_id": e}),
        st.just({"profile": ""}),
        WRONG_TYPES.filter(lambda v: not isinstance(v, dict)).map(lambda v: {"profile": v}),
        st.text(max_size=20) | st.lists(st.text(max_size=5), max_size=3) | st.integers(),
    )


@pytest.fixture(autouse=True)
def emulator() -> Iterator[None]:
    """Every check runs where any AWS call would reach the emulator and be counted."""
    with proton_mock():
        yield


def assert_rejected(name: str, value: Any) -> None:
    result = provider.check({}, {**VALID, name: value})
    assert [f.property for f in result.failures] == [name], (value, result.failures)
    reason = result.failures[0].reason
    assert reason.startswith(name), reason
    assert CONTROL.stats()["calls"] == {}  # no Proton call
    assert clients.client_cache_stats().clients == 0  # not even a client


@EXAMPLES
@given(bad_environment_names())
def test_bad_environment_names(value):
    assert_rejected("environment_name", value)


@EXAMPLES
@given(bad_account_ids())
def test_bad_management_account_ids(value):
    assert_rejected("management_account_id", value)


@EXAMPLES
@given(st.sampled_from(ROLE_PROPERTIES), bad_role_arns())
def test_bad_role_arns(name, value):
    assert_rejected(name, value)


@EXAMPLES
@given(bad_tags())
def test_bad_tags(value):
    assert_rejected("tags", value)


@EXAMPLES
@given(bad_settings())
def test_bad_aws_settings(value):
    assert_rejected("aws", value)


@EXAMPLES
@given(st.uuids().map(str).map(str.upper) | st.text(max_size=40) | WRONG_TYPES)
def test_bad_adopt_ids(value):
    if value != "":
        assert_rejected("adopt_id", value)


@settings(max_examples=80, deadline=None)
@given(
    environment_name=from_model("environmentName"),
    management_account_id=from_model("managementAccountId"),
    role_arn=st.none() | from_model("roleArn"),
    codebuild_role_arn=from_model("codebuildRoleArn"),
    component_role_arn=st.none() | from_model("componentRoleArn"),
    tags=st.dictionaries(st.text(min_size=1, max_size=128), st.text(max_size=256), max_size=50),
    region=st.sampled_from(PARTITIONS).flatmap(
        lambda p: st.from_regex(p["regionRegex"], fullmatch=True, alphabet=ASCII)
    ),
)
def test_valid_inputs_are_accepted(region, **props):
    result = provider.check({}, {**props, "aws": {"region": region}})
    assert result.failures == []
    assert CONTROL.stats()["calls"] == {}
