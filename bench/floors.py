"""The dynamic form's floors: `pulumi.dynamic` providers that make only the Proton calls a
connection cannot avoid (one create; a get and a tag listing per read; one delete), through
one cached boto3 client, and nothing else (no validation, retry policy or settings).

- `ShapedFloor` (kind ``floor``): a connection's shape, the same declared inputs (the unset
  ones too), client-token seed and outputs as `EnvironmentAccountConnection`. It is the floor
  of every target: in a preview it makes no call at all, so there it is the shaped no-op.
- `PlainFloor` (kind ``plain``): four inputs and the ARN, context only; the difference between
  it and the shaped floor is what Pulumi charges for a connection's properties.

Both live in an importable module, like `provider`, so dill pickles them by reference and the
engine's ``python -m pulumi.dynamic`` host imports them: the same path as ours.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider

SHAPED_UNSET = ("codebuild_role_arn", "component_role_arn", "aws")
"""The inputs a connection declares that the benchmark's programs leave unset."""
SHAPED_OUTPUTS = ("arn", "status", "environment_account_id", "requested_at", "last_modified_at")
"""What a connection stores beside its inputs."""

_lock = threading.Lock()
_clients: list[Any] = []


def proton() -> Any:
    """The process's one Proton client, built on first use (boto3's defaults)."""
    with _lock:
        if not _clients:
            import boto3

            _clients.append(boto3.Session().client("proton"))
        return _clients[0]


class PlainFloorProvider(ResourceProvider):
    """The unavoidable calls, storing the inputs and the ARN."""

    serialize_as_secret_always = False  # as ours: the pickle holds no secret

    def create(self, props: dict[str, Any]) -> CreateResult:
        """One CreateEnvironmentAccountConnection of the inputs as given."""
        live = proton().create_environment_account_connection(
            environmentName=props["environment_name"],
            managementAccountId=props["management_account_id"],
            roleArn=props["role_arn"],
            tags=[{"key": k, "value": v} for k, v in props["tags"].items()],
        )["environmentAccountConnection"]
        return CreateResult(id_=live["id"], outs={**props, **self.outputs(live)})

    def outputs(self, live: dict[str, Any]) -> dict[str, Any]:
        """What is stored beside the inputs."""
        return {"arn": live["arn"]}

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """One GetEnvironmentAccountConnection and one ListTagsForResource, answers dropped."""
        live = proton().get_environment_account_connection(id=id_)["environmentAccountConnection"]
        proton().list_tags_for_resource(resourceArn=live["arn"])
        return ReadResult(id_=id_, outs=props)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """One DeleteEnvironmentAccountConnection."""
        proton().delete_environment_account_connection(id=id_)


class ShapedFloorProvider(PlainFloorProvider):
    """The same calls, storing a connection's outputs as the API answered them."""

    def outputs(self, live: dict[str, Any]) -> dict[str, Any]:
        """A connection's outputs (timestamps in ISO 8601, as ours)."""
        return {
            "arn": live["arn"],
            "status": live["status"],
            "environment_account_id": live["environmentAccountId"],
            "requested_at": live["requestedAt"].isoformat(),
            "last_modified_at": live["lastModifiedAt"].isoformat(),
        }


class PlainFloor(Resource, module="bench", name="PlainFloor"):
    """A resource of `PlainFloorProvider` with the inputs it is given."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(PlainFloorProvider(), name, props, opts)


class ShapedFloor(Resource, module="bench", name="ShapedFloor"):
    """A resource of `ShapedFloorProvider`, declared as a connection declares itself: its
    unset inputs, a client-token seed and its outputs (unknown until created)."""

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        shaped = {
            **props,
            **dict.fromkeys(SHAPED_UNSET),
            "client_token_seed": uuid.uuid5(uuid.NAMESPACE_URL, name).hex,
            **dict.fromkeys(SHAPED_OUTPUTS),
        }
        super().__init__(ShapedFloorProvider(), name, shaped, opts)
