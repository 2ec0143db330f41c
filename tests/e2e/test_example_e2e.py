"""The example stack at the repository root, run as a local program by the real engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pulumi import automation as auto

from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_example_stack_creates_accepts_and_destroys(
    pulumi_cli: str, emulator: Emulator, tmp_path: Path
):
    # A copy of the project, so the stack's config file is not written into the checkout.
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")  # Pulumi.yaml names the project's .venv
    (tmp_path / "state").mkdir()
    role = emulator.client("iam").create_role(
        RoleName="ProtonEnvironment",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "proton.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ]
            }
        ),
    )["Role"]
    stack = auto.create_stack(
        "example",
        work_dir=str(project),
        opts=auto.LocalWorkspaceOptions(
            env_vars={
                **emulator.env(),
                "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}",
                "PULUMI_CONFIG_PASSPHRASE": "e2e",
                "PULUMI_SKIP_UPDATE_CHECK": "true",
            }
        ),
    )
    stack.set_all_config(
        {
            "environmentName": auto.ConfigValue("demo"),
            "managementAccountId": auto.ConfigValue(MANAGEMENT_ACCOUNT),
            "roleArn": auto.ConfigValue(role["Arn"]),
            "managementRoleArn": auto.ConfigValue(MANAGEMENT_ROLE),
        }
    )

    up = stack.up()
    out = {key: value.value for key, value in up.outputs.items()}
    assert up.summary.resource_changes == {"create": 3}
    assert out["status"] == "PENDING"  # as created, before the accepter ran
    assert out["acceptedStatus"] == "CONNECTED"
    assert [(c["id"], c["status"]) for c in emulator.connections()] == [(out["id"], "CONNECTED")]

    stack.refresh()
    again = stack.up()
    assert again.summary.resource_changes == {"same": 3}
    assert again.outputs["status"].value == "CONNECTED"  # read back by the refresh

    stack.destroy()
    assert emulator.connections() == []
