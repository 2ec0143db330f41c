"""What a user sees when something is wrong: bad inputs fail the preview with one failure per
property (camelCase) and no AWS call; an operation that AWS refuses fails with one sentence.
Never a Python traceback, never gRPC's "Unexpected <class ...>"."""

from __future__ import annotations

import re

import pulumi
import pytest
from pulumi import automation as auto

from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import (
    BASE,
    CONNECTION,
    Events,
    accepter,
    assert_no_traceback,
    connection,
    error_lines,
    failed_up,
    one_connection,
)

pytestmark = pytest.mark.e2e

LONG_KEY = "k" * 200
PROBLEM = re.compile(
    rf"{re.escape(CONNECTION)} resource 'conn': property (?P<property>\S+) value .* "
    r"has a problem: (?P<reason>.*)"
)


def test_bad_inputs_fail_preview_once_per_property_without_a_proton_call(
    plugin_stack: PluginStacks, emulator: Emulator
):
    bad = {
        "environmentName": "prod",
        "managementAccountId": "123",
        "roleArn": "nope",
        "tags": {LONG_KEY: "v"},
        "colour": "blue",
    }
    stack = plugin_stack(one_connection(bad))
    events = Events()

    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.preview(on_event=events.append)

    text = str(failure.value)
    assert_no_traceback(text)
    problems = [line for line in error_lines(text) if "has a problem" in line]
    assert len(problems) == 4, text
    parsed = [PROBLEM.fullmatch(line) for line in problems]
    assert all(parsed), problems
    reasons = {m["property"]: m["reason"] for m in parsed if m}
    assert sorted(reasons) == ["colour", "managementAccountId", "roleArn", "tags"], problems
    for name, reason in reasons.items():
        assert reason.startswith(name), reason  # each failure names its property first
    assert "12 digits" in reasons["managementAccountId"]
    assert "ARN" in reasons["roleArn"] or "arn:" in reasons["roleArn"]
    assert "128" in reasons["tags"]  # Proton's longest tag key
    assert "not a property" in reasons["colour"]
    for reason in reasons.values():
        assert "\n" not in reason
        assert "management_account_id" not in reason and "role_arn" not in reason
    assert emulator.proton_calls() == {}


def test_create_refused_by_proton_fails_with_one_sentence(
    plugin_stack: PluginStacks, emulator: Emulator
):
    # Valid as an ARN, so check passes; Proton refuses a role of another account.
    foreign_role = "arn:aws:iam::999999999999:role/NotMine"
    stack = plugin_stack(one_connection({**BASE, "roleArn": foreign_role}))

    error = failed_up(stack, "conn")
    assert error.startswith("Proton CreateEnvironmentAccountConnection of the connection for ")
    assert "999999999999" in error and "(ValidationException)" in error
    assert emulator.proton_calls() == {"CreateEnvironmentAccountConnection": 1}
    assert emulator.connections() == []
    assert stack.resource("conn") is None


def test_accepting_a_connection_that_does_not_exist_fails_with_one_sentence(
    plugin_stack: PluginStacks, emulator: Emulator
):
    missing = "00000000-0000-4000-8000-000000000000"

    def program() -> None:
        management = pulumi.ProviderResource(
            "proton", "management", {"assumeRole": {"roleArn": MANAGEMENT_ROLE}}
        )
        accepter("accept", {"connectionId": missing}, pulumi.ResourceOptions(provider=management))

    stack = plugin_stack(program)

    error = failed_up(stack, "accept")
    assert error.startswith(f"Cannot accept connection {missing!r}: account {MANAGEMENT_ACCOUNT}")
    assert "sees no such connection" in error
    assert "AcceptEnvironmentAccountConnection" not in emulator.proton_calls()


def test_an_unexpected_failure_inside_the_plugin_is_still_one_line(
    plugin_stack: PluginStacks, emulator: Emulator
):
    """A resource type the package does not have reaches the plugin's own error path (the
    engine asks the plugin, which answers with its sentence instead of the SDK's traceback)."""

    def program() -> None:
        pulumi.CustomResource("proton:index:NoSuchThing", "thing", {"x": "y"})

    stack = plugin_stack(program)
    events = Events()

    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.preview(on_event=events.append)

    text = str(failure.value)
    assert_no_traceback(text)
    errors = events.errors("thing")
    assert len(errors) == 1, errors
    assert "\n" not in errors[0]
    assert "NoSuchThing" in errors[0]
    assert emulator.proton_calls() == {}


def test_connection_program_without_errors_has_no_error_lines(
    plugin_stack: PluginStacks, emulator: Emulator
):
    """The control of the tests above: a good program reports no error and no traceback."""

    def program() -> None:
        connection("conn", BASE)

    stack = plugin_stack(program)
    preview = stack.stack.preview()
    assert preview.change_summary == {"create": 2}
    assert_no_traceback(preview.stdout + preview.stderr)
    assert emulator.proton_calls() == {}
