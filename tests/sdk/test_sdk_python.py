"""The Python SDK (sdk/python, package `proton_connections`), installed with pip into this
virtualenv, and proven by its example (examples/python) run through the Automation API against
the emulator: handshake, update in place, refresh, destroy."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.engine import require
from tests.sdk.support import EXAMPLES, SDK, Example, prove_handshake

pytestmark = pytest.mark.e2e
EXAMPLE = EXAMPLES / "python"
PACKAGE = "proton_connections"


def installed() -> metadata.Distribution:
    try:
        return metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        require(f"{PACKAGE} installed from sdk/python (`make sdk-deps`)")
        raise AssertionError("unreachable") from None


def test_the_installed_sdk_is_the_generated_one():
    # pip installed a copy of sdk/python (its modules and package data; the README only goes
    # into the metadata): it must not be an older one.
    dist = installed()
    files = {str(f): f for f in dist.files or () if f.parts[0] == PACKAGE and f.suffix != ".pyc"}
    sources = {
        str(p.relative_to(SDK / "python")): p
        for p in (SDK / "python" / PACKAGE).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.name != "README.md"
    }
    assert sorted(files) == sorted(sources), "the virtualenv has another SDK; run `make sdk-deps`"
    stale = [
        name
        for name, path in sources.items()
        if Path(str(dist.locate_file(files[name]))).read_bytes() != path.read_bytes()
    ]
    assert not stale, f"the virtualenv has an older SDK ({stale}); run `make sdk-deps`"


def test_the_python_example(example_env: dict[str, str], emulator: Emulator, tmp_path: Path):
    installed()
    example = Example(
        [sys.executable, str(EXAMPLE / "automation.py")], tmp_path / "project", example_env
    )
    prove_handshake(example, emulator)
