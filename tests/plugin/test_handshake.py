"""The two-account handshake with explicit provider instances: the connection requested with
the environment account's provider, accepted with the management account's (assumeRole);
an accepter given the wrong account's provider fails with one sentence naming both."""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import (
    ACCEPTER,
    ACCEPTER_OUTPUTS,
    BASE,
    accepter,
    connection,
    export,
    failed_up,
    live,
    mutations_since,
    outputs,
)

pytestmark = pytest.mark.e2e

OTHER_ACCOUNT = "222222222222"


def handshake(accept_as: str | None) -> auto.PulumiFn:
    """The connection with an explicit environment-account provider, and its accepter with
    a provider that assumes `accept_as` (None: the environment account's own provider)."""

    def program() -> None:
        env = pulumi.ProviderResource("proton", "environment", {"region": "us-east-1"})
        conn = connection("conn", BASE, pulumi.ResourceOptions(provider=env))
        export("conn", conn, ("status",))
        if accept_as is None:
            accepting = env
        else:
            accepting = pulumi.ProviderResource(
                "proton",
                "management",
                {"region": "us-east-1", "assumeRole": {"roleArn": accept_as}},
            )
        accepted = accepter(
            "accept", {"connectionId": conn.id}, pulumi.ResourceOptions(provider=accepting)
        )
        export("accept", accepted, ACCEPTER_OUTPUTS)

    return program


def test_explicit_providers_complete_the_handshake(plugin_stack: PluginStacks, emulator: Emulator):
    stack = plugin_stack(handshake(MANAGEMENT_ROLE))

    result = stack.stack.up()

    assert result.summary.resource_changes == {"create": 5}  # stack, 2 providers, 2 resources
    out = outputs(result)
    conn_id = out["conn"]["id"]
    assert out["accept"]["id"] == conn_id
    assert out["accept"]["status"] == "CONNECTED"
    assert out["accept"]["environmentAccountId"] == ENVIRONMENT_ACCOUNT
    assert out["accept"]["managementAccountId"] == MANAGEMENT_ACCOUNT
    assert out["accept"]["environmentName"] == BASE["environmentName"]
    assert live(emulator, conn_id)["status"] == "CONNECTED"
    # The management account sees it as its own connection.
    managed = emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE)
    assert [(c["id"], c["status"]) for c in managed] == [(conn_id, "CONNECTED")]
    assert mutations_since(emulator, {}) == {
        "CreateEnvironmentAccountConnection": 1,
        "AcceptEnvironmentAccountConnection": 1,
    }
    providers = [r for r in stack.resources() if r["type"] == "pulumi:providers:proton"]
    assert sorted(r["urn"].rsplit("::", 1)[-1] for r in providers) == ["environment", "management"]

    # The accepter's default behaviour on delete leaves the connection; the connection goes.
    destroyed = stack.stack.destroy()
    assert destroyed.summary.resource_changes == {"delete": 5}
    assert emulator.connections() == []
    assert mutations_since(emulator, {}) == {
        "CreateEnvironmentAccountConnection": 1,
        "AcceptEnvironmentAccountConnection": 1,
        "DeleteEnvironmentAccountConnection": 1,
    }


@pytest.mark.parametrize(
    ("accept_as", "caller"),
    [
        (None, ENVIRONMENT_ACCOUNT),
        (f"arn:aws:iam::{OTHER_ACCOUNT}:role/Admin", OTHER_ACCOUNT),
    ],
    ids=["environment-account", "third-account"],
)
def test_accepter_with_the_wrong_accounts_provider_fails_naming_both_accounts(
    plugin_stack: PluginStacks, emulator: Emulator, accept_as: str | None, caller: str
):
    stack = plugin_stack(handshake(accept_as))

    error = failed_up(stack, "accept")
    assert f"account {caller}" in error and f"management account is {MANAGEMENT_ACCOUNT}" in error
    assert error.startswith("Cannot accept connection"), error
    # Credentials of unknown account (no role) try the accept, which Proton refuses; a role
    # names its account, so the plugin fails before calling.
    refused = {"AcceptEnvironmentAccountConnection": 1} if accept_as is None else {}
    assert mutations_since(emulator, {}) == {"CreateEnvironmentAccountConnection": 1, **refused}
    [conn] = emulator.connections()
    assert conn["status"] == "PENDING"
    accept_state = stack.resource("accept", ACCEPTER)
    assert accept_state is None
