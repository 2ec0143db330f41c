"""EnvironmentAccountConnection: the environment-account side of a Proton connection, as a
``pulumi.dynamic`` resource (the dynamic front end over ``provider.core.connection``)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi

from provider.core.connection import CONNECTION
from provider.dynamic import DynamicProvider, props_of, token_seed

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


class EnvironmentAccountConnectionProvider(DynamicProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnection (``provider.core.connection``).

    Its class path is in every resource's state: it stays ``provider.connection``."""

    resource = CONNECTION


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
    # with typing.get_type_hints at every registration; the attributes themselves are the
    # Outputs that Pulumi sets on each instance.
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
        """The connection's own tags."""
        tags_all: pulumi.Output[dict[str, str]]
        """The tags Proton holds: the stack's aws:defaultTags under the connection's own (which
        win), without the keys of aws:ignoreTags."""
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
        :param tags: Tags of the connection (at most 50 with the stack's aws:defaultTags,
            which they override). Updated in place.
        :param aws: Region and credentials (AwsSettings or a dict of its fields); unset
            fields come from the stack's aws:* config, then boto3's default chain. Its
            default_tags and ignore_tags replace the stack's aws:defaultTags and
            aws:ignoreTags for this connection.
        :param opts: Resource options. ``import_=id`` adopts an existing connection whose
            properties must match the arguments; nothing is created or changed.
        """
        opts = opts or pulumi.ResourceOptions()
        props = props_of(
            CONNECTION,
            {
                "environment_name": environment_name,
                "management_account_id": management_account_id,
                "role_arn": role_arn,
                "codebuild_role_arn": codebuild_role_arn,
                "component_role_arn": component_role_arn,
                "tags": tags,
                "aws": aws,
            },
        )
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
