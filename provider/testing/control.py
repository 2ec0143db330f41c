"""What the emulator's control endpoints act on: call counts and injected faults.

One `CONTROL` per process, shared by `proton_mock()` and the server, because both route
Proton calls through the same moto backends.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from .exceptions import InternalServerException, ProtonServiceError, ThrottlingException


@dataclass(frozen=True)
class Faults:
    """Injected into every Proton call: rates (0 to 1) of throttling and of server errors, a
    delay, and the seed of the draws (None: a fresh random sequence). All zero: none."""

    throttle_rate: float = 0.0
    error_rate: float = 0.0
    latency_ms: float = 0.0
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in ("throttle_rate", "error_rate"):
            rate = getattr(self, name)
            if not _is_number(rate) or not 0 <= rate <= 1:
                raise ValueError(f"{name} must be a number from 0 to 1, got {rate!r}")
        if not _is_number(self.latency_ms) or self.latency_ms < 0:
            raise ValueError(
                f"latency_ms must be a number of milliseconds, 0 or more, got {self.latency_ms!r}"
            )
        if self.seed is not None and (
            not isinstance(self.seed, int) or isinstance(self.seed, bool)
        ):
            raise ValueError(f"seed must be an integer or null, got {self.seed!r}")

    @classmethod
    def from_json(cls, settings: Any) -> Faults:
        """From the body of `POST /_emulator/faults`; ValueError names what is wrong."""
        if settings is None:
            return cls()
        if not isinstance(settings, dict):
            raise ValueError(f"the body must be a JSON object, got {settings!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ValueError(
                f"unknown setting(s) {', '.join(unknown)}; "
                f"the settings are {', '.join(sorted(known))}"
            )
        return cls(**{k: v for k, v in settings.items() if v is not None or k == "seed"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class Control:
    """Counts every Proton call attempt, and the most waiting out the injected latency at
    once, and decides which ones fail."""

    calls: Counter[str] = field(default_factory=Counter)
    faults: Faults = field(default_factory=Faults)
    most_in_flight: int = 0
    """The most calls in their injected latency at the same time since the last reset: how
    many a client really had in flight (0 without latency)."""
    _in_flight: int = 0
    _random: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set_faults(self, faults: Faults) -> None:
        """Injects `faults` into the calls from now on, drawing afresh from their seed."""
        with self._lock:
            self.faults = faults
            self._random = random.Random(faults.seed)

    def reset(self) -> None:
        """No calls counted, no faults."""
        with self._lock:
            self.calls.clear()
            self.faults = Faults()
            self._random = random.Random()
            self.most_in_flight = 0

    def stats(self) -> dict[str, Any]:
        """`{"calls": {"<Operation>": count}, "most_in_flight": n}`: every attempt since the
        last reset, and the most at once in their injected latency."""
        with self._lock:
            return {"calls": dict(self.calls), "most_in_flight": self.most_in_flight}

    def record(self, operation: str) -> ProtonServiceError | None:
        """Counts the call, waits the injected latency, and returns the fault to answer with,
        if any. One draw per call: below throttle_rate throttles, below throttle_rate +
        error_rate fails."""
        with self._lock:
            self.calls[operation] += 1
            faults = self.faults
            draw = self._random.random()
        if faults.latency_ms:
            self._wait(faults.latency_ms / 1000)
        if draw < faults.throttle_rate:
            return ThrottlingException(f"Rate exceeded (injected fault) for {operation}.")
        if draw < faults.throttle_rate + faults.error_rate:
            return InternalServerException(
                f"Internal failure (injected fault) while handling {operation}."
            )
        return None

    def _wait(self, seconds: float) -> None:
        with self._lock:
            self._in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self._in_flight)
        try:
            time.sleep(seconds)
        finally:
            with self._lock:
                self._in_flight -= 1


CONTROL = Control()
