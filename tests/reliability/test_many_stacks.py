"""Many stacks at once on one shared S3 backend: the organization, one stack per account.

Each environment account has its own stack of one project (`org-environment`), its account
chosen by the stack's `aws:assumeRole` configuration, as CI jobs of a matrix would run them:
separate `pulumi up` processes at the same time, one bucket, one emulator. Then the
management account's stack (`org-management`) reads their connection ids through stack
references and accepts them all. Then every stack is destroyed, again all at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator, S3State
from tests.reliability.support import CliProject

pytestmark = pytest.mark.e2e

ACCOUNTS = ("210000000001", "210000000002", "210000000003", "210000000004")
ENVIRONMENTS = ("dev", "prod")  # per account: `<account>-dev`, `<account>-prod`
ACCESS_ROLE = "OrganizationAccountAccessRole"

ENVIRONMENT_PROGRAM = """\
    import pulumi
    from provider import EnvironmentAccountConnection

    config = pulumi.Config()
    account = config.require("account")
    ids = {}
    for environment in config.require_object("environments"):
        connection = EnvironmentAccountConnection(
            f"conn-{environment}",
            environment_name=environment,
            management_account_id=config.require("managementAccountId"),
            role_arn=f"arn:aws:iam::{account}:role/ProtonEnvironment",
        )
        ids[environment] = connection.id
    pulumi.export("connections", ids)
"""

MANAGEMENT_PROGRAM = """\
    import pulumi
    from provider import EnvironmentAccountConnectionAccepter

    config = pulumi.Config()
    for stack, environments in config.require_object("accounts").items():
        connections = pulumi.StackReference(f"organization/org-environment/{stack}")
        for environment in environments:
            accepted = EnvironmentAccountConnectionAccepter(
                f"accept-{environment}",
                connection_id=connections.require_output("connections")[environment],
            )
            pulumi.export(environment, accepted.status)
"""


def stack_of(account: str) -> str:
    return f"acct-{account}"


def environments_of(account: str) -> list[str]:
    return [f"{account}-{environment}" for environment in ENVIRONMENTS]


def role_of(account: str) -> str:
    return f"arn:aws:iam::{account}:role/{ACCESS_ROLE}"


def configure(project: CliProject, stack: str, config: dict[str, object]) -> None:
    """Creates `stack` and writes its configuration into Pulumi.<stack>.yaml (keeping the
    encryption salt that `stack init` wrote there)."""
    project.run("stack", "init", stack)
    path = project.dir / f"Pulumi.{stack}.yaml"
    written = path.read_text() if path.exists() else ""
    # A JSON object is a YAML flow mapping: the file stays valid YAML.
    path.write_text(f"{written.rstrip()}\nconfig: {json.dumps(config)}\n")


def all_at_once(runs: Sequence[tuple[CliProject, Sequence[str]]]) -> None:
    """Starts every `pulumi ARGS` at once, waits for all, and fails with the output of any
    that failed."""
    started = [(args, project.start(*args, output=True)) for project, args in runs]
    failed = []
    for args, process in started:
        stdout, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            failed.append(f"pulumi {' '.join(args)} ({process.returncode}):\n{stdout}\n{stderr}")
    assert not failed, "\n\n".join(failed)


def connections_of(emulator: Emulator, account: str) -> list[dict[str, Any]]:
    return emulator.connections(role_arn=role_of(account))


def test_one_stack_per_account_up_at_once_then_accepted_through_stack_references(
    pulumi_cli: str, emulator: Emulator, s3_state: S3State, tmp_path: Path, figures: Counter[str]
):
    accounts = CliProject(
        tmp_path, emulator, ENVIRONMENT_PROGRAM, "org-environment", s3_state.url, stack=None
    )
    management = CliProject(
        tmp_path, emulator, MANAGEMENT_PROGRAM, "org-management", s3_state.url, stack=None
    )
    for account in ACCOUNTS:
        configure(
            accounts,
            stack_of(account),
            {
                "aws:assumeRole": {"roleArn": role_of(account)},
                "org-environment:account": account,
                "org-environment:environments": environments_of(account),
                "org-environment:managementAccountId": MANAGEMENT_ACCOUNT,
            },
        )
    configure(
        management,
        "management",
        {
            "aws:assumeRole": {"roleArn": MANAGEMENT_ROLE},
            "org-management:accounts": {stack_of(a): environments_of(a) for a in ACCOUNTS},
        },
    )

    all_at_once(
        [(accounts, ("up", "--yes", "--skip-preview", "--stack", stack_of(a))) for a in ACCOUNTS]
    )
    management.run("up", "--yes", "--skip-preview", "--stack", "management")

    # Every connection CONNECTED, in its own account, exactly one per environment.
    expected = {env: a for a in ACCOUNTS for env in environments_of(a)}
    live = emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE)
    names = [c["environmentName"] for c in live]
    assert sorted(names) == sorted(expected), f"duplicated or missing: {sorted(names)}"
    assert {c["environmentName"]: c["environmentAccountId"] for c in live} == expected
    assert {c["status"] for c in live} == {"CONNECTED"}
    calls = emulator.proton_calls()
    assert calls["CreateEnvironmentAccountConnection"] == len(expected)
    assert calls["AcceptEnvironmentAccountConnection"] == len(expected)
    for account in ACCOUNTS:
        recorded = accounts.recorded_ids("--stack", stack_of(account))
        assert sorted(recorded) == [f"conn-{env}" for env in environments_of(account)]
        assert sorted(c["id"] for c in connections_of(emulator, account)) == sorted(
            recorded.values()
        )
    accepted = management.deployment("--stack", "management")["resources"]
    accepters = [r for r in accepted if r["type"].endswith("EnvironmentAccountConnectionAccepter")]
    assert sorted(r["outputs"]["status"] for r in accepters) == ["CONNECTED"] * len(expected)
    assert s3_state.locks() == []

    # Everything destroyed at once, the management stack included: nothing left anywhere.
    destroy = ("destroy", "--yes", "--skip-preview", "--stack")
    all_at_once(
        [(accounts, (*destroy, stack_of(a))) for a in ACCOUNTS]
        + [(management, (*destroy, "management"))]
    )
    assert emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE) == []
    for account in ACCOUNTS:
        assert connections_of(emulator, account) == []
        assert accounts.recorded_ids("--stack", stack_of(account)) == {}
    assert management.deployment("--stack", "management").get("resources", []) == []
    assert s3_state.locks() == []
    figures["environment-account stacks run at once on one S3 backend"] += len(ACCOUNTS)
    figures["connections accepted through stack references"] += len(expected)
