"""The YAML example (examples/yaml) through the real engine, its YAML language host and the
plugin, against the emulator server: the whole handshake, a no-op preview, `pulumi import`
with generated YAML, bad input, and destroy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ExistingConnection
from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator
from tests.engine import PulumiProject, yaml_project

pytestmark = pytest.mark.e2e
EXAMPLE = Path(__file__).parents[2] / "examples" / "yaml" / "Pulumi.yaml"


@pytest.fixture
def project(engine_bin: Path, emulator: Emulator, tmp_path: Path) -> PulumiProject:
    plugin_dir = Path(sys.executable).parent  # where pip put pulumi-resource-proton
    assert shutil.which("pulumi-resource-proton", path=str(plugin_dir)), plugin_dir
    project = yaml_project(
        engine_bin, tmp_path / "yaml", EXAMPLE.read_text(), emulator.env(), [plugin_dir]
    )
    project.pulumi("config", "set", "environmentName", "prod")
    project.pulumi("config", "set", "roleArn", ROLE)
    return project


def test_the_yaml_example_does_the_handshake(project: PulumiProject, emulator: Emulator):
    outputs = project.up()
    assert outputs["status"] == "CONNECTED"
    live = emulator.client().get_environment_account_connection(id=outputs["connectionId"])
    connection = live["environmentAccountConnection"]
    assert (connection["status"], connection["managementAccountId"]) == (
        "CONNECTED",
        MANAGEMENT_ACCOUNT,
    )
    calls = emulator.proton_calls()
    preview = project.pulumi("preview", "--diff", "--expect-no-changes")
    assert "unchanged" in preview
    assert emulator.proton_calls() == calls  # check and diff make no Proton call
    assert len(emulator.connections()) == 1
    project.pulumi("destroy", "--yes")
    assert emulator.connections() == []


def test_pulumi_import_generates_yaml(
    project: PulumiProject, emulator: Emulator, existing_connection: ExistingConnection
):
    made = existing_connection(tags={"team": "platform"})
    created_before = emulator.proton_calls()["CreateEnvironmentAccountConnection"]
    out = project.pulumi(
        "import", "proton:index:EnvironmentAccountConnection", "legacy", made["id"], "--yes"
    )
    # The generated program holds the inputs that Read returned.
    for text in ("environmentName: legacy", f"managementAccountId: '{MANAGEMENT_ACCOUNT}'", ROLE):
        assert text in out, out
    state = project.pulumi("stack", "export")
    assert made["id"] in state and '"team": "platform"' in state
    assert emulator.proton_calls()["CreateEnvironmentAccountConnection"] == created_before


def test_import_of_a_missing_connection_fails_in_one_sentence(project: PulumiProject):
    missing = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    result = subprocess.run(
        [
            *(str(project.pulumi_bin), "--non-interactive", "import", "--yes"),
            *("proton:index:EnvironmentAccountConnection", "x", missing),
        ],
        cwd=project.directory,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert f"Cannot read EnvironmentAccountConnection '{missing}': no such connection" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_the_plugin_runs_from_a_checkout(project: PulumiProject, emulator: Emulator):
    # `plugins: providers: path:` naming the checkout's provider/plugin: the Python language
    # host runs its __main__.py with PulumiPlugin.yaml's virtualenv (the checkout's .venv),
    # not the executable on PATH (which the engine would warn about).
    plugin = Path(__file__).parents[2] / "provider" / "plugin"
    program = EXAMPLE.read_text().replace(
        "runtime: yaml\n",
        f"runtime: yaml\nplugins:\n  providers:\n    - name: proton\n      path: {plugin}\n",
    )
    project.write("Pulumi.yaml", program)
    schema = json.loads(project.pulumi("package", "get-schema", str(plugin)))
    assert schema["name"] == "proton"
    out = project.pulumi("up", "--yes")
    assert "from $PATH" not in out
    assert project.pulumi("stack", "output", "status").strip() == "CONNECTED"
    project.pulumi("destroy", "--yes")
    assert emulator.connections() == []
