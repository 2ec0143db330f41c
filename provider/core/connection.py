"""EnvironmentAccountConnection's operations: create (or adopt), read, update, delete."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from provider import api
from provider.core.common import Created, Found, Resource, Where, find_connection, unless_gone
from provider.diff import normalized
from provider.errors import ProtonError, reported
from provider.properties import Behaviour
from provider.schema import CONNECTION_PROPERTIES

_TABLE = CONNECTION_PROPERTIES
_API_INPUTS = [p.name for p in _TABLE.inputs if p.api is not None]
_ROLES = [p.name for p in _TABLE.inputs if p.name.endswith("role_arn")]


class Connection(Resource):
    """The environment account's request for a connection to a management account."""

    name = "EnvironmentAccountConnection"
    table = _TABLE

    def create(self, props: Mapping[str, Any], where: Where) -> Created:
        """One CreateEnvironmentAccountConnection call, tags inline, with a clientToken
        derived from ``client_token_seed`` (which tells this resource apart) and the request;
        or, given ``adopt_id`` (the dynamic resources' import), adoption of that connection."""
        if props.get("adopt_id"):
            return _adopt(props["adopt_id"], props, where)
        subject = f"the connection for environment {props.get('environment_name')!r}"
        request = api.request(_TABLE, props, _API_INPUTS)
        token = client_token(props.get("client_token_seed"), request)
        with reported("CreateEnvironmentAccountConnection", subject, where.advice):
            proton = where.client()
            live = proton.create_environment_account_connection(clientToken=token, **request)
            live = live["environmentAccountConnection"]
            if live["status"] == "REJECTED":
                # The token found the connection this request made before, which the
                # management account rejected since: ask again, under a new token.
                again = client_token(token, {**request, "rejected": live["id"]})
                live = proton.create_environment_account_connection(clientToken=again, **request)
                live = live["environmentAccountConnection"]
        return Created(live["id"], _outputs(props, live, props.get("tags") or {}))

    def read(self, id_: str, props: Mapping[str, Any], where: Where) -> Found | None:
        """The live connection and its tags (refresh, get, import); None when it no longer
        exists. The inputs are the values that reproduce it."""
        found = _find(id_, where, f"connection {id_!r}")
        if found is None:
            return None
        live, tags = found
        outs = _outputs(props, live, tags)
        return Found(id_, outs, _TABLE.inputs_of(outs))

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
    ) -> dict[str, Any]:
        """Only the calls the change needs: UpdateEnvironmentAccountConnection for roles,
        TagResource / UntagResource for tags (a change of settings alone needs none)."""
        subject = f"connection {id_!r} (environment {olds.get('environment_name')!r})"
        roles = [name for name in _ROLES if olds.get(name) != news.get(name)]
        old_tags: dict[str, str] = olds.get("tags") or {}
        new_tags: dict[str, str] = news.get("tags") or {}
        to_tag = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        to_untag = sorted(k for k in old_tags if k not in new_tags)
        outs = _outputs(news, {}, new_tags)
        outs.update({p.name: olds.get(p.name) for p in _TABLE.of(Behaviour.OUTPUT)})
        if not (roles or to_tag or to_untag):
            return outs
        with reported("UpdateEnvironmentAccountConnection", subject, where.advice):
            proton = where.client()
        if roles:
            with reported("UpdateEnvironmentAccountConnection", subject, where.advice):
                live = proton.update_environment_account_connection(
                    id=id_, **api.request(_TABLE, news, roles)
                )
            outs.update(api.from_api(_TABLE, live["environmentAccountConnection"], None))
        if to_untag:
            with reported("UntagResource", subject, where.advice):
                proton.untag_resource(resourceArn=olds["arn"], tagKeys=to_untag)
        if to_tag:
            with reported("TagResource", subject, where.advice):
                proton.tag_resource(resourceArn=olds["arn"], tags=api.tags_to_api(to_tag))
        return outs

    def delete(self, id_: str, props: Mapping[str, Any], where: Where) -> None:
        """DeleteEnvironmentAccountConnection; a connection already gone counts as deleted."""
        subject = f"connection {id_!r} (environment {props.get('environment_name')!r})"
        with reported("DeleteEnvironmentAccountConnection", subject, where.advice):
            proton = where.client()
            unless_gone(lambda: proton.delete_environment_account_connection(id=id_))


CONNECTION = Connection()
"""EnvironmentAccountConnection, as both front ends serve it."""


def client_token(seed: str | None, request: Mapping[str, Any]) -> str:
    """Proton's clientToken for a create: the same seed (project, stack, resource name) and
    request give the same token, so a create repeated after a crash finds its connection."""
    text = json.dumps({"seed": seed, "request": request}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _adopt(conn_id: str, props: Mapping[str, Any], where: Where) -> Created:
    """The existing connection `conn_id` as if created, when it matches `props`; fails,
    changing nothing, when it does not."""
    found = _find(conn_id, where, f"connection {conn_id!r} (import)")
    if found is None:
        raise ProtonError(
            f"Cannot import connection {conn_id!r}: it does not exist in this account and "
            "region; check the id and the resource's aws settings."
        )
    live, tags = found
    outs = _outputs(props, live, tags)
    differences = [
        f"{name} is {_text(props.get(name))} in the program but {_text(outs.get(name))} in AWS"
        for name in _API_INPUTS
        if normalized(_TABLE.by_name[name], props.get(name))
        != normalized(_TABLE.by_name[name], outs.get(name))
    ]
    if differences:
        raise ProtonError(
            f"Cannot import connection {conn_id!r}: {'; '.join(differences)}; make the "
            "program match the connection (an import changes nothing)."
        )
    return Created(conn_id, outs)


def _text(value: object) -> str:
    return "unset" if value in (None, {}, "") else repr(value)


def _find(
    conn_id: str, where: Where, subject: str
) -> tuple[dict[str, Any], list[dict[str, str]]] | None:
    """The live connection and its tags (two calls), or None when it does not exist."""
    with reported("GetEnvironmentAccountConnection", subject, where.advice):
        proton = where.client()
        live = find_connection(proton, conn_id)
        if live is None:
            return None
        listed = unless_gone(lambda: proton.list_tags_for_resource(resourceArn=live["arn"]))
    if listed is None:
        return None  # deleted between the two calls
    return live, listed["tags"]


def _outputs(
    props: Mapping[str, Any],
    live: Mapping[str, Any],
    tags: Mapping[str, str] | list[dict[str, str]],
) -> dict[str, Any]:
    """Every input and output: the program's inputs, overridden by what Proton returned."""
    outs = {p.name: props.get(p.name) for p in _TABLE.of(Behaviour.UPDATE, Behaviour.REPLACE)}
    if live:
        outs.update(api.from_api(_TABLE, live, tags if isinstance(tags, list) else None))
    if not isinstance(tags, list):
        outs["tags"] = dict(tags)
    return outs
