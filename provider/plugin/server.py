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
import os
import signal
import sys
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NoReturn

import grpc
import grpc.aio
from pulumi.provider.experimental import provider as sdk
from pulumi.provider.experimental.server import ProviderServicer
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


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""What ends the plugin: the engine's SIGINT (to the plugin's process group), and the
SIGTERM of a language host that runs it (RunPlugin) or of a service manager."""

_MESSAGE_SIZE = 400 * 1024 * 1024
"""The largest gRPC message, as the engine and Pulumi's own providers allow (a schema or a
state can be large)."""


def _exit_now() -> NoReturn:
    """Ends the process at once, with status 0: what a stop signal does.

    Nothing is waited for, and nothing is cancelled (a cancelled call would print gRPC's
    traceback): a call that was waiting on AWS in a worker thread ends with the process. The
    engine asked the plugin to stop, and kills it 5 s later anyway. A create cut short this way
    either reached Proton, and the next ``up`` finds it by its clientToken, or it did not.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


async def serve(engine: str, args: list[str], provider: sdk.Provider | None = None) -> None:
    """Serves `provider` (by default ProtonProvider) on a loopback port, printed first on
    stdout as the engine expects, until SIGINT or SIGTERM ends the process.

    Both signals get handlers of the plugin's own before the port is printed, whatever the
    plugin inherited: a background job of a non-interactive shell (and nohup, many CI
    runners) starts with SIGINT ignored, and Python then never raises KeyboardInterrupt.
    """
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, _exit_now)
    options = [
        ("grpc.max_receive_message_length", _MESSAGE_SIZE),
        ("grpc.max_send_message_length", _MESSAGE_SIZE),
    ]
    server = grpc.aio.server(options=options, interceptors=[_OneSentence()])
    servicer = ProviderServicer(args, VERSION, provider or ProtonProvider(), engine_address=engine)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    await server.wait_for_termination()


def run(serving: Coroutine[Any, Any, None]) -> NoReturn:
    """Runs `serving` (a `serve`) until a stop signal ends the process, or it returns."""
    asyncio.run(serving)
    _exit_now()


def main() -> None:
    """The ``pulumi-resource-proton`` executable: started by the engine with its address."""
    parser = argparse.ArgumentParser(description="Pulumi resource provider plugin: proton")
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _ = parser.parse_known_args()
    run(serve(known.engine, sys.argv[1:]))
