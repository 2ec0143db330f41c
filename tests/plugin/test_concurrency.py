"""Concurrency: 24 connection creates with 1 s of emulated latency per Proton call, `pulumi up
--parallel 24`, through the dynamic resources and through the plugin in the same run. Pulumi's
dynamic-provider host runs at most 4 provider calls at a time; the plugin serves as many as
the engine sends (its own thread pool). Asserted on the calls the emulator saw in flight at
once, not on times, which vary with the machine's load (bench/runner.py measures those)."""

from __future__ import annotations

import pytest

from bench.stacks import timed_up
from provider import EnvironmentAccountConnection
from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator, StackFactory
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import BASE, connection

pytestmark = pytest.mark.e2e

COUNT = 24
LATENCY_MS = 1000
DYNAMIC_HOST_THREADS = 4
"""`python -m pulumi.dynamic` serves gRPC with ThreadPoolExecutor(max_workers=4)."""


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


def test_the_plugin_makes_more_calls_at_once_than_the_dynamic_hosts_four_threads(
    plugin_stack: PluginStacks, make_stack: StackFactory, emulator: Emulator
):
    plugin = plugin_stack(plugin_program, name="plugin")
    dynamic = make_stack(dynamic_program, name="dynamic")
    emulator.control.faults(latency_ms=LATENCY_MS)

    by_dynamic, dynamic_times = timed_up(dynamic, COUNT)
    dynamic_most = emulator.control.most_in_flight()
    by_plugin, plugin_times = timed_up(plugin.stack, COUNT)
    plugin_most = emulator.control.most_in_flight()  # the most over both ups: the plugin's
    emulator.control.faults()

    print(
        f"\n{COUNT} creates, {LATENCY_MS} ms per Proton call, --parallel {COUNT}: most calls "
        f"in flight at once: dynamic resources {dynamic_most}, plugin {plugin_most}; update "
        f"(engine's prelude to summary) dynamic resources {dynamic_times.update:.1f} s, plugin "
        f"{plugin_times.update:.1f} s; whole `pulumi up` {dynamic_times.total:.1f} s and "
        f"{plugin_times.total:.1f} s"
    )
    assert by_plugin.summary.resource_changes == {"create": COUNT + 1}
    assert by_dynamic.summary.resource_changes == {"create": COUNT + 1}
    names = sorted(c["environmentName"] for c in emulator.connections())
    assert names == sorted(
        [f"plugin-{i}" for i in range(COUNT)] + [f"dynamic-{i}" for i in range(COUNT)]
    )
    assert emulator.proton_calls()["CreateEnvironmentAccountConnection"] == 2 * COUNT
    # 24 creates of 1 s each keep the dynamic host's four threads busy, and no more; the
    # plugin has as many in flight as the engine has sent.
    assert dynamic_most == DYNAMIC_HOST_THREADS
    assert plugin_most > DYNAMIC_HOST_THREADS
