"""The emulator as an HTTP server: moto's server for every service, plus control endpoints."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

from .control import CONTROL, Faults
from .registration import register

CONTROL_PREFIX = "/_emulator/"
StartResponse = Callable[..., Any]


class EmulatorApp:
    """WSGI: /_emulator/stats, /_emulator/faults and /_emulator/reset; the rest goes to moto."""

    def __init__(self) -> None:
        register()
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(CONTROL_PREFIX):
            return self.moto(environ, start_response)  # type: ignore[no-any-return]
        status, body = self._control(environ["REQUEST_METHOD"], path[len(CONTROL_PREFIX) :], environ)
        payload = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    def _control(self, method: str, name: str, environ: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if (method, name) == ("GET", "stats"):
            return "200 OK", CONTROL.stats()
        if (method, name) == ("POST", "reset"):
            moto_api_backend.reset()
            CONTROL.reset()
            return "200 OK", {"reset": True}
        if (method, name) == ("POST", "faults"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                settings = json.loads(environ["wsgi.input"].read(length) or b"{}")
                faults = Faults(**settings)
            except (ValueError, TypeError) as error:
                return "400 Bad Request", {"error": str(error)}
            CONTROL.set_faults(faults)
            return "200 OK", {"faults": settings}
        return "404 Not Found", {
            "error": f"{method} {CONTROL_PREFIX}{name} is not a control endpoint; there are "
            f"GET {CONTROL_PREFIX}stats, POST {CONTROL_PREFIX}faults and POST {CONTROL_PREFIX}reset"
        }


class EmulatorServer:
    """The emulator on a loopback port, served from a thread; also a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server: BaseWSGIServer = make_server(
            host, port, EmulatorApp(), threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class EmulatorControl:
    """A client of the control endpoints of an emulator server at `url`."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def _call(self, method: str, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{CONTROL_PREFIX}{name}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read())
            return result

    def stats(self) -> dict[str, dict[str, int]]:
        """`{"calls": {"<Operation>": count}}`: every Proton call attempt since the last reset."""
        return self._call("GET", "stats")  # type: ignore[return-value]

    def faults(
        self,
        throttle_rate: float = 0.0,
        error_rate: float = 0.0,
        latency_ms: float = 0.0,
        seed: int | None = None,
    ) -> None:
        """Injects faults into Proton calls from now on; all zero turns them off."""
        self._call(
            "POST",
            "faults",
            {"throttle_rate": throttle_rate, "error_rate": error_rate, "latency_ms": latency_ms, "seed": seed},
        )

    def reset(self) -> None:
        """Empties every service's state in every account, the call counts and the faults."""
        self._call("POST", "reset", {})
