"""What the emulator's control endpoints act on: call counts and injected faults."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .exceptions import InternalServerException, ProtonError, ThrottlingException


@dataclass
class Faults:
    """Rates (0 to 1) of injected errors and a delay, applied to every Proton call."""

    throttle_rate: float = 0.0
    error_rate: float = 0.0
    latency_ms: float = 0.0
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in ("throttle_rate", "error_rate"):
            rate = getattr(self, name)
            if not isinstance(rate, int | float) or not 0 <= rate <= 1:
                raise ValueError(f"{name} must be a number from 0 to 1, got {rate!r}")
        if not isinstance(self.latency_ms, int | float) or self.latency_ms < 0:
            raise ValueError(f"latency_ms must be a number of milliseconds >= 0, got {self.latency_ms!r}")


@dataclass
class Control:
    """Counts every Proton call attempt and decides which ones fail."""

    calls: Counter[str] = field(default_factory=Counter)
    faults: Faults = field(default_factory=Faults)
    _random: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set_faults(self, faults: Faults) -> None:
        with self._lock:
            self.faults = faults
            self._random = random.Random(faults.seed)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.faults = Faults()

    def stats(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {"calls": dict(self.calls)}

    def record(self, operation: str) -> ProtonError | None:
        """Counts the call, waits the injected latency, and returns the fault to answer, if any."""
        with self._lock:
            self.calls[operation] += 1
            faults = self.faults
            draw = self._random.random()
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        if draw < faults.throttle_rate:
            return ThrottlingException(f"Rate exceeded (injected) for {operation}.")
        if draw < faults.throttle_rate + faults.error_rate:
            return InternalServerException(f"Internal failure (injected) for {operation}.")
        return None


CONTROL = Control()
