"""EnvironmentAccountConnection's operations: create (or adopt), read, update, delete."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from provider import api
from provider.core.common import Created, Found, Resource, Where, find_connection, unless_gone
from provider.diff import Diff, normalized
from provider.errors import ProtonError, reported
from provider.properties import SNAKE, Behaviour, Failure, Naming
from provider.schema import CONNECTION_PROPERTIES
from provider.tags import TagRules

_TABLE = CONNECTION_PROPERTIES
_API_INPUTS = [p.name for p in _TABLE.inputs if p.api is not None]
_ROLES = [p.name for p in _TABLE.inputs if p.name.endswith("role_arn")]
_TAGS = _TABLE.by_name["tags"]


class Connection(Resource):
    """The environment account's request for a connection to a management account."""

    name = "EnvironmentAccountConnection"
    table = _TABLE

    def check(
        self, news: Mapping[str, Any], naming: Naming = SNAKE, where: Where | None = None
    ) -> list[Failure]:
        """The table's rules, then the tag rules on the merged set: the connection's own tags
        with the provider's default tags (an error says which came from the provider)."""
        failures = super().check(news, naming, where)
        own = news.get("tags")
        if where is None or any(f.property == naming(_TAGS) for f in failures):
            return failures
        rules = where.tag_rules()
        if not rules.defaults or not isinstance(own, Mapping):
            return failures  # no defaults, or own tags not known yet (a preview)
        merged = rules.merged(own)
        failure = _merged_problem(rules, own, merged, naming(_TAGS))
        return failures if failure is None else [*failures, failure]

    def derived(self, news: Mapping[str, Any], where: Where) -> dict[str, Any]:
        """``tags_all``: the tags Proton will hold, by the provider's tag rules (nothing
        without rules: then they are the connection's own tags)."""
        rules = where.tag_rules()
        if not (rules.defaults or rules.ignore_keys or rules.ignore_key_prefixes):
            return {}
        return {"tags_all": rules.merged(news.get("tags"))}

    def diff(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where, naming: Naming
    ) -> Diff:
        """The table's diff, with ``tags_all`` what the provider's tag rules make of the new
        tags (state written before ``tags_all`` existed held only the connection's own)."""
        rules = where.tag_rules()
        held = olds.get("tags_all") if olds.get("tags_all") is not None else olds.get("tags")
        olds = {**olds, "tags_all": rules.visible(held)}
        news = {**news, "tags_all": rules.merged(news.get("tags"))}
        return super().diff(olds, news, where, naming)

    def create(self, props: Mapping[str, Any], where: Where) -> Created:
        """One CreateEnvironmentAccountConnection call, tags inline, with a clientToken
        derived from ``client_token_seed`` (which tells this resource apart) and the request;
        or, given ``adopt_id`` (the dynamic resources' import), adoption of that connection."""
        if props.get("adopt_id"):
            return _adopt(props["adopt_id"], props, where)
        subject = f"the connection for environment {props.get('environment_name')!r}"
        rules = where.tag_rules()
        held = rules.merged(props.get("tags"))
        request = api.request(_TABLE, {**props, "tags": held or None}, _API_INPUTS)
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
        outs = _outputs(props, live, held, rules)
        outs["tags"] = dict(props.get("tags") or {})  # the program's own, as given
        return Created(live["id"], outs)

    def read(self, id_: str, props: Mapping[str, Any], where: Where) -> Found | None:
        """The live connection and its tags (refresh, get, import); None when it no longer
        exists. The inputs are the values that reproduce it."""
        found = _find(id_, where, f"connection {id_!r}")
        if found is None:
            return None
        live, tags = found
        outs = _outputs(props, live, api.tags_from_api(tags), where.tag_rules())
        return Found(id_, outs, _TABLE.inputs_of(outs))

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
    ) -> dict[str, Any]:
        """Only the calls the change needs: UpdateEnvironmentAccountConnection for roles,
        TagResource / UntagResource for tags (a change of settings alone needs none)."""
        subject = f"connection {id_!r} (environment {olds.get('environment_name')!r})"
        roles = [name for name in _ROLES if olds.get(name) != news.get(name)]
        rules = where.tag_rules()
        held = olds.get("tags_all") if olds.get("tags_all") is not None else olds.get("tags")
        old_tags: dict[str, str] = rules.visible(held)
        new_tags: dict[str, str] = rules.merged(news.get("tags"))
        to_tag = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        to_untag = sorted(k for k in old_tags if k not in new_tags)
        outs = _outputs(news, {}, new_tags, rules)
        outs.update({p.name: olds.get(p.name) for p in _TABLE.of(Behaviour.OUTPUT)})
        outs["tags"] = dict(news.get("tags") or {})  # the program's own, as given
        outs["tags_all"] = new_tags
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
    rules = where.tag_rules()
    outs = _outputs(props, live, api.tags_from_api(tags), rules)
    # Tags compare as Proton holds them: the program's merged with the default tags.
    wanted = {**props, "tags": rules.merged(props.get("tags"))}
    held = {**outs, "tags": outs["tags_all"]}
    differences = [
        f"{name} is {_text(wanted.get(name))} in the program but {_text(held.get(name))} in AWS"
        for name in _API_INPUTS
        if normalized(_TABLE.by_name[name], wanted.get(name))
        != normalized(_TABLE.by_name[name], held.get(name))
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
    held: Mapping[str, str],
    rules: TagRules,
) -> dict[str, Any]:
    """Every input and output: the program's inputs, overridden by what Proton returned;
    `held` the tags Proton holds (all of them: the ignored keys are left out here), split
    into the connection's own (``tags``) and all (``tags_all``)."""
    outs = {p.name: props.get(p.name) for p in _TABLE.of(Behaviour.UPDATE, Behaviour.REPLACE)}
    if live:
        outs.update(api.from_api(_TABLE, live, None))
    visible = rules.visible(held)
    outs["tags_all"] = visible
    outs["tags"] = rules.own_of(visible, props.get("tags"))
    return outs


def _merged_problem(
    rules: TagRules, own: Mapping[str, Any], merged: Mapping[str, Any], name: str
) -> Failure | None:
    """Why the merged tags break Proton's tag rules, saying which came from the provider."""
    from provider import validation

    assert _TAGS.tag_limits is not None
    most, key_rule, value_rule = _TAGS.tag_limits
    source = rules.source
    from_provider = rules.from_provider(own)
    if len(merged) > most:
        return Failure(
            name,
            f"{name} with the provider's default tags hold {len(merged)} tags, of which "
            f"{len(from_provider)} come from {source} ({', '.join(from_provider)}); Proton "
            f"allows at most {most}",
        )
    for key in from_provider:
        problem = validation.problem(key_rule, f"{source} key", key) or validation.problem(
            value_rule, f"{source} value of key {key!r}", merged[key]
        )
        if problem is not None:
            return Failure(name, f"{problem} (a default tag of the provider)")
    return None
