"""The functions of the dynamic package: ``get_environment_account_connection`` and
``get_environment_account_connections``, plain Python functions over the core's
(``provider.core.functions``), with the same arguments (snake_case), rules and errors as the
plugin's ``getEnvironmentAccountConnection`` / ``getEnvironmentAccountConnections``.

They run in the program's own process, at preview too (a function is a read, not a resource):
region and credentials resolve as for a resource, from the ``aws=`` argument, then the stack's
``aws:*`` configuration, then boto3's default chain. Each has an ``_output`` form that takes
``pulumi.Input`` arguments and returns a ``pulumi.Output``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar

import pulumi

from provider.core.common import Where
from provider.core.functions import GET_CONNECTION, LIST_CONNECTIONS, Function
from provider.errors import DYNAMIC
from provider.settings import CONFIG_KEYS, Defaults

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings

_R = TypeVar("_R")


@dataclass(frozen=True)
class EnvironmentAccountConnectionResult:
    """One connection, as ``get_environment_account_connection`` reads it: every output of
    ``EnvironmentAccountConnection`` and its tags (as Proton holds them)."""

    id: str
    """The connection's id."""
    environment_name: str
    """The Proton environment, in the management account, that the connection serves."""
    management_account_id: str
    """The management account that accepts or rejects the connection."""
    role_arn: str | None
    """IAM role in the environment account that Proton provisions with."""
    codebuild_role_arn: str | None
    """IAM role in the environment account for CodeBuild-based provisioning."""
    component_role_arn: str | None
    """IAM role that Proton uses to provision directly defined components."""
    tags: dict[str, str]
    """The connection's tags."""
    arn: str
    """ARN of the connection."""
    status: str
    """PENDING, CONNECTED or REJECTED."""
    environment_account_id: str
    """The environment account: the account that requested the connection."""
    requested_at: str
    """When the connection was requested (ISO 8601, UTC)."""
    last_modified_at: str
    """When the connection last changed (ISO 8601, UTC)."""


@dataclass(frozen=True)
class EnvironmentAccountConnectionSummary:
    """One connection of ``get_environment_account_connections``: the summary that
    ListEnvironmentAccountConnections returns (no tags, no codebuild_role_arn)."""

    id: str
    """The connection's id."""
    environment_name: str
    """The Proton environment, in the management account, that the connection serves."""
    management_account_id: str
    """The management account that accepts or rejects the connection."""
    role_arn: str | None
    """IAM role in the environment account that Proton provisions with."""
    component_role_arn: str | None
    """IAM role that Proton uses to provision directly defined components."""
    arn: str
    """ARN of the connection."""
    status: str
    """PENDING, CONNECTED or REJECTED."""
    environment_account_id: str
    """The environment account: the account that requested the connection."""
    requested_at: str
    """When the connection was requested (ISO 8601, UTC)."""
    last_modified_at: str
    """When the connection last changed (ISO 8601, UTC)."""


@dataclass(frozen=True)
class EnvironmentAccountConnectionsResult:
    """What ``get_environment_account_connections`` lists."""

    connections: list[EnvironmentAccountConnectionSummary]
    """Every matching connection (all pages read), oldest request first."""
    ids: list[str]
    """The ids of those connections, in the same order."""


def get_environment_account_connection(
    id: str,
    aws: AwsSettings | Mapping[str, Any] | None = None,
) -> EnvironmentAccountConnectionResult:
    """Reads one Proton environment account connection by its id, without adding it to the
    stack (GetEnvironmentAccountConnection and ListTagsForResource).

    :param id: The connection's id (a lowercase UUID).
    :param aws: Region and credentials (AwsSettings or a dict of its fields); unset fields
        come from the stack's aws:* config, then boto3's default chain.
    :raises ProtonError: a bad argument (named, before any call), or no connection with
        that id visible to the account.
    """
    values = _call(GET_CONNECTION, {"id": id}, aws)
    return _build(EnvironmentAccountConnectionResult, values)


def get_environment_account_connections(
    requested_by: str,
    statuses: Sequence[str] | None = None,
    environment_name: str | None = None,
    aws: AwsSettings | Mapping[str, Any] | None = None,
    environment_account_ids: Sequence[str] | None = None,
) -> EnvironmentAccountConnectionsResult:
    """Lists Proton environment account connections (ListEnvironmentAccountConnections, every
    page), oldest request first.

    :param requested_by: ``"MANAGEMENT_ACCOUNT"``: the connections requested of this (the
        management) account; ``"ENVIRONMENT_ACCOUNT"``: those this account requested.
    :param statuses: Only these statuses (PENDING, CONNECTED, REJECTED); default: all.
    :param environment_name: Only the connections of this Proton environment.
    :param aws: Region and credentials, as for get_environment_account_connection.
    :param environment_account_ids: Only the connections requested by these environment
        accounts (an allow-list; filtered after listing).
    :raises ProtonError: a bad argument (named, before any call), or an AWS error.
    """
    args = {
        "requested_by": requested_by,
        "statuses": _listed(statuses),
        "environment_name": environment_name,
        "environment_account_ids": _listed(environment_account_ids),
    }
    values = _call(LIST_CONNECTIONS, args, aws)
    items = [_build(EnvironmentAccountConnectionSummary, item) for item in values["connections"]]
    return EnvironmentAccountConnectionsResult(items, list(values["ids"]))


def _listed(values: Any) -> Any:
    """A sequence as a list (what check expects); anything else as it is, for check to name."""
    return list(values) if isinstance(values, list | tuple) else values


def get_environment_account_connection_output(
    id: pulumi.Input[str],
    aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
) -> pulumi.Output[EnvironmentAccountConnectionResult]:
    """``get_environment_account_connection`` with ``pulumi.Input`` arguments: reads once
    they are known (at preview too, when they are)."""
    return pulumi.Output.all(id, aws).apply(
        lambda known: get_environment_account_connection(known[0], known[1])
    )


def get_environment_account_connections_output(
    requested_by: pulumi.Input[str],
    statuses: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
    environment_name: pulumi.Input[str] | None = None,
    aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
    environment_account_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
) -> pulumi.Output[EnvironmentAccountConnectionsResult]:
    """``get_environment_account_connections`` with ``pulumi.Input`` arguments."""
    known = pulumi.Output.all(
        requested_by, statuses, environment_name, aws, environment_account_ids
    )
    return known.apply(lambda values: get_environment_account_connections(*values))


def stack_defaults() -> Defaults:
    """The stack's ``aws:*`` configuration, as this program (not a provider host) reads it."""
    from pulumi.runtime.config import get_config

    return Defaults.of("aws", {key: get_config(f"aws:{key}") for key in CONFIG_KEYS})


def _call(
    fn: Function, args: dict[str, Any], aws: AwsSettings | Mapping[str, Any] | None
) -> dict[str, Any]:
    # An AwsSettings as its dict; anything else as it is, for check to name.
    settings: Any = aws
    if hasattr(settings, "to_props"):
        settings = settings.to_props()
    where = Where(settings, stack_defaults(), DYNAMIC)
    return fn.call({**args, "aws": settings}, where)


def _build(cls: type[_R], values: Mapping[str, Any]) -> _R:
    return cls(**{f.name: values.get(f.name) for f in fields(cls)})  # type: ignore[arg-type]
