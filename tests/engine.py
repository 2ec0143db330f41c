"""Pulumi projects run by the pinned engine's CLI, as a user runs them.

Each project lives in a temporary directory with its own file backend and PULUMI_HOME, and
runs with a PATH made of the directories a test names plus /usr/bin and /bin, so that what
the engine finds (language hosts, python3) is what the test chose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest


def require(reason: str) -> None:
    """Skips locally; under CI no test may skip, so it fails instead."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"this test needs {reason} (run it through `make test`)")
    pytest.skip(f"needs {reason}; `make test` installs it")


class PulumiProject:
    """A project directory, and the `pulumi` commands a user would run in it."""

    def __init__(self, directory: Path, engine_bin: Path, path: Sequence[Path] = ()) -> None:
        self.directory = directory
        self.pulumi_bin = engine_bin / "pulumi"
        directory.mkdir(parents=True, exist_ok=True)
        home = directory.parent / f"{directory.name}-home"
        state = directory.parent / f"{directory.name}-state"
        state.mkdir(exist_ok=True)
        self.env = {
            "PATH": os.pathsep.join([str(engine_bin), *map(str, path), "/usr/bin", "/bin"]),
            "HOME": str(home),
            "PULUMI_HOME": str(home / ".pulumi"),
            "PULUMI_BACKEND_URL": f"file://{state}",
            "PULUMI_CONFIG_PASSPHRASE": "test",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            # Only what the engine's bin directory holds may run: no plugin downloads.
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }

    def write(self, name: str, text: str) -> Path:
        """Writes a file of the project (`name` relative to its directory)."""
        path = self.directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def pulumi(self, *args: str) -> str:
        """Runs `pulumi --non-interactive ARGS` in the project; fails the test with its output."""
        result = subprocess.run(
            [str(self.pulumi_bin), "--non-interactive", *args],
            cwd=self.directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (
            f"pulumi {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
        return result.stdout

    def up(self) -> dict[str, Any]:
        """`pulumi up` (preview included) on the stack `test`; returns the stack's outputs."""
        self.pulumi("stack", "select", "--create", "test")
        self.pulumi("up", "--yes")
        outputs: dict[str, Any] = json.loads(
            self.pulumi("stack", "output", "--json", "--show-secrets")
        )
        return outputs


def program_env(
    engine_bin: Path, emulator_env: Mapping[str, str], directory: Path
) -> dict[str, str]:
    """The environment of a program that runs itself through its Automation API (the
    TypeScript and Go examples): the pinned engine first on PATH, then node's and go's
    directories and only the system's (no virtualenv, nothing of the checkout), none of the
    caller's PULUMI_* or PYTHON* variables, a file backend and a PULUMI_HOME in `directory`,
    and the emulator's endpoint and environment-account credentials."""
    state = directory / "state"
    state.mkdir()
    tools = {str(Path(path).parent) for name in ("node", "go") if (path := shutil.which(name))}
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PULUMI_", "PYTHON", "VIRTUAL_ENV"))
    }
    return {
        **inherited,
        "PATH": os.pathsep.join([str(engine_bin), *sorted(tools), "/usr/bin", "/bin"]),
        "PULUMI_HOME": str(directory / "pulumi-home"),
        "PULUMI_BACKEND_URL": f"file://{state}",
        "PULUMI_CONFIG_PASSPHRASE": "test",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        **emulator_env,
    }


def tool(name: str) -> str:
    """The path of a command that a test drives (node, npm, go), or a skip (a failure in CI)."""
    path = shutil.which(name)
    if path is None:
        require(f"`{name}` on PATH")
        raise AssertionError("unreachable")
    return path


def yaml_project(
    engine_bin: Path,
    directory: Path,
    program: str,
    env: Mapping[str, str],
    path: Sequence[Path] = (),
) -> PulumiProject:
    """A YAML project of `program` in `directory`, its stack `test` selected, with `env` (the
    emulator's) and `path` (where the plugin is, if not installed) on top of PulumiProject's."""
    if not (engine_bin / "pulumi-language-yaml").exists():
        require("pulumi-language-yaml beside the engine (scripts/install-pulumi builds it)")
    project = PulumiProject(directory, engine_bin, path)
    project.env.update(env)
    project.write("Pulumi.yaml", program)
    project.pulumi("stack", "select", "--create", "test")
    return project
