"""Accepting by discovery with the TypeScript SDK: examples/typescript/discovery.ts, run by
the Node.js Automation API through the plugin against the emulator, shows the four
behaviours."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.discovery.support import prove_discovery
from tests.e2e.conftest import Emulator
from tests.engine import tool
from tests.sdk.support import Example
from tests.sdk.test_sdk_typescript import compiled  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e


def test_the_typescript_discovery_example(
    compiled: Path,  # noqa: F811
    example_env: dict[str, str],
    emulator: Emulator,
    tmp_path: Path,
):
    env = {**example_env, "PROTON_EXAMPLE": "discovery"}
    example = Example([tool("node"), str(compiled)], tmp_path / "project", env)
    prove_discovery(example, emulator)
