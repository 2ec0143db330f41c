"""EnvironmentAccountConnectionAccepter: the management-account side of a Proton connection,
as a ``pulumi.dynamic`` resource (the dynamic front end over ``provider.core.accepter``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi

from provider.core.accepter import ACCEPTER
from provider.dynamic import DynamicProvider, props_of

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


class EnvironmentAccountConnectionAccepterProvider(DynamicProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnectionAccepter
    (``provider.core.accepter``).

    Its class path is in every resource's state: it stays ``provider.accepter``."""

    resource = ACCEPTER


class EnvironmentAccountConnectionAccepter(
    pulumi.dynamic.Resource, module="proton", name="EnvironmentAccountConnectionAccepter"
):
    """Accepts a Proton environment account connection, from its management account.

    Creating it calls AcceptEnvironmentAccountConnection with the management account's
    credentials (typically ``aws=AwsSettings(assume_role_arn=...)``); a connection already
    CONNECTED is adopted without a call, a REJECTED one fails (the environment account must
    request a new connection). Refresh reports the live status; a deleted connection drops
    the accepter from the stack. A new connection_id replaces the accepter.

    Deleting the accepter leaves the connection as it is (still CONNECTED); with
    ``reject_on_delete=True`` it rejects the connection instead.
    """

    # For type checkers and editors only: Pulumi re-reads a resource class's annotations
    # with typing.get_type_hints at every registration; the attributes themselves are the
    # Outputs that Pulumi sets on each instance.
    if TYPE_CHECKING:
        connection_id: pulumi.Output[str]
        """The id of the accepted connection."""
        aws: pulumi.Output[dict[str, str] | None]
        """The AwsSettings given to the resource, as a dict."""
        reject_on_delete: pulumi.Output[bool | None]
        """Whether deleting the accepter rejects the connection."""
        status: pulumi.Output[str]
        """The connection's status: CONNECTED once accepted; REJECTED if rejected since."""
        arn: pulumi.Output[str]
        """ARN of the connection."""
        environment_name: pulumi.Output[str]
        """The Proton environment, in the management account, that the connection serves."""
        environment_account_id: pulumi.Output[str]
        """The environment account that requested the connection."""
        management_account_id: pulumi.Output[str]
        """The management account that accepted it."""

    def __init__(
        self,
        resource_name: str,
        *,
        connection_id: pulumi.Input[str] | None = None,
        aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
        reject_on_delete: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Accepts a connection from the management account.

        :param resource_name: The Pulumi name of the resource.
        :param connection_id: Required. The id of the connection to accept (for example
            ``EnvironmentAccountConnection.id``). Changing it replaces the accepter.
        :param aws: Region and credentials of the management account (AwsSettings or a dict
            of its fields), typically ``AwsSettings(assume_role_arn=...)``; unset fields come
            from the stack's aws:* config, then boto3's default chain. The region must be the
            connection's.
        :param reject_on_delete: When true, deleting the accepter rejects the connection;
            by default deleting it leaves the connection as it is.
        :param opts: Resource options.
        """
        props = props_of(
            ACCEPTER,
            {"connection_id": connection_id, "aws": aws, "reject_on_delete": reject_on_delete},
        )
        super().__init__(EnvironmentAccountConnectionAccepterProvider(), resource_name, props, opts)
