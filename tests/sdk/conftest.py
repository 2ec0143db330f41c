"""Fixtures of the SDK tests: the end-to-end suite's emulator (tests/e2e/conftest.py), and the
environment in which an example program runs against it through the pinned engine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.e2e import conftest as e2e
from tests.e2e.conftest import Emulator
from tests.engine import program_env, require
from tests.sdk.support import PLUGIN

# The end-to-end suite's fixtures, found by pytest through this module.
emulator_server = e2e.emulator_server
emulator = e2e.emulator


@pytest.fixture(scope="session")
def plugin_dir() -> Path:
    """The directory of the virtualenv's `pulumi-resource-proton`, which the examples declare
    in their project (PROTON_PLUGIN_DIR), so the engine never looks for it on PATH."""
    directory = Path(sys.executable).parent
    if not os.access(directory / PLUGIN, os.X_OK):
        require(f"{PLUGIN} next to {sys.executable} (`make venv` installs it)")
    return directory


@pytest.fixture
def example_env(
    engine_bin: Path, emulator: Emulator, plugin_dir: Path, tmp_path: Path
) -> dict[str, str]:
    """The environment of an example program: the pinned engine first on PATH (then only the
    system's directories and those of node and go, so no virtualenv), a file backend and a
    PULUMI_HOME of the test's own, the plugin's directory, and the emulator's endpoint and
    environment-account credentials."""
    return {
        **program_env(engine_bin, emulator.env(), tmp_path),
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PROTON_PLUGIN_DIR": str(plugin_dir),
    }
