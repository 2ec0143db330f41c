"""Faults: throttling, server errors and latency injected by the emulator into Proton calls,
in both forms (dynamic resources, plugin).

`pulumi up` of 20 connections must converge (running `up` once more at most, where Pulumi
itself gives up), and leave exactly the connections the stack records: no duplicate (a
create retried after the server had already made the connection) and no orphan. The same
for `pulumi destroy`.
"""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

import pytest

from tests.e2e.conftest import Emulator
from tests.reliability.forms import Form, FormStacks
from tests.reliability.support import (
    assert_exactly_recorded,
    converge,
    quiet,
    recorded_ids,
)

pytestmark = pytest.mark.e2e

COUNT = 20


class FaultSettings(TypedDict, total=False):
    """Keyword arguments of `EmulatorControl.faults`."""

    throttle_rate: float
    error_rate: float
    latency_ms: float
    seed: int


FAULTS: dict[str, FaultSettings] = {
    "throttling-30pct": {"throttle_rate": 0.3, "seed": 7},
    "internal-error-10pct": {"error_rate": 0.1, "seed": 11},
    "latency-200ms": {"latency_ms": 200, "seed": 13},
}


def proton_calls(emulator: Emulator) -> int:
    return sum(emulator.proton_calls().values())


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_up_and_destroy_converge_to_exactly_the_recorded_connections(
    fault: str, form: Form, form_stack: FormStacks, emulator: Emulator, figures: Counter[str]
):
    stack = form_stack(form.connections(COUNT))

    emulator.control.faults(**FAULTS[fault])
    converge(stack.up, figures, "up")
    quiet(emulator)

    assert_exactly_recorded(emulator, recorded_ids(stack), COUNT)
    assert stack.preview().change_summary == {"same": COUNT + 1}

    emulator.control.faults(**FAULTS[fault])
    converge(stack.destroy, figures, "destroy")
    quiet(emulator)

    assert recorded_ids(stack) == {}
    assert emulator.connections() == []
    figures[f"fault runs survived ({fault}: up + destroy of {COUNT})"] += 1
    figures["Proton call attempts under injected faults"] += proton_calls(emulator)
