"""Bad input: hundreds of generated invalid inputs, across every property, fail `pulumi preview`
with the property named, and the emulator sees no Proton call.

The engine stops a preview at the first resource whose check fails, so each preview holds
one resource that carries one invalid value for every property at once; the provider must
report each of them (one failure per bad property), each naming its property.
"""

from __future__ import annotations

import itertools
import re
import string
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi import automation as auto

from provider import EnvironmentAccountConnection
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator, StackFactory

pytestmark = pytest.mark.e2e

VALID: dict[str, Any] = {
    "environment_name": "prod",
    "management_account_id": MANAGEMENT_ACCOUNT,
    "role_arn": ROLE,
    "codebuild_role_arn": None,
    "component_role_arn": None,
    "tags": {"team": "platform"},
}
ROLE_PROPERTIES = ("role_arn", "codebuild_role_arn", "component_role_arn")
# Characters outside [0-9A-Za-z_-] (environment names) and outside [\w+=,.@-] (role names).
NAME_PUNCTUATION = [c for c in string.punctuation if c not in "_-"]
ROLE_PUNCTUATION = [c for c in string.punctuation if c not in "+=,.@-_/:"]


def bad_environment_names() -> Iterator[Any]:
    yield from ("", "a" * 101, "a" * 300, "-lead", "_lead", " prod", "prod ", "pr od", "prod\n")
    yield from ("prod\t", "prôd", "環境", "\uff11prod", "prod\u200b")
    yield from (f"prod{c}1" for c in NAME_PUNCTUATION)
    # Wrong types (no silent coercion can make these valid).
    yield from (3.5, ["prod"], {"name": "prod"})


def bad_account_ids() -> Iterator[Any]:
    yield from ("1" * n for n in (*range(0, 12), 13, 14, 20))
    for i in range(12):
        yield "1" * i + "x" + "1" * (11 - i)
    # Unicode digits: Python's \d accepts them, Proton (a Java regex) does not.
    yield from ("\uff11" * 12, "\u0661" * 12, "111111111111\n", " 111111111111", "111111111111 ")
    yield from ("1111-1111-1111", "+11111111111", "-11111111111", 1.5e11, [MANAGEMENT_ACCOUNT])


def bad_role_arns(name: str) -> Iterator[Any]:
    account = ENVIRONMENT_ACCOUNT
    yield from ("", "ProtonEnvironment", f"arn:aws:iam::{account}:user/Proton")
    yield from (f"arn:aws:iam::{account[:-1]}:role/Proton", f"arn:aws:iam::{account}0:role/Proton")
    yield from ("arn:aws:iam::abcdefghijkl:role/Proton", f"arn:aws:iam:us-east-1:{account}:role/P")
    yield from (f"arn:aws-xx:iam::{account}:role/Proton", f"arn:aws:s3:::{account}-bucket")
    yield from (f"arn:aws:iam::{account}:role/", f"arn:aws:iam::{account}:role/Proton/")
    yield from (
        f"arn:aws:iam::{account}:role/{'r' * 65}",
        "arn:aws:iam::" + account + ":role/" + "p/" * 1100 + "x",
    )
    yield from (f"ARN:AWS:IAM::{account}:ROLE/Proton", f"arn:aws:iam::{account}:role/Pro ton")
    yield from (f"arn:aws:iam::{account}:role/Prôton", f"arn:aws:iam::{account}:role/Proton\n")
    yield from (
        f" arn:aws:iam::{account}:role/Proton",
        f"arn:aws:iam::\uff11{account[1:]}:role/Proton",
    )
    yield from (f"arn:aws:iam::{account}:role/Pro{c}ton" for c in ROLE_PUNCTUATION[:12])
    yield from (12, ["arn"], {"arn": "x"})
    del name


def bad_tags() -> Iterator[Any]:
    yield from ({"": "v"}, {"k" * 129: "v"}, {"k" * 1000: "v"}, {"k": "v" * 257}, {"k": "v" * 4096})
    yield from ({f"k{i}": "v" for i in range(n)} for n in (51, 60, 100, 500))
    yield from ({"k": ["v"]}, {"k": {"v": "w"}})
    yield from ("team=platform", ["team", "platform"], [{"key": "k", "value": "v"}], 7)
    yield from ({"ok": "v", "": "empty key"}, {"ok": "v", "bad": "x" * 300})


def bad_aws_settings() -> Iterator[Any]:
    """The `aws` input, as the plain map of AwsSettings' fields that reaches the provider."""
    yield from (
        {"region": r}
        for r in ("", "us-east", "US-EAST-1", "us_east_1", "moon-east-1", " us-east-1", 7)
    )
    yield from ({"profile": ""}, {"profile": 5}, {"profile": ["default"]})
    yield from ({"assume_role_arn": arn} for arn in list(bad_role_arns("aws"))[:12])
    role = f"arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/ProtonAdmin"
    yield from (
        {"assume_role_arn": role, "external_id": e} for e in ("x", "a" * 1225, "bad id!", 42)
    )
    yield {"external_id": "partner-7"}  # only with assume_role_arn
    yield from ({"regoin": "us-east-1"}, {"Region": "us-east-1"}, {"access_key": "AKIA"})
    yield from ("us-east-1", ["us-east-1"], 5)


def bad_requirements() -> Iterator[tuple[dict[str, Any], tuple[str, ...]]]:
    """Whole-resource cases: a required property missing; neither role given."""
    yield {"environment_name": None}, ("environment_name",)
    yield {"management_account_id": None}, ("management_account_id",)
    yield {"role_arn": None, "codebuild_role_arn": None}, ("role_arn",)
    yield {"role_arn": None, "codebuild_role_arn": None, "component_role_arn": None}, ("role_arn",)


BAD_VALUES: dict[str, list[Any]] = {
    "environment_name": list(bad_environment_names()),
    "management_account_id": list(bad_account_ids()),
    **{name: list(bad_role_arns(name)) for name in ROLE_PROPERTIES},
    "tags": list(bad_tags()),
    "aws": list(bad_aws_settings()),
}


def cases() -> list[tuple[dict[str, Any], tuple[str, ...]]]:
    """Resources to preview: (inputs, the properties that must be named in the errors).

    The i-th resource takes the i-th bad value of every property (where there is one).
    """
    resources = []
    columns = [[(name, v) for v in values] for name, values in BAD_VALUES.items()]
    for row in itertools.zip_longest(*columns):
        bad = dict(cell for cell in row if cell is not None)
        resources.append(({**VALID, **bad}, tuple(bad)))
    for override, named in bad_requirements():
        resources.append(({**VALID, **override}, named))
    return resources


CASES = cases()
INPUTS_TRIED = sum(len(v) for v in BAD_VALUES.values()) + len(list(bad_requirements()))


def one_resource(props: dict[str, Any]):
    def program() -> None:
        EnvironmentAccountConnection("bad", **props)

    return program


def named(prop: str, output: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(prop)}(?![A-Za-z0-9_])", output) is not None


def error_lines(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if "error" in line.lower())


def test_at_least_200_invalid_inputs_are_generated():
    assert INPUTS_TRIED >= 200
    assert set(BAD_VALUES) == {*VALID, "aws"}


def test_every_invalid_input_fails_preview_naming_its_property_without_a_proton_call(
    make_stack: StackFactory, emulator: Emulator, figures: Counter[str]
):
    stack = make_stack(one_resource(VALID))
    unnamed: list[str] = []
    passed: list[str] = []
    for props, bad in CASES:
        try:
            stack.preview(program=one_resource(props))
        except auto.errors.CommandError as failure:
            errors = error_lines(str(failure))
            unnamed += [
                f"{p}={props[p]!r:.80}: {errors[-400:]}" for p in bad if not named(p, errors)
            ]
        else:
            passed.append(", ".join(f"{p}={props[p]!r:.80}" for p in bad))

    assert passed == [], f"{len(passed)} invalid resources passed preview: {passed}"
    assert unnamed == [], f"{len(unnamed)} bad properties were not named: {unnamed}"
    assert emulator.proton_calls() == {}
    figures["invalid inputs tried (each rejected by preview, property named)"] += INPUTS_TRIED
