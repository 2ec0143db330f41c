"""The TypeScript SDK (sdk/nodejs, npm package `proton-connections`), proven by its example
(examples/typescript): installed by `npm ci` from the lock file (which compiles the SDK),
compiled with `tsc`, and run through the Node.js Automation API (an inline program, so no
Node.js language host) against the emulator: handshake, update in place, refresh, destroy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.engine import require, tool
from tests.sdk.support import EXAMPLES, SDK, Example, prove_handshake, run

pytestmark = pytest.mark.e2e
EXAMPLE = EXAMPLES / "typescript"
INSTALLED = EXAMPLE / "node_modules" / "proton-connections"


@pytest.fixture(scope="module")
def compiled() -> Path:
    """The example compiled with its own `tsc` (bin/automation.js)."""
    node = tool("node")
    if not (INSTALLED / "bin" / "index.js").exists():
        require("the TypeScript example's npm packages (`make sdk-deps` runs `npm ci`)")
    run([node, "node_modules/typescript/bin/tsc"], EXAMPLE)
    return EXAMPLE / "bin" / "automation.js"


def test_the_installed_sdk_is_the_generated_one():
    # npm installed a copy of sdk/nodejs (install-links): it must not be an older one.
    sources = sorted(
        p.relative_to(SDK / "nodejs")
        for p in (SDK / "nodejs").rglob("*")
        if p.is_file() and not {"node_modules", "bin"} & set(p.relative_to(SDK / "nodejs").parts)
    )
    if not INSTALLED.exists():
        require("the TypeScript example's npm packages (`make sdk-deps` runs `npm ci`)")
    stale = [
        str(name)
        for name in sources
        if name.suffix in (".ts", ".json", ".js")
        and (INSTALLED / name).read_bytes() != (SDK / "nodejs" / name).read_bytes()
    ]
    assert not stale, f"node_modules has an older SDK ({stale}); run `make sdk-deps`"


def test_the_typescript_example(
    compiled: Path, example_env: dict[str, str], emulator: Emulator, tmp_path: Path
):
    example = Example([tool("node"), str(compiled)], tmp_path / "project", example_env)
    prove_handshake(example, emulator)
