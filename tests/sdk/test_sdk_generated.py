"""The committed SDKs (sdk/python, sdk/nodejs, sdk/go) are what `make sdk` generates from the
schema that the plugin serves now: regenerated into a temporary directory, they must be the
same files, byte for byte. When the schema changes, run `make sdk` and commit sdk/."""

from __future__ import annotations

import json
import os
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from provider.plugin.languages import GO_MODULE
from provider.plugin.package import PLUGIN_DOWNLOAD_URL, VERSION
from tests.engine import tool
from tests.sdk.support import PLUGIN, ROOT, SDK, run

pytestmark = pytest.mark.e2e
LANGUAGES = ("python", "nodejs", "go")


def committed_files(directory: Path, ignored: list[str]) -> dict[str, bytes]:
    """The files of an SDK directory, without those its .gitignore leaves out (what installing
    or building it leaves behind: build/, *.egg-info, node_modules/, bin/, ...)."""
    files = {}
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if path.is_file() and not any(
            fnmatch(part, pattern) for part in relative.parts for pattern in ignored
        ):
            files[relative.as_posix()] = path.read_bytes()
    return files


def gitignore(directory: Path) -> list[str]:
    path = directory / ".gitignore"
    lines = path.read_text().splitlines() if path.exists() else []
    return [line.rstrip("/") for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def regenerated(engine_bin: Path, plugin_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    tool("go")
    out = tmp_path_factory.mktemp("sdk")
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(engine_bin), os.environ.get("PATH", "")]),
        "PROTON_PLUGIN": str(plugin_dir / PLUGIN),
        "PULUMI_HOME": str(out / "pulumi-home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }
    run([str(ROOT / "scripts" / "gen-sdk" / "generate"), str(out / "sdk")], ROOT, env)
    return out / "sdk"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_sdk_is_the_generated_one(regenerated: Path, language: str):
    generated = regenerated / language
    ignored = gitignore(generated)
    want = committed_files(generated, ignored)
    have = committed_files(SDK / language, ignored)
    assert want, f"the generator wrote no {language} SDK"
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    changed = sorted(name for name in set(want) & set(have) if want[name] != have[name])
    assert (missing, extra, changed) == ([], [], []), (
        f"sdk/{language} is not what the schema generates (missing {missing}, extra {extra}, "
        f"changed {changed}): run `make sdk`"
    )


def test_the_sdks_are_named_after_this_project():
    # Not in Pulumi's own namespaces: no @pulumi/ scope, no pulumi_ prefix.
    package = json.loads((SDK / "nodejs" / "package.json").read_text())
    pyproject = tomllib.loads((SDK / "python" / "pyproject.toml").read_text())
    module = (SDK / "go" / "go.mod").read_text().splitlines()[0]
    assert package["name"] == "proton-connections"
    assert package["pulumi"] == {
        "resource": True,
        "name": "proton",
        "version": VERSION,
        "server": PLUGIN_DOWNLOAD_URL,
    }
    assert pyproject["project"]["name"] == "proton_connections"
    assert module == f"module {GO_MODULE}"
