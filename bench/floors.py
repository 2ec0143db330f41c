"""The floors the connections are measured against, as dynamic providers.

- `NoopProvider`: returns at once, without any API call: the floor of Pulumi's own
  dynamic-provider machinery (the issue's floor; all ratios are against it).
- `ApiFloorProvider`: only the API calls a connection cannot avoid (one create, a get and a
  tag listing for read, one delete) through one cached boto3 client, and nothing else: the
  floor of Pulumi plus the API (here the emulator, on the same cores).

Both live in an importable module, like `provider`, so dill pickles them by reference and the
engine's `python -m pulumi.dynamic` host imports them: the same serialization path as ours.
As EnvironmentAccountConnectionProvider, they set `serialize_as_secret_always = False` (the
pickle holds no secret), so all kinds store the same shape of state.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates nothing; the default check, diff (engine-side), update and delete."""

    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=uuid.uuid4().hex, outs=props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)


_lock = threading.Lock()
_clients: list[Any] = []


def _proton() -> Any:
    with _lock:
        if not _clients:
            import boto3

            _clients.append(boto3.Session().client("proton"))
        return _clients[0]


class ApiFloorProvider(ResourceProvider):
    """The unavoidable API calls of a connection, and nothing else (no validation, no retry
    policy, no settings resolution)."""

    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        live = _proton().create_environment_account_connection(
            environmentName=props["environment_name"],
            managementAccountId=props["management_account_id"],
            roleArn=props["role_arn"],
            tags=[{"key": k, "value": v} for k, v in props["tags"].items()],
        )["environmentAccountConnection"]
        return CreateResult(id_=live["id"], outs={**props, "arn": live["arn"]})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        live = _proton().get_environment_account_connection(id=id_)["environmentAccountConnection"]
        _proton().list_tags_for_resource(resourceArn=live["arn"])
        return ReadResult(id_=id_, outs=props)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        _proton().delete_environment_account_connection(id=id_)


class NoopResource(Resource, module="bench", name="Noop"):
    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(NoopProvider(), name, props, opts)


class ApiFloorResource(Resource, module="bench", name="ApiFloor"):
    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(ApiFloorProvider(), name, props, opts)
