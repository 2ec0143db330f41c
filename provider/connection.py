"""EnvironmentAccountConnection: the environment-account side of a Proton connection."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pulumi
from botocore.exceptions import BotoCoreError, ClientError
from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from provider import settings
from provider.errors import ProtonError, reported
from provider.schema import CONNECTION, Behaviour, contains_unknown, normalized, tags_to_api
from provider.settings import AwsSettings

_API_INPUTS = [p.name for p in CONNECTION.inputs if p.api is not None]
_ROLES = ("role_arn", "codebuild_role_arn", "component_role_arn")
# Removing a role replaces the connection with one for the same environment: the old one
# must go first. Any other replacement makes the new connection first, as Pulumi prefers (a
# new environment, management account, region or account; or a new request beside a
# REJECTED connection, which a create under the same clientToken would otherwise return).


class EnvironmentAccountConnectionProvider(ResourceProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnection (Proton's connection API).

    Holds no state: clients come from the process-wide cache in ``provider.settings``, so
    the provider pickles by reference into a few dozen bytes of each resource's state.
    """

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Reads the stack's ``aws:*`` configuration into the process-wide settings."""
        settings.configure(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validates every input before any AWS call; one failure per bad property."""
        return CheckResult(dict(news), CONNECTION.check(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """What a change does, without any AWS call (`olds` are the stored outputs)."""
        replaces, updates = CONNECTION.diff(olds, news)
        if olds.get("status") == "REJECTED":
            # Proton cannot accept a rejected connection again; only a new request can.
            replaces.append("status")
        if "aws" not in replaces and _moves(olds, news.get("aws")):
            replaces.append("aws")
        updates = [name for name in updates if name not in replaces]
        return DiffResult(
            changes=bool(replaces or updates),
            replaces=replaces,
            delete_before_replace=bool(replaces) and set(replaces) <= set(_ROLES),
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """One CreateEnvironmentAccountConnection call, tags inline, with a deterministic
        clientToken; or, for an import, adoption of the existing connection."""
        if props.get("adopt_id"):
            return self._adopt(props["adopt_id"], props)
        subject = f"the connection for environment {props.get('environment_name')!r}"
        request = CONNECTION.request(props, _API_INPUTS)
        token = client_token(props.get("client_token_seed"), request)
        with reported("CreateEnvironmentAccountConnection", subject):
            proton = settings.client(settings.resolve(props.get("aws")), "proton")
            live = proton.create_environment_account_connection(clientToken=token, **request)
            live = live["environmentAccountConnection"]
            if live["status"] == "REJECTED":
                # The token found the connection this request made before, which the
                # management account rejected since: ask again, under a new token.
                again = client_token(token, {**request, "rejected": live["id"]})
                live = proton.create_environment_account_connection(clientToken=again, **request)
                live = live["environmentAccountConnection"]
        return CreateResult(live["id"], _outputs(props, live, props.get("tags") or {}))

    def _adopt(self, conn_id: str, props: dict[str, Any]) -> CreateResult:
        subject = f"connection {conn_id!r} (import)"
        found = _get(conn_id, props.get("aws"), subject)
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
        return CreateResult(conn_id, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The live connection and its tags (refresh, ``get``, import); an empty id when the
        connection no longer exists, so that refresh drops it from the stack."""
        found = _get(id_, props.get("aws"), f"connection {id_!r}")
        if found is None:
            return ReadResult("", {})
        live, tags = found
        outs = _outputs(props, live, tags)
        inputs = {
            p.name: outs[p.name]
            for p in CONNECTION.of(Behaviour.UPDATE, Behaviour.REPLACE)
            if outs.get(p.name) is not None
        }
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only the calls the change needs: UpdateEnvironmentAccountConnection for roles,
        TagResource / UntagResource for tags (a change of ``aws`` alone needs none)."""
        subject = f"connection {id_!r} (environment {olds.get('environment_name')!r})"
        roles = [name for name in _ROLES if olds.get(name) != news.get(name)]
        old_tags: dict[str, str] = olds.get("tags") or {}
        new_tags: dict[str, str] = news.get("tags") or {}
        to_tag = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        to_untag = sorted(k for k in old_tags if k not in new_tags)
        outs = _outputs(news, {}, new_tags)
        outs.update({p.name: olds.get(p.name) for p in CONNECTION.of(Behaviour.OUTPUT)})
        if not (roles or to_tag or to_untag):
            return UpdateResult(outs)
        with reported("UpdateEnvironmentAccountConnection", subject):
            proton = settings.client(settings.resolve(news.get("aws")), "proton")
        if roles:
            with reported("UpdateEnvironmentAccountConnection", subject):
                live = proton.update_environment_account_connection(
                    id=id_, **CONNECTION.request(news, roles)
                )
            outs.update(CONNECTION.from_api(live["environmentAccountConnection"], None))
        if to_untag:
            with reported("UntagResource", subject):
                proton.untag_resource(resourceArn=olds["arn"], tagKeys=to_untag)
        if to_tag:
            with reported("TagResource", subject):
                proton.tag_resource(resourceArn=olds["arn"], tags=tags_to_api(to_tag))
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DeleteEnvironmentAccountConnection; a connection already gone counts as deleted."""
        subject = f"connection {id_!r} (environment {props.get('environment_name')!r})"
        with reported("DeleteEnvironmentAccountConnection", subject):
            proton = settings.client(settings.resolve(props.get("aws")), "proton")
            try:
                proton.delete_environment_account_connection(id=id_)
            except ClientError as error:
                if _code(error) != "ResourceNotFoundException":
                    raise


def client_token(seed: str | None, request: Mapping[str, Any]) -> str:
    """Proton's clientToken for a create: the same seed (project, stack, resource name) and
    request give the same token, so a create repeated after a crash finds its connection."""
    text = json.dumps({"seed": seed, "request": request}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _text(value: object) -> str:
    return "unset" if value in (None, {}, "") else repr(value)


def _get(
    conn_id: str, aws: Mapping[str, Any] | None, subject: str
) -> tuple[dict[str, Any], list[dict[str, str]]] | None:
    """The live connection and its tags (two calls), or None when it does not exist."""
    with reported("GetEnvironmentAccountConnection", subject):
        proton = settings.client(settings.resolve(aws), "proton")
        try:
            live = proton.get_environment_account_connection(id=conn_id)
            live = live["environmentAccountConnection"]
            tags = proton.list_tags_for_resource(resourceArn=live["arn"])["tags"]
        except ClientError as error:
            if _code(error) == "ResourceNotFoundException":
                return None
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


def _moves(olds: Mapping[str, Any], aws: Any) -> bool:
    """True when the new settings act in another region or account than the connection's."""
    if contains_unknown(aws):
        return True  # not known until the inputs it depends on exist: it may move
    try:
        target = settings.resolve(aws)
    except (ProtonError, BotoCoreError):
        return False  # no region at all: create or update will say so
    old_region = settings.region_of(olds.get("arn"))
    old_account = olds.get("environment_account_id")
    moved_region = old_region is not None and target.region != old_region
    new_account = target.role_account
    moved_account = None not in (new_account, old_account) and new_account != old_account
    return moved_region or moved_account


class EnvironmentAccountConnection(
    pulumi.dynamic.Resource, module="proton", name="EnvironmentAccountConnection"
):
    """A Proton environment account connection, requested from the environment account.

    Creating it calls CreateEnvironmentAccountConnection; the management account then
    accepts it (see EnvironmentAccountConnectionAccepter). Roles and tags update in place;
    a new environment_name, management_account_id, region or account, or removing a role
    (the API cannot unset one), replaces it. ``pulumi.ResourceOptions(import_=id)`` adopts an
    existing connection; ``EnvironmentAccountConnection.get(name, id)`` reads one.
    """

    environment_name: pulumi.Output[str]
    """Name of the Proton environment, in the management account, that uses this connection."""
    management_account_id: pulumi.Output[str]
    """The management account (12 digits) that accepts or rejects the connection."""
    role_arn: pulumi.Output[str | None]
    """IAM role in the environment account that Proton uses to provision infrastructure."""
    codebuild_role_arn: pulumi.Output[str | None]
    """IAM role in the environment account for CodeBuild-based provisioning."""
    component_role_arn: pulumi.Output[str | None]
    """IAM role that Proton uses to provision directly defined components."""
    tags: pulumi.Output[dict[str, str]]
    """The connection's tags."""
    aws: pulumi.Output[dict[str, str] | None]
    """The AwsSettings given to the resource, as a dict."""
    arn: pulumi.Output[str]
    """ARN of the connection (its region and account are the resource's)."""
    status: pulumi.Output[str]
    """PENDING, CONNECTED or REJECTED, as last created, updated or refreshed."""
    environment_account_id: pulumi.Output[str]
    """The environment account: the account of the credentials that created the connection."""
    requested_at: pulumi.Output[str]
    """When the connection was requested (ISO 8601, UTC)."""
    last_modified_at: pulumi.Output[str]
    """When the connection last changed (ISO 8601, UTC)."""

    def __init__(
        self,
        resource_name: str,
        *,
        environment_name: pulumi.Input[str] | None = None,
        management_account_id: pulumi.Input[str] | None = None,
        role_arn: pulumi.Input[str] | None = None,
        codebuild_role_arn: pulumi.Input[str] | None = None,
        component_role_arn: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Requests a connection from this (the environment) account to a management account.

        :param resource_name: The Pulumi name of the resource.
        :param environment_name: Required. The Proton environment, created in the management
            account, that this connection serves. Changing it replaces the connection.
        :param management_account_id: Required. The 12-digit id of the management account
            that accepts the connection. Changing it replaces the connection.
        :param role_arn: IAM role in this account that Proton assumes to provision the
            environment's infrastructure. Updated in place; removing it replaces.
            At least one of role_arn and codebuild_role_arn is required.
        :param codebuild_role_arn: IAM role in this account for CodeBuild-based provisioning.
            Updated in place; removing it replaces.
        :param component_role_arn: IAM role for directly defined components. Updated in
            place; removing it replaces (Proton cannot unset it).
        :param tags: Tags of the connection (at most 50). Updated in place.
        :param aws: Region and credentials (AwsSettings or a dict of its fields); unset
            fields come from the stack's aws:* config, then boto3's default chain.
        :param opts: Resource options. ``import_=id`` adopts an existing connection whose
            properties must match the arguments; nothing is created or changed.
        """
        opts = opts or pulumi.ResourceOptions()
        props: dict[str, Any] = {
            "environment_name": environment_name,
            "management_account_id": management_account_id,
            "role_arn": role_arn,
            "codebuild_role_arn": codebuild_role_arn,
            "component_role_arn": component_role_arn,
            "tags": tags,
            "aws": aws_input(aws),
            **{p.name: None for p in CONNECTION.of(Behaviour.OUTPUT)},
        }
        if opts.id is None:
            props["client_token_seed"] = token_seed(type(self).__name__, resource_name)
        if opts.import_ is not None:
            # Pulumi's import of dynamic resources fails in its host (pulumi/pulumi#16175):
            # create adopts the connection instead.
            props["adopt_id"] = opts.import_
            opts = copy.copy(opts)
            opts.import_ = None
        super().__init__(EnvironmentAccountConnectionProvider(), resource_name, props, opts)

    @staticmethod
    def get(
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
    ) -> EnvironmentAccountConnection:
        """Reads an existing connection into the program, without managing it.

        :param resource_name: The Pulumi name of the resource.
        :param id: The connection's id.
        :param opts: Resource options.
        :param aws: Region and credentials to read it with (defaults as for the resource).
        """
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        return EnvironmentAccountConnection(resource_name, aws=aws, opts=opts)


def aws_input(
    aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None,
) -> pulumi.Input[Mapping[str, Any]] | None:
    """The ``aws`` argument as the plain dict that Pulumi passes to the provider."""
    if aws is None or isinstance(aws, Mapping):
        return aws
    if isinstance(aws, AwsSettings):
        return aws.to_props()
    return pulumi.Output.from_input(aws).apply(  # type: ignore[arg-type]
        lambda value: value.to_props() if isinstance(value, AwsSettings) else value
    )


def token_seed(kind: str, resource_name: str) -> str:
    """Hash of the project, stack, resource type and name: the part of a clientToken that
    tells this resource apart from any other (no input, so no secret, goes into it)."""
    text = f"{pulumi.get_project()}\0{pulumi.get_stack()}\0{kind}\0{resource_name}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]
