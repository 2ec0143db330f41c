"""The plugin form's floors: provider plugins that serve the very type token ours serves,
``proton:index:EnvironmentAccountConnection`` (camelCase inputs), with nothing of ours.

- ``noop``: Pulumi's own plugin machinery and nothing else. Check returns the inputs, Diff
  compares old state and new inputs plainly, Create returns a random id and the inputs, Read
  returns the state, Update the new inputs, Delete does nothing. No AWS, no botocore.
- ``api``: only the calls a connection cannot avoid (CreateEnvironmentAccountConnection;
  GetEnvironmentAccountConnection and ListTagsForResource for a read;
  UpdateEnvironmentAccountConnection / TagResource for an update;
  DeleteEnvironmentAccountConnection) through one botocore client built on first use, the
  calls of bench/floors.py's ``ApiFloorProvider``. No validation, no retry policy, no settings.

Both are ``pulumi.provider.experimental`` providers served as ours is (provider/plugin/server.py):
the SDK's ``ProviderServicer`` on a ``grpc.aio`` server with Pulumi's channel options, on a
loopback port printed on stdout, blocking calls in a thread pool of ours' size
(``POOL_SIZE``, as provider/plugin/operations.py), the same ``configure`` answer (secrets
accepted, no preview support). What ours adds beyond that, including its error-sentence
interceptor, is its own work and counts against it.

``wrapper(kind, directory)`` writes ``directory/pulumi-resource-proton`` for ``ours``, ``noop``
or ``api``; a project's ``plugins: providers: [{name: proton, path: directory}]`` then runs the
same program against any of them. ``python -m bench.plugin_floors KIND ENGINE [ARGS...]`` is
what that executable runs for a floor.

This module imports only the SDK at the top, as the floor process must not pay for anything
else (bench.host, provider and botocore are imported where used).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import sys
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as sdk
from pulumi.provider.experimental.property_value import PropertyValue

NAME = "proton"
VERSION = "0.1.0"
"""The version the floors report: ours' (provider/plugin/package.py)."""
TOKEN = f"{NAME}:index:EnvironmentAccountConnection"
PLUGIN = f"pulumi-resource-{NAME}"
POOL_SIZE = 32
"""Threads for blocking calls: ours' ``provider.plugin.operations.POOL_SIZE`` (bench/plugin.py
checks that they agree; not imported here, so that the floor loads nothing of ours)."""
KINDS = ("ours", "noop", "api", "shaped", "api-shaped")
"""What `wrapper` can run: our plugin, one of its two floors, or a diagnostic floor with ours'
shape (`shaped`, `api-shaped`)."""
OUTPUTS = ("arn",)
"""The only output the API floor adds to the inputs (as bench/floors.py's ApiFloorProvider)."""
SHAPED_OUTPUTS = {
    "arn": "arn:aws:proton:us-east-1:123456789012:environment-account-connection/{id}",
    "status": "PENDING",
    "environmentAccountId": "123456789012",
    "requestedAt": "2026-11-25T18:00:00.123456+00:00",
    "lastModifiedAt": "2026-11-25T18:00:00.123456+00:00",
}
"""What ours stores beside the inputs, in values of the same size (``{id}``: the resource's)."""
REPO = Path(__file__).resolve().parent.parent
_T = TypeVar("_T")


# Runs a module as ``python -m`` does, and at exit (the engine stops a plugin with SIGINT,
# which the plugins turn into a normal exit) appends the process's CPU seconds to a file.
# Standard library only, and the same for every kind, so that it adds alike to each.
_CPU_AT_EXIT = """
import atexit, resource, runpy, sys
def _record(log=sys.argv[1]):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(log, "a") as out:
        out.write(f"{usage.ru_utime + usage.ru_stime}\\n")
atexit.register(_record)
module, sys.argv = sys.argv[2], sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def wrapper(kind: str, directory: Path, cpu_log: Path | None = None) -> Path:
    """`directory`/pulumi-resource-proton running `kind` (one of `KINDS`): ``ours`` is the
    plugin itself (``python -m provider.plugin``, what the installed executable runs),
    ``noop`` and ``api`` the floors. All three are one ``exec`` of this interpreter with the
    checkout first on PYTHONPATH, so they start alike. With `cpu_log`, each plugin process
    appends its CPU seconds to that file as it exits (`plugin_cpu`). Returns `directory`, for
    a project's ``plugins: providers: [{name: proton, path: ...}]``."""
    if kind not in KINDS:
        raise ValueError(f"unknown plugin kind {kind!r}; one of {', '.join(KINDS)}")
    module = "provider.plugin" if kind == "ours" else f"bench.plugin_floors {kind}"
    run = f"-m {module}" if cpu_log is None else f"-c '{_CPU_AT_EXIT}' '{cpu_log}' {module}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PLUGIN
    path.write_text(
        "#!/bin/sh\n"
        f'PYTHONPATH="{REPO}${{PYTHONPATH:+:$PYTHONPATH}}"\n'
        "export PYTHONPATH\n"
        f'exec "{sys.executable}" -u {run} "$@"\n'
    )
    path.chmod(0o755)
    return directory


def plugin_cpu(cpu_log: Path) -> tuple[float, int]:
    """The CPU seconds the plugin processes recorded in `cpu_log` since the last call, and how
    many processes; empties the file."""
    if not cpu_log.exists():
        return 0.0, 0
    seconds = [float(line) for line in cpu_log.read_text().split()]
    cpu_log.write_text("")
    return sum(seconds, 0.0), len(seconds)


def instrumented_wrapper(directory: Path) -> Path:
    """Our plugin run through bench.host (counters of clients and AWS calls, peak memory):
    for untimed passes only, as bench.host imports botocore and dill before the plugin."""
    from bench import host

    return host.plugin_wrapper(directory)


def schema() -> dict[str, Any]:
    """A minimal valid package schema with the connection's token and inputs, for GetSchema
    (the engine asks for it only for code generation, conversion and the like)."""
    string = {"type": "string"}
    tags = {"type": "object", "additionalProperties": string}
    inputs = {
        "environmentName": string,
        "managementAccountId": string,
        "roleArn": string,
        "codebuildRoleArn": string,
        "componentRoleArn": string,
        "environmentAccountId": string,
        "tags": tags,
    }
    return {
        "name": NAME,
        "version": VERSION,
        "resources": {
            TOKEN: {
                "properties": {**inputs, "arn": string},
                "inputProperties": inputs,
                "requiredInputs": ["environmentName", "managementAccountId"],
            }
        },
    }


class NoopPlugin(sdk.Provider):
    """The no-op floor: Pulumi's plugin machinery, no provider work, no AWS."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(POOL_SIZE, thread_name_prefix="floor")

    async def _run(self, fn: Callable[..., _T], *args: Any) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    async def get_schema(self, request: sdk.GetSchemaRequest) -> sdk.GetSchemaResponse:
        """The minimal schema of `schema`."""
        return sdk.GetSchemaResponse(json.dumps(schema()))

    async def configure(self, request: sdk.ConfigureRequest) -> sdk.ConfigureResponse:
        """Ours' answer: secrets accepted, no preview support (the engine previews)."""
        return sdk.ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def check(self, request: sdk.CheckRequest) -> sdk.CheckResponse:
        """The inputs as they came, no failures."""
        return sdk.CheckResponse(request.new_inputs, [])

    outputs: tuple[str, ...] = OUTPUTS
    """The outputs that diff leaves aside."""

    async def diff(self, request: sdk.DiffRequest) -> sdk.DiffResponse:
        """The inputs that differ from the old state (outputs left aside), compared plainly."""
        olds = {k: v for k, v in request.old_state.items() if k not in self.outputs}
        news = request.new_inputs
        changed = sorted(k for k in olds.keys() | news.keys() if olds.get(k) != news.get(k))
        return sdk.DiffResponse(changes=bool(changed), diffs=changed)

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """A random id; the inputs as outputs."""
        return sdk.CreateResponse(uuid.uuid4().hex, request.properties)

    async def read(self, request: sdk.ReadRequest) -> sdk.ReadResponse:
        """The state as it is."""
        return sdk.ReadResponse(request.resource_id, request.properties, request.inputs)

    async def update(self, request: sdk.UpdateRequest) -> sdk.UpdateResponse:
        """The new inputs as outputs."""
        return sdk.UpdateResponse(request.news)

    async def delete(self, request: sdk.DeleteRequest) -> None:
        """Nothing to delete."""


_lock = threading.Lock()
_clients: list[Any] = []


def _proton() -> Any:
    """The one Proton client of the process, built on first use (botocore's defaults: the
    environment's region, credentials and endpoint)."""
    with _lock:
        if not _clients:
            import botocore.session

            _clients.append(botocore.session.get_session().create_client("proton"))
        return _clients[0]


def _plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, dict):
        return {k: _plain(v) for k, v in inner.items()}
    return inner


def _tags(values: dict[str, PropertyValue]) -> dict[str, str]:
    tags = values.get("tags")
    return _plain(tags) if tags is not None and isinstance(tags.value, dict) else {}


class ApiPlugin(NoopPlugin):
    """The API-only floor: the unavoidable Proton calls through one cached client."""

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """CreateEnvironmentAccountConnection; the inputs and the arn as outputs."""
        props = request.properties

        def call() -> dict[str, Any]:
            live: dict[str, Any] = _proton().create_environment_account_connection(
                environmentName=_plain(props["environmentName"]),
                managementAccountId=_plain(props["managementAccountId"]),
                roleArn=_plain(props["roleArn"]),
                tags=[{"key": k, "value": v} for k, v in _tags(props).items()],
            )["environmentAccountConnection"]
            return live

        live = await self._run(call)
        return sdk.CreateResponse(live["id"], {**props, **self._created(live)})

    def _created(self, live: dict[str, Any]) -> dict[str, PropertyValue]:
        """What the floor stores beside the inputs: the ARN alone."""
        return {"arn": PropertyValue(live["arn"])}

    async def read(self, request: sdk.ReadRequest) -> sdk.ReadResponse:
        """GetEnvironmentAccountConnection and ListTagsForResource; the state as it is."""

        def call() -> None:
            live = _proton().get_environment_account_connection(id=request.resource_id)
            arn = live["environmentAccountConnection"]["arn"]
            _proton().list_tags_for_resource(resourceArn=arn)

        await self._run(call)
        return sdk.ReadResponse(request.resource_id, request.properties, request.inputs)

    async def update(self, request: sdk.UpdateRequest) -> sdk.UpdateResponse:
        """UpdateEnvironmentAccountConnection if the role changed, TagResource if the tags
        did (no untagging: the floor's programs only add tags)."""
        olds, news = request.olds, request.news

        def call() -> None:
            if olds.get("roleArn") != news.get("roleArn"):
                _proton().update_environment_account_connection(
                    id=request.resource_id, roleArn=_plain(news["roleArn"])
                )
            if _tags(olds) != _tags(news):
                _proton().tag_resource(
                    resourceArn=_plain(olds["arn"]),
                    tags=[{"key": k, "value": v} for k, v in _tags(news).items()],
                )

        await self._run(call)
        return sdk.UpdateResponse({**news, **{k: olds[k] for k in self.outputs if k in olds}})

    async def delete(self, request: sdk.DeleteRequest) -> None:
        """DeleteEnvironmentAccountConnection."""
        await self._run(
            lambda: _proton().delete_environment_account_connection(id=request.resource_id)
        )


class ShapedNoopPlugin(NoopPlugin):
    """Diagnostic, not a floor: the no-op plugin storing the outputs ours stores
    (`SHAPED_OUTPUTS`), so that the state, and what the engine and the program pass around
    for each resource, has ours' shape. Against it, what is left is our plugin's own work."""

    outputs = tuple(SHAPED_OUTPUTS)

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """A random id; the inputs and ours' outputs."""
        id_ = uuid.uuid4().hex
        outputs = {k: PropertyValue(v.format(id=id_)) for k, v in SHAPED_OUTPUTS.items()}
        return sdk.CreateResponse(id_, {**request.properties, **outputs})

    async def update(self, request: sdk.UpdateRequest) -> sdk.UpdateResponse:
        """The new inputs, and the outputs as they were."""
        kept = {k: v for k, v in request.olds.items() if k in SHAPED_OUTPUTS}
        return sdk.UpdateResponse({**request.news, **kept})


class ShapedApiPlugin(ApiPlugin):
    """Diagnostic, not a floor: the API-only plugin storing the outputs ours stores, as the
    API answered them. Against it, what is left of ours' up, refresh and destroy is our
    plugin's own work."""

    outputs = tuple(SHAPED_OUTPUTS)

    def _created(self, live: dict[str, Any]) -> dict[str, PropertyValue]:
        """Ours' outputs from the API's answer (timestamps in ISO 8601, as ours)."""
        values = {
            "arn": live["arn"],
            "status": live["status"],
            "environmentAccountId": live["environmentAccountId"],
            "requestedAt": live["requestedAt"].isoformat(),
            "lastModifiedAt": live["lastModifiedAt"].isoformat(),
        }
        return {key: PropertyValue(value) for key, value in values.items()}


FLOORS: dict[str, type[NoopPlugin]] = {
    "noop": NoopPlugin,
    "api": ApiPlugin,
    "shaped": ShapedNoopPlugin,
    "api-shaped": ShapedApiPlugin,
}
"""The floor plugins by kind."""


async def serve(provider: sdk.Provider, engine: str, args: list[str]) -> None:
    """Serves `provider` as provider/plugin/server.py serves ours (without its interceptor):
    a loopback port, printed first on stdout as the engine expects."""
    import grpc.aio
    from pulumi.provider.experimental.server import ProviderServicer
    from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
    from pulumi.runtime.proto import provider_pb2_grpc

    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
    servicer = ProviderServicer(args, VERSION, provider, engine_address=engine)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    try:
        await server.wait_for_termination()
    finally:
        await server.stop(grace=None)


def main(argv: list[str]) -> None:
    """``python -m bench.plugin_floors KIND ENGINE [ARGS...]``: the floor plugin `KIND`."""
    parser = argparse.ArgumentParser(prog="python -m bench.plugin_floors", description=__doc__)
    parser.add_argument("kind", choices=sorted(FLOORS))
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _ = parser.parse_known_args(argv)
    # The servicer reads its args as the engine passed them (ENGINE [flags...]).
    args = argv[argv.index(known.kind) + 1 :]
    with contextlib.suppress(KeyboardInterrupt):  # the engine stops plugins with SIGINT
        asyncio.run(serve(FLOORS[known.kind](), known.engine, args))


if __name__ == "__main__":
    main(sys.argv[1:])
