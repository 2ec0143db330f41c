"""scripts/pulumi-language-python: through the real engine CLI, a project's own virtualenv and
provider plugins shipped as Python directories (PulumiPlugin.yaml), which the engine starts
through the host's RunPlugin, installed from a tarball with `pulumi plugin install` (the
host makes the plugin's virtualenv); the host on its own Python whatever python3 is first on
PATH; and RunPlugin's streaming and cancelling, called over gRPC.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import language_pb2, language_pb2_grpc

from tests.engine import PulumiProject

HOST = Path(__file__).resolve().parents[1] / "scripts" / "pulumi-language-python"

# The site-packages of the virtualenv running the tests, which has pulumi and grpcio.
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
PROJECT_VENV = Path(sys.prefix)

PROGRAM = """\
import sys

import marker  # only the project's virtualenv has it
import pulumi

pulumi.export("marker", marker.VALUE)
pulumi.export("prefix", sys.prefix)
pulumi.export("greeting", pulumi.Config().require_secret("greeting"))
"""

PLUGIN = '''\
"""A provider plugin with one resource type, tiny:index:Echo."""

import json
import os
import sys

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    GetSchemaRequest,
    GetSchemaResponse,
    Provider,
)
from pulumi.provider.experimental.server import main

OUTPUT = {"type": "string"}
SCHEMA = {
    "name": "tiny",
    "version": "0.1.0",
    "resources": {
        "tiny:index:Echo": {
            "inputProperties": {"message": OUTPUT},
            "requiredInputs": ["message"],
            "properties": {"message": OUTPUT, "pid": OUTPUT, "prefix": OUTPUT},
            "required": ["message", "pid", "prefix"],
        }
    },
}


class Tiny(Provider):
    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema=json.dumps(SCHEMA))

    async def create(self, request: CreateRequest) -> CreateResponse:
        facts = {"pid": str(os.getpid()), "prefix": sys.prefix}
        properties = {**request.properties, **{k: PropertyValue(v) for k, v in facts.items()}}
        return CreateResponse(resource_id="echo", properties=properties)

    async def delete(self, request: DeleteRequest) -> None:
        print("deleting", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:], "0.1.0", Tiny())
'''

YAML_PROGRAM_OF_AN_INSTALLED_PLUGIN = """\
name: plugin-user
runtime: yaml
resources:
  echo:
    type: tiny:index:Echo
    properties:
      message: hello
outputs:
  message: ${echo.message}
  pid: ${echo.pid}
  prefix: ${echo.prefix}
"""
YAML_PROGRAM = YAML_PROGRAM_OF_AN_INSTALLED_PLUGIN.replace(
    "runtime: yaml\n",
    "runtime: yaml\nplugins:\n  providers:\n    - name: tiny\n      path: ../plugin\n",
)


def borrowing_venv(path: Path, marker: str) -> Path:
    """A virtualenv with the test run's packages (through a .pth file, instead of a minute of
    pip installs) and a module `marker` of its own. Its python is on no PATH."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = path / "lib" / version / "site-packages"
    (site / "borrowed.pth").write_text(f"{SITE_PACKAGES}\n")
    (site / "marker.py").write_text(f"VALUE = {marker!r}\n")
    return path


def bare_python_bin(directory: Path) -> Path:
    """A directory whose `python3` is the interpreter the virtualenvs are made from: no pulumi."""
    directory.mkdir()
    python = Path(sys.base_prefix) / "bin" / "python3"
    (directory / "python3").symlink_to(python)
    found = subprocess.run([directory / "python3", "-c", "import pulumi"], capture_output=True)
    assert found.returncode != 0, f"{python} has pulumi: this test needs one without"
    return directory


def python_project(tmp_path: Path, engine_bin: Path, path: list[Path]) -> PulumiProject:
    project = PulumiProject(tmp_path / "project", engine_bin, path)
    project.write(
        "Pulumi.yaml",
        "name: own-venv\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n",
    )
    project.write("__main__.py", PROGRAM)
    borrowing_venv(project.directory / "venv", "from the project's venv")
    project.pulumi("stack", "select", "--create", "test")
    project.pulumi("config", "set", "--secret", "greeting", "hi")
    return project


def test_the_program_runs_with_its_virtualenv_when_no_python3_on_path_has_pulumi(
    engine_bin: Path, tmp_path: Path
):
    # This python3 has no pulumi: the host runs on its own Python (install-pulumi's) anyway,
    # and the program with the python of the virtualenv that Pulumi.yaml names.
    project = python_project(tmp_path, engine_bin, [bare_python_bin(tmp_path / "bare")])
    outputs = project.up()
    assert outputs["marker"] == "from the project's venv"
    assert Path(outputs["prefix"]).resolve() == (project.directory / "venv").resolve()
    assert outputs["greeting"] == "hi"  # a secret, from the config the engine passed


def test_the_program_runs_with_its_virtualenv_not_with_the_python_running_the_host(
    engine_bin: Path, tmp_path: Path
):
    # The host runs with the test run's virtualenv, first on PATH, which has no `marker`.
    project = python_project(tmp_path, engine_bin, [PROJECT_VENV / "bin"])
    outputs = project.up()
    assert outputs["marker"] == "from the project's venv"
    assert Path(outputs["prefix"]).resolve() == (project.directory / "venv").resolve()
    assert outputs["greeting"] == "hi"  # a secret, from the config the engine passed


@pytest.mark.parametrize("named", [True, False], ids=["named-venv", "default-venv"])
def test_a_yaml_program_creates_a_resource_through_a_python_plugin_directory(
    engine_bin: Path, tmp_path: Path, named: bool
):
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "__main__.py").write_text(PLUGIN)
    if named:
        borrowing_venv(plugin / "own-venv", "unused")
        options = "\n  options:\n    virtualenv: own-venv"  # relative to the plugin's directory
    else:
        borrowing_venv(plugin / "venv", "unused")  # a plugin's virtualenv unless it names one
        options = ""
    (plugin / "PulumiPlugin.yaml").write_text(f"runtime:\n  name: python{options}\n")
    # No python3 on PATH has pulumi: neither the host nor the plugin needs one.
    project = PulumiProject(tmp_path / "project", engine_bin, [bare_python_bin(tmp_path / "bare")])
    project.write("Pulumi.yaml", YAML_PROGRAM)

    # `pulumi package get-schema` asks the host to InstallDependencies, then runs the plugin.
    schema = json.loads(project.pulumi("package", "get-schema", str(plugin)))
    assert list(schema["resources"]) == ["tiny:index:Echo"]
    outputs = project.up()

    assert outputs["message"] == "hello"
    assert (
        Path(outputs["prefix"]).resolve() == (plugin / ("own-venv" if named else "venv")).resolve()
    )
    # The plugin did not outlive `pulumi up`.
    assert not _alive(int(outputs["pid"]))
    destroyed = project.pulumi("destroy", "--yes", "--skip-preview")
    assert "2 deleted" in destroyed, destroyed  # the resource and the stack


def test_pulumi_plugin_install_makes_the_plugins_virtualenv_and_the_plugin_runs_with_it(
    engine_bin: Path, tmp_path: Path
):
    """A plugin tarball as `make dist` ships one: the engine unpacks it into PULUMI_HOME and
    asks the host to InstallDependencies, which makes `venv` there with the user's python3
    (here one without pulumi) and pip-installs requirements.txt into it: pulumi from PyPI,
    and a wheel shipped in the tarball, named by a path relative to the plugin's directory."""
    source = tmp_path / "tiny"
    source.mkdir()
    (source / "PulumiPlugin.yaml").write_text("runtime: python\n")
    (source / "__main__.py").write_text(PLUGIN)
    wheel = marker_wheel(source)
    (source / "requirements.txt").write_text(f"./{wheel.name}\npulumi=={pulumi_version()}\n")
    tarball = tmp_path / "pulumi-resource-tiny-v0.1.0-linux-amd64.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        for path in source.iterdir():
            archive.add(path, arcname=path.name)
    project = PulumiProject(tmp_path / "project", engine_bin, [bare_python_bin(tmp_path / "bare")])
    project.write("Pulumi.yaml", YAML_PROGRAM_OF_AN_INSTALLED_PLUGIN)

    project.pulumi("plugin", "install", "resource", "tiny", "0.1.0", "--file", str(tarball))

    installed = Path(project.env["PULUMI_HOME"]) / "plugins" / "resource-tiny-v0.1.0"
    venv = installed / "venv"
    found = subprocess.run(
        [venv / "bin" / "python", "-c", "import pulumi; print(pulumi.__file__)"],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(venv)
    shipped = subprocess.run([venv / "bin" / "python", "-c", "import marker; print(marker.VALUE)"])
    assert shipped.returncode == 0, "the wheel shipped in the tarball was not installed"
    outputs = project.up()  # the engine finds the installed plugin by name; no `plugins:`
    assert outputs["message"] == "hello"
    assert Path(outputs["prefix"]).resolve() == venv.resolve()
    assert not _alive(int(outputs["pid"]))


def marker_wheel(directory: Path) -> Path:
    """A wheel (made by hand: a zip with the .dist-info that pip reads) of a module `marker`."""
    files = {
        "marker.py": "VALUE = 'shipped'\n",
        "marker-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: marker\nVersion: 1.0\n",
        "marker-1.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = [
        f"{name},sha256={digest(text.encode())},{len(text.encode())}"
        for name, text in files.items()
    ]
    files["marker-1.0.dist-info/RECORD"] = "\n".join([*record, "marker-1.0.dist-info/RECORD,,"])
    wheel = directory / "marker-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def digest(data: bytes) -> str:
    """A RECORD file's hash: urlsafe base64 of the SHA-256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pulumi_version() -> str:
    """The version of the pulumi package the test run has (the engine's release)."""
    return importlib.metadata.version("pulumi")


def test_pulumi_install_creates_the_virtualenv_that_pulumi_yaml_names(
    engine_bin: Path, tmp_path: Path
):
    project = PulumiProject(tmp_path / "project", engine_bin, [PROJECT_VENV / "bin"])
    project.write(
        "Pulumi.yaml", "name: fresh\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"
    )
    project.write("__main__.py", "import pulumi\n")
    project.pulumi("install")
    assert (project.directory / "venv" / "bin" / "python").exists()


@pytest.fixture
def host() -> Iterator[Any]:
    """The language host started as the engine starts it, and a gRPC client of it."""
    process = subprocess.Popen([sys.executable, str(HOST)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield language_pb2_grpc.LanguageRuntimeStub(channel)
    process.terminate()
    process.wait()


def run_plugin(host: Any, plugin: Path, main: str) -> Any:
    plugin.mkdir()
    (plugin / "__main__.py").write_text(main)
    info = language_pb2.ProgramInfo(
        root_directory=str(plugin), program_directory=str(plugin), entry_point="."
    )
    request = language_pb2.RunPluginRequest(
        pwd=str(plugin.parent), args=["a", "b"], env=["EXTRA=from the engine"], info=info
    )
    return host.RunPlugin(request, timeout=20)


def test_run_plugin_streams_the_plugins_output_then_its_exit_code(host: Any, tmp_path: Path):
    main = (
        "import os, sys, time\n"
        "print(sys.argv[1:], os.getcwd(), os.environ['EXTRA'])\n"
        "print('to stderr', file=sys.stderr)\n"
        "time.sleep(0.5)\n"
        "sys.exit(3)\n"
    )
    responses = list(run_plugin(host, tmp_path / "plugin", main))
    assert responses[-1].exitcode == 3
    assert b"".join(r.stdout for r in responses) == (
        f"['a', 'b'] {tmp_path.resolve()} from the engine\n".encode()
    )
    assert b"".join(r.stderr for r in responses) == b"to stderr\n"


def test_cancelling_run_plugin_stops_the_plugin(host: Any, tmp_path: Path):
    # No flush: the engine reads the port from the first line, so the host runs python -u.
    main = "import os, time\nprint(os.getpid())\ntime.sleep(60)\n"
    call = run_plugin(host, tmp_path / "plugin", main)
    pid = int(next(iter(call)).stdout)
    call.cancel()
    assert not _alive(pid)


def _alive(pid: int, grace: float = 5.0) -> bool:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True
