"""One version, one place: pyproject's ``version`` is what the plugin reports, the schema
says, every generated SDK carries and CHANGELOG.md's newest entry is."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from provider.plugin.package import VERSION, schema

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_version(path: Path) -> str:
    version: str = tomllib.loads(path.read_text())["project"]["version"]
    return version


def test_the_installed_package_is_pyprojects_version():
    assert _pyproject_version(ROOT / "pyproject.toml") == VERSION


def test_the_schema_and_every_sdk_carry_it():
    sdk = ROOT / "sdk"
    found = {
        "schema": schema()["version"],
        "sdk/python": _pyproject_version(sdk / "python" / "pyproject.toml"),
        "sdk/python plugin": json.loads(
            (sdk / "python" / "proton_connections" / "pulumi-plugin.json").read_text()
        )["version"],
        "sdk/nodejs": json.loads((sdk / "nodejs" / "package.json").read_text())["version"],
        "sdk/go plugin": json.loads((sdk / "go" / "proton" / "pulumi-plugin.json").read_text())[
            "version"
        ],
    }
    assert found == dict.fromkeys(found, VERSION)


def test_the_changelog_tops_with_it():
    headings = re.findall(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings, "CHANGELOG.md has no release entry"
    assert headings[0] == VERSION
    assert len(headings) == len(set(headings))
