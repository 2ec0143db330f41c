"""EnvironmentAccountConnection's operations: check, diff, create, read, update, delete."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from provider import clients
from provider.core.common import Created, Found, Where, error_code, find_connection
from provider.errors import ProtonError, reported
from provider.schema import (
    CONNECTION,
    SNAKE,
    Behaviour,
    Diff,
    Failure,
    Naming,
    normalized,
    tags_to_api,
)

SCHEMA = CONNECTION
"""The connection's property table."""
_API_INPUTS = [p.name for p in CONNECTION.inputs if p.api is not None]
_ROLES = [p.name for p in CONNECTION.inputs if p.name.endswith("role_arn")]


def check(news: Mapping[str, Any], naming: Naming = SNAKE) -> list[Failure]:
    """Every bad input, before any AWS call; one failure per property."""
    return CONNECTION.check(news, naming)


def diff(olds: Mapping[str, Any], news: Mapping[str, Any], where: Where, naming: Naming) -> Diff:
    """What a change does, without any AWS call (`olds` are the stored outputs)."""
    return CONNECTION.diff(olds, news, where.place, naming)


def create(
    props: Mapping[str, Any], where: Where, seed: str | None = None, naming: Naming = SNAKE
) -> Created:
    """One CreateEnvironmentAccountConnection call, tags inline, with a clientToken derived
    from `seed` (which tells this resource apart) and the request."""
    subject = f"the connection for environment {props.get('environment_name')!r}"
    request = CONNECTION.request(props, _API_INPUTS)
    token = client_token(seed, request)
    with reported("CreateEnvironmentAccountConnection", subject, where.advice):
        proton = clients.client(where.target(), "proton")
        live = proton.create_environment_account_connection(clientToken=token, **request)
        live = live["environmentAccountConnection"]
        if live["status"] == "REJECTED":
            # The token found the connection this request made before, which the
            # management account rejected since: ask again, under a new token.
            again = client_token(token, {**request, "rejected": live["id"]})
            live = proton.create_environment_account_connection(clientToken=again, **request)
            live = live["environmentAccountConnection"]
    return Created(live["id"], _outputs(props, live, props.get("tags") or {}))


def adopt(conn_id: str, props: Mapping[str, Any], where: Where) -> Created:
    """The existing connection `conn_id` as if created, when it matches `props` (the dynamic
    resources' import); fails, changing nothing, when it does not."""
    subject = f"connection {conn_id!r} (import)"
    found = _find(conn_id, where, subject)
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
        if normalized(CONNECTION.by_name[name], props.get(name))
        != normalized(CONNECTION.by_name[name], outs.get(name))
    ]
    if differences:
        raise ProtonError(
            f"Cannot import connection {conn_id!r}: {'; '.join(differences)}; make the "
            "program match the connection (an import changes nothing)."
        )
    return Created(conn_id, outs)


def read(conn_id: str, props: Mapping[str, Any], where: Where) -> Found | None:
    """The live connection and its tags (refresh, get, import); None when it no longer
    exists. The inputs are the values that reproduce it."""
    found = _find(conn_id, where, f"connection {conn_id!r}")
    if found is None:
        return None
    live, tags = found
    outs = _outputs(props, live, tags)
    return Found(conn_id, outs, CONNECTION.inputs_of(outs))


def update(
    conn_id: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
) -> dict[str, Any]:
    """Only the calls the change needs: UpdateEnvironmentAccountConnection for roles,
    TagResource / UntagResource for tags (a change of settings alone needs none)."""
    subject = f"connection {conn_id!r} (environment {olds.get('environment_name')!r})"
    roles = [name for name in _ROLES if olds.get(name) != news.get(name)]
    old_tags: dict[str, str] = olds.get("tags") or {}
    new_tags: dict[str, str] = news.get("tags") or {}
    to_tag = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
    to_untag = sorted(k for k in old_tags if k not in new_tags)
    outs = _outputs(news, {}, new_tags)
    outs.update({p.name: olds.get(p.name) for p in CONNECTION.of(Behaviour.OUTPUT)})
    if not (roles or to_tag or to_untag):
        return outs
    with reported("UpdateEnvironmentAccountConnection", subject, where.advice):
        proton = clients.client(where.target(), "proton")
    if roles:
        with reported("UpdateEnvironmentAccountConnection", subject, where.advice):
            live = proton.update_environment_account_connection(
                id=conn_id, **CONNECTION.request(news, roles)
            )
        outs.update(CONNECTION.from_api(live["environmentAccountConnection"], None))
    if to_untag:
        with reported("UntagResource", subject, where.advice):
            proton.untag_resource(resourceArn=olds["arn"], tagKeys=to_untag)
    if to_tag:
        with reported("TagResource", subject, where.advice):
            proton.tag_resource(resourceArn=olds["arn"], tags=tags_to_api(to_tag))
    return outs


def delete(conn_id: str, props: Mapping[str, Any], where: Where) -> None:
    """DeleteEnvironmentAccountConnection; a connection already gone counts as deleted."""
    from botocore.exceptions import ClientError

    subject = f"connection {conn_id!r} (environment {props.get('environment_name')!r})"
    with reported("DeleteEnvironmentAccountConnection", subject, where.advice):
        proton = clients.client(where.target(), "proton")
        try:
            proton.delete_environment_account_connection(id=conn_id)
        except ClientError as error:
            if error_code(error) != "ResourceNotFoundException":
                raise


def client_token(seed: str | None, request: Mapping[str, Any]) -> str:
    """Proton's clientToken for a create: the same seed (project, stack, resource name) and
    request give the same token, so a create repeated after a crash finds its connection."""
    text = json.dumps({"seed": seed, "request": request}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _text(value: object) -> str:
    return "unset" if value in (None, {}, "") else repr(value)


def _find(
    conn_id: str, where: Where, subject: str
) -> tuple[dict[str, Any], list[dict[str, str]]] | None:
    """The live connection and its tags (two calls), or None when it does not exist."""
    from botocore.exceptions import ClientError

    with reported("GetEnvironmentAccountConnection", subject, where.advice):
        proton = clients.client(where.target(), "proton")
        live = find_connection(proton, conn_id)
        if live is None:
            return None
        try:
            tags = proton.list_tags_for_resource(resourceArn=live["arn"])["tags"]
        except ClientError as error:
            if error_code(error) == "ResourceNotFoundException":
                return None  # deleted between the two calls
            raise
    return live, tags


def _outputs(
    props: Mapping[str, Any],
    live: Mapping[str, Any],
    tags: Mapping[str, str] | list[dict[str, str]],
) -> dict[str, Any]:
    """Every input and output: the program's inputs, overridden by what Proton returned."""
    outs = {p.name: props.get(p.name) for p in CONNECTION.of(Behaviour.UPDATE, Behaviour.REPLACE)}
    if live:
        api = CONNECTION.from_api(live, tags if isinstance(tags, list) else None)
        outs.update(api)
    if not isinstance(tags, list):
        outs["tags"] = dict(tags)
    return outs
