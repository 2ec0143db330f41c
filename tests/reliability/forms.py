"""The two forms of the resources that the reliability scenarios run through, side by side.

- `dynamic`: the Python dynamic resources (`from provider import ...`), served by Pulumi's
  own `python -m pulumi.dynamic` host.
- `plugin`: the provider plugin `pulumi-resource-proton`, declared by the project's
  Pulumi.yaml (`plugins: providers:`) as a user's project declares it, its resources named by
  type token with camelCase properties, its credentials in `proton:*` configuration or an
  explicit provider's inputs.

A scenario takes a `Form` and asks it for the program; what it then checks (the emulator's
connections, the stack's state, what was printed) is the same for both forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pulumi
import pytest
from pulumi import automation as auto

from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter
from tests.constants import MANAGEMENT_ACCOUNT, REGION, ROLE
from tests.plugin import support as plugin
from tests.plugin.conftest import PluginStacks

FormName = Literal["dynamic", "plugin"]
FORMS: tuple[FormName, ...] = ("dynamic", "plugin")
CONNECTION_PREFIX = "conn-"


@dataclass(frozen=True)
class Form:
    """One form of the resources: how a program declares N connections, and handshakes."""

    name: FormName

    def connections(self, count: int) -> auto.PulumiFn:
        """An inline program of `count` connections ``conn-0`` ... for environments env-0 ..."""
        if self.name == "dynamic":

            def dynamic() -> None:
                for i in range(count):
                    EnvironmentAccountConnection(
                        f"{CONNECTION_PREFIX}{i}",
                        environment_name=f"env-{i}",
                        management_account_id=MANAGEMENT_ACCOUNT,
                        role_arn=ROLE,
                    )

            return dynamic

        def by_token() -> None:
            for i in range(count):
                props = {**plugin.BASE, "environmentName": f"env-{i}"}
                plugin.connection(f"{CONNECTION_PREFIX}{i}", props)

        return by_token

    def connections_source(self, count: int) -> str:
        """The same program as `connections`, as the `__main__.py` of a project run with the
        CLI (the crash tests', which must kill the whole run)."""
        if self.name == "dynamic":
            return f"""\
from provider import EnvironmentAccountConnection

for i in range({count}):
    EnvironmentAccountConnection(
        f"{CONNECTION_PREFIX}{{i}}",
        environment_name=f"env-{{i}}",
        management_account_id="{MANAGEMENT_ACCOUNT}",
        role_arn="{ROLE}",
    )
"""
        return f"""\
import pulumi

for i in range({count}):
    pulumi.CustomResource(
        "{plugin.CONNECTION}",
        f"{CONNECTION_PREFIX}{{i}}",
        {{
            "environmentName": f"env-{{i}}",
            "managementAccountId": "{MANAGEMENT_ACCOUNT}",
            "roleArn": "{ROLE}",
        }},
    )
"""

    def handshakes(
        self, count: int, accept_as: str, credentials: dict[str, str] | None = None
    ) -> auto.PulumiFn:
        """`count` connections (``conn-I``), each accepted (``accept-I``) by assuming
        `accept_as`; the last accepter's status and accounts are exported (`accepted_status`,
        `accepted_environment_account_id`, `accepted_management_account_id`). In the plugin
        form the accepters share one explicit provider that assumes the role, built on
        `credentials` (proton:* keys; None: the stack's `proton:*` secrets if set, else
        boto3's chain), and so do the connections when `credentials` is given."""
        if self.name == "dynamic":

            def dynamic() -> None:
                for i in range(count):
                    conn = EnvironmentAccountConnection(
                        f"{CONNECTION_PREFIX}{i}",
                        environment_name=f"env-{i}",
                        management_account_id=MANAGEMENT_ACCOUNT,
                        role_arn=ROLE,
                    )
                    accepted = EnvironmentAccountConnectionAccepter(
                        f"accept-{i}",
                        connection_id=conn.id,
                        aws=AwsSettings(assume_role_arn=accept_as),
                    )
                pulumi.export("accepted_status", accepted.status)
                pulumi.export("accepted_environment_account_id", accepted.environment_account_id)
                pulumi.export("accepted_management_account_id", accepted.management_account_id)

            return dynamic

        def by_token() -> None:
            base = plugin_credentials(credentials)
            environment = None
            if credentials is not None:
                environment = pulumi.ProviderResource("proton", "environment", {**base})
            management = pulumi.ProviderResource(
                "proton", "management", {**base, "assumeRole": {"roleArn": accept_as}}
            )
            for i in range(count):
                conn = plugin.connection(
                    f"{CONNECTION_PREFIX}{i}",
                    {**plugin.BASE, "environmentName": f"env-{i}"},
                    pulumi.ResourceOptions(provider=environment),
                )
                accepted = plugin.accepter(
                    f"accept-{i}",
                    {"connectionId": conn.id},
                    pulumi.ResourceOptions(provider=management),
                )
            pulumi.export("accepted_status", plugin.output(accepted, "status"))
            for key in ("environmentAccountId", "managementAccountId"):
                pulumi.export(f"accepted_{snake(key)}", plugin.output(accepted, key))

        return by_token

    def explicit_providers(self, credentials: dict[str, str] | None = None) -> int:
        """How many explicit provider resources `handshakes` declares (the engine counts
        them among the creates; default providers it does not)."""
        if self.name == "dynamic":
            return 0
        return 1 if credentials is None else 2


def snake(name: str) -> str:
    """A camelCase name in snake_case (environmentAccountId -> environment_account_id)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def plugin_credentials(credentials: dict[str, str] | None) -> dict[str, Any]:
    """An explicit provider's inputs: the region, and `credentials` if given, or else the
    stack's own `proton:accessKey` / `secretKey` / `token` secrets where they are set (an
    explicit provider reads no stack configuration by itself)."""
    inputs: dict[str, Any] = {"region": REGION}
    if credentials is not None:
        return {**inputs, **credentials}
    config = pulumi.Config("proton")
    for key in ("accessKey", "secretKey", "token"):
        value = config.get_secret(key)
        if value is not None:
            inputs[key] = value
    return inputs


class FormStacks:
    """Creates Automation API stacks of an inline program in the form under test: the
    end-to-end suite's stacks for the dynamic form, projects that declare the plugin for the
    plugin form. Either way, each stack has its own file backend in the test's directory."""

    def __init__(self, form: Form, request: pytest.FixtureRequest) -> None:
        self.form = form
        self.request = request

    def __call__(
        self,
        program: auto.PulumiFn,
        name: str = "e2e",
        env: dict[str, str] | None = None,
        secrets: dict[str, str] | None = None,
    ) -> auto.Stack:
        """A stack of `program`: `env` over the emulator's environment, `secrets` as secret
        configuration."""
        if self.form.name == "dynamic":
            stack: auto.Stack = self.request.getfixturevalue("make_stack")(program, name, env=env)
            for key, value in (secrets or {}).items():
                stack.set_config(key, auto.ConfigValue(value, secret=True))
            return stack
        stacks: PluginStacks = self.request.getfixturevalue("plugin_stack")
        return stacks(program, name, secrets=secrets, env=env).stack


def state_directory(stack: auto.Stack) -> Path:
    """The file backend's directory of a stack made by `form_stack` (its project's backend)."""
    backend = stack.workspace.project_settings().backend
    assert backend is not None and backend.url is not None
    return Path(backend.url.removeprefix("file://"))
