"""Accepting by discovery with the dynamic resources: examples/discovery/python's program,
run by the real engine (Automation API) against the emulator, shows the four behaviours."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from pulumi import automation as auto

from provider import clients
from tests.discovery.support import prove_discovery
from tests.e2e.conftest import Emulator, StackFactory
from tests.sdk.support import EXAMPLES

pytestmark = pytest.mark.e2e
EXAMPLE = EXAMPLES / "discovery" / "python" / "discovery.py"


def example_program() -> auto.PulumiFn:
    spec = importlib.util.spec_from_file_location("discovery_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    program: auto.PulumiFn = module.accept_discovered
    return program


def test_the_python_discovery_example(
    make_stack: StackFactory, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
):
    # An inline program runs in this process (a program's language host would have the
    # stack's environment): the emulator's endpoint and credentials here too.
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    # This process's clients may hold credentials of a role from before the emulator's
    # reset, which it no longer knows: fresh ones, as a new program's process has.
    clients.clear_cache()
    stack = make_stack(example_program())

    def run(action: str, **config: str) -> dict[str, Any]:
        for key, value in config.items():
            stack.set_config(key, auto.ConfigValue(value))
        if action == "preview":
            return {"outputs": {}, "changes": stack.preview().change_summary}
        result = stack.up()
        outputs = {key: output.value for key, output in result.outputs.items()}
        return {"outputs": outputs, "changes": result.summary.resource_changes or {}}

    prove_discovery(run, emulator)
