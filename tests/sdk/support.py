"""What the SDK tests share: the example programs (examples/<language>), each run as a user
runs it (`up|preview|refresh|destroy [key=value ...]`, one JSON line of outputs and changes),
and the handshake that every language's example proves against the emulator (with one call
of a function in each)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.e2e.conftest import Emulator

ROOT = Path(__file__).parents[2]
SDK = ROOT / "sdk"
EXAMPLES = ROOT / "examples"
PLUGIN = "pulumi-resource-proton"
CONNECTION = "proton:index:EnvironmentAccountConnection"
CONFIG = {
    "environmentName": "prod",
    "managementAccountId": MANAGEMENT_ACCOUNT,
    "roleArn": ROLE,
    "managementRoleArn": MANAGEMENT_ROLE,
    "tags": json.dumps({"team": "platform"}),
}


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Runs a command (a build step); fails the test with its output. Returns its stdout."""
    result = subprocess.run(
        list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} (in {cwd}) exited with {result.returncode}:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


class Example:
    """An example program's command, run in a project directory of the test's own."""

    def __init__(self, command: Sequence[str], work_dir: Path, env: dict[str, str]) -> None:
        self.command = list(command)
        self.work_dir = work_dir
        self.env = env
        work_dir.mkdir(parents=True, exist_ok=True)

    def __call__(self, action: str, **config: str) -> dict[str, Any]:
        """`COMMAND ACTION key=value...`; its JSON line: {"outputs": ..., "changes": ...}."""
        settings = [f"{key}={value}" for key, value in config.items()]
        out = run([*self.command, action, *settings], self.work_dir, self.env)
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result

    def state_of(self, type_token: str) -> dict[str, Any]:
        """The outputs in the stack's state of its one resource of `type_token`."""
        pulumi = shutil.which("pulumi", path=self.env["PATH"])
        assert pulumi is not None, self.env["PATH"]
        exported = json.loads(
            run([pulumi, "stack", "export", "--stack", "dev"], self.work_dir, self.env)
        )
        (resource,) = [r for r in exported["deployment"]["resources"] if r["type"] == type_token]
        outputs: dict[str, Any] = resource["outputs"]
        return outputs


def prove_handshake(example: Example, emulator: Emulator) -> None:
    """The example's whole life against the emulator: the handshake (the connection from the
    environment account, the accepter through the management account's provider), a tag
    change that updates in place, drift that refresh records, and destroy."""
    # The handshake: requested by 123456789012, accepted by 111111111111.
    created = example("up", **CONFIG)
    assert created["changes"] == {"create": 4}  # the stack, two resources, one provider
    outputs = created["outputs"]
    assert outputs["status"] == "CONNECTED"
    assert outputs["tags"] == {"team": "platform"}
    # The function, through the management account's provider.
    assert outputs["requestedBy"] == ENVIRONMENT_ACCOUNT
    connection_id = outputs["connectionId"]
    proton = emulator.client()
    live = proton.get_environment_account_connection(id=connection_id)
    connection = live["environmentAccountConnection"]
    assert connection["status"] == "CONNECTED"
    assert connection["environmentAccountId"] == ENVIRONMENT_ACCOUNT
    assert connection["managementAccountId"] == MANAGEMENT_ACCOUNT
    assert connection["roleArn"] == ROLE
    # The management account's side sees it too: the accepter acted there.
    managed = emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE)
    assert [(c["id"], c["status"]) for c in managed] == [(connection_id, "CONNECTED")]
    assert emulator.proton_calls().get("AcceptEnvironmentAccountConnection") == 1

    def live_tags() -> dict[str, str]:
        tags = proton.list_tags_for_resource(resourceArn=connection["arn"])["tags"]
        return {tag["key"]: tag["value"] for tag in tags}

    assert live_tags() == {"team": "platform"}

    # A tag change updates the connection in place: same id, no new Create.
    updated = example("up", tags=json.dumps({"team": "infra"}))
    assert updated["changes"] == {"update": 1, "same": 3}
    assert updated["outputs"]["connectionId"] == connection_id
    assert updated["outputs"]["tags"] == {"team": "infra"}
    assert live_tags() == {"team": "infra"}
    calls = emulator.proton_calls()
    assert calls.get("CreateEnvironmentAccountConnection") == 1
    assert calls.get("DeleteEnvironmentAccountConnection", 0) == 0

    # Drift outside Pulumi: refresh records it in the state, and a preview would undo it.
    proton.tag_resource(resourceArn=connection["arn"], tags=[{"key": "owner", "value": "ops"}])
    refreshed = example("refresh")
    assert refreshed["changes"] == {"update": 1, "same": 3}
    assert example.state_of(CONNECTION)["tags"] == {"team": "infra", "owner": "ops"}
    assert example("preview")["changes"] == {"update": 1, "same": 3}

    # Destroy: the connection is gone (the accepter leaves it, the connection deletes it).
    destroyed = example("destroy")
    assert destroyed["changes"] == {"delete": 4}
    assert destroyed["outputs"] == {}
    assert emulator.connections() == []
