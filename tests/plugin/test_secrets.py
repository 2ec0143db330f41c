"""Credentials given to the plugin, as secret stack configuration (default provider) or as
plain strings to an explicit provider, are used, and `pulumi stack export` holds none of
them in plain text."""

from __future__ import annotations

import json

import pulumi
import pytest

from tests.e2e.conftest import Emulator
from tests.plugin.conftest import PluginStacks
from tests.plugin.support import BASE, connection, export, outputs

pytestmark = pytest.mark.e2e

STACK_KEY = "AKIASTACKCONFIG00001"
STACK_SECRET = "stack-secret-access-key-0001"
PROGRAM_KEY = "AKIAEXPLICITPROV0001"
PROGRAM_SECRET = "explicit-secret-access-key-0001"
SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"
"""The key that marks a secret value in Pulumi's state."""


def program() -> None:
    export("conn", connection("conn", BASE), ("status",))
    explicit = pulumi.ProviderResource(
        "proton", "explicit", {"accessKey": PROGRAM_KEY, "secretKey": PROGRAM_SECRET}
    )
    staging = connection(
        "staging",
        {**BASE, "environmentName": "staging"},
        pulumi.ResourceOptions(provider=explicit),
    )
    export("staging", staging, ("status",))


def test_credentials_are_used_and_never_exported_in_plain_text(
    plugin_stack: PluginStacks, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
):
    # No credentials in the environment: only those of the configuration can work.
    ambient = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")
    for name in ambient:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    stack = plugin_stack(
        program,
        secrets={"proton:accessKey": STACK_KEY, "proton:secretKey": STACK_SECRET},
        without_env=ambient,
    )

    result = stack.stack.up()

    assert result.summary.resource_changes == {"create": 4}
    out = outputs(result)
    assert out["conn"]["status"] == out["staging"]["status"] == "PENDING"
    assert sorted(c["environmentName"] for c in emulator.connections()) == ["prod", "staging"]
    credentials = (STACK_KEY, STACK_SECRET, PROGRAM_KEY, PROGRAM_SECRET)
    shown = result.stdout + result.stderr
    assert [c for c in credentials if c in shown] == []

    exported = stack.exported_text()

    assert [c for c in credentials if c in exported] == []
    resources = json.loads(exported)["deployment"]["resources"]
    providers = {
        r["urn"].rsplit("::", 1)[-1]: r for r in resources if r["type"] == "pulumi:providers:proton"
    }
    assert sorted(providers) == ["default", "explicit"]
    for provider in providers.values():
        for key in ("accessKey", "secretKey"):
            assert SECRET_SIGNATURE in provider["inputs"][key], provider["inputs"]
            assert "ciphertext" in provider["inputs"][key]
    # Encrypted, not dropped: the state does hold them, for the engine to configure with.
    revealed = stack.cli("stack", "export", "--show-secrets").stdout
    assert all(c in revealed for c in credentials)
