"""EnvironmentAccountConnectionAccepter: the management-account side of a Proton connection."""

from __future__ import annotations

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
from provider.connection import aws_input
from provider.errors import ProtonError, reported
from provider.schema import ACCEPTER, Behaviour, contains_unknown
from provider.settings import AwsSettings, Target

_ACCEPT = "AcceptEnvironmentAccountConnection"
_NOT_VISIBLE = ("ResourceNotFoundException", "AccessDeniedException")


class EnvironmentAccountConnectionAccepterProvider(ResourceProvider):
    """Pulumi dynamic provider of EnvironmentAccountConnectionAccepter.

    Holds no state: clients come from the process-wide cache in ``provider.settings``.
    """

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Reads the stack's ``aws:*`` configuration into the process-wide settings."""
        settings.configure(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validates every input before any AWS call; one failure per bad property."""
        return CheckResult(dict(news), ACCEPTER.check(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A new connection_id, region or account replaces; a connection rejected since it
        was accepted replaces too (so that the next ``up`` says what happened to it)."""
        replaces, updates = ACCEPTER.diff(olds, news)
        if olds.get("status") == "REJECTED":
            replaces.append("status")
        if "aws" not in replaces and _moves(olds, news.get("aws")):
            replaces.append("aws")
        updates = [name for name in updates if name not in replaces]
        return DiffResult(changes=bool(replaces or updates), replaces=replaces)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Accepts the connection; one already CONNECTED is adopted without a call."""
        conn_id = props["connection_id"]
        subject = f"connection {conn_id!r}"
        with reported(_ACCEPT, subject):
            target = settings.resolve(props.get("aws"))
            proton = settings.client(target, "proton")
            try:
                live = proton.get_environment_account_connection(id=conn_id)
            except ClientError as error:
                if _code(error) in _NOT_VISIBLE:
                    raise _not_visible(conn_id, target) from None
                raise
            live = live["environmentAccountConnection"]
            if live["status"] == "REJECTED":
                raise ProtonError(
                    f"Cannot accept connection {conn_id!r} (environment "
                    f"{live['environmentName']!r}): it is REJECTED, and Proton cannot accept a "
                    "rejected connection again; the environment account must create a new "
                    "connection (replace the EnvironmentAccountConnection, e.g. with "
                    "`pulumi up --replace <its URN>`), and the accepter will accept that one."
                )
            if live["status"] != "CONNECTED":
                _require_management_account(conn_id, target, live, known_only=True)
                try:
                    live = proton.accept_environment_account_connection(id=conn_id)
                except ClientError as error:
                    if _code(error) in (*_NOT_VISIBLE, "ValidationException"):
                        _require_management_account(conn_id, target, live, known_only=False)
                    raise
                live = live["environmentAccountConnection"]
        return CreateResult(conn_id, _outputs(props, live))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The connection's live status; an empty id when it no longer exists."""
        with reported("GetEnvironmentAccountConnection", f"connection {id_!r}"):
            proton = settings.client(settings.resolve(props.get("aws")), "proton")
            try:
                live = proton.get_environment_account_connection(id=id_)
            except ClientError as error:
                if _code(error) == "ResourceNotFoundException":
                    return ReadResult("", {})
                raise
        outs = _outputs({**props, "connection_id": id_}, live["environmentAccountConnection"])
        inputs = {
            p.name: outs[p.name]
            for p in ACCEPTER.of(Behaviour.UPDATE, Behaviour.REPLACE)
            if outs.get(p.name) is not None
        }
        return ReadResult(id_, outs, inputs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only settings change (aws, reject_on_delete): no AWS call."""
        outs = {p.name: news.get(p.name) for p in ACCEPTER.inputs}
        outs.update({p.name: olds.get(p.name) for p in ACCEPTER.of(Behaviour.OUTPUT)})
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Leaves the connection as it is, unless ``reject_on_delete`` is true: then rejects
        it (a connection already gone counts as done)."""
        if not props.get("reject_on_delete"):
            return
        with reported("RejectEnvironmentAccountConnection", f"connection {id_!r}"):
            proton = settings.client(settings.resolve(props.get("aws")), "proton")
            try:
                proton.reject_environment_account_connection(id=id_)
            except ClientError as error:
                if _code(error) != "ResourceNotFoundException":
                    raise


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _outputs(props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    outs = {p.name: props.get(p.name) for p in ACCEPTER.inputs}
    outs.update({k: v for k, v in ACCEPTER.from_api(live, None).items() if v is not None})
    return outs


def _caller_account(target: Target) -> str:
    """The account the credentials act in: the assumed role's, or STS GetCallerIdentity's."""
    account = target.role_account
    if account is None:
        account = str(settings.client(target, "sts").get_caller_identity()["Account"])
    return account


def _require_management_account(
    conn_id: str, target: Target, live: Mapping[str, Any], known_only: bool
) -> None:
    """Fails naming both accounts when the credentials are not the management account's
    (with ``known_only``, only when that is known without a call)."""
    caller = target.role_account if known_only else _caller_account(target)
    owner = live["managementAccountId"]
    if caller is not None and caller != owner:
        raise _wrong_account(conn_id, caller, owner)


def _wrong_account(conn_id: str, caller: str, owner: str) -> ProtonError:
    return ProtonError(
        f"Cannot accept connection {conn_id!r}: the accepter's credentials act in account "
        f"{caller}, but the connection's management account is {owner}; give the accepter "
        f"aws=AwsSettings(assume_role_arn=<a role in account {owner}>)."
    )


def _not_visible(conn_id: str, target: Target) -> ProtonError:
    """The error for a connection the accepter's credentials cannot see: the wrong account
    (named, with the connection's management account when the stack's own credentials,
    those of the environment account, can read it), or no such connection."""
    caller = _caller_account(target)
    owner = None
    try:
        default = settings.resolve({"region": target.region})
        if default != target:
            proton = settings.client(default, "proton")
            owner = proton.get_environment_account_connection(id=conn_id)[
                "environmentAccountConnection"
            ]["managementAccountId"]
    except (ClientError, BotoCoreError, ProtonError):
        owner = None
    if owner is not None and owner != caller:
        return _wrong_account(conn_id, caller, owner)
    return ProtonError(
        f"Cannot accept connection {conn_id!r}: account {caller} sees no such connection in "
        f"{target.region}; check the connection id, the region, and that the accepter's "
        "credentials are the connection's management account's."
    )


def _moves(olds: Mapping[str, Any], aws: Any) -> bool:
    if contains_unknown(aws):
        return True
    try:
        target = settings.resolve(aws)
    except (ProtonError, BotoCoreError):
        return False
    old_region = settings.region_of(olds.get("arn"))
    old_account = olds.get("management_account_id")
    new_account = target.role_account
    moved_account = None not in (new_account, old_account) and new_account != old_account
    return (old_region is not None and target.region != old_region) or moved_account


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
