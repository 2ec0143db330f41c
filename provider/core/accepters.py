"""EnvironmentAccountConnectionAccepters' operations: the accepter of a set of connections, for
programs that cannot declare one accepter per item of a list (Pulumi YAML has no loops). Each
connection is accepted, read and rejected exactly as ``provider.core.accepter`` does one."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from provider import api
from provider.core.accepter import ACCEPTER
from provider.core.common import Created, Found, Resource, Where, find_connection, unless_gone
from provider.errors import reported
from provider.schema import ACCEPTERS_PROPERTIES, CONNECTION_SUMMARY

_TABLE = ACCEPTERS_PROPERTIES


class Accepters(Resource):
    """The management account's accept of every connection in ``connection_ids``. A change of
    the ids updates it in place: the new ones are accepted, the removed ones left as they are
    (or rejected, with ``reject_on_delete``), the others not touched."""

    name = "EnvironmentAccountConnectionAccepters"
    table = _TABLE

    def create(self, props: Mapping[str, Any], where: Where) -> Created:
        """Accepts each connection (one already CONNECTED without a call); an id of its own."""
        live = [_accept(conn_id, where) for conn_id in _ids(props)]
        return Created(str(uuid.uuid4()), _outputs(props, live))

    def read(self, id_: str, props: Mapping[str, Any], where: Where) -> Found | None:
        """The live connections that still exist (a refresh); the ids stay the program's."""
        found = []
        for conn_id in _ids(props):
            with reported(
                "GetEnvironmentAccountConnection", f"connection {conn_id!r}", where.advice
            ):
                live = find_connection(where.client(), conn_id)
            if live is not None:
                found.append(live)
        outs = _outputs(props, found)
        return Found(id_, outs, _TABLE.inputs_of(outs))

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
    ) -> dict[str, Any]:
        """Accepts the ids added, rejects the ids removed when ``reject_on_delete``; the
        connections kept are not touched (their stored state stays)."""
        old_ids, new_ids = _ids(olds), _ids(news)
        if news.get("reject_on_delete"):
            for conn_id in old_ids:
                if conn_id not in new_ids:
                    _reject(conn_id, where)
        kept = {c["id"]: c for c in olds.get("connections") or [] if c["id"] in new_ids}
        outs = {p.name: news.get(p.name) for p in _TABLE.inputs}
        connections = []
        for conn_id in new_ids:
            if conn_id in kept:
                connections.append(kept[conn_id])
            else:
                connections.append(api.from_api(CONNECTION_SUMMARY, _accept(conn_id, where), None))
        outs["connections"] = connections
        return outs

    def delete(self, id_: str, props: Mapping[str, Any], where: Where) -> None:
        """Leaves the connections as they are, unless ``reject_on_delete``: then rejects each."""
        if props.get("reject_on_delete"):
            for conn_id in _ids(props):
                _reject(conn_id, where)


ACCEPTERS = Accepters()
"""EnvironmentAccountConnectionAccepters, as both front ends serve it."""


def _ids(props: Mapping[str, Any]) -> list[str]:
    """The connection ids, each once, in the program's order."""
    return list(dict.fromkeys(props.get("connection_ids") or []))


def _accept(conn_id: str, where: Where) -> dict[str, Any]:
    """One connection accepted as the single accepter does it; its live members."""
    return ACCEPTER.accept(conn_id, where)


def _reject(conn_id: str, where: Where) -> None:
    with reported("RejectEnvironmentAccountConnection", f"connection {conn_id!r}", where.advice):
        proton = where.client()
        unless_gone(lambda: proton.reject_environment_account_connection(id=conn_id))


def _outputs(props: Mapping[str, Any], live: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    outs = {p.name: props.get(p.name) for p in _TABLE.inputs}
    outs["connections"] = [api.from_api(CONNECTION_SUMMARY, c, None) for c in live]
    return outs
