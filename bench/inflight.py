"""The emulator server (provider.testing) that also counts its Proton calls in flight.

`GET /_emulator/stats` answers the call counts and the most calls in their injected latency at
once (`most_in_flight`); this module serves the same emulator with one addition to that answer,
`in_flight`: the most Proton requests being served at once, the wall-clock span and summed
duration of all of them, and each one's start and end (Unix seconds), since the last reset,
which the latency benchmark needs for the mean in flight and the time at the bound. A request
is in flight from the moment the WSGI app receives it to the moment it has its answer (the
injected latency and moto's work both inside).

`CountingEmulator` starts it as bench.stacks.Emulator starts the plain one (a subprocess that
prints its URL, `env()`, `control`), through a tiny executable standing in for the Python
interpreter: EmulatorProcess runs `<python> -m provider.testing serve ARGS`, and the stand-in
runs `python -m bench.inflight serve ARGS` instead. Nothing of provider.testing is edited: the
counting wraps its WSGI app and its `CONTROL` object in the server process only.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stacks import REPO, Emulator


@dataclass
class InFlight:
    """The Proton requests since the last reset: how many at most at once, how many, the
    first start and the last end (Unix seconds), and the sum of their durations."""

    now: int = 0
    most: int = 0
    requests: int = 0
    first_start: float = 0.0
    last_end: float = 0.0
    busy_s: float = 0.0
    intervals: list[tuple[float, float]] = field(default_factory=list)
    """Every request's start and end."""

    def snapshot(self) -> dict[str, Any]:
        """What `GET /_emulator/stats` adds under `in_flight`."""
        span = self.last_end - self.first_start if self.requests else 0.0
        return {
            "most": self.most,
            "requests": self.requests,
            "first_start": self.first_start,
            "last_end": self.last_end,
            "span_s": span,
            "busy_s": self.busy_s,
            # The mean number in flight while any was: summed durations over the span.
            "mean_while_busy": self.busy_s / span if span else 0.0,
            "intervals": [[round(a, 4), round(b, 4)] for a, b in self.intervals],
        }


def install() -> None:
    """Wraps the emulator's WSGI app and its CONTROL (in this process) to count requests."""
    from provider.testing import server
    from provider.testing.control import CONTROL

    state = InFlight()
    lock = threading.Lock()
    app_call = server.EmulatorApp.__call__
    stats, reset = CONTROL.stats, CONTROL.reset

    def counted(self: Any, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith(server.PROTON_TARGET):
            return app_call(self, environ, start_response)
        start = time.time()
        with lock:
            state.now += 1
            state.most = max(state.most, state.now)
            if not state.requests:
                state.first_start = start
            state.requests += 1
        try:
            # moto answers with a list: the request is served once the app returns.
            return app_call(self, environ, start_response)
        finally:
            end = time.time()
            with lock:
                state.now -= 1
                state.last_end = max(state.last_end, end)
                state.busy_s += end - start
                state.intervals.append((start, end))

    def stats_with_in_flight() -> dict[str, Any]:
        with lock:
            return {**stats(), "in_flight": state.snapshot()}

    def reset_too() -> None:
        reset()
        with lock:
            fresh = InFlight(now=state.now)
            for name in vars(fresh):
                setattr(state, name, getattr(fresh, name))

    server.EmulatorApp.__call__ = counted  # type: ignore[method-assign]
    CONTROL.stats = stats_with_in_flight  # type: ignore[method-assign]
    CONTROL.reset = reset_too  # type: ignore[method-assign]


class CountingEmulator(Emulator):
    """bench.stacks.Emulator serving through this module; `in_flight()` reads the counts."""

    def __init__(self, directory: Path) -> None:
        stand_in = directory / "emulator-python"
        # Called as `<stand-in> -m provider.testing serve ARGS`: drop `-m provider.testing`.
        stand_in.write_text(f'#!/bin/sh\nshift 2\nexec "{sys.executable}" -m bench.inflight "$@"\n')
        stand_in.chmod(0o755)
        super().__init__(python=str(stand_in), cwd=str(REPO))

    def in_flight(self) -> dict[str, Any]:
        """The counts since the last `control.reset()` (see `InFlight.snapshot`)."""
        counts: dict[str, Any] = self.control.stats()["in_flight"]
        return counts


if __name__ == "__main__":
    install()
    from provider.testing.__main__ import main

    sys.exit(main(sys.argv[1:]))
