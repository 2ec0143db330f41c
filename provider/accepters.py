"""EnvironmentAccountConnectionAccepters: the accepter of a set of connections, as a
``pulumi.dynamic`` resource (the dynamic front end over ``provider.core.accepters``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pulumi

from provider.core.accepters import ACCEPTERS
from provider.dynamic import DynamicProvider, props_of

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


class EnvironmentAccountConnectionAcceptersProvider(DynamicProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnectionAccepters
    (``provider.core.accepters``).

    Its class path is in every resource's state: it stays ``provider.accepters``."""

    resource = ACCEPTERS


class EnvironmentAccountConnectionAccepters(
    pulumi.dynamic.Resource, module="proton", name="EnvironmentAccountConnectionAccepters"
):
    """Accepts every connection of ``connection_ids``, from their management account.

    A change of the ids updates it in place: the new ones are accepted, the removed ones left
    as they are (rejected with ``reject_on_delete=True``), the others not touched. A Python
    program can as well declare one EnvironmentAccountConnectionAccepter per connection; this
    one resource is for programs that cannot loop (the plugin's YAML).
    """

    if TYPE_CHECKING:
        connection_ids: pulumi.Output[list[str]]
        """The ids of the connections to accept."""
        aws: pulumi.Output[dict[str, str] | None]
        """The AwsSettings given to the resource, as a dict."""
        reject_on_delete: pulumi.Output[bool | None]
        """Whether removing an id, or deleting the resource, rejects the connection."""
        connections: pulumi.Output[list[dict[str, Any]]]
        """The accepted connections (id, status, accounts, ...), as last accepted or
        refreshed."""

    def __init__(
        self,
        resource_name: str,
        *,
        connection_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None = None,
        reject_on_delete: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Accepts a set of connections from the management account.

        :param resource_name: The Pulumi name of the resource.
        :param connection_ids: Required. The ids of the connections to accept.
        :param aws: Region and credentials of the management account, as for
            EnvironmentAccountConnectionAccepter.
        :param reject_on_delete: When true, removing an id or deleting the resource rejects
            the connection; by default it is left as it is.
        :param opts: Resource options.
        """
        props = props_of(
            ACCEPTERS,
            {"connection_ids": connection_ids, "aws": aws, "reject_on_delete": reject_on_delete},
        )
        super().__init__(
            EnvironmentAccountConnectionAcceptersProvider(), resource_name, props, opts
        )
