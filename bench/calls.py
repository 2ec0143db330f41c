"""API calls per provider operation, read from the emulator's counters.

The provider's methods are called directly, in this process, against the emulator server,
in the order a resource's life calls them. Each operation's figure is the change in the
emulator's counters across that one call. The life is run twice: the first pays any one-off
call per process (for example an identity lookup cached afterwards), the second is steady state.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench.stacks import ROLE_2, Emulator, props

TARGETS = {
    "check": 0,
    "diff": 0,
    "create": 1,
    "read": 2,
    "update role": 1,
    "update tags": 1,
    "delete": 1,
}


def delta(before: dict[str, int], after: dict[str, int]) -> Counter[str]:
    """The calls made between two readings of the emulator's counts."""
    return Counter({op: n - before.get(op, 0) for op, n in after.items() if n != before.get(op, 0)})


def _life(emulator: Emulator, provider: Any, name: str) -> dict[str, Counter[str]]:
    measured: dict[str, Counter[str]] = {}

    def measure(operation: str, call: Callable[[], Any]) -> Any:
        before = emulator.calls()
        result = call()
        measured[operation] = delta(before, emulator.calls())
        return result

    news = {**props(0), "environment_name": name}
    inputs = measure("check", lambda: provider.check({}, news)).inputs
    created = measure("create", lambda: provider.create(inputs))
    id_, state = created.id, created.outs

    def update(operation: str, olds: dict[str, Any], changed: dict[str, Any]) -> dict[str, Any]:
        result = measure(operation, lambda: provider.update(id_, olds, changed))
        return {**olds, **changed, **(result.outs or {})}

    changed_role = {**inputs, "role_arn": ROLE_2}
    measure("diff", lambda: provider.diff(id_, state, changed_role))
    state = update("update role", state, changed_role)
    state = update("update tags", state, {**changed_role, "tags": {"team": "bench", "tier": "2"}})
    measure("read", lambda: provider.read(id_, state))
    measure("delete", lambda: provider.delete(id_, state))
    return measured


def per_operation(emulator: Emulator) -> dict[str, dict[str, Counter[str]]]:
    """Operation -> {"first": calls in a fresh process, "steady": calls afterwards}."""
    os.environ.update(emulator.env())  # as the engine gives the provider host
    from provider import EnvironmentAccountConnectionProvider

    provider = EnvironmentAccountConnectionProvider()
    first = _life(emulator, provider, "calls-first")
    steady = _life(emulator, provider, "calls-steady")
    return {op: {"first": first[op], "steady": steady[op]} for op in TARGETS}
