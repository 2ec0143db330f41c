"""Reliability and security suite: the end-to-end fixtures, plus figures for RESULTS.md.

The engine, emulator and stack fixtures are the end-to-end suite's own (tests/e2e/conftest.py),
imported here so that both suites drive Pulumi and the emulator in exactly the same way.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.e2e.conftest import (  # noqa: F401 (fixtures, found by pytest through this module)
    emulator,
    emulator_server,
    make_stack,
    pulumi_cli,
    s3_state,
)

FIGURES: Counter[str] = Counter()


@pytest.fixture
def figures() -> Counter[str]:
    """Session-wide counters (faults survived, crashes recovered, ...), printed at the end."""
    return FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")
