"""EnvironmentAccountConnectionAccepter's operations: accept, read, delete (reject or leave)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from provider import api, clients
from provider.clients import Target
from provider.core.common import (
    NOT_FOUND,
    Created,
    Found,
    Resource,
    Where,
    error_code,
    find_connection,
    unless_gone,
)
from provider.errors import ProtonError, reported
from provider.properties import Behaviour
from provider.schema import ACCEPTER_PROPERTIES

_TABLE = ACCEPTER_PROPERTIES
_ACCEPT = "AcceptEnvironmentAccountConnection"
_NOT_VISIBLE = (*NOT_FOUND, "AccessDeniedException")


class Accepter(Resource):
    """The management account's accept of a connection. A new connection_id, region or
    account replaces it; so does a connection rejected since it was accepted (so that the
    next ``up`` says what happened to it)."""

    name = "EnvironmentAccountConnectionAccepter"
    table = _TABLE

    def create(self, props: Mapping[str, Any], where: Where) -> Created:
        """Accepts the connection; one already CONNECTED is adopted without a call (accepting
        twice is accepting once, so no clientToken is needed)."""
        conn_id = props["connection_id"]
        return Created(conn_id, _outputs(props, self.accept(conn_id, where)))

    def accept(self, conn_id: str, where: Where) -> dict[str, Any]:
        """Accepts the connection `conn_id` (create's work, which the accepter of a set does
        for each of its connections); returns it as Proton does."""
        from botocore.exceptions import ClientError

        with reported(_ACCEPT, f"connection {conn_id!r}", where.advice):
            target = where.target()
            proton = clients.client(target, "proton")
            live = find_connection(proton, conn_id, missing=_NOT_VISIBLE)
            if live is None:
                raise _not_visible(conn_id, target, where)
            if live["status"] == "REJECTED":
                raise ProtonError(
                    f"Cannot accept connection {conn_id!r} (environment "
                    f"{live['environmentName']!r}): it is REJECTED, and Proton cannot accept a "
                    "rejected connection again; the environment account must create a new "
                    "connection (replace the EnvironmentAccountConnection, e.g. with "
                    "`pulumi up --replace <its URN>`), and the accepter will accept that one."
                )
            if live["status"] != "CONNECTED":
                _require_management_account(conn_id, target, live, where, known_only=True)
                try:
                    live = proton.accept_environment_account_connection(id=conn_id)
                except ClientError as error:
                    if error_code(error) in (*_NOT_VISIBLE, "ValidationException"):
                        _require_management_account(conn_id, target, live, where, known_only=False)
                    raise
                live = live["environmentAccountConnection"]
        result: dict[str, Any] = live
        return result

    def read(self, id_: str, props: Mapping[str, Any], where: Where) -> Found | None:
        """The connection's live status; None when it no longer exists."""
        with reported("GetEnvironmentAccountConnection", f"connection {id_!r}", where.advice):
            live = find_connection(where.client(), id_)
        if live is None:
            return None
        outs = _outputs({**props, "connection_id": id_}, live)
        return Found(id_, outs, _TABLE.inputs_of(outs))

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
    ) -> dict[str, Any]:
        """Only settings change (aws, reject_on_delete): no AWS call."""
        outs = {p.name: news.get(p.name) for p in _TABLE.inputs}
        outs.update({p.name: olds.get(p.name) for p in _TABLE.of(Behaviour.OUTPUT)})
        return outs

    def delete(self, id_: str, props: Mapping[str, Any], where: Where) -> None:
        """Leaves the connection as it is, unless ``reject_on_delete`` is true: then rejects
        it (a connection already gone counts as done)."""
        if not props.get("reject_on_delete"):
            return
        subject = f"connection {id_!r}"
        with reported("RejectEnvironmentAccountConnection", subject, where.advice):
            proton = where.client()
            unless_gone(lambda: proton.reject_environment_account_connection(id=id_))


ACCEPTER = Accepter()
"""EnvironmentAccountConnectionAccepter, as both front ends serve it."""


def _outputs(props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    outs = {p.name: props.get(p.name) for p in _TABLE.inputs}
    outs.update({k: v for k, v in api.from_api(_TABLE, live, None).items() if v is not None})
    return outs


def _caller_account(target: Target) -> str:
    """The account the credentials act in: the assumed role's, or STS GetCallerIdentity's."""
    account = target.role_account
    if account is None:
        account = str(clients.client(target, "sts").get_caller_identity()["Account"])
    return account


def _require_management_account(
    conn_id: str, target: Target, live: Mapping[str, Any], where: Where, known_only: bool
) -> None:
    """Fails naming both accounts when the credentials are not the management account's
    (with `known_only`, only when that is known without a call)."""
    caller = target.role_account if known_only else _caller_account(target)
    owner = live["managementAccountId"]
    if caller is not None and caller != owner:
        raise _wrong_account(conn_id, caller, owner, where)


def _wrong_account(conn_id: str, caller: str, owner: str, where: Where) -> ProtonError:
    return ProtonError(
        f"Cannot accept connection {conn_id!r}: the accepter's credentials act in account "
        f"{caller}, but the connection's management account is {owner}; "
        f"{where.advice.management.format(owner=owner)}."
    )


def _not_visible(conn_id: str, target: Target, where: Where) -> ProtonError:
    """The error for a connection the accepter's credentials cannot see: the wrong account
    (named, with the connection's management account when the default credentials, those of
    the environment account, can read it), or no such connection."""
    from botocore.exceptions import BotoCoreError, ClientError

    caller = _caller_account(target)
    owner = None
    try:
        default = where.default_target(target.region)
        if default == target and target.role_arn is not None:
            # The defaults are the accepter's own (a plugin provider that assumes the role):
            # the base credentials, without it, may be the environment account's.
            default = dataclasses.replace(target, role_arn=None, external_id=None)
        if default != target:
            live = find_connection(clients.client(default, "proton"), conn_id, _NOT_VISIBLE)
            owner = None if live is None else live["managementAccountId"]
    except (ClientError, BotoCoreError, ProtonError):
        owner = None
    if owner is not None and owner != caller:
        return _wrong_account(conn_id, caller, owner, where)
    return ProtonError(
        f"Cannot accept connection {conn_id!r}: account {caller} sees no such connection in "
        f"{target.region}; check the connection id, the region, and that the accepter's "
        "credentials are the connection's management account's."
    )
