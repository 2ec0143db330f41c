"""EnvironmentAccountConnectionAccepter: the management-account side of a Proton connection,
as a ``pulumi.dynamic`` resource (the dynamic front end over ``provider.core.accepter``)."""

from __future__ import annotations

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
from provider.connection import aws_input
from provider.core import accepter as core
from provider.core.common import Where
from provider.schema import ACCEPTER, SNAKE, Behaviour

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


def _where(props: Mapping[str, Any]) -> Where:
    return Where(props.get("aws"))


class EnvironmentAccountConnectionAccepterProvider(ResourceProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnectionAccepter: a thin adapter over
    ``provider.core.accepter``.

    Holds no state: clients come from the process-wide cache in ``provider.settings``.
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
        """A new connection_id, region or account replaces; a connection rejected since it
        was accepted replaces too (so that the next ``up`` says what happened to it)."""
        result = core.diff(olds, news, _where(news), SNAKE)
        return DiffResult(changes=result.changed, replaces=result.replaces)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Accepts the connection; one already CONNECTED is adopted without a call."""
        created = core.create(props, _where(props))
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The connection's live status; an empty id when it no longer exists."""
        found = core.read(id_, props, _where(props))
        if found is None:
            return ReadResult("", {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only settings change (aws, reject_on_delete): no AWS call."""
        return UpdateResult(core.update(_id, olds, news, _where(news)))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Leaves the connection as it is, unless ``reject_on_delete`` is true: then rejects
        it (a connection already gone counts as done)."""
        core.delete(id_, props, _where(props))


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
    # with typing.get_type_hints at every registration (0.24 ms a resource, issue 13);
    # the attributes themselves are the Outputs that Pulumi sets on each instance.
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
        props: dict[str, Any] = {
            "connection_id": connection_id,
            "aws": aws_input(aws),
            "reject_on_delete": reject_on_delete,
            **{p.name: None for p in ACCEPTER.of(Behaviour.OUTPUT)},
        }
        super().__init__(EnvironmentAccountConnectionAccepterProvider(), resource_name, props, opts)
