"""The emulator as an HTTP server: moto's own server app for every service, behind a small WSGI
dispatcher that answers the control endpoints."""

from __future__ import annotations

import json
import threading
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

from .client import CONTROL_PREFIX
from .control import CONTROL, Faults
from .models import LOCK
from .registration import SERVICE, register
from .validation import PROTON

StartResponse = Callable[..., Any]
PROTON_TARGET = f"{PROTON.metadata['targetPrefix']}."


def reset() -> None:
    """Empties every moto service in every account and region, the counts and the faults."""
    with LOCK:
        moto_api_backend.reset()
        CONTROL.reset()


class EmulatorApp:
    """WSGI: GET /_emulator/stats, POST /_emulator/faults, POST /_emulator/reset; the rest is
    moto's."""

    def __init__(self) -> None:
        register()
        self.moto = DomainDispatcherApplication(create_backend_app)
        # The app moto's dispatcher would pick for Proton, used directly: the dispatcher lists
        # moto's package directory twice per request, which is half of a Proton call's cost.
        self.proton = create_backend_app(SERVICE)  # type: ignore[arg-type]  # not in moto's list

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answers a control endpoint itself, a Proton call (by its X-Amz-Target) with the Proton
        app, and anything else with moto's dispatcher."""
        path: str = environ.get("PATH_INFO", "")
        if not path.startswith(CONTROL_PREFIX):
            is_proton = environ.get("HTTP_X_AMZ_TARGET", "").startswith(PROTON_TARGET)
            app = self.proton if is_proton else self.moto
            answer: Iterable[bytes] = app(environ, start_response)
            return answer
        name = path[len(CONTROL_PREFIX) :]
        status, body = self._control(environ["REQUEST_METHOD"], name, environ)
        payload = json.dumps(body).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        start_response(status, headers)
        return [payload]

    @staticmethod
    def _control(method: str, name: str, environ: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if (method, name) == ("GET", "stats"):
            return "200 OK", CONTROL.stats()
        if (method, name) == ("POST", "reset"):
            reset()
            return "200 OK", {"reset": True}
        if (method, name) == ("POST", "faults"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                faults = Faults.from_json(json.loads(environ["wsgi.input"].read(length) or "null"))
            except ValueError as error:
                return "400 Bad Request", {"error": f"POST {CONTROL_PREFIX}faults: {error}"}
            CONTROL.set_faults(faults)
            return "200 OK", {"faults": vars(faults)}
        return "404 Not Found", {
            "error": f"{method} {CONTROL_PREFIX}{name} is not a control endpoint; they are "
            f"GET {CONTROL_PREFIX}stats, POST {CONTROL_PREFIX}faults and "
            f"POST {CONTROL_PREFIX}reset."
        }


class _QuietRequestHandler(MotoRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class EmulatorServer:
    """The emulator on `host`:`port` (0: a free port), threaded so that concurrent clients
    work. `start()` serves from a daemon thread and returns the base URL; `stop()` ends it;
    also a context manager. It shares this process's moto state with `proton_mock()`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, log_requests: bool = False) -> None:
        handler = MotoRequestHandler if log_requests else _QuietRequestHandler
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, EmulatorApp(), threaded=True, request_handler=handler
            )
        except SystemExit:  # werkzeug's answer to a failed bind, after printing why
            raise OSError(f"the Proton emulator cannot listen on {host}:{port}") from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, ``http://HOST:PORT`` with the bound port (an IPv6 host in brackets)."""
        host = f"[{self._server.host}]" if ":" in self._server.host else self._server.host
        return f"http://{host}:{self._server.port}"

    def start(self) -> str:
        """Serves from a daemon thread; returns the base URL."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="proton-emulator", daemon=True
        )
        self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        """Serves in this thread until `stop()` or KeyboardInterrupt; closes the socket."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stops serving, closes the socket and waits for the serving thread, if any."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
