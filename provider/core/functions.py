"""The functions (reads that add nothing to a stack), over plain values, shared by both front
ends: ``getEnvironmentAccountConnection`` and ``getEnvironmentAccountConnections``, each one
`Function` object with its tables of arguments and results (``provider.schema``), registered
in ``provider.core.registry``.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any

from provider import api
from provider.core.common import Where
from provider.core.connection import CONNECTION
from provider.errors import ProtonError, reported
from provider.properties import SNAKE, Failure, Naming, Schema
from provider.schema import (
    CONNECTION_RESULTS,
    CONNECTION_SUMMARY,
    GET_CONNECTION_ARGUMENTS,
    LIST_CONNECTIONS_ARGUMENTS,
    LIST_CONNECTIONS_RESULTS,
)


class Function(abc.ABC):
    """A function: its table of arguments, its table of results, and the read itself, over
    plain values keyed by the tables' names. Errors are ``ProtonError`` sentences."""

    name: str
    """The function's name (camelCase), which the plugin's token ends in."""
    arguments: Schema
    results: Schema
    description: str
    """What it does, for the schema and each SDK's reference."""

    def check(self, args: Mapping[str, Any], naming: Naming = SNAKE) -> list[Failure]:
        """Every bad argument, before any AWS call; one failure per argument, named in
        `naming` (the same rules as a resource's inputs)."""
        from provider import validation  # pydantic-core: only once something is checked

        return validation.check(self.arguments, args, naming)

    def call(self, args: Mapping[str, Any], where: Where, naming: Naming = SNAKE) -> dict[str, Any]:
        """Checks `args`, failing with one sentence that names every bad one, then reads."""
        failures = self.check(args, naming)
        if failures:
            reasons = "; ".join(f.reason for f in failures)
            raise ProtonError(f"Invalid arguments to {self.caller_name(naming)}: {reasons}.")
        return self.invoke(args, where)

    def caller_name(self, naming: Naming) -> str:
        """The function's name as the front end of `naming` spells it."""
        if naming is SNAKE:
            return "".join(f"_{c.lower()}" if c.isupper() else c for c in self.name)
        return self.name

    @abc.abstractmethod
    def invoke(self, args: Mapping[str, Any], where: Where) -> dict[str, Any]:
        """The read, with checked `args`: every result, keyed by the results' names."""


class GetConnection(Function):
    """One connection, by id, as the account of the settings sees it."""

    name = "getEnvironmentAccountConnection"
    arguments = GET_CONNECTION_ARGUMENTS
    results = CONNECTION_RESULTS
    description = (
        "Reads one Proton environment account connection by its id, without adding it to the "
        "stack (GetEnvironmentAccountConnection and ListTagsForResource): every output of "
        "EnvironmentAccountConnection and its tags. An id that the account cannot see fails. "
        "A function is a read: it runs at preview too."
    )

    def invoke(self, args: Mapping[str, Any], where: Where) -> dict[str, Any]:
        """The connection and its tags; a missing one fails naming its id, account and region."""
        conn_id = args["id"]
        found = CONNECTION.read(conn_id, {}, where)
        if found is None:
            with reported(
                "GetEnvironmentAccountConnection", f"connection {conn_id!r}", where.advice
            ):
                region = where.target().region
            raise ProtonError(
                f"No environment account connection {conn_id!r} in {region} for these "
                "credentials; check the id, the region, and the account (a connection is "
                "visible to its environment and its management account only)."
            )
        # Its tags: all that Proton holds, but for the keys the provider ignores.
        values = {**found.outputs, "id": conn_id, "tags": found.outputs["tags_all"]}
        return {p.name: values.get(p.name) for p in self.results.properties}


class ListConnections(Function):
    """Every connection requested of or by the account of the settings."""

    name = "getEnvironmentAccountConnections"
    arguments = LIST_CONNECTIONS_ARGUMENTS
    results = LIST_CONNECTIONS_RESULTS
    description = (
        "Lists Proton environment account connections (ListEnvironmentAccountConnections, "
        "every page): those requested of this account (requestedBy MANAGEMENT_ACCOUNT) or by "
        "it (ENVIRONMENT_ACCOUNT), optionally only some statuses or one environment. Each "
        "item has the id, ARN, status, environment name, both account ids, role ARNs and "
        "timestamps. A function is a read: it runs at preview too."
    )

    def invoke(self, args: Mapping[str, Any], where: Where) -> dict[str, Any]:
        """Every page of the list, oldest request first."""
        names = ("requested_by", "statuses", "environment_name")
        # No statuses is every status (an empty filter would match none).
        request = api.request(
            self.arguments, {**args, "statuses": args.get("statuses") or None}, names
        )
        subject = f"the connections requested by {args['requested_by']}"
        with reported("ListEnvironmentAccountConnections", subject, where.advice):
            pages = where.client().get_paginator("list_environment_account_connections")
            listed = [
                item
                for page in pages.paginate(**request)
                for item in page["environmentAccountConnections"]
            ]
        items = [api.from_api(CONNECTION_SUMMARY, item, None) for item in listed]
        accounts = args.get("environment_account_ids")
        if accounts is not None:
            items = [item for item in items if item["environment_account_id"] in accounts]
        items.sort(key=lambda item: item["requested_at"] or "")  # stable: ties keep their order
        return {"connections": items, "ids": [item["id"] for item in items]}


GET_CONNECTION = GetConnection()
"""getEnvironmentAccountConnection, as both front ends serve it."""
LIST_CONNECTIONS = ListConnections()
"""getEnvironmentAccountConnections, as both front ends serve it."""
