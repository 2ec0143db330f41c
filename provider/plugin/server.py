"""The plugin's gRPC server: the SDK's ProviderServicer over ProtonProvider, with errors
reported as one sentence.

The SDK's servicer appends a Python traceback to every error message, and gRPC then prefixes
``Unexpected <class 'Exception'>``; the interceptor here answers with the ProtonError's own
sentence instead (an unexpected error still gets one line, its traceback going to stderr,
which the engine keeps in its logs).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from provider.errors import ProtonError, redact
from provider.plugin.operations import ProtonProvider
from provider.plugin.package import VERSION


def message(error: BaseException) -> str:
    """The one sentence for `error`: the ProtonError it carries, else its type and text."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ProtonError):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    first_line = (str(error).splitlines() or [""])[0].rstrip(":")
    return redact(f"pulumi-resource-proton: unexpected {type(error).__name__}: {first_line}")


class _OneSentence(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    def __init__(self) -> None:
        # The wrapped handler of each method, built on its first call (gRPC asks the
        # interceptor at every call; the servicer's handlers do not change).
        self._handlers: dict[str, Any] = {}

    async def intercept_service(
        self,
        continuation: Callable[[Any], Awaitable[Any]],
        details: Any,
    ) -> Any:
        wrapped = self._handlers.get(details.method)
        if wrapped is None:
            wrapped = self._handlers[details.method] = self._wrap(await continuation(details))
        return wrapped

    @staticmethod
    def _wrap(handler: Any) -> Any:
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                return await inner(request, context)
            except (grpc.aio.AbortError, NotImplementedError):
                raise  # already a status (NotImplementedError: UNIMPLEMENTED, as gRPC sets it)
            except Exception as error:
                if not isinstance(error.__context__, ProtonError):
                    traceback.print_exc(file=sys.stderr)
                await context.abort(grpc.StatusCode.UNKNOWN, message(error))

        return grpc.unary_unary_rpc_method_handler(
            unary,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


async def serve(engine: str, args: list[str]) -> None:
    """Serves the provider on a loopback port, printed first on stdout as the engine expects."""
    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS, interceptors=[_OneSentence()])
    servicer = ProviderServicer(args, VERSION, ProtonProvider(), engine_address=engine)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    try:
        await server.wait_for_termination()
    finally:  # on SIGINT too, so grpc's server is not left to be stopped by __del__
        await server.stop(grace=None)


def main() -> None:
    """The ``pulumi-resource-proton`` executable: started by the engine with its address."""
    parser = argparse.ArgumentParser(description="Pulumi resource provider plugin: proton")
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _ = parser.parse_known_args()
    with contextlib.suppress(KeyboardInterrupt):  # the engine stops plugins with SIGINT
        asyncio.run(serve(known.engine, sys.argv[1:]))
