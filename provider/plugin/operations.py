"""The plugin's provider: each gRPC operation translated to the core and back.

Blocking boto3 calls run in a bounded thread pool, off the event loop, so the plugin serves
as many operations at once as the engine sends (``--parallel``), all sharing the one
process-wide client cache.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as sdk
from pulumi.runtime.proto import provider_pb2

from provider.core.common import Resource, Where
from provider.core.functions import Function
from provider.diff import PropertyChange
from provider.errors import PLUGIN, ProtonError
from provider.plugin import config
from provider.plugin.package import FUNCTION_TOKENS, TYPES, schema_json
from provider.plugin.values import from_table, plain, secret_names, sendable, to_table
from provider.properties import CAMEL, Behaviour, Property
from provider.settings import CONFIG_KEYS, Defaults

POOL_SIZE = 32
"""The most AWS calls in flight at once; the engine's --parallel bounds it further."""
_T = TypeVar("_T")
_KINDS = {
    ("add", False): sdk.PropertyDiffKind.ADD,
    ("add", True): sdk.PropertyDiffKind.ADD_REPLACE,
    ("update", False): sdk.PropertyDiffKind.UPDATE,
    ("update", True): sdk.PropertyDiffKind.UPDATE_REPLACE,
    ("delete", False): sdk.PropertyDiffKind.DELETE,
    ("delete", True): sdk.PropertyDiffKind.DELETE_REPLACE,
}


class ProtonProvider(sdk.Provider):
    """The ``proton`` package: EnvironmentAccountConnection and its Accepter.

    One instance per provider resource (the engine starts a plugin process for each); its
    ``proton:*`` configuration is the instance's own, never process-wide.
    """

    def __init__(self, pool: ThreadPoolExecutor | None = None) -> None:
        self._pool = pool or ThreadPoolExecutor(POOL_SIZE, thread_name_prefix="proton")
        self._where = Where(None, Defaults(namespace=config.NAMESPACE), PLUGIN)

    async def _run(self, fn: Callable[..., _T], *args: Any) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    async def get_schema(self, request: sdk.GetSchemaRequest) -> sdk.GetSchemaResponse:
        """The package schema generated from the property tables."""
        return sdk.GetSchemaResponse(schema_json())

    async def check_config(self, request: sdk.CheckRequest) -> sdk.CheckResponse:
        """Checks ``proton:*`` and marks the credentials secret, so that the state of an
        explicit provider never holds them in plain text."""
        values = {key: plain(value) for key, value in request.new_inputs.items()}
        inputs = {
            key: value.with_secret(True) if key in config.SECRETS else sendable(value)
            for key, value in request.new_inputs.items()
        }
        failures = [sdk.CheckFailure(f.property, f.reason) for f in config.check(values)]
        return sdk.CheckResponse(inputs, failures)

    async def diff_config(self, request: sdk.DiffRequest) -> sdk.DiffResponse:
        """Which keys changed; none replaces the provider (resources that would move to
        another region or account say so in their own diff)."""
        olds = {k: plain(v) for k, v in request.old_state.items() if k in CONFIG_KEYS}
        news = {k: plain(v) for k, v in request.new_inputs.items() if k in CONFIG_KEYS}
        changed = sorted(k for k in olds.keys() | news.keys() if olds.get(k) != news.get(k))
        # The SDK copies `changes` into the protocol's enum as it is, where True (1) means
        # DIFF_NONE: the engine would keep configuring the provider with its old config. So
        # the enum itself (tests/plugin/test_sdk_pitfalls.py pins this).
        some, none = provider_pb2.DiffResponse.DIFF_SOME, provider_pb2.DiffResponse.DIFF_NONE
        changes: Any = some if changed else none
        return sdk.DiffResponse(changes=changes, diffs=changed)

    async def configure(self, request: sdk.ConfigureRequest) -> sdk.ConfigureResponse:
        """Takes this instance's region and credentials from its ``proton:*`` config."""
        values = {key: plain(value) for key, value in request.args.items()}
        self._where = Where(None, config.defaults(values), PLUGIN)
        # Where the instance acts, found now and off the event loop (finding the default
        # region may load botocore), so that every diff then runs inline.
        await self._run(self._where.place)
        return sdk.ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def invoke(self, request: sdk.InvokeRequest) -> sdk.InvokeResponse:
        """A function: its arguments checked (bad ones named in camelCase, before any AWS
        call), then the read, with this instance's region and credentials."""
        fn = _function(request.tok)
        args = to_table(request.args, fn.arguments)
        failures = [sdk.CheckFailure(f.property, f.reason) for f in fn.check(args, CAMEL)]
        if failures:
            return sdk.InvokeResponse(failures=failures)
        result = await self._run(fn.invoke, args, self._where)
        return sdk.InvokeResponse(from_table(result, fn.results))

    async def check(self, request: sdk.CheckRequest) -> sdk.CheckResponse:
        """Every bad input, named in camelCase, before any AWS call."""
        resource = _resource(request.type)
        news = to_table(request.new_inputs, resource.table)
        checked = resource.check(news, CAMEL, self._where)
        failures = [sdk.CheckFailure(f.property, f.reason) for f in checked]
        inputs = {key: sendable(value) for key, value in request.new_inputs.items()}
        # What the core derives (tagsAll), as inputs too: a preview's diff then shows it.
        derived = resource.derived(news, self._where)
        inputs.update(from_table(derived, resource.table, secret_names(request.new_inputs)))
        return sdk.CheckResponse(inputs, failures)

    async def diff(self, request: sdk.DiffRequest) -> sdk.DiffResponse:
        """Every changed property with its kind; no AWS call."""
        resource = _resource(request.type)
        rows = resource.table.by_name
        olds = to_table(request.old_state, resource.table)
        news = to_table(request.new_inputs, resource.table)
        result = resource.diff(olds, news, self._where, CAMEL)
        detailed = {
            rows[name].pulumi_name: _property_diff(change, rows[name])
            for name, change in result.changes.items()
        }
        return sdk.DiffResponse(
            changes=result.changed,
            replaces=[rows[name].pulumi_name for name in result.replaces],
            delete_before_replace=result.delete_before_replace,
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: sdk.CreateRequest) -> sdk.CreateResponse:
        """Creates (the connection) or accepts (the accepter)."""
        resource = _resource(request.type)
        props = to_table(request.properties, resource.table)
        # The URN names project, stack, type and resource: the part of a connection's
        # clientToken that tells it apart, so a create repeated after a crash finds it. (The
        # accepter needs none: accepting twice is accepting once.)
        props["client_token_seed"] = hashlib.sha256(request.urn.encode()).hexdigest()[:32]
        created = await self._run(resource.create, props, self._where)
        secrets = secret_names(request.properties)
        outputs = from_table(created.outputs, resource.table, secrets)
        return sdk.CreateResponse(created.id, outputs)

    async def read(self, request: sdk.ReadRequest) -> sdk.ReadResponse:
        """The live resource (refresh, import, get); no id when it no longer exists."""
        resource = _resource(request.type)
        props = to_table(request.properties, resource.table)
        found = await self._run(resource.read, request.resource_id, props, self._where)
        if found is None and not request.properties:
            # An import or get: nothing to drop from the stack, and nothing to adopt.
            raise ProtonError(
                f"Cannot read {resource.name} {request.resource_id!r}: no such connection in "
                "this account and region; check the id and the provider's region and "
                "credentials."
            )
        if found is None:
            return sdk.ReadResponse()
        secrets = secret_names(request.properties) | secret_names(request.inputs)
        return sdk.ReadResponse(
            found.id,
            from_table(found.outputs, resource.table, secrets),
            from_table(found.inputs, resource.table, secrets),
        )

    async def update(self, request: sdk.UpdateRequest) -> sdk.UpdateResponse:
        """Only the calls the change needs."""
        resource = _resource(request.type)
        olds = to_table(request.olds, resource.table)
        news = to_table(request.news, resource.table)
        outs = await self._run(resource.update, request.resource_id, olds, news, self._where)
        return sdk.UpdateResponse(from_table(outs, resource.table, secret_names(request.news)))

    async def delete(self, request: sdk.DeleteRequest) -> None:
        """Deletes the connection; the accepter leaves it, or rejects it."""
        resource = _resource(request.type)
        props = to_table(request.properties, resource.table)
        await self._run(resource.delete, request.resource_id, props, self._where)


def _resource(token: str) -> Resource:
    resource = TYPES.get(token)
    if resource is None:
        raise ProtonError(
            f"The proton provider has no resource type {token!r}; it has "
            f"{', '.join(sorted(TYPES))}."
        )
    return resource


def _function(token: str) -> Function:
    fn = FUNCTION_TOKENS.get(token)
    if fn is None:
        raise ProtonError(
            f"The proton provider has no function {token!r}; it has "
            f"{', '.join(sorted(FUNCTION_TOKENS))}."
        )
    return fn


def _property_diff(change: PropertyChange, prop: Property) -> sdk.PropertyDiff:
    kind = _KINDS[(change.kind, change.replaces)]
    # A derived output (tagsAll) is among the checked inputs too: its diff is of inputs.
    return sdk.PropertyDiff(kind, input_diff=prop.behaviour is not Behaviour.OUTPUT or prop.derived)
