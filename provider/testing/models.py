"""The Proton backend: environment account connections, their rules and their tags.

A connection is stored in the backend of its environment account and region (moto's
`proton_backends[account][region]`), so moto's reset and multi-account model apply as for
any other service. Its management account finds it by looking through the backends of the
same region.
"""

from __future__ import annotations

import base64
import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend

from .validation import PROTON
from .exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)

PENDING, CONNECTED, REJECTED = "PENDING", "CONNECTED", "REJECTED"
ROLE_FIELDS = ("roleArn", "codebuildRoleArn", "componentRoleArn")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass
class Connection:
    id: str
    arn: str
    region: str
    environment_account_id: str
    management_account_id: str
    environment_name: str
    roles: dict[str, str]
    """roleArn, codebuildRoleArn and componentRoleArn, where set."""
    status: str = PENDING
    requested_at: datetime.datetime = field(default_factory=_now)
    last_modified_at: datetime.datetime = field(default_factory=_now)
    tags: dict[str, str] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """The API's EnvironmentAccountConnection (also a valid Summary)."""
        return {
            "id": self.id,
            "arn": self.arn,
            "environmentAccountId": self.environment_account_id,
            "managementAccountId": self.management_account_id,
            "environmentName": self.environment_name,
            # roleArn is a required member of the output shape, even when only a CodeBuild
            # role was given.
            "roleArn": self.roles.get("roleArn", ""),
            **{k: v for k, v in self.roles.items() if k != "roleArn"},
            "status": self.status,
            "requestedAt": self.requested_at,
            "lastModifiedAt": self.last_modified_at,
        }

    @property
    def is_active(self) -> bool:
        return self.status in (PENDING, CONNECTED)


@dataclass(frozen=True)
class _Request:
    """What a clientToken was first used for."""

    parameters: tuple[Any, ...]
    connection_id: str


class ProtonBackend(BaseBackend):
    """One account's connections in one region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.connections: dict[str, Connection] = {}
        self.client_tokens: dict[str, _Request] = {}

    # Lookups across the two sides of a connection

    def _region_backends(self) -> Iterator[ProtonBackend]:
        for account_backends in list(proton_backends.values()):
            # dict.get: look without creating a backend for every account.
            backend = dict.get(account_backends, self.region_name)
            if backend is not None:
                yield backend

    def _visible(self, connection_id: str) -> Connection:
        """The connection, when this account is one of its two sides."""
        for backend in self._region_backends():
            connection = backend.connections.get(connection_id)
            if connection is not None and self.account_id in (
                connection.environment_account_id,
                connection.management_account_id,
            ):
                return connection
        raise ResourceNotFoundException(
            f"Environment account connection {connection_id} was not found in {self.region_name} "
            f"for account {self.account_id}."
        )

    def _as_environment_account(self, connection_id: str, action: str) -> Connection:
        connection = self._visible(connection_id)
        if connection.environment_account_id != self.account_id:
            raise AccessDeniedException(
                f"Only the environment account {connection.environment_account_id} can {action} "
                f"environment account connection {connection_id}; the caller is {self.account_id}."
            )
        return connection

    def _as_management_account(self, connection_id: str, action: str) -> Connection:
        connection = self._visible(connection_id)
        if connection.management_account_id != self.account_id:
            raise AccessDeniedException(
                f"Only the management account {connection.management_account_id} can {action} "
                f"environment account connection {connection_id}; the caller is {self.account_id}."
            )
        return connection

    def _check_roles(self, roles: dict[str, str]) -> None:
        for name, arn in roles.items():
            account = arn.split(":")[4]
            if account != self.account_id:
                raise ValidationException(
                    f"{name} {arn} is in account {account}, but roles must be in the environment "
                    f"account {self.account_id}."
                )

    # Operations

    def create_connection(
        self,
        environment_name: str,
        management_account_id: str,
        roles: dict[str, str],
        tags: dict[str, str],
        client_token: str | None,
    ) -> Connection:
        if not roles.get("roleArn") and not roles.get("codebuildRoleArn"):
            raise ValidationException("At least one of roleArn and codebuildRoleArn is required.")
        self._check_roles(roles)
        parameters = (environment_name, management_account_id, sorted(roles.items()), sorted(tags.items()))
        if client_token:
            earlier = self.client_tokens.get(client_token)
            if earlier is not None and earlier.connection_id in self.connections:
                if earlier.parameters != parameters:
                    raise ConflictException(
                        f"clientToken {client_token} was already used for a different request "
                        f"(connection {earlier.connection_id})."
                    )
                return self.connections[earlier.connection_id]
        for existing in self.connections.values():
            if (
                existing.is_active
                and existing.environment_name == environment_name
                and existing.management_account_id == management_account_id
            ):
                raise ConflictException(
                    f"Environment account connection {existing.id} ({existing.status}) already "
                    f"connects environment {environment_name} to management account "
                    f"{management_account_id}."
                )
        connection_id = str(uuid.uuid4())
        connection = Connection(
            id=connection_id,
            arn=f"arn:{self.partition}:proton:{self.region_name}:{self.account_id}:"
            f"environment-account-connection/{connection_id}",
            region=self.region_name,
            environment_account_id=self.account_id,
            management_account_id=management_account_id,
            environment_name=environment_name,
            roles=roles,
            tags=dict(tags),
        )
        self.connections[connection_id] = connection
        if client_token:
            self.client_tokens[client_token] = _Request(parameters, connection_id)
        return connection

    def get_connection(self, connection_id: str) -> Connection:
        return self._visible(connection_id)

    def update_connection(self, connection_id: str, roles: dict[str, str]) -> Connection:
        connection = self._as_environment_account(connection_id, "update")
        self._check_roles(roles)
        connection.roles.update(roles)
        connection.last_modified_at = _now()
        return connection

    def delete_connection(self, connection_id: str) -> Connection:
        connection = self._as_environment_account(connection_id, "delete")
        del self.connections[connection_id]
        return connection

    def accept_connection(self, connection_id: str) -> Connection:
        return self._decide(connection_id, "accept", CONNECTED)

    def reject_connection(self, connection_id: str) -> Connection:
        return self._decide(connection_id, "reject", REJECTED)

    def _decide(self, connection_id: str, action: str, status: str) -> Connection:
        connection = self._as_management_account(connection_id, action)
        if connection.status != PENDING:
            raise ConflictException(
                f"Environment account connection {connection_id} is {connection.status}; only a "
                f"PENDING connection can be {action}ed."
            )
        connection.status = status
        connection.last_modified_at = _now()
        return connection

    def list_connections(
        self, requested_by: str, environment_name: str | None, statuses: list[str] | None
    ) -> list[Connection]:
        """Connections of one side, oldest first: a stable order for pagination."""
        if requested_by == "ENVIRONMENT_ACCOUNT":
            found = list(self.connections.values())
        else:
            found = [
                c
                for backend in self._region_backends()
                for c in backend.connections.values()
                if c.management_account_id == self.account_id
            ]
        return sorted(
            (
                c
                for c in found
                if (environment_name is None or c.environment_name == environment_name)
                and (not statuses or c.status in statuses)
            ),
            key=lambda c: (c.requested_at, c.id),
        )

    def _tagged(self, arn: str) -> Connection:
        parts = arn.split(":")
        resource = parts[5] if len(parts) > 5 else ""
        kind, _, connection_id = resource.partition("/")
        if parts[2:4] != ["proton", self.region_name] or kind != "environment-account-connection":
            raise ResourceNotFoundException(f"Resource {arn} was not found.")
        try:
            connection = self._visible(connection_id)
        except ResourceNotFoundException:
            raise ResourceNotFoundException(f"Resource {arn} was not found.") from None
        if connection.arn != arn:
            raise ResourceNotFoundException(f"Resource {arn} was not found.")
        return connection

    def list_tags(self, arn: str) -> dict[str, str]:
        return self._tagged(arn).tags

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        connection = self._tagged(arn)
        merged = {**connection.tags, **tags}
        if len(merged) > MAX_TAGS:
            raise ValidationException(
                f"Resource {arn} would have {len(merged)} tags; at most {MAX_TAGS} are allowed."
            )
        connection.tags = merged

    def untag_resource(self, arn: str, keys: list[str]) -> None:
        connection = self._tagged(arn)
        connection.tags = {k: v for k, v in connection.tags.items() if k not in keys}


def page(items: list[Any], max_results: int | None, next_token: str | None) -> tuple[list[Any], str | None]:
    """One page of `items`; the token is the offset, opaque to clients."""
    start = 0
    if next_token:
        try:
            start = int(base64.b64decode(next_token, validate=True).decode())
        except ValueError:
            raise ValidationException(f"nextToken {next_token!r} is not a token this API returned.") from None
    size = max_results or 100
    end = start + size
    token = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], token


MAX_TAGS: int = PROTON.shape_for("TagList").metadata["max"]

proton_backends = BackendDict(ProtonBackend, "proton")
