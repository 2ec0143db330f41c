"""The Proton backend: environment account connections, their rules and their tags.

A connection is stored in the backend of its environment account and region (moto's
`proton_backends[account][region]`), so moto's reset and multi-account model apply as for any
other service. Its management account finds it by looking through the backends of the same
region: connections are never copied, so the two sides cannot disagree.
"""

from __future__ import annotations

import base64
import datetime
import itertools
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend

from .exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from .validation import PROTON

PENDING, CONNECTED, REJECTED = "PENDING", "CONNECTED", "REJECTED"
ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT = "ENVIRONMENT_ACCOUNT", "MANAGEMENT_ACCOUNT"
ROLE_FIELDS = ("roleArn", "codebuildRoleArn", "componentRoleArn")
MAX_TAGS: int = PROTON.shape_for("TagList").metadata["max"]
DEFAULT_PAGE_SIZE = 100

LOCK = threading.RLock()
"""Held around every operation, so that the server's threads see each one whole (a check for
a duplicate and the insert that follows it, for instance)."""

_created = itertools.count()


@dataclass
class Connection:
    """One environment account connection, stored in its environment account's backend."""

    id: str
    arn: str
    environment_account_id: str
    management_account_id: str
    environment_name: str
    roles: dict[str, str]
    """roleArn, codebuildRoleArn and componentRoleArn, where set."""
    requested_at: datetime.datetime
    status: str = PENDING
    tags: dict[str, str] = field(default_factory=dict)
    last_modified_at: datetime.datetime = field(init=False)
    sequence: int = field(init=False, default_factory=lambda: next(_created))
    """Creation order: the stable order of lists across accounts."""

    def __post_init__(self) -> None:
        self.last_modified_at = self.requested_at

    def describe(self) -> dict[str, Any]:
        """The API's EnvironmentAccountConnection; moto's serializer keeps only the members of
        the output shape (a Summary has no codebuildRoleArn)."""
        return {
            "id": self.id,
            "arn": self.arn,
            "environmentAccountId": self.environment_account_id,
            "managementAccountId": self.management_account_id,
            "environmentName": self.environment_name,
            # roleArn is required in the output shapes, also when only a CodeBuild role was
            # given; the empty string says "none".
            "roleArn": self.roles.get("roleArn", ""),
            **{k: v for k, v in self.roles.items() if k != "roleArn"},
            "status": self.status,
            "requestedAt": self.requested_at,
            "lastModifiedAt": self.last_modified_at,
        }

    @property
    def is_active(self) -> bool:
        """PENDING or CONNECTED: a connection that blocks another of the same environment and
        management account."""
        return self.status in (PENDING, CONNECTED)

    def touch(self) -> None:
        """Sets `last_modified_at` to now, after a change of roles or status."""
        self.last_modified_at = _now()


@dataclass(frozen=True)
class _Request:
    """What a clientToken was first used for."""

    parameters: tuple[Any, ...]
    connection_id: str


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class ProtonBackend(BaseBackend):
    """The connections whose environment account is this backend's account, in its region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.connections: dict[str, Connection] = {}
        self.client_tokens: dict[str, _Request] = {}

    # Both sides of a connection

    def _region_backends(self) -> Iterator[ProtonBackend]:
        """This region's backend in every account that has one (creating none)."""
        for account_backends in list(proton_backends.values()):
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
            f"Environment account connection {connection_id} was not found in region "
            f"{self.region_name} for account {self.account_id}."
        )

    def _as_side(self, connection_id: str, side: str, action: str) -> Connection:
        """The connection, when this account is its `side`; AccessDenied for the other side."""
        connection = self._visible(connection_id)
        owner = (
            connection.environment_account_id
            if side == ENVIRONMENT_ACCOUNT
            else connection.management_account_id
        )
        if owner != self.account_id:
            name = "environment" if side == ENVIRONMENT_ACCOUNT else "management"
            raise AccessDeniedException(
                f"Only the {name} account {owner} can {action} environment account connection "
                f"{connection_id}; the caller is account {self.account_id}."
            )
        return connection

    def _check_roles(self, roles: dict[str, str]) -> None:
        for name, arn in roles.items():
            account = arn.split(":")[4]
            if account != self.account_id:
                raise ValidationException(
                    f"{name} {arn} is in account {account}; the roles of an environment account "
                    f"connection must be in its environment account, {self.account_id}."
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
        """A new PENDING connection, or the one that an earlier call with the same `client_token`
        and parameters created; ConflictException for a duplicate."""
        if not roles.get("roleArn") and not roles.get("codebuildRoleArn"):
            raise ValidationException("At least one of roleArn and codebuildRoleArn is required.")
        self._check_roles(roles)
        parameters = (
            environment_name,
            management_account_id,
            sorted(roles.items()),
            sorted(tags.items()),
        )
        if client_token:
            earlier = self.client_tokens.get(client_token)
            if earlier is not None and earlier.connection_id in self.connections:
                if earlier.parameters != parameters:
                    raise ConflictException(
                        f"clientToken {client_token} was already used for a different request "
                        f"(environment account connection {earlier.connection_id})."
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
                    f"connects environment {environment_name} of account {self.account_id} to "
                    f"management account {management_account_id}."
                )
        connection_id = str(uuid.uuid4())
        connection = Connection(
            id=connection_id,
            arn=f"arn:{self.partition}:proton:{self.region_name}:{self.account_id}:"
            f"environment-account-connection/{connection_id}",
            environment_account_id=self.account_id,
            management_account_id=management_account_id,
            environment_name=environment_name,
            roles=dict(roles),
            requested_at=_now(),
            tags=dict(tags),
        )
        self.connections[connection_id] = connection
        if client_token:
            self.client_tokens[client_token] = _Request(parameters, connection_id)
        return connection

    def get_connection(self, connection_id: str) -> Connection:
        """The connection, for either of its accounts; ResourceNotFoundException otherwise."""
        return self._visible(connection_id)

    def update_connection(self, connection_id: str, roles: dict[str, str]) -> Connection:
        """Sets the given roles, for the environment account only; touched only if one changed."""
        connection = self._as_side(connection_id, ENVIRONMENT_ACCOUNT, "update")
        self._check_roles(roles)
        if any(connection.roles.get(name) != arn for name, arn in roles.items()):
            connection.roles.update(roles)
            connection.touch()
        return connection

    def delete_connection(self, connection_id: str) -> Connection:
        """Removes the connection, for the environment account only, and returns it as it was."""
        connection = self._as_side(connection_id, ENVIRONMENT_ACCOUNT, "delete")
        del self.connections[connection_id]
        return connection

    def accept_connection(self, connection_id: str) -> Connection:
        """Moves a PENDING connection to CONNECTED, for the management account only."""
        return self._decide(connection_id, "accept", CONNECTED)

    def reject_connection(self, connection_id: str) -> Connection:
        """Moves a PENDING connection to REJECTED, for the management account only."""
        return self._decide(connection_id, "reject", REJECTED)

    def _decide(self, connection_id: str, action: str, status: str) -> Connection:
        connection = self._as_side(connection_id, MANAGEMENT_ACCOUNT, action)
        if connection.status != PENDING:
            raise ConflictException(
                f"Environment account connection {connection_id} is {connection.status}; only a "
                f"PENDING connection can be {action}ed."
            )
        connection.status = status
        connection.touch()
        return connection

    def list_connections(
        self, requested_by: str, environment_name: str | None, statuses: list[str] | None
    ) -> list[Connection]:
        """The connections of one side, oldest first: a stable order for pagination."""
        if requested_by == ENVIRONMENT_ACCOUNT:
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
            key=lambda c: c.sequence,
        )

    # Tags: read by both sides, written by the environment account, which owns the ARN

    def _tagged(self, arn: str, action: str | None = None) -> Connection:
        parts = arn.split(":", 5)
        kind, _, connection_id = parts[5].partition("/") if len(parts) == 6 else ("", "", "")
        missing = ResourceNotFoundException(
            f"Resource {arn} was not found in region {self.region_name} for account "
            f"{self.account_id}; only environment account connections have tags here."
        )
        if parts[2:4] != ["proton", self.region_name] or kind != "environment-account-connection":
            raise missing
        try:
            connection = self._visible(connection_id)
        except ResourceNotFoundException:
            raise missing from None
        if connection.arn != arn:
            raise missing
        if action is not None:
            self._as_side(connection_id, ENVIRONMENT_ACCOUNT, action)
        return connection

    def list_tags(self, arn: str) -> dict[str, str]:
        """The tags of the connection with ARN `arn`, for either of its accounts."""
        return self._tagged(arn).tags

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        """Merges `tags` into the connection's, for the environment account only;
        ValidationException beyond `MAX_TAGS`."""
        connection = self._tagged(arn, "tag")
        merged = {**connection.tags, **tags}
        if len(merged) > MAX_TAGS:
            raise ValidationException(
                f"Resource {arn} would have {len(merged)} tags; at most {MAX_TAGS} are allowed."
            )
        connection.tags = merged

    def untag_resource(self, arn: str, keys: list[str]) -> None:
        """Removes the tags of `keys`, for the environment account only; absent keys are ignored."""
        connection = self._tagged(arn, "untag")
        connection.tags = {k: v for k, v in connection.tags.items() if k not in keys}


def page(
    items: list[Any], max_results: int | None, next_token: str | None
) -> tuple[list[Any], str | None]:
    """One page of `items` and the token of the next, if any: the offset, base64-encoded."""
    start = 0
    if next_token:
        try:
            start = int(base64.b64decode(next_token, validate=True).decode())
        except ValueError:
            start = -1
        if start < 0:
            raise ValidationException(
                f"nextToken {next_token} is not a token that this operation returned."
            )
    end = start + (max_results or DEFAULT_PAGE_SIZE)
    token = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], token


proton_backends = BackendDict(ProtonBackend, "proton")
