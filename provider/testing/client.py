"""`EmulatorControl`: a client of an emulator server's control endpoints (stdlib only)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

CONTROL_PREFIX = "/_emulator/"


class EmulatorControl:
    """Reads the call counts of the emulator server at `url`, injects faults, resets it."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, name: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{CONTROL_PREFIX}{name}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())

    def stats(self) -> dict[str, Any]:
        """`{"calls": {"<Operation>": count}, "most_in_flight": n}`: every Proton call attempt
        since the last reset, those answered with an injected fault included, and the most
        calls in their injected latency at once."""
        stats: dict[str, Any] = self._call("GET", "stats")
        return stats

    def calls(self) -> dict[str, int]:
        """`stats()["calls"]`."""
        calls: dict[str, int] = self.stats()["calls"]
        return calls

    def most_in_flight(self) -> int:
        """`stats()["most_in_flight"]`: how many calls a client really had in flight at once,
        as seen while they waited out the injected latency (0 without latency)."""
        most: int = self.stats()["most_in_flight"]
        return most

    def faults(
        self,
        throttle_rate: float = 0.0,
        error_rate: float = 0.0,
        latency_ms: float = 0.0,
        seed: int | None = None,
    ) -> None:
        """Injects faults into Proton calls from now on; all zero turns them off."""
        settings = {"throttle_rate": throttle_rate, "error_rate": error_rate}
        self._call("POST", "faults", {**settings, "latency_ms": latency_ms, "seed": seed})

    def reset(self) -> None:
        """Empties every service's state in every account, the call counts and the faults."""
        self._call("POST", "reset", {})
