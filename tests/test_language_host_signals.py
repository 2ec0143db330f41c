"""scripts/pulumi-language-python stops on SIGINT and SIGTERM, whatever it inherited.

A background job of a non-interactive shell (and nohup, many CI runners) starts with SIGINT
ignored; a Python started so never raises KeyboardInterrupt. The host installs its own
handlers before it prints its port, so each signal, at each moment after the port line, ends
it within two seconds, with exit status 0 and no traceback, and the children it runs (plugins,
programs) end with it. Each case starts the real host (and, for a running program, the real
engine), sends the signal, and fails on any hang.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import language_pb2, language_pb2_grpc

from tests.engine import PulumiProject
from tests.signals import with_sigint

HOST = Path(__file__).resolve().parents[1] / "scripts" / "pulumi-language-python"
PROJECT_VENV = Path(sys.prefix)

# The promise: gone within this many seconds of the signal.
STOP_WITHIN = 2.0

SIGNALS = [signal.SIGINT, signal.SIGTERM]
# How the host's SIGINT was set when it started: ignored (a background job) or the default.
INHERITED = {"sigint-ignored": signal.SIG_IGN, "sigint-default": signal.SIG_DFL}

# Starts a host and reads its port: the `hosts` fixture.
StartHost = Callable[[], "tuple[subprocess.Popen[str], int]"]

# A plugin that says its pid, then runs until it is stopped.
LONG_PLUGIN = "import os, time\nprint(os.getpid())\ntime.sleep(120)\n"

# A program that says its pid and its parent's (the host that runs it), and waits.
LONG_PROGRAM = """\
import os
import time

import pulumi

with open(os.environ["PID_FILE"] + ".tmp", "w") as out:
    out.write(f"{os.getpid()} {os.getppid()}")
os.rename(os.environ["PID_FILE"] + ".tmp", os.environ["PID_FILE"])
time.sleep(120)
pulumi.export("never", "reached")
"""


def start_python(inherited: signal.Handlers, *args: str) -> subprocess.Popen[str]:
    """`python ARGS` started with SIGINT as `inherited` sets it."""
    return subprocess.Popen(
        with_sigint(inherited, [sys.executable, *args]),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def python_starts_with_sigint_ignored(inherited: signal.Handlers) -> bool:
    """Whether a Python started as the host is finds SIGINT ignored, before it changes anything."""
    code = "import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"
    out, _ = start_python(inherited, "-c", code).communicate(timeout=30)
    return out.strip() == "True"


def assert_stops(host: subprocess.Popen[str], signum: signal.Signals) -> None:
    """Sends `signum`; the host must exit within STOP_WITHIN seconds, with 0, no traceback."""
    sent = time.monotonic()
    host.send_signal(signum)
    try:
        _, stderr = host.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        host.kill()
        host.communicate()
        pytest.fail(f"the host did not exit within {STOP_WITHIN}s of {signum.name}")
    took = time.monotonic() - sent
    assert host.returncode == 0, (host.returncode, stderr)
    assert "Traceback" not in stderr, stderr
    assert took < STOP_WITHIN


def exited(pid: int) -> bool:
    """Whether the process `pid` has exited (a zombie that its parent has yet to reap counts)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def assert_gone(pid: int, within: float = 1.0) -> None:
    """The process `pid` has exited within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if exited(pid):
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    pytest.fail(f"process {pid}, started by the host, outlived it")


@pytest.fixture(params=list(INHERITED), ids=list(INHERITED))
def inherited(request: pytest.FixtureRequest) -> signal.Handlers:
    handler: signal.Handlers = INHERITED[request.param]
    return handler


@pytest.fixture(params=SIGNALS, ids=[s.name for s in SIGNALS])
def signum(request: pytest.FixtureRequest) -> signal.Signals:
    chosen: signal.Signals = request.param
    return chosen


@pytest.fixture
def hosts(inherited: signal.Handlers) -> Iterator[StartHost]:
    """Starts hosts (the port read, SIGINT as inherited); kills any left at the end."""
    # The test is only worth something if the host really starts as a background job would.
    assert python_starts_with_sigint_ignored(inherited) == (inherited == signal.SIG_IGN)
    started: list[subprocess.Popen[str]] = []

    def start() -> tuple[subprocess.Popen[str], int]:
        host = start_python(inherited, str(HOST))
        started.append(host)
        assert host.stdout is not None
        port = host.stdout.readline().strip()
        assert port.isdigit(), port
        return host, int(port)

    yield start
    for host in started:
        if host.poll() is None:
            host.kill()
            host.communicate()


def test_stops_right_after_printing_its_port(hosts: StartHost, signum: signal.Signals):
    for _ in range(15):
        host, _ = hosts()
        assert_stops(host, signum)


def test_stops_when_idle(hosts: StartHost, signum: signal.Signals):
    for _ in range(2):
        host, _ = hosts()
        time.sleep(0.5)  # the server's threads have settled into waiting
        assert_stops(host, signum)


def test_stops_while_running_a_plugin_and_stops_the_plugin(
    hosts: StartHost, signum: signal.Signals, tmp_path: Path
):
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "__main__.py").write_text(LONG_PLUGIN)
    info = language_pb2.ProgramInfo(
        root_directory=str(plugin), program_directory=str(plugin), entry_point="."
    )
    for _ in range(3):
        host, port = hosts()
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = language_pb2_grpc.LanguageRuntimeStub(channel)
            request = language_pb2.RunPluginRequest(pwd=str(tmp_path), info=info)
            call = stub.RunPlugin(request, timeout=60)  # a failure, never a hang
            plugin_pid = int(next(iter(call)).stdout)
            assert_stops(host, signum)
            assert_gone(plugin_pid)
            call.cancel()  # its stream ended with the plugin's exit code, or with the host


def test_stops_while_the_engine_runs_a_program(
    engine_bin: Path, tmp_path: Path, inherited: signal.Handlers, signum: signal.Signals
):
    """The real engine has the host run a program (a child of the host); the signal reaches the
    host, which must end, and the program with it.

    `pulumi` itself starts with SIGINT as `inherited` says. The engine handles SIGINT (Go's
    signal.Notify), which un-ignores it, so what it starts (this host, plugins it starts
    directly) inherits the default; only the outcome is asserted here.
    """
    project = PulumiProject(tmp_path / "project", engine_bin, [PROJECT_VENV / "bin"])
    project.write("Pulumi.yaml", "name: waits\nruntime: python\n")
    project.write("__main__.py", LONG_PROGRAM)
    project.pulumi("stack", "select", "--create", "test")
    pid_file = tmp_path / "pid"

    up = subprocess.Popen(
        with_sigint(
            inherited,
            [str(engine_bin / "pulumi"), "--non-interactive", "up", "--yes", "--skip-preview"],
        ),
        cwd=project.directory,
        env={**project.env, "PID_FILE": str(pid_file)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(up.stdout or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not pid_file.exists():
            assert up.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "the program never started"
            time.sleep(0.1)
        program_pid, host_pid = map(int, pid_file.read_text().split())
        command = Path(f"/proc/{host_pid}/cmdline").read_bytes().split(b"\0")
        assert any(part.endswith(b"pulumi-language-python") for part in command), command

        os.kill(host_pid, signum)
        assert_gone(host_pid, within=STOP_WITHIN)
        assert_gone(program_pid, within=0.5)
        try:
            up.wait(timeout=30)  # the engine notices, and fails the update
        except subprocess.TimeoutExpired:
            pytest.fail("pulumi up did not end after its language host stopped")
    finally:
        up.kill()
        up.wait()
        reader.join(timeout=5)
    assert "Traceback" not in "".join(output), "".join(output)


# Starts the host as the engine would (stdout piped), says "HOST_PID PORT", then waits on it.
PARENT = """\
import subprocess, sys
host = subprocess.Popen([sys.executable, sys.argv[1], *sys.argv[2:]], stdout=subprocess.PIPE,
                        text=True)
print(host.pid, host.stdout.readline().strip(), flush=True)
host.wait()
"""


def test_stops_with_its_children_when_its_parent_dies_without_stopping_it(tmp_path: Path):
    """An engine killed with SIGKILL stops nothing: the host must not serve no one forever,
    nor leave the plugin it runs behind."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(HOST)], stdout=subprocess.PIPE, text=True
    )
    orphans: list[int] = []  # killed at the end if a failure left them running
    try:
        assert parent.stdout is not None
        host_pid, port = map(int, parent.stdout.readline().split())
        orphans.append(host_pid)
        plugin = tmp_path / "plugin"
        plugin.mkdir()
        (plugin / "__main__.py").write_text(LONG_PLUGIN)
        info = language_pb2.ProgramInfo(
            root_directory=str(plugin), program_directory=str(plugin), entry_point="."
        )
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = language_pb2_grpc.LanguageRuntimeStub(channel)
            request = language_pb2.RunPluginRequest(pwd=str(tmp_path), info=info)
            call = stub.RunPlugin(request, timeout=60)  # a failure, never a hang
            plugin_pid = int(next(iter(call)).stdout)
            orphans.append(plugin_pid)
            parent.kill()
            parent.wait()
            assert_gone(host_pid, within=STOP_WITHIN)
            assert_gone(plugin_pid, within=0.5)
            orphans.clear()  # both gone: their pids may be reused
            call.cancel()
    finally:
        parent.kill()
        parent.wait()
        for pid in orphans:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
