"""The organization scale (``make bench-full``): N environment accounts onboarded in one
stack, both forms, ours only. Each connection is created in its own account through an assumed
role, and accepted by an accepter acting as the management account through its role; the
plugin form has one explicit provider per account and one for the management account. One
run each of up, no-change preview and destroy, with ``--parallel 16``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from bench.results import Results
from bench.stacks import FORMS, MANAGEMENT_ACCOUNT, TOKEN, Emulator, make_stack, measure

MANAGEMENT_ROLE = f"arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/ProtonAdmin"


def account(i: int) -> str:
    """The i-th environment account."""
    return str(300000000000 + i)


def role_of(i: int) -> str:
    """The role assumed to act in the i-th environment account."""
    return f"arn:aws:iam::{account(i)}:role/OrganizationAccountAccessRole"


def dynamic_program(n: int) -> Callable[[], None]:
    """Per account, a connection through the account's role, an accepter through the
    management role."""

    def program() -> None:
        from provider import (
            AwsSettings,
            EnvironmentAccountConnection,
            EnvironmentAccountConnectionAccepter,
        )

        management = AwsSettings(assume_role_arn=MANAGEMENT_ROLE)
        for i in range(n):
            connection = EnvironmentAccountConnection(
                f"conn-{i}",
                environment_name=f"env-{i}",
                management_account_id=MANAGEMENT_ACCOUNT,
                role_arn=f"arn:aws:iam::{account(i)}:role/ProtonEnvironment",
                aws=AwsSettings(assume_role_arn=role_of(i)),
            )
            EnvironmentAccountConnectionAccepter(
                f"accept-{i}", connection_id=connection.id, aws=management
            )

    return program


def plugin_program(n: int) -> Callable[[], None]:
    """The same with an explicit provider per account and one for the management account."""

    def program() -> None:
        import pulumi

        def provider(name: str, role: str) -> pulumi.ResourceOptions:
            config = {"assumeRole": {"roleArn": role}, "region": "us-east-1"}
            return pulumi.ResourceOptions(provider=pulumi.ProviderResource("proton", name, config))

        management = provider("management", MANAGEMENT_ROLE)
        for i in range(n):
            inputs = {
                "environmentName": f"env-{i}",
                "managementAccountId": MANAGEMENT_ACCOUNT,
                "roleArn": f"arn:aws:iam::{account(i)}:role/ProtonEnvironment",
            }
            connection = pulumi.CustomResource(
                TOKEN, f"conn-{i}", inputs, opts=provider(f"acct-{i}", role_of(i))
            )
            accepter = "proton:index:EnvironmentAccountConnectionAccepter"
            pulumi.CustomResource(
                accepter, f"accept-{i}", {"connectionId": connection.id}, opts=management
            )

    return program


def run(results: Results, root: Path, n: int) -> None:
    """Both forms at `n` accounts into `results.organization`."""
    with Emulator() as emulator:
        for form in FORMS:
            program = dynamic_program(n) if form == "dynamic" else plugin_program(n)
            stack = make_stack(root, emulator, form, "ours", n, program)
            for command in ("up", "preview", "destroy"):
                sample = measure(stack, command, emulator, parallel=16)
                results.organization.append(
                    {"n": n, "form": form, "command": command, **asdict(sample)}
                )
                print(f"  {form} {command}: {sample.wall_s:.1f} s", flush=True)
