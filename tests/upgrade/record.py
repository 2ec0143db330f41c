"""Records a baseline: the handshake stack's state as a version of the provider writes it.

    python -m tests.upgrade.record FORM NAME [SOURCE]

FORM is ``dynamic`` or ``plugin``; SOURCE a checkout of the version to record (default: this
one), whose ``provider`` package is put first on PYTHONPATH for the program, the dynamic
provider host and the plugin (its other dependencies are this virtualenv's). Writes
tests/upgrade/baselines/FORM-NAME.json: the `pulumi stack export` of the stack after `up`,
with the emulator's ids. Run with the engine on PATH, as `make test` runs. Baselines are
never deleted: tests/upgrade/test_upgrade.py previews each with every later version.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from provider.testing import EmulatorProcess
from tests.upgrade.handshake import PASSPHRASE, STACK, write_project

BASELINES = Path(__file__).with_name("baselines")
ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)


def record(form: str, name: str, source: Path = ROOT) -> Path:
    """Runs the handshake of `form` with `source`'s provider against a fresh emulator and
    writes its export."""
    with EmulatorProcess() as emulator, tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp, "project")
        plugin = None
        if form == "plugin":
            # The checkout's plugin directory runs with the virtualenv its PulumiPlugin.yaml
            # names (../../.venv): this one, with `source` first on PYTHONPATH.
            if not (source / ".venv").exists():
                (source / ".venv").symlink_to(VENV)
            plugin = source / "provider" / "plugin"
        write_project(project, form, VENV, plugin)
        env = {
            **os.environ,
            **emulator.env(),
            "PYTHONPATH": str(source),
            "PULUMI_HOME": str(Path(tmp, "home")),
            "PULUMI_BACKEND_URL": f"file://{tmp}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
        }

        def pulumi(*args: str) -> str:
            return subprocess.run(
                ["pulumi", "--non-interactive", *args],
                cwd=project,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout

        pulumi("stack", "init", STACK)
        pulumi("up", "--yes")
        exported = json.loads(pulumi("stack", "export"))
        pulumi("destroy", "--yes")
    path = BASELINES / f"{form}-{name}.json"
    path.write_text(json.dumps(exported, indent=2) + "\n")
    return path


if __name__ == "__main__":
    source = Path(sys.argv[3]).resolve() if len(sys.argv) > 3 else ROOT
    print(record(sys.argv[1], sys.argv[2], source))
