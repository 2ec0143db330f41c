"""Records a baseline: the handshake stack's state as this checkout writes it.

    python -m tests.upgrade.record NAME    # writes tests/upgrade/baselines/NAME.json

Run with the engine on PATH (as `make test` runs), at the release being recorded. The
baseline holds the emulator's ids; tests/upgrade/test_upgrade.py previews it with every later
version. Baselines are never deleted.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from pulumi import automation as auto

from provider.testing import EmulatorProcess
from tests.upgrade.handshake import PASSPHRASE, PROJECT, STACK, program

BASELINES = Path(__file__).with_name("baselines")


def record(name: str) -> Path:
    """Runs the handshake against a fresh emulator and writes its `pulumi stack export`."""
    with EmulatorProcess() as emulator, tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp, "state")
        state.mkdir()
        stack = auto.create_stack(
            STACK,
            project_name=PROJECT,
            program=program,
            opts=auto.LocalWorkspaceOptions(
                work_dir=tmp,
                project_settings=auto.ProjectSettings(
                    name=PROJECT, runtime="python", backend=auto.ProjectBackend(f"file://{state}")
                ),
                env_vars={
                    **emulator.env(),
                    "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                    "PULUMI_SKIP_UPDATE_CHECK": "true",
                },
            ),
        )
        stack.up()
        exported = stack.export_stack()
        stack.destroy()
    path = BASELINES / f"{name}.json"
    path.write_text(
        json.dumps({"version": exported.version, "deployment": exported.deployment}, indent=2)
        + "\n"
    )
    return path


if __name__ == "__main__":
    print(record(sys.argv[1]))
