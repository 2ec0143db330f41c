"""Reliability and security suite: the end-to-end fixtures, the two forms of the resources,
and the figures that README's reliability table is built from.

The engine, emulator and stack fixtures are the end-to-end suite's own (tests/e2e/conftest.py)
and, for the plugin form, the plugin suite's (tests/plugin/conftest.py), imported here so that
every suite drives Pulumi and the emulator in exactly the same way.
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
from tests.plugin.conftest import (  # noqa: F401 (fixtures, found by pytest through this module)
    plugin_dir,
    plugin_stack,
)
from tests.reliability.forms import FORMS, Form, FormName, FormStacks

FIGURES: dict[FormName, Counter[str]] = {name: Counter() for name in FORMS}
"""Per form: counters (faults survived, crashes recovered, ...), printed at the end."""


@pytest.fixture(params=FORMS)
def form(request: pytest.FixtureRequest) -> Form:
    """Each scenario that takes this runs once per form: dynamic resources, then plugin."""
    name: FormName = request.param
    return Form(name)


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Counter[str]:
    """Session-wide counters of the test's form (the dynamic one for a test of no form)."""
    callspec = getattr(request.node, "callspec", None)
    name: FormName = callspec.params.get("form", "dynamic") if callspec else "dynamic"
    return FIGURES[name]


@pytest.fixture
def form_stack(form: Form, request: pytest.FixtureRequest) -> FormStacks:
    """Stacks in the form under test."""
    return FormStacks(form, request)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Prints the figures as a table of one column per form ('-': not run in that form)."""
    names = sorted({name for counters in FIGURES.values() for name in counters})
    if not names:
        return
    terminalreporter.section("reliability figures")
    terminalreporter.write_line(" | ".join(["what", *FORMS]))
    for name in names:
        cells = [str(FIGURES[form][name]) if name in FIGURES[form] else "-" for form in FORMS]
        terminalreporter.write_line(" | ".join([name, *cells]))
