"""End-to-end fixtures for the provider plugin `pulumi-resource-proton`.

The engine, the emulator and its control are the end-to-end suite's own (tests/e2e/conftest.py).
Each stack here is a project whose Pulumi.yaml declares the plugin (`plugins: providers:`,
the directory of the virtualenv's `pulumi-resource-proton`), as a user's project would, so
the engine runs exactly that executable and never falls back to one found on $PATH.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from pulumi import automation as auto

from tests.e2e import conftest as e2e
from tests.e2e.conftest import Emulator
from tests.engine import require
from tests.plugin.support import PROJECT, PluginStack, project_file

# The end-to-end suite's fixtures, found by pytest through this module.
emulator_server = e2e.emulator_server
emulator = e2e.emulator
pulumi_cli = e2e.pulumi_cli
make_stack = e2e.make_stack
proton_client = e2e.proton_client

PLUGIN = "pulumi-resource-proton"
PASSPHRASE = "plugin-e2e"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Collects garbage as soon as a test's body ends, before pytest reports on it.

    An inline program whose update failed leaves Pulumi's `run_in_stack` coroutine behind;
    when the garbage collector finalizes it, Python prints "Exception ignored in ..." with a
    traceback, and Python 3.11's traceback printer calls ast.parse. If that collection falls
    inside pytest's own ast.parse (the source of a failure's report, an xfail's included),
    CPython 3.11.7's AST state is re-entered and pytest ends with an INTERNALERROR,
    "AST constructor recursion depth mismatch" (python/cpython#106905). Collected here, at a
    quiet point, the finalizers run outside any parse."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def plugin_dir() -> Path:
    """The directory holding the virtualenv's `pulumi-resource-proton` (the console script
    that `pip install` made next to this interpreter)."""
    directory = Path(sys.executable).parent
    if not os.access(directory / PLUGIN, os.X_OK):
        require(f"{PLUGIN} next to {sys.executable} (`make venv` installs it)")
    return directory


def write_project(work_dir: Path, state: Path, plugin_dir: Path) -> None:
    """Pulumi.yaml of a project that declares the plugin (the Automation API's ProjectSettings
    of pulumi 3.260 has no `plugins`, so the file is written here and the workspace reads it)."""
    work_dir.mkdir()
    state.mkdir()
    (work_dir / "Pulumi.yaml").write_text(project_file(PROJECT, plugin_dir, f"file://{state}"))


class PluginStacks:
    """Creates stacks of inline programs in projects that declare the plugin."""

    def __init__(
        self, pulumi_cli: str, emulator: Emulator, tmp_path: Path, plugin_dir: Path
    ) -> None:
        self.pulumi_cli = pulumi_cli
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.plugin_dir = plugin_dir

    def __call__(
        self,
        program: auto.PulumiFn,
        name: str = "plugin",
        config: dict[str, str] | None = None,
        secrets: dict[str, str] | None = None,
        env: dict[str, str] | None = None,
        without_env: Iterable[str] = (),
    ) -> PluginStack:
        """A stack of `program`; `config` and `secrets` become its configuration (plain and
        secret), `env` its environment over the emulator's; `without_env` names variables
        left out of both (the caller also removes them from os.environ, which the Automation
        API passes on)."""
        work_dir = self.tmp_path / name
        write_project(work_dir, self.tmp_path / f"{name}-state", self.plugin_dir)
        env_vars = {
            **self.emulator.env(),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            **(env or {}),
        }
        for key in without_env:
            env_vars.pop(key, None)
        stack = auto.create_stack(
            name,
            project_name=PROJECT,
            program=program,
            opts=auto.LocalWorkspaceOptions(work_dir=str(work_dir), env_vars=env_vars),
        )
        for key, value in (config or {}).items():
            stack.set_config(key, auto.ConfigValue(value))
        for key, value in (secrets or {}).items():
            stack.set_config(key, auto.ConfigValue(value, secret=True))
        return PluginStack(stack, work_dir, self.pulumi_cli, env_vars)


@pytest.fixture
def plugin_stack(
    pulumi_cli: str, emulator: Emulator, tmp_path: Path, plugin_dir: Path
) -> PluginStacks:
    return PluginStacks(pulumi_cli, emulator, tmp_path, plugin_dir)
