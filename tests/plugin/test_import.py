"""Import through the plugin's Read: `pulumi import` on the CLI, and the `import_` option of a
program; both adopt an existing connection without creating one."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from tests.conftest import ExistingConnection
from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import (
    CONNECTION,
    CONNECTION_OUTPUTS,
    HIDDEN,
    Events,
    calls_since,
    connection,
    export,
    mutations_since,
    one_connection,
    outputs,
)

pytestmark = pytest.mark.e2e

PROPS: dict[str, Any] = {
    "environmentName": "imported",
    "managementAccountId": MANAGEMENT_ACCOUNT,
    "roleArn": ROLE,
    "tags": {"team": "platform", "cost": "42"},
}


def outside(existing_connection: ExistingConnection) -> str:
    """The id of a connection of PROPS made without Pulumi (boto3), as the one to import."""
    made = existing_connection(PROPS["environmentName"], tags=PROPS["tags"])
    return str(made["id"])


def test_cli_import_records_what_read_returned_and_the_program_then_matches(
    plugin_stack: PluginStacks, emulator: Emulator, existing_connection: ExistingConnection
):
    conn_id = outside(existing_connection)
    stack = plugin_stack(one_connection(PROPS))
    before = emulator.proton_calls()

    result = stack.cli("import", CONNECTION, "conn", conn_id, "--yes", "--generate-code=false")

    assert "from $PATH" not in result.stdout + result.stderr
    assert mutations_since(emulator, before) == {}
    state = stack.resource("conn")
    assert state is not None, result.stdout
    assert state["id"] == conn_id
    assert state["inputs"] == PROPS
    assert set(state["outputs"]) == set(PROPS) | set(CONNECTION_OUTPUTS) | {"tagsAll"}
    assert state["outputs"]["status"] == "PENDING"
    assert not [name for name in HIDDEN if name in str(state)]

    preview = stack.stack.preview(diff=True)
    assert preview.change_summary == {"same": 2}, preview.stdout
    up = stack.stack.up()
    assert up.summary.resource_changes == {"same": 2}
    assert outputs(up)["conn"]["id"] == conn_id
    assert mutations_since(emulator, before) == {}
    assert [c["id"] for c in emulator.connections()] == [conn_id]


def test_import_option_imports_natively_without_a_create(
    plugin_stack: PluginStacks, emulator: Emulator, existing_connection: ExistingConnection
):
    conn_id = outside(existing_connection)

    def program() -> None:
        opts = pulumi.ResourceOptions(import_=conn_id)
        export("conn", connection("conn", PROPS, opts), CONNECTION_OUTPUTS)

    stack = plugin_stack(program)
    before = emulator.proton_calls()

    events = Events()
    preview = stack.stack.preview(on_event=events.append)
    assert preview.change_summary == {"import": 1, "create": 1}
    assert events.ops_of("conn") == ["import"]

    events = Events()
    imported = stack.stack.up(on_event=events.append)

    assert imported.summary.resource_changes == {"import": 1, "create": 1}
    assert events.ops_of("conn") == ["import"]
    assert outputs(imported)["conn"]["id"] == conn_id
    assert outputs(imported)["conn"]["status"] == "PENDING"
    calls = calls_since(emulator, before)
    assert "CreateEnvironmentAccountConnection" not in calls
    assert calls["GetEnvironmentAccountConnection"] >= 1
    assert [c["id"] for c in emulator.connections()] == [conn_id]
    state = stack.resource("conn")
    assert state is not None and state["inputs"] == PROPS
    # Imported, it is an ordinary resource: the same program changes nothing any more.
    assert stack.stack.up(program=one_connection(PROPS)).summary.resource_changes == {"same": 2}
