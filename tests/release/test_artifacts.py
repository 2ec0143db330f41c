"""The release's files, installed as a new user installs them: from dist/ alone, in fresh
directories and a fresh PULUMI_HOME, with nothing of the checkout on PATH or PYTHONPATH,
against the emulator. (Python's own path, the wheel, is tests/test_package.py.)

- YAML: `pulumi plugin install resource proton V --file <tarball>`, then the handshake with
  an explicit management provider and no `plugins:` section;
- TypeScript: the packed SDK, and the plugin that the engine downloads by itself from the
  schema's pluginDownloadURL (never installed by hand);
- Go: the SDK at its version, from the release's module proxy directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from provider.plugin.languages import GO_MODULE
from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.e2e.conftest import Emulator
from tests.engine import PulumiProject, program_env, tool, yaml_project
from tests.release.dist import PLATFORMS, VERSION, Release

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PLUGIN_DIR = f"resource-proton-v{VERSION}"


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited with {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def test_dist_holds_every_file_with_its_checksum(release: Release):
    files = {
        p.relative_to(release.directory).as_posix()
        for p in release.directory.rglob("*")
        if p.is_file()
    }
    module = f"goproxy/{GO_MODULE}/@v/v{VERSION}"
    assert files == {
        release.wheel.name,
        f"pulumi_proton_connections-{VERSION}.tar.gz",
        *(release.plugin(platform).name for platform in PLATFORMS),
        release.npm_package.name,
        f"proton_connections-{VERSION}-py3-none-any.whl",
        f"proton_connections-{VERSION}.tar.gz",
        f"goproxy/{GO_MODULE}/@v/list",
        *(f"{module}.{kind}" for kind in ("info", "mod", "zip")),
        "schema.json",
        "SHA256SUMS",
    }
    _run(["sha256sum", "--check", "--strict", "SHA256SUMS"], release.directory, dict(os.environ))
    schema = json.loads((release / "schema.json").read_text())
    assert (schema["version"], schema["pluginDownloadURL"]) == (VERSION, release.url)
    # One plugin, named for each platform the engine may look it up by.
    assert len({release.plugin(platform).read_bytes() for platform in PLATFORMS}) == 1
    with tarfile.open(release.plugin()) as plugin:
        names = {Path(name).as_posix() for name in plugin.getnames()} - {"."}
    assert names == {"PulumiPlugin.yaml", "__main__.py", "requirements.txt", release.wheel.name}
    with tarfile.open(release.npm_package) as npm:
        packed = set(npm.getnames())
        package = json.loads(npm.extractfile("package/package.json").read())  # type: ignore[union-attr]
    assert {"package/bin/index.js", "package/bin/index.d.ts"} <= packed
    assert not any(name.endswith(".ts") and not name.endswith(".d.ts") for name in packed)
    assert "scripts" not in package  # installing it runs no compiler
    assert package["pulumi"]["server"] == release.url


@pytest.fixture(scope="module")
def installed_plugin(
    release: Release, engine_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A PULUMI_HOME where `pulumi plugin install --file` installed the release's plugin."""
    project = PulumiProject(tmp_path_factory.mktemp("plugin-install") / "install", engine_bin)
    project.pulumi(
        "plugin", "install", "resource", "proton", VERSION, "--file", str(release.plugin())
    )
    home = Path(project.env["PULUMI_HOME"])
    listed = project.pulumi("plugin", "ls")
    assert re.search(rf"^proton\s+resource\s+{re.escape(VERSION)}\b", listed, re.MULTILINE), listed
    return home


def test_yaml_with_the_installed_plugin(
    installed_plugin: Path, engine_bin: Path, emulator: Emulator, tmp_path: Path
):
    example = (EXAMPLES / "yaml" / "Pulumi.yaml").read_text()
    assert "plugins:" not in example
    env = {**emulator.env(), "PULUMI_HOME": str(installed_plugin)}
    project = yaml_project(engine_bin, tmp_path / "yaml", example, env)
    project.pulumi("config", "set", "environmentName", "prod")
    project.pulumi("config", "set", "roleArn", ROLE)

    outputs = project.up()

    assert outputs["status"] == "CONNECTED"
    managed = emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE)
    assert [(c["id"], c["status"]) for c in managed] == [(outputs["connectionId"], "CONNECTED")]
    project.pulumi("destroy", "--yes")
    assert emulator.connections() == []


def _handshake(command: list[str], work_dir: Path, env: dict[str, str], emulator: Emulator):
    """An example program's `up` and `destroy` (examples/*/automation or main): the
    connection CONNECTED by the management account's provider, then nothing left."""
    work_dir.mkdir()
    config = [
        "environmentName=prod",
        f"managementAccountId={MANAGEMENT_ACCOUNT}",
        f"roleArn={ROLE}",
        f"managementRoleArn={MANAGEMENT_ROLE}",
        'tags={"team": "platform"}',
    ]
    created = json.loads(_run([*command, "up", *config], work_dir, env).strip().splitlines()[-1])
    assert created["outputs"]["status"] == "CONNECTED"
    _run([*command, "destroy"], work_dir, env)
    assert emulator.connections() == []


def test_typescript_sdk_with_the_plugin_the_engine_downloads(
    release: Release, engine_bin: Path, emulator: Emulator, tmp_path: Path
):
    example = EXAMPLES / "typescript"
    project = tmp_path / "typescript"
    project.mkdir()
    for source in [*example.glob("*.ts"), example / "tsconfig.json"]:
        shutil.copy(source, project / source.name)
    manifest = json.loads((example / "package.json").read_text())
    manifest["dependencies"]["proton-connections"] = f"file:{release.npm_package}"
    (project / "package.json").write_text(json.dumps(manifest, indent=4))
    env = program_env(engine_bin, emulator.env(), tmp_path)
    _run([tool("npm"), "install", "--no-audit", "--no-fund"], project, env)
    assert not (project / "node_modules" / "proton-connections" / "scripts").exists()
    _run([tool("node"), "node_modules/typescript/bin/tsc"], project, env)
    home = Path(env["PULUMI_HOME"])
    assert not (home / "plugins" / PLUGIN_DIR).exists()

    _handshake(
        [tool("node"), str(project / "bin" / "automation.js")], tmp_path / "run", env, emulator
    )

    # The engine downloaded the plugin from the schema's pluginDownloadURL and installed it.
    assert (home / "plugins" / PLUGIN_DIR / "PulumiPlugin.yaml").is_file()


def test_go_sdk_at_its_version(
    release: Release, installed_plugin: Path, engine_bin: Path, emulator: Emulator, tmp_path: Path
):
    example = EXAMPLES / "go"
    project = tmp_path / "go"
    project.mkdir()
    for name in ("main.go", "handshake.go"):
        shutil.copy(example / name, project / name)
    go_mod = (example / "go.mod").read_text()
    go_mod = re.sub(rf"^replace {GO_MODULE} => .*\n", "", go_mod, flags=re.MULTILINE)
    go_mod = re.sub(rf"{GO_MODULE} v\S+", f"{GO_MODULE} v{VERSION}", go_mod)
    (project / "go.mod").write_text(go_mod)
    shutil.copy(example / "go.sum", project / "go.sum")
    env = program_env(engine_bin, emulator.env(), tmp_path)
    upstream = _run([tool("go"), "env", "GOPROXY"], project, env).strip()
    cache = _run([tool("go"), "env", "GOMODCACHE"], project, env).strip()
    env.update(
        # A module cache of the test's own: the machine's may hold another build of this
        # version (a module version is immutable once fetched). The machine's cache serves
        # the other modules, as a proxy, so nothing is downloaded again.
        GOMODCACHE=str(tmp_path / "gomodcache"),
        GOPROXY=f"file://{release.goproxy},file://{cache}/cache/download,{upstream}",
        GONOSUMDB=GO_MODULE,
        GOFLAGS="-mod=mod -modcacherw",
        PULUMI_HOME=str(installed_plugin),
    )
    _run([tool("go"), "build", "-o", "example", "."], project, env)
    fetched = _run([tool("go"), "list", "-m", GO_MODULE], project, env)
    assert fetched.split() == [GO_MODULE, f"v{VERSION}"]

    _handshake([str(project / "example")], tmp_path / "run", env, emulator)
