"""Concurrency: 24 connection creates with 1 s of emulated latency per Proton call, `pulumi up
--parallel 24`, through the plugin and through the dynamic resources in the same run. The
plugin serves every create at once (its own thread pool); Pulumi's dynamic-provider host
runs at most 4 provider calls at a time, so the plugin's up must take at most half as long."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from pulumi import automation as auto

from provider import EnvironmentAccountConnection
from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator, StackFactory
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import BASE, connection

pytestmark = pytest.mark.e2e

COUNT = 24
LATENCY_MS = 1000


@dataclass
class Times:
    update: float
    """From the engine's prelude event to its summary event: the update itself."""
    total: float
    """The whole `pulumi up` command, CLI start and exit included."""


def timed_up(stack: auto.Stack) -> tuple[auto.UpResult, Times]:
    marks: dict[str, float] = {}

    def on_event(event: auto.events.EngineEvent) -> None:
        if event.prelude_event is not None:
            marks["prelude"] = time.monotonic()
        if event.summary_event is not None:
            marks["summary"] = time.monotonic()

    started = time.monotonic()
    result = stack.up(parallel=COUNT, on_event=on_event)
    total = time.monotonic() - started
    return result, Times(marks["summary"] - marks["prelude"], total)


def plugin_program() -> None:
    for i in range(COUNT):
        connection(f"conn-{i}", {**BASE, "environmentName": f"plugin-{i}"})


def dynamic_program() -> None:
    for i in range(COUNT):
        EnvironmentAccountConnection(
            f"conn-{i}",
            environment_name=f"dynamic-{i}",
            management_account_id=MANAGEMENT_ACCOUNT,
            role_arn=ROLE,
        )


def test_plugin_creates_in_parallel_at_least_twice_as_fast_as_the_dynamic_resources(
    plugin_stack: PluginStacks, make_stack: StackFactory, emulator: Emulator
):
    plugin = plugin_stack(plugin_program, name="plugin")
    dynamic = make_stack(dynamic_program, name="dynamic")
    emulator.control.faults(latency_ms=LATENCY_MS)

    by_plugin, plugin_times = timed_up(plugin.stack)
    by_dynamic, dynamic_times = timed_up(dynamic)

    plugin_seconds, dynamic_seconds = plugin_times.update, dynamic_times.update
    print(
        f"\n{COUNT} creates, {LATENCY_MS} ms per Proton call, --parallel {COUNT}: "
        f"update (engine's prelude to summary) plugin {plugin_seconds:.1f} s, dynamic "
        f"resources {dynamic_seconds:.1f} s ({dynamic_seconds / plugin_seconds:.1f}x); "
        f"whole `pulumi up` plugin {plugin_times.total:.1f} s, dynamic resources "
        f"{dynamic_times.total:.1f} s ({dynamic_times.total / plugin_times.total:.1f}x)"
    )
    assert by_plugin.summary.resource_changes == {"create": COUNT + 1}
    assert by_dynamic.summary.resource_changes == {"create": COUNT + 1}
    names = sorted(c["environmentName"] for c in emulator.connections())
    assert names == sorted(
        [f"plugin-{i}" for i in range(COUNT)] + [f"dynamic-{i}" for i in range(COUNT)]
    )
    assert emulator.proton_calls()["CreateEnvironmentAccountConnection"] == 2 * COUNT
    # Every create waits LATENCY_MS: one wave for the plugin, COUNT / 4 for the dynamic host.
    # (The whole command adds the same ~1.5 s of CLI start and exit to both.)
    assert plugin_seconds * 2 <= dynamic_seconds
