"""templates/python, the Python quick start's project as a Pulumi template: the command that
docs/quickstart.md shows (`<!-- template: python -->`) writes, offline, the Pulumi.yaml and
__main__.py that the page shows, which the quick start test runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.docs.pages import DOCS, ROOT, marked_blocks

PAGE = DOCS / "quickstart.md"


def test_pulumi_new_from_the_template_writes_the_quickstart_s_files(
    engine_bin: Path, tmp_path: Path
):
    blocks = {block.marker: block.text for block in marked_blocks(PAGE)}
    project = tmp_path / "proton-quickstart"
    (project / "venv").mkdir(parents=True)
    env = {
        # The page runs it in the quick start's active virtualenv, where python3 has the
        # pulumi package (the Python language host needs it): the checkout's stands in.
        "PATH": os.pathsep.join([str(engine_bin), str(ROOT / ".venv" / "bin"), "/usr/bin", "/bin"]),
        "HOME": str(tmp_path / "home"),
        "PULUMI_HOME": str(tmp_path / "pulumi-home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PROTON_CHECKOUT": str(ROOT),
    }
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", blocks["template: python"]],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    # pulumi new records the template it came from; the rest is the page's Pulumi.yaml.
    recorded = (
        f"config:\n  pulumi:tags:\n    value:\n      pulumi:template: {ROOT}/templates/python\n"
    )
    shown_project = blocks["quickstart: python file: Pulumi.yaml"]
    assert (project / "Pulumi.yaml").read_text() == shown_project + recorded
    shown = blocks["quickstart: python file: __main__.py"]
    assert (project / "__main__.py").read_text() == shown
    assert sorted(path.name for path in project.iterdir()) == [
        ".gitignore",
        "Pulumi.yaml",
        "__main__.py",
        "venv",
    ]
