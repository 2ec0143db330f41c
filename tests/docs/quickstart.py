"""The quick starts of docs/quickstart.md as shell scripts, taken from the page itself.

Each step of a quick start is a code block after a marker `<!-- quickstart: NAMES -->`,
where NAMES are the quick starts it belongs to (`python`, `typescript`, `yaml`), `release` or
`checkout` when it installs from the release's dist/ or from a clone, and `file: NAME` when
the block is a file to write into the project directory. A script is the steps of one quick
start in the page's order: commands as they are, files written with a quoted heredoc.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

from tests.docs.pages import DOCS, ROOT, marked_blocks

PAGE = DOCS / "quickstart.md"
VARIANTS = {"release", "checkout"}
EOF_MARK = "QUICKSTART_FILE_END"
# What the machine needs to reach the registries (certificates, pip's settings), and nothing
# of the checkout's virtualenv or engine.
PASSED_ON = re.compile(r"^(PIP_|LANG$|LC_|TZ$|.*CERT|.*_CA_|.*PROXY$)", re.IGNORECASE)


def script(name: str, variant: str = "checkout") -> str:
    """The quick start `name` as one bash script, with the `variant` of its install steps."""
    lines = ["set -euo pipefail"]
    for block in marked_blocks(PAGE):
        if not block.marker.startswith("quickstart:"):
            continue
        names, _, file = block.marker.removeprefix("quickstart:").partition("file:")
        words = set(names.split())
        if name not in words or (words & VARIANTS and variant not in words):
            continue
        if file.strip():
            assert EOF_MARK not in block.text
            lines.append(f"cat > {file.strip()} <<'{EOF_MARK}'\n{block.text}{EOF_MARK}")
        else:
            lines.append(block.text.rstrip("\n"))
    return "\n".join(lines) + "\n"


def run(name: str, directory: Path, timeout: float = 900) -> str:
    """Runs the quick start `name` from a clone (the release's dist/ is not built in tests) in
    `directory`, with a PATH of the system's own directories only and a PULUMI_HOME of its
    own; returns what it printed (stdout and stderr). Kills whatever it left running."""
    # `pip install <clone>` builds in the clone and leaves build/ there (ignored by git); a
    # stale build/lib could slip a deleted module into a later wheel, so the test removes
    # the build/ it made.
    build = ROOT / "build"
    built_here = not build.exists()
    path = directory / f"quickstart-{name}.sh"
    path.write_text(script(name))
    env = {key: value for key, value in os.environ.items() if PASSED_ON.match(key)}
    env.update(
        PATH="/usr/bin:/bin",
        HOME=os.environ["HOME"],  # the caches of pip, npm and scripts/install-pulumi
        PULUMI_HOME=str(directory / "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK="true",
        PROTON_CHECKOUT=str(ROOT),
    )
    process = subprocess.Popen(
        ["bash", str(path)],
        cwd=directory,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the emulator, if a step failed
        process.wait()
        if built_here:
            shutil.rmtree(build, ignore_errors=True)
    assert process.returncode == 0, f"quick start {name} failed:\n{output[-6000:]}"
    return output
