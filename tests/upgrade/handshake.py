"""The handshake stack whose state each release records (tests/upgrade/baselines): one
connection and its accepter, in each form, as a user's project declares them.

Frozen: a baseline holds the state these programs made with an earlier version, and the test
previews that state with the same program; a change here would be a change of the program,
not of the provider. Each program takes the config `team` (default ``platform``) for its tag,
so that the test can make one in-place change.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, REGION, ROLE

STACK = "handshake"
PASSPHRASE = "upgrade"
FORMS = ("dynamic", "plugin")

DYNAMIC = f"""\
import pulumi

from provider import EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter

conn = EnvironmentAccountConnection(
    "conn",
    environment_name="prod",
    management_account_id="{MANAGEMENT_ACCOUNT}",
    role_arn="{ROLE}",
    tags={{"team": pulumi.Config().get("team") or "platform"}},
    aws={{"region": "{REGION}"}},
)
accepted = EnvironmentAccountConnectionAccepter(
    "accept", connection_id=conn.id, aws={{"assume_role_arn": "{MANAGEMENT_ROLE}"}}
)
pulumi.export("status", accepted.status)
"""
"""The dynamic form's program (`__main__.py` of project ``upgrade``)."""

PLUGIN = f"""\
name: upgrade-plugin
runtime: yaml
config:
  team:
    type: string
    default: platform
resources:
  management:
    type: pulumi:providers:proton
    properties:
      assumeRole:
        roleArn: {MANAGEMENT_ROLE}
  conn:
    type: proton:index:EnvironmentAccountConnection
    properties:
      environmentName: prod
      managementAccountId: "{MANAGEMENT_ACCOUNT}"
      roleArn: {ROLE}
      tags:
        team: ${{team}}
  accept:
    type: proton:index:EnvironmentAccountConnectionAccepter
    properties:
      connectionId: ${{conn.id}}
    options:
      provider: ${{management}}
outputs:
  status: ${{accept.status}}
"""
"""The plugin form's program (a YAML project, ``upgrade-plugin``)."""


def write_project(directory: Path, form: str, venv: Path, plugin: Path | None = None) -> None:
    """Writes the project of `form` into `directory`: the dynamic program run with `venv`'s
    python, or the YAML program with the plugin found at `plugin` (a directory holding
    pulumi-resource-proton or a PulumiPlugin.yaml; None: the plugin installed or on PATH)."""
    directory.mkdir(parents=True, exist_ok=True)
    if form == "dynamic":
        project = {
            "name": "upgrade",
            "runtime": {"name": "python", "options": {"virtualenv": str(venv)}},
        }
        (directory / "Pulumi.yaml").write_text(json.dumps(project, indent=2))
        (directory / "__main__.py").write_text(DYNAMIC)
        return
    text = PLUGIN
    if plugin is not None:
        text += f"plugins:\n  providers:\n    - name: proton\n      path: {plugin}\n"
    (directory / "Pulumi.yaml").write_text(text)
