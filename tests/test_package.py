"""The package as users get it: `pip install <the release's wheel>[testing]` (make dist) into
a fresh virtualenv, outside the checkout, is all a Pulumi program needs for the whole
handshake, and it installs the plugin executable.

The end-to-end tests run the pinned engine's CLI as a user would (tests/engine.py), so they
skip locally and fail under CI when the engine is missing, like the other end-to-end tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.engine import PulumiProject
from tests.release.dist import Release

CHECKOUT = Path(__file__).resolve().parents[1]
PIP_TIMEOUT = 900


def pins() -> dict[str, str]:
    """requirements.txt as {canonical name: pinned version}."""
    pinned: dict[str, str] = {}
    for line in (CHECKOUT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"requirements.txt must pin exactly: {line}"
            pinned[canonicalize_name(requirement.name)] = specifier.version
    return pinned


def declared() -> list[Requirement]:
    """The runtime dependencies and the `testing` extra that pyproject.toml declares."""
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["testing"]
    return [Requirement(line) for line in lines]


def test_requirements_txt_pins_a_version_in_every_declared_range():
    # The Makefile installs requirements.txt, users get the ranges: both must name one set.
    pinned = pins()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"requirements.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pinned[name]), (
            f"requirements.txt pins {name}=={pinned[name]}, outside pyproject's {requirement}"
        )


@dataclass
class Installed:
    """A virtualenv that holds the project as `pip install <wheel>[testing]` leaves it."""

    venv: Path
    engine_bin: Path  # the pinned engine's, to run `pulumi` with
    seconds: float  # how long creating the virtualenv and installing took
    reported: bool = False  # whether a test has printed `seconds` yet

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def site_packages(self) -> Path:
        return self.venv / "lib"

    def project(self, directory: Path) -> PulumiProject:
        """A Pulumi project in `directory` whose engine finds only the pinned engine's bin,
        this virtualenv's bin (so `python3` is this virtualenv's) and /usr/bin, /bin."""
        return PulumiProject(directory, self.engine_bin, [self.bin])


@pytest.fixture(scope="module")
def installed_once(
    engine_bin: Path, release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Installed:
    """Installs the release's wheel, with its `testing` extra, into a fresh virtualenv.

    Asks for `engine_bin` first, so that a machine without the engine skips, or under CI
    fails, before spending the install.

    requirements.txt serves as pip's constraints: the virtualenv gets the versions the rest of
    the suite tests, yet what is installed still comes from the wheel's declarations alone (a
    constraint installs nothing), and pip fails if a pin falls outside a declared range. pip's
    cache is left on, so a rerun reuses the wheels it stored.
    """
    root = tmp_path_factory.mktemp("installed")
    constraints = root / "constraints.txt"
    # pip refuses extras in a constraints file: `moto[server]==5.2.5` constrains `moto`.
    constraints.write_text("".join(f"{name}=={version}\n" for name, version in pins().items()))
    venv = root / "venv"

    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=PIP_TIMEOUT)
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--constraint",
            str(constraints),
            f"{release.wheel}[testing]",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT,
    )
    seconds = time.monotonic() - started
    assert install.returncode == 0, f"pip install failed:\n{install.stdout}\n{install.stderr}"
    return Installed(venv=venv, engine_bin=engine_bin, seconds=seconds)


@pytest.fixture
def installed(installed_once: Installed, capsys: pytest.CaptureFixture[str]) -> Installed:
    """The installed virtualenv; the first test to use it prints how long the install took."""
    if not installed_once.reported:
        installed_once.reported = True
        with capsys.disabled():
            print(f"\n[test_package] venv + pip install: {installed_once.seconds:.1f}s", end=" ")
    return installed_once


PROBE = """
import json, provider, provider.testing
print(json.dumps({"provider": provider.__file__, "testing": provider.testing.__file__}))
"""

PROGRAM = f"""
import pulumi
import provider
from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter

conn = EnvironmentAccountConnection(
    "conn",
    environment_name="prod",
    management_account_id="{MANAGEMENT_ACCOUNT}",
    role_arn="arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonEnvironment",
    tags={{"installed": "yes"}},
)
accepted = EnvironmentAccountConnectionAccepter(
    "accept", connection_id=conn.id, aws=AwsSettings(assume_role_arn="{MANAGEMENT_ROLE}")
)
pulumi.export("id", conn.id)
pulumi.export("status", accepted.status)
pulumi.export("provider_file", provider.__file__)
"""


@pytest.mark.e2e
def test_installed_package_runs_a_stack_from_outside_the_checkout(
    installed: Installed, tmp_path: Path
):
    # `-I`: neither the working directory nor PYTHON* variables may supply `provider`.
    probe = subprocess.run(
        [installed.python, "-I", "-c", PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    for name, file in json.loads(probe.stdout).items():
        assert Path(file).is_relative_to(installed.site_packages), f"{name} came from {file}"

    # The emulator, served by the installed package (its `testing` extra), from outside the
    # checkout.
    with Emulator(str(installed.python), cwd=str(tmp_path)) as emulator:
        project = installed.project(tmp_path / "project")
        project.env.update(emulator.env())
        project.write(
            "Pulumi.yaml",
            "name: installed\n"
            "runtime:\n"
            "  name: python\n"
            "  options:\n"
            f"    virtualenv: {installed.venv}\n",
        )
        project.write("__main__.py", PROGRAM)

        outputs = project.up()

        assert Path(outputs["provider_file"]).is_relative_to(installed.site_packages)
        assert outputs["status"] == "CONNECTED"
        (connection,) = emulator.connections()
        assert connection["id"] == outputs["id"]
        assert connection["environmentName"] == "prod"
        assert connection["managementAccountId"] == MANAGEMENT_ACCOUNT
        assert connection["status"] == "CONNECTED"


@pytest.mark.e2e
def test_installed_package_provides_the_plugin_executable(installed: Installed, tmp_path: Path):
    plugin = installed.bin / "pulumi-resource-proton"
    assert plugin.is_file() and os.access(plugin, os.X_OK), f"no executable {plugin}"

    schema = json.loads(
        installed.project(tmp_path / "schema").pulumi("package", "get-schema", str(plugin))
    )

    assert schema["name"] == "proton"
    assert {
        "proton:index:EnvironmentAccountConnection",
        "proton:index:EnvironmentAccountConnectionAccepter",
    } <= set(schema["resources"])
