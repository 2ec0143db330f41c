"""The example stack at the repository root, with pulumi-aws under `pulumi.runtime.set_mocks`.

pulumi-aws's provider plugin cannot be downloaded here, so this is the one place resources
are mocked: it checks the program's wiring (IAM role created when no role ARN is given, its
trust policy, the accepter when a management role is set). The end-to-end test of the same
program against the real engine is tests/e2e/test_example_e2e.py.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pulumi
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "proton-connections"


class Recorder(pulumi.runtime.Mocks):
    """Records every resource the program registers; an IAM role gets an ARN like AWS's."""

    def __init__(self) -> None:
        self.resources: dict[str, tuple[str, dict[str, Any]]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        outputs = dict(args.inputs)
        if args.typ == "aws:iam/role:Role":
            outputs["arn"] = f"arn:aws:iam::123456789012:role/{args.name}"
        self.resources[args.name] = (args.typ, args.inputs)
        return f"{args.name}-id", outputs

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        # No failures: an empty list, as the mock monitor iterates over whatever is given.
        return {}, []


def run_example(config: dict[str, str]) -> Recorder:
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="test", preview=False)
    pulumi.runtime.set_all_config({f"{PROJECT}:{key}": value for key, value in config.items()})

    def program() -> None:
        runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")

    # Applied by hand rather than as a decorator: pulumi.runtime.test is untyped.
    pulumi.runtime.test(program)()
    return mocks


REQUIRED = {"environmentName": "prod", "managementAccountId": "111111111111"}


def test_without_a_role_arn_the_stack_creates_a_role_proton_can_assume():
    resources = run_example(REQUIRED).resources

    role_type, role = resources["proton-environment"]
    assert role_type == "aws:iam/role:Role"
    statement = json.loads(role["assumeRolePolicy"])["Statement"][0]
    assert statement["Principal"] == {"Service": "proton.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    conn_type, conn = resources["connection"]
    assert conn_type == "pulumi-python:dynamic/proton:EnvironmentAccountConnection"
    assert conn["role_arn"] == "arn:aws:iam::123456789012:role/proton-environment"
    assert conn["environment_name"] == "prod"
    assert "accept" not in resources


def test_with_a_role_arn_no_role_is_created_and_a_management_role_adds_the_accepter():
    resources = run_example(
        {
            **REQUIRED,
            "roleArn": "arn:aws:iam::123456789012:role/Existing",
            "managementRoleArn": "arn:aws:iam::111111111111:role/ProtonAdmin",
        }
    ).resources

    assert "proton-environment" not in resources
    assert resources["connection"][1]["role_arn"] == "arn:aws:iam::123456789012:role/Existing"
    accept_type, accept = resources["accept"]
    assert accept_type == "pulumi-python:dynamic/proton:EnvironmentAccountConnectionAccepter"
    assert accept["connection_id"] == "connection-id"
    assert accept["aws"]["assume_role_arn"] == "arn:aws:iam::111111111111:role/ProtonAdmin"


@pytest.fixture(autouse=True)
def _clean_config():
    yield
    pulumi.runtime.set_all_config({})
