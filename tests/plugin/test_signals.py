"""The plugin stops when it is told to, whatever signal disposition it inherited.

The engine stops a plugin with SIGINT to its process group (then kills it 5 s later); a
language host that runs a plugin (RunPlugin) stops it with SIGTERM. A background job of a
non-interactive shell (and nohup, many CI runners) starts with SIGINT ignored, and Python then
never raises KeyboardInterrupt: the plugin must install handlers of its own. Each case starts
the real plugin executable, talks gRPC to it, signals it at one moment of its life, and fails
if it has not exited within 2 s, exited non-zero or printed a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PLUGIN
from tests.plugin.support import CONNECTION
from tests.signals import with_sigint

pytestmark = pytest.mark.e2e

STOP_WITHIN = 2.0
"""Seconds from the signal to the plugin's exit."""
CREATE_LATENCY_MS = 1000
"""How long the emulator holds the create that a signal interrupts."""
URN = f"urn:pulumi:signals::signals::{CONNECTION}::conn"
INPUTS = {"environmentName": "env", "managementAccountId": MANAGEMENT_ACCOUNT, "roleArn": ROLE}


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


@dataclass
class Plugin:
    """A running `pulumi-resource-proton` and a gRPC client of it."""

    process: subprocess.Popen[str]
    stub: Any
    channel: grpc.Channel

    def configure(self) -> Any:
        """Configure, not waited for."""
        request = provider_pb2.ConfigureRequest(args=_struct({}), acceptSecrets=True)
        return self.stub.Configure.future(request)

    def check(self) -> Any:
        """Check of a connection's inputs, not waited for."""
        request = provider_pb2.CheckRequest(urn=URN, type=CONNECTION, news=_struct(INPUTS))
        return self.stub.Check.future(request)

    def create(self) -> Any:
        """Create of a connection, not waited for."""
        request = provider_pb2.CreateRequest(urn=URN, type=CONNECTION, properties=_struct(INPUTS))
        return self.stub.Create.future(request)


@pytest.fixture
def start_plugin(plugin_dir: Path, emulator: Emulator) -> Iterator[Callable[[bool], Plugin]]:
    """Starts plugins (SIGINT ignored or default, as inherited) against the emulator."""
    started: list[Plugin] = []

    def start(sigint_ignored: bool) -> Plugin:
        inherited = signal.SIG_IGN if sigint_ignored else signal.SIG_DFL
        # The engine is called for no request, so its address need not answer.
        process = subprocess.Popen(
            with_sigint(inherited, [str(plugin_dir / PLUGIN), "127.0.0.1:1"]),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **emulator.env()},
        )
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        assert port.isdigit(), f"the plugin's first line is not a port: {port!r}"
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        plugin = Plugin(process, provider_pb2_grpc.ResourceProviderStub(channel), channel)
        started.append(plugin)
        return plugin

    yield start
    for plugin in started:
        plugin.channel.close()
        plugin.process.kill()
        plugin.process.communicate()


def _in_create(plugin: Plugin, emulator: Emulator) -> None:
    plugin.configure().result(timeout=10)
    emulator.control.faults(latency_ms=CREATE_LATENCY_MS)
    create = plugin.create()
    deadline = time.monotonic() + 30  # the plugin loads botocore for its first call
    while "CreateEnvironmentAccountConnection" not in emulator.proton_calls():
        assert not create.done(), f"the create ended before reaching the emulator: {create}"
        assert time.monotonic() < deadline, "the create never reached the emulator"
        time.sleep(0.02)


MOMENTS: dict[str, Callable[[Plugin, Emulator], object]] = {
    "after-port": lambda plugin, emulator: None,
    "idle": lambda plugin, emulator: time.sleep(0.3),
    "configure": lambda plugin, emulator: plugin.configure(),
    "check": lambda plugin, emulator: (plugin.configure().result(timeout=10), plugin.check()),
    "create": _in_create,
}
"""What happens between the port line and the signal."""
ROUNDS = 3
"""5 moments x 2 inherited dispositions x 2 signals x 3 rounds: 60 signals."""


@pytest.mark.parametrize("round_", range(ROUNDS), ids=lambda r: f"round{r}")
@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("sigint_ignored", [True, False], ids=["SIGINT-ignored", "default"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_plugin_stops_on_its_signal_at_any_moment(
    start_plugin: Callable[[bool], Plugin],
    emulator: Emulator,
    signum: signal.Signals,
    sigint_ignored: bool,
    moment: str,
    round_: int,
):
    plugin = start_plugin(sigint_ignored)
    MOMENTS[moment](plugin, emulator)

    plugin.process.send_signal(signum)
    try:
        _, stderr = plugin.process.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the plugin had not stopped {STOP_WITHIN} s after {signum.name} ({moment})")

    assert plugin.process.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    if moment == "create":
        _assert_create_recovers(start_plugin, emulator)


def _assert_create_recovers(start_plugin: Callable[[bool], Plugin], emulator: Emulator) -> None:
    """A create cut short either never reached Proton or is found again by its clientToken:
    the same create from a new plugin leaves exactly one connection, the one it returns."""
    time.sleep(CREATE_LATENCY_MS / 1000)  # the interrupted call completes in the emulator
    emulator.control.faults()
    plugin = start_plugin(False)
    plugin.configure().result(timeout=10)
    created = plugin.create().result(timeout=30)
    assert [c["id"] for c in emulator.connections()] == [created.id]


def test_a_background_job_really_starts_with_sigint_ignored():
    """The premise of the cases above: a child started as they start the plugin inherits
    SIGINT ignored, so the plugin's default Python handler would never run."""
    probe = subprocess.run(
        with_sigint(
            signal.SIG_IGN,
            [sys.executable, "-c", "import signal as s; print(s.getsignal(s.SIGINT) == s.SIG_IGN)"],
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "True"
