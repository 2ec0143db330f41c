"""`pulumi import` in a Python project prints Python code, as with the official language host.

The engine asks the project's language host to GenerateProgram from the PCL it made of the
imported resource; scripts/pulumi-language-python hands that to pulumi-python-program-gen
(scripts/gen-program: Pulumi's Python program generator at the engine's release). The test
imports a connection made with boto3 in the emulator through the real plugin, then pastes
the printed code into `__main__.py`, where it must preview with no changes.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.constants import MANAGEMENT_ACCOUNT, ROLE
from tests.e2e import conftest as e2e
from tests.e2e.conftest import Emulator
from tests.engine import PulumiProject, require

# The emulator's fixtures, found by pytest through this module.
emulator_server = e2e.emulator_server
emulator = e2e.emulator

pytestmark = pytest.mark.e2e

VENV_BIN = Path(sys.executable).parent
PLUGIN = "pulumi-resource-proton"
TYPE = "proton:index:EnvironmentAccountConnection"
# What `pulumi import` prints before its notes on the code, and the code's first line.
CODE_FOLLOWS = "Please copy the following code into your Pulumi application."
FIRST_LINE = "import pulumi\n"


def project_using_the_plugin(tmp_path: Path, engine_bin: Path, emulator: Emulator) -> PulumiProject:
    """A Python project (no resources yet) that runs on the test run's virtualenv (which has
    the pulumi package and the generated SDK, proton_connections) and declares the plugin."""
    if not os.access(VENV_BIN / PLUGIN, os.X_OK):
        require(f"{PLUGIN} next to {sys.executable} (`make venv` installs it)")
    if importlib.util.find_spec("proton_connections") is None:
        require("the Python SDK (sdk/python) in the virtualenv (`make sdk-deps` installs it)")
    project = PulumiProject(tmp_path / "project", engine_bin, [VENV_BIN])
    project.env.update(emulator.env())
    project.write(
        "Pulumi.yaml",
        "name: imports\nruntime: python\n"
        f"plugins:\n  providers:\n    - name: proton\n      path: {VENV_BIN}\n",
    )
    project.write("__main__.py", "import pulumi\n")
    project.pulumi("stack", "select", "--create", "test")
    return project


def test_pulumi_import_prints_python_that_previews_with_no_changes(
    engine_bin: Path, tmp_path: Path, emulator: Emulator
):
    if not (engine_bin / "pulumi-python-program-gen").exists():
        require("pulumi-python-program-gen beside the engine (scripts/install-pulumi builds it)")
    made = emulator.client().create_environment_account_connection(
        environmentName="imported",
        managementAccountId=MANAGEMENT_ACCOUNT,
        roleArn=ROLE,
        tags=[{"key": "team", "value": "platform"}],
    )
    conn_id = made["environmentAccountConnection"]["id"]
    project = project_using_the_plugin(tmp_path, engine_bin, emulator)

    result = subprocess.run(
        [str(project.pulumi_bin), "--non-interactive", "import", TYPE, "conn", conn_id, "--yes"],
        cwd=project.directory,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert CODE_FOLLOWS in result.stdout, result.stdout
    after = result.stdout.split(CODE_FOLLOWS, 1)[1]
    assert f"\n{FIRST_LINE}" in after, result.stdout
    code = after[after.index(f"\n{FIRST_LINE}") + 1 :]
    # Python, as the official host writes it: the SDK's module and the connection's inputs.
    assert "import proton_connections as proton\n" in code, code
    assert 'proton.EnvironmentAccountConnection("conn",' in code, code
    assert 'environment_name="imported"' in code, code
    assert f'management_account_id="{MANAGEMENT_ACCOUNT}"' in code, code
    assert "protect=True" in code, code  # `pulumi import` protects what it imports

    project.write("__main__.py", code)
    preview = project.pulumi("preview", "--expect-no-changes", "--diff")
    assert "2 unchanged" in preview, preview  # the stack and the connection
    assert [c["id"] for c in emulator.connections()] == [conn_id]
