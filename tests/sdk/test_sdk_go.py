"""The Go SDK (sdk/go, the module GO_MODULE of provider/plugin/languages.py), vetted and built,
and proven by its example (examples/go): built with `go build` and run through the Go Automation API
(auto.UpsertStackInlineSource, so no Go language host) against the emulator: handshake,
update in place, refresh, destroy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.engine import tool
from tests.sdk.support import EXAMPLES, SDK, Example, prove_handshake, run

pytestmark = pytest.mark.e2e
EXAMPLE = EXAMPLES / "go"


def go_env() -> dict[str, str]:
    """The environment of `go` itself: go.mod and go.sum as committed (-mod=readonly), so a
    missing requirement or checksum fails instead of being added."""
    flags = os.environ.get("GOFLAGS", "")
    return {**os.environ, "GOFLAGS": f"{flags} -mod=readonly".strip()}


def test_the_go_sdk_vets_and_builds():
    go = tool("go")
    run([go, "vet", "./..."], SDK / "go", go_env())
    run([go, "build", "./..."], SDK / "go", go_env())


def test_the_go_example(example_env: dict[str, str], emulator: Emulator, tmp_path: Path):
    go = tool("go")
    binary = tmp_path / "example"
    run([go, "vet", "./..."], EXAMPLE, go_env())
    run([go, "build", "-o", str(binary), "."], EXAMPLE, go_env())
    example = Example([str(binary)], tmp_path / "project", example_env)
    prove_handshake(example, emulator)
