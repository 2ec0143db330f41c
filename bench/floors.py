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
        """A fresh random id, the inputs as outputs: no API call."""
        return CreateResult(id_=uuid.uuid4().hex, outs=props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The stored inputs, unchanged: a refresh reads nothing."""
        return ReadResult(id_=id_, outs=props)


SHAPED_OUTPUTS = {
    "arn": "arn:aws:proton:us-east-1:123456789012:environment-account-connection/{id}",
    "status": "PENDING",
    "environment_account_id": "123456789012",
    "requested_at": "2026-11-25T18:00:00.123456+00:00",
    "last_modified_at": "2026-11-25T18:00:00.123456+00:00",
}
"""What a connection stores beside its inputs, in values of the same size (``{id}``: its id)."""
SHAPED_UNSET = ("codebuild_role_arn", "component_role_arn", "aws")
"""The inputs a connection declares that the benchmark's programs leave unset."""


class ShapedNoopProvider(NoopProvider):
    """Diagnostic, not a floor: the no-op storing the outputs a connection stores."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        """A fresh random id; the inputs plus `SHAPED_OUTPUTS` for it, still with no API call."""
        id_ = uuid.uuid4().hex
        outputs = {k: v.format(id=id_) for k, v in SHAPED_OUTPUTS.items()}
        return CreateResult(id_=id_, outs={**props, **outputs})


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
        """One CreateEnvironmentAccountConnection of the inputs as given: no validation, no
        client token, no retry; stores the inputs and `outputs`."""
        live = _proton().create_environment_account_connection(
            environmentName=props["environment_name"],
            managementAccountId=props["management_account_id"],
            roleArn=props["role_arn"],
            tags=[{"key": k, "value": v} for k, v in props["tags"].items()],
        )["environmentAccountConnection"]
        return CreateResult(id_=live["id"], outs={**props, **self.outputs(live)})

    def outputs(self, live: dict[str, Any]) -> dict[str, Any]:
        """What the floor stores beside the inputs: the ARN alone."""
        return {"arn": live["arn"]}

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """One GetEnvironmentAccountConnection and one ListTagsForResource; their answers are
        dropped and the stored inputs come back unchanged (no drift compared)."""
        live = _proton().get_environment_account_connection(id=id_)["environmentAccountConnection"]
        _proton().list_tags_for_resource(resourceArn=live["arn"])
        return ReadResult(id_=id_, outs=props)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """One DeleteEnvironmentAccountConnection: no waiting, no not-found handling."""
        _proton().delete_environment_account_connection(id=id_)


class ShapedApiFloorProvider(ApiFloorProvider):
    """Diagnostic, not a floor: the API floor storing a connection's outputs, as the API
    answered them (the same values ours stores)."""

    def outputs(self, live: dict[str, Any]) -> dict[str, Any]:
        """A connection's outputs from the API's answer (timestamps in ISO 8601, as ours)."""
        return {
            "arn": live["arn"],
            "status": live["status"],
            "environment_account_id": live["environmentAccountId"],
            "requested_at": live["requestedAt"].isoformat(),
            "last_modified_at": live["lastModifiedAt"].isoformat(),
        }


class NoopResource(Resource, module="bench", name="Noop"):
    """The `noop` kind: a resource of `NoopProvider` with the inputs it is given."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(NoopProvider(), name, props, opts)


class ApiFloorResource(Resource, module="bench", name="ApiFloor"):
    """The `api` kind: a resource of `ApiFloorProvider` with the inputs it is given."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(ApiFloorProvider(), name, props, opts)


class ShapedNoopResource(Resource, module="bench", name="ShapedNoop"):
    """A no-op resource with a connection's shape: the same declared properties (the unset
    inputs, a client-token seed, the outputs), so that Pulumi passes around what it passes for
    a connection. Against the no-op floor, it shows what that shape costs Pulumi itself."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(ShapedNoopProvider(), name, shaped(name, props), opts)


class ShapedApiFloorResource(Resource, module="bench", name="ShapedApiFloor"):
    """The API floor with a connection's shape (see ShapedNoopResource): against the API floor,
    what that shape costs Pulumi in up, refresh and destroy."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(ShapedApiFloorProvider(), name, shaped(name, props), opts)


def shaped(name: str, props: dict[str, Any]) -> dict[str, Any]:
    """`props` declared as a connection declares them: with its unset inputs, a client-token
    seed and its outputs (unknown until created)."""
    return {
        **props,
        **dict.fromkeys(SHAPED_UNSET),
        "client_token_seed": uuid.uuid5(uuid.NAMESPACE_URL, name).hex,
        **dict.fromkeys(SHAPED_OUTPUTS),
    }
