"""Secrets: no credential reaches the state, the logs or an error message, in both forms.

Runs, each with its own distinctive fake credentials (moto accepts any key): static
credentials in the environment; the stack's own credential keys as config secrets
(`aws:accessKey` / `aws:secretKey` / `aws:token` for the dynamic resources, `proton:accessKey`
/ `proton:secretKey` / `proton:token` for the plugin), with nothing in the environment, so
the run only works if the provider really uses them; and, in the plugin form, the same three
as an explicit provider's inputs, written in the program. Each run creates a connection and
accepts it through STS AssumeRole (so the provider holds session credentials the emulator
issued), then fails on purpose (accepting as the wrong account), with the engine's and the
providers' most verbose logging. Everything captured is searched for the credentials and
for any STS-issued key or token.

"Most verbose" stops one level short of Pulumi's own RPC dump: at -v=9 the engine logs every
property it sends to any provider, so it prints the stack's `aws:*` secrets as it configures
the provider host, and the `proton:*` ones as it configures the plugin
(`Marshaling property for RPC[...Configure().inputs]`), whatever the provider does; the
second test pins that down in both forms, so the README's warning stays true.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from typing import TypedDict

import pytest
from pulumi import automation as auto

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.reliability.forms import Form, FormName, FormStacks, state_directory

pytestmark = pytest.mark.e2e

WRONG_ACCOUNT_ROLE = "arn:aws:iam::333333333333:role/ProtonAdmin"

ENV_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIAENVLEAKCANARY001",
    "AWS_SECRET_ACCESS_KEY": "envSecretLeakCanary/0123456789abcdefABCDEF",
    "AWS_SESSION_TOKEN": "envSessionTokenLeakCanary0123456789abcdef",
}
CONFIG_CREDENTIALS = {
    "aws:accessKey": "AKIACFGLEAKCANARY002",
    "aws:secretKey": "cfgSecretLeakCanary/0123456789abcdefABCDEF",
    "aws:token": "cfgSessionTokenLeakCanary0123456789abcdef",
}
PLUGIN_CONFIG_CREDENTIALS = {
    "proton:accessKey": "AKIAPLGCFGLEAKCANA03",
    "proton:secretKey": "plgCfgSecretLeakCanary/0123456789abcdefAB",
    "proton:token": "plgCfgSessionTokenLeakCanary0123456789ab",
}
PROVIDER_INPUT_CREDENTIALS = {
    "accessKey": "AKIAPROVINPUTCANAR04",
    "secretKey": "provInputSecretLeakCanary/0123456789abcd",
    "token": "provInputSessionTokenLeakCanary012345678",
}
"""The plugin's explicit provider's inputs, as a program writes them."""
STACK_CONFIG: dict[FormName, dict[str, str]] = {
    "dynamic": CONFIG_CREDENTIALS,
    "plugin": PLUGIN_CONFIG_CREDENTIALS,
}
NO_ENVIRONMENT_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "",
    "AWS_SECRET_ACCESS_KEY": "",
    "AWS_SESSION_TOKEN": "",
    "AWS_PROFILE": "",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
    "AWS_CONFIG_FILE": "/nonexistent/config",
    "AWS_EC2_METADATA_DISABLED": "true",
}
# What moto's STS issues: access key ids of temporary credentials, and session tokens.
ISSUED = re.compile(r"ASIA[A-Z0-9]{16}|FQoGZXIvYXdzEBYaD")


class Logging(TypedDict, total=False):
    """Logging keyword arguments of `Stack.up`, `preview` and `destroy`."""

    log_verbosity: int
    log_to_std_err: bool
    debug: bool


VERBOSE: Logging = {"log_verbosity": 8, "log_to_std_err": True, "debug": True}
RPC_DUMP: Logging = {"log_verbosity": 9, "log_to_std_err": True}


def leaks(text: str, secrets: list[str]) -> list[str]:
    found = [s for s in secrets if s in text]
    found += sorted(set(ISSUED.findall(text)))
    return found


def run_and_capture(
    stack: auto.Stack,
    emulator: Emulator,
    form: Form,
    credentials: dict[str, str] | None = None,
) -> dict[str, str]:
    """Up (create and accept), a failing up, the plain state export, destroy: all output.
    `credentials` are the plugin's explicit providers' inputs (None: no explicit ones)."""
    captured: dict[str, str] = {}
    up = stack.up(**VERBOSE)
    assert up.outputs["accepted_status"].value == "CONNECTED"
    captured["up"] = up.stdout + up.stderr

    wrong = form.handshakes(1, WRONG_ACCOUNT_ROLE, credentials)
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.up(program=wrong, **VERBOSE)
    captured["error"] = str(failure.value)
    assert "333333333333" in captured["error"] or "Accept" in captured["error"]

    # `pulumi stack export` as a user runs it (the Automation API's export_stack adds
    # --show-secrets), and every file of the state backend as it lies on disk.
    captured["export"] = cli(stack, "stack", "export")
    backend = state_directory(stack)
    captured["state files"] = "".join(
        path.read_text(errors="replace") for path in backend.rglob("*") if path.is_file()
    )
    captured["preview"] = stack.preview(**VERBOSE).stdout
    destroyed = stack.destroy(**VERBOSE)
    captured["destroy"] = destroyed.stdout + destroyed.stderr
    assert emulator.connections() == []
    return captured


def cli(stack: auto.Stack, *args: str) -> str:
    workspace = stack.workspace
    assert isinstance(workspace, auto.LocalWorkspace)
    done = subprocess.run(
        ["pulumi", *args, "--stack", stack.name, "--non-interactive"],
        cwd=workspace.work_dir,
        env={**os.environ, **workspace.env_vars},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout + done.stderr


SOURCES: list[tuple[FormName, str]] = [
    ("dynamic", "environment"),
    ("dynamic", "stack-config"),
    ("plugin", "environment"),
    ("plugin", "stack-config"),
    ("plugin", "explicit-provider"),
]
"""Where the credentials come from, per form (explicit providers are the plugin's alone)."""


@pytest.mark.parametrize(("form", "source"), SOURCES, indirect=["form"])
def test_no_credential_in_state_logs_or_errors(
    form: Form,
    source: str,
    form_stack: FormStacks,
    emulator: Emulator,
    figures: Counter[str],
):
    credentials = PROVIDER_INPUT_CREDENTIALS if source == "explicit-provider" else None
    program = form.handshakes(1, MANAGEMENT_ROLE, credentials)
    if source == "environment":
        stack = form_stack(program, env=ENV_CREDENTIALS)
        secrets = list(ENV_CREDENTIALS.values())
    elif source == "stack-config":
        config = STACK_CONFIG[form.name]
        stack = form_stack(program, env=NO_ENVIRONMENT_CREDENTIALS, secrets=config)
        secrets = list(config.values())
    else:
        stack = form_stack(program, env=NO_ENVIRONMENT_CREDENTIALS)
        secrets = list(PROVIDER_INPUT_CREDENTIALS.values())

    captured = run_and_capture(stack, emulator, form, credentials)

    assert ENVIRONMENT_ACCOUNT in captured["up"]  # the run really did its work
    found = {where: leaks(text, secrets) for where, text in captured.items()}
    assert {where: f for where, f in found.items() if f} == {}
    figures["credential leaks found (state, verbose logs, errors)"] += 0
    figures["credential-leak runs checked"] += 1


def test_pulumis_own_rpc_dump_at_verbosity_9_prints_stack_config_secrets(
    form: Form, form_stack: FormStacks, emulator: Emulator
):
    """Not the provider's doing, and not fixable in it: recorded so that the README's warning
    (never share -v=9 logs of a stack with credentials in its config) is known to be needed,
    for the dynamic resources' `aws:*` keys and the plugin's `proton:*` keys alike."""
    config = STACK_CONFIG[form.name]
    stack = form_stack(form.connections(1), env=NO_ENVIRONMENT_CREDENTIALS, secrets=config)
    preview = stack.preview(**RPC_DUMP)
    log = preview.stdout + preview.stderr
    [secret_key] = [value for key, value in config.items() if key.endswith(":secretKey")]
    assert "Configure().inputs]: value={" + secret_key + "}" in log
    assert emulator.proton_calls() == {}
