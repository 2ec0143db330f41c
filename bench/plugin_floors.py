"""The plugin form's floors: providers that serve ours' type token,
``proton:index:EnvironmentAccountConnection`` (camelCase inputs), with nothing of ours but the
server they are served by (``provider.plugin.server.serve``, with the floor passed in).

- ``floor`` (`ShapedFloorPlugin`): the Proton calls a connection cannot avoid
  (CreateEnvironmentAccountConnection; Get and ListTagsForResource for a read; Delete),
  through one cached botocore client, storing the outputs ours stores. Check returns the
  inputs, Diff compares plainly. In a preview it makes no call: there it is the shaped no-op.
- ``plain`` (`PlainFloorPlugin`): the same, storing the ARN alone; context only.
- ``noop`` (`NoopFloorPlugin`): ours' shape and no call at all, the latency target's floor.

``python -m bench.plugin_floors KIND ENGINE [ARGS...]`` runs one, as the engine runs a plugin.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import sys
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as sdk
from pulumi.provider.experimental.property_value import PropertyValue

TOKEN = "proton:index:EnvironmentAccountConnection"
SHAPED_OUTPUTS = ("arn", "status", "environmentAccountId", "requestedAt", "lastModifiedAt")
"""What ours stores beside the inputs."""
_T = TypeVar("_T")
_lock = threading.Lock()
_clients: list[Any] = []


def proton() -> Any:
    """The process's one Proton client, built on first use (botocore's defaults)."""
    with _lock:
        if not _clients:
            import botocore.session

            _clients.append(botocore.session.get_session().create_client("proton"))
        return _clients[0]


def plain(value: PropertyValue | None) -> Any:
    """A property value as plain Python (objects as dicts)."""
    inner = None if value is None else value.value
    return {k: plain(v) for k, v in inner.items()} if isinstance(inner, Mapping) else inner


def tag_list(values: dict[str, PropertyValue]) -> list[dict[str, str]]:
    """The ``tags`` input as Proton's list of key/value pairs."""
    return [{"key": k, "value": v} for k, v in (plain(values.get("tags")) or {}).items()]


class PlainFloorPlugin(sdk.Provider):
    """The unavoidable calls, storing the inputs and the ARN."""

    outputs: tuple[str, ...] = ("arn",)
    """What is stored beside the inputs (and left aside by diff)."""

    def __init__(self) -> None:
        # Blocking calls in a pool of ours' size (provider.plugin.operations.POOL_SIZE).
        self.pool = ThreadPoolExecutor(32, thread_name_prefix="floor")

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """`fn(*args)` in the pool."""
        return await asyncio.get_running_loop().run_in_executor(
            self.pool, functools.partial(fn, *args)
        )

    async def configure(self, request: sdk.ConfigureRequest) -> sdk.ConfigureResponse:
        """Ours' answer: secrets accepted, no preview support."""
        return sdk.ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def check(self, request: sdk.CheckRequest) -> sdk.CheckResponse:
        """The inputs as they came."""
        return sdk.CheckResponse(request.new_inputs, [])

    async def diff(self, request: sdk.DiffRequest) -> sdk.DiffResponse:
        """The inputs that differ from the old state, compared plainly."""
        olds = {k: v for k, v in request.old_state.items() if k not in self.outputs}
        news = request.new_inputs
        changed = sorted(k for k in olds.keys() | news.keys() if olds.get(k) != news.get(k))
        return sdk.DiffResponse(changes=bool(changed), diffs=changed)

    def stored(self, live: dict[str, Any]) -> dict[str, PropertyValue]:
        """What is stored beside the inputs."""
        return {"arn": PropertyValue(live["arn"])}

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """CreateEnvironmentAccountConnection of the inputs as given."""
        props = request.properties
        live = await self.run(
            lambda: proton().create_environment_account_connection(
                environmentName=plain(props["environmentName"]),
                managementAccountId=plain(props["managementAccountId"]),
                roleArn=plain(props["roleArn"]),
                tags=tag_list(props),
            )["environmentAccountConnection"]
        )
        return sdk.CreateResponse(live["id"], {**props, **self.stored(live)})

    async def read(self, request: sdk.ReadRequest) -> sdk.ReadResponse:
        """GetEnvironmentAccountConnection and ListTagsForResource; the state as it is."""

        def call() -> None:
            live = proton().get_environment_account_connection(id=request.resource_id)
            arn = live["environmentAccountConnection"]["arn"]
            proton().list_tags_for_resource(resourceArn=arn)

        await self.run(call)
        return sdk.ReadResponse(request.resource_id, request.properties, request.inputs)

    async def update(self, request: sdk.UpdateRequest) -> sdk.UpdateResponse:
        """The new inputs, the outputs as they were (the benchmark's programs change nothing)."""
        kept = {k: v for k, v in request.olds.items() if k in self.outputs}
        return sdk.UpdateResponse({**request.news, **kept})

    async def delete(self, request: sdk.DeleteRequest) -> None:
        """DeleteEnvironmentAccountConnection."""
        await self.run(
            lambda: proton().delete_environment_account_connection(id=request.resource_id)
        )


class ShapedFloorPlugin(PlainFloorPlugin):
    """The same calls, storing ours' outputs as the API answered them."""

    outputs = SHAPED_OUTPUTS

    def stored(self, live: dict[str, Any]) -> dict[str, PropertyValue]:
        """Ours' outputs (timestamps in ISO 8601, as ours)."""
        values = {
            "arn": live["arn"],
            "status": live["status"],
            "environmentAccountId": live["environmentAccountId"],
            "requestedAt": live["requestedAt"].isoformat(),
            "lastModifiedAt": live["lastModifiedAt"].isoformat(),
        }
        return {key: PropertyValue(value) for key, value in values.items()}


class NoopFloorPlugin(ShapedFloorPlugin):
    """No call at all, ours' shape: the latency target's floor (the latency cannot touch it)."""

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """A random id, and outputs like the API's answer."""
        id_, now = uuid.uuid4().hex, datetime.datetime.now(datetime.UTC)
        arn = f"arn:aws:proton:us-east-1:123456789012:environment-account-connection/{id_}"
        live: dict[str, Any] = {"id": id_, "arn": arn, "status": "PENDING"}
        live.update(environmentAccountId="1" * 12, requestedAt=now, lastModifiedAt=now)
        return sdk.CreateResponse(id_, {**request.properties, **self.stored(live)})

    async def delete(self, request: sdk.DeleteRequest) -> None:
        """Nothing to delete."""


FLOORS: dict[str, type[PlainFloorPlugin]] = {
    "floor": ShapedFloorPlugin,
    "plain": PlainFloorPlugin,
    "noop": NoopFloorPlugin,
}


def main(argv: list[str]) -> None:
    """``python -m bench.plugin_floors KIND ENGINE [ARGS...]``: served as ours is served."""
    from provider.plugin import server

    kind, args = argv[0], argv[1:]
    server.run(server.serve(args[0], args, FLOORS[kind]()))


if __name__ == "__main__":
    main(sys.argv[1:])
