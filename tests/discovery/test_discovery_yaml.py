"""Accepting by discovery in YAML: examples/discovery/yaml, run by the pulumi CLI with its YAML
language host and the plugin against the emulator, shows the four behaviours (with one
EnvironmentAccountConnectionAccepters, since Pulumi YAML has no loops)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.discovery.support import prove_discovery
from tests.e2e.conftest import Emulator
from tests.engine import yaml_project
from tests.sdk.support import EXAMPLES

pytestmark = pytest.mark.e2e
EXAMPLE = EXAMPLES / "discovery" / "yaml" / "Pulumi.yaml"
PROJECT = "proton-accept-discovered-yaml"


def test_the_yaml_discovery_example(engine_bin: Path, emulator: Emulator, tmp_path: Path):
    plugin_dir = Path(sys.executable).parent  # where pip put pulumi-resource-proton
    assert shutil.which("pulumi-resource-proton", path=str(plugin_dir)), plugin_dir
    project = yaml_project(
        engine_bin, tmp_path / "yaml", EXAMPLE.read_text(), emulator.env(), [plugin_dir]
    )

    def run(action: str, **config: str) -> dict[str, Any]:
        values = {
            f"{PROJECT}:{key}": json.loads(v) if key == "allowedAccounts" else v
            for key, v in config.items()
        }
        project.write("Pulumi.test.yaml", json.dumps({"config": values}))  # JSON is YAML
        if action == "preview":
            summary = json.loads(project.pulumi("preview", "--json"))["changeSummary"]
            return {"outputs": {}, "changes": summary}
        project.pulumi("up", "--yes")
        (last, *_) = json.loads(project.pulumi("stack", "history", "--json"))
        outputs = json.loads(project.pulumi("stack", "output", "--json"))
        return {"outputs": outputs, "changes": last["resourceChanges"]}

    prove_discovery(run, emulator, one_resource=True)
