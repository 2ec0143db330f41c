"""Inline Pulumi programs shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter

OUTPUTS = (
    "arn",
    "status",
    "environment_account_id",
    "requested_at",
    "last_modified_at",
    "role_arn",
    "tags",
)


def connection(
    accept_as: str | None = None, opts: pulumi.ResourceOptions | None = None, **props: Any
) -> Callable[[], None]:
    """One connection with `props`; with `accept_as`, also accepted by assuming that role."""

    def program() -> None:
        conn = EnvironmentAccountConnection("conn", opts=opts, **props)
        pulumi.export("id", conn.id)
        for name in OUTPUTS:
            pulumi.export(name, getattr(conn, name))
        if accept_as is not None:
            accepted = EnvironmentAccountConnectionAccepter(
                "accept", connection_id=conn.id, aws=AwsSettings(assume_role_arn=accept_as)
            )
            pulumi.export("accepted_status", accepted.status)
            pulumi.export("accepted_environment_account_id", accepted.environment_account_id)
            pulumi.export("accepted_management_account_id", accepted.management_account_id)

    return program


def connections(count: int, **props: Any) -> Callable[[], None]:
    """`count` connections, for environments env-0 ... env-N."""

    def program() -> None:
        for i in range(count):
            EnvironmentAccountConnection(f"conn-{i}", environment_name=f"env-{i}", **props)

    return program
