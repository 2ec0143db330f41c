"""EnvironmentAccountConnection: the environment-account side of a Proton connection, as a
``pulumi.dynamic`` resource (the dynamic front end over ``provider.core.connection``)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from provider import settings
from provider.core import connection as core
from provider.core.common import Where
from provider.schema import CONNECTION, SNAKE, Behaviour

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


def _where(props: Mapping[str, Any]) -> Where:
    return Where(props.get("aws"))


class EnvironmentAccountConnectionProvider(ResourceProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnection: a thin adapter over
    ``provider.core.connection``.

    Holds no state: clients come from the process-wide cache in ``provider.settings``, so
    the provider pickles by reference into a few dozen bytes of each resource's state.
    """

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Reads the stack's ``aws:*`` configuration into the process-wide settings."""
        settings.configure(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validates every input before any AWS call; one failure per bad property."""
        failures = [CheckFailure(f.property, f.reason) for f in core.check(news)]
        return CheckResult(dict(news), failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """What a change does, without any AWS call (`olds` are the stored outputs)."""
        result = core.diff(olds, news, _where(news), SNAKE)
        return DiffResult(
            changes=result.changed,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """One CreateEnvironmentAccountConnection call, tags inline, with a deterministic
        clientToken; or, for an import, adoption of the existing connection."""
        if props.get("adopt_id"):
            created = core.adopt(props["adopt_id"], props, _where(props))
        else:
            created = core.create(props, _where(props), props.get("client_token_seed"))
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The live connection and its tags (refresh, ``get``, import); an empty id when the
        connection no longer exists, so that refresh drops it from the stack."""
        found = core.read(id_, props, _where(props))
        if found is None:
            return ReadResult("", {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only the calls the change needs: UpdateEnvironmentAccountConnection for roles,
        TagResource / UntagResource for tags (a change of ``aws`` alone needs none)."""
        return UpdateResult(core.update(id_, olds, news, _where(news)))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DeleteEnvironmentAccountConnection; a connection already gone counts as deleted."""
        core.delete(id_, props, _where(props))


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

    # For type checkers and editors only: Pulumi re-reads a resource class's annotations
    # with typing.get_type_hints at every registration (0.24 ms a resource, issue 13);
    # the attributes themselves are the Outputs that Pulumi sets on each instance.
    if TYPE_CHECKING:
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
    from provider.aws_settings import AwsSettings  # loaded already if `aws` is one

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
