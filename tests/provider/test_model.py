"""provider/model.py is botocore's, derived by scripts/gen-model; check and diff load no
botocore, and importing the resources and diffing load no pydantic either (each proven in a
fresh interpreter, where nothing else has imported them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_model_module_is_what_gen_model_writes_from_the_installed_botocore():
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-model"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _fresh(code: str, **env: str) -> dict[str, Any]:
    """Runs `code` in a fresh interpreter with a clean AWS environment (plus `env`); the code
    prints one JSON line, which is returned."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, **env)
    ran = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=clean,
    )
    assert ran.returncode == 0, ran.stderr
    result: dict[str, Any] = json.loads(ran.stdout.splitlines()[-1])
    return result


_LOADED = """
    loaded = sorted(m for m in sys.modules if m == "botocore" or m.startswith("botocore."))
    # pydantic's Python layer: check compiles the tables with pydantic-core alone
    python_layer = "pydantic" in sys.modules
"""

DYNAMIC = (
    """
    import json, sys
    import provider

    p = provider.EnvironmentAccountConnectionProvider()
    base = {"environment_name": "prod", "management_account_id": "111111111111",
            "role_arn": "arn:aws:iam::123456789012:role/R", "aws": AWS}
    checked = p.check({}, base)
    assert not checked.failures, checked.failures
    stored = {**base, "arn": "arn:aws:proton:us-east-1:123456789012:"
              "environment-account-connection/0", "status": "PENDING"}
    changed = p.diff("id", stored, {**base, "tags": {"team": "x"}})
    accepter = provider.EnvironmentAccountConnectionAccepterProvider()
    conn_id = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    assert not accepter.check({}, {"connection_id": conn_id, "aws": AWS}).failures
    given = {"connection_id": conn_id, "aws": AWS}
    accepter.diff(conn_id, given, given)
"""
    + _LOADED
    + """
    print(json.dumps({"loaded": loaded, "changes": changed.changes, "pydantic": python_layer}))
"""
)

PLUGIN = (
    """
    import asyncio, json, sys
    from pulumi.provider.experimental import provider as sdk
    from provider.plugin.operations import ProtonProvider
    from provider.plugin.package import CONNECTION_TOKEN
    from provider.plugin.values import property_value

    def values(**props):
        return {key: property_value(value) for key, value in props.items()}

    async def main():
        p = ProtonProvider()
        if CONFIG:
            await p.configure(sdk.ConfigureRequest({}, values(**CONFIG), True, False))
        urn = f"urn:pulumi:dev::p::{CONNECTION_TOKEN}::conn"
        base = {"environmentName": "prod", "managementAccountId": "111111111111",
                "roleArn": "arn:aws:iam::123456789012:role/R"}
        checked = await p.check(sdk.CheckRequest(urn, {}, values(**base), b""))
        assert not checked.failures, checked.failures
        stored = {**base, "arn": "arn:aws:proton:us-east-1:123456789012:"
                  "environment-account-connection/0", "status": "PENDING"}
        diff = await p.diff(sdk.DiffRequest(urn, "id", values(**stored),
                                            values(**base, tags={"team": "x"}), []))
        return diff.diffs

    diffs = asyncio.run(main())
"""
    + _LOADED
    + """
    print(json.dumps({"loaded": loaded, "changes": diffs, "pydantic": python_layer}))
"""
)


@pytest.mark.parametrize(
    ("aws", "env"),
    [
        ({"region": "eu-west-1"}, {}),  # the resource's own region
        (None, {"AWS_DEFAULT_REGION": "us-east-1"}),  # botocore's environment variable
    ],
    ids=["own-region", "environment-region"],
)
def test_dynamic_import_check_and_diff_load_neither_botocore_nor_pydantic(aws, env):
    result = _fresh(f"AWS = {aws!r}\n" + textwrap.dedent(DYNAMIC), **env)
    assert result["loaded"] == []
    assert result["pydantic"] is False
    assert result["changes"] is True


@pytest.mark.parametrize(
    ("config", "env"),
    [
        ({"region": "eu-west-1"}, {}),  # proton:region
        ({}, {"AWS_DEFAULT_REGION": "us-east-1"}),
    ],
    ids=["configured-region", "environment-region"],
)
def test_check_and_diff_of_the_plugin_load_neither_botocore_nor_pydantic(config, env):
    result = _fresh(f"CONFIG = {config!r}\n" + textwrap.dedent(PLUGIN), **env)
    assert result["loaded"] == []
    assert result["pydantic"] is False
    assert "tags" in result["changes"]


def test_diff_without_any_region_asks_botocore_and_still_answers():
    # No region anywhere: Where.place asks botocore's chain (which finds none), and the diff
    # goes on (create reports the missing region).
    result = _fresh("AWS = None\n" + textwrap.dedent(DYNAMIC))
    assert "botocore.session" in result["loaded"]


def test_importing_the_resources_and_diffing_load_no_pydantic_until_asked():
    code = """
    import json, sys
    from provider import EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter
    from provider.diff import diff
    from provider.schema import CONNECTION_PROPERTIES

    def loaded():
        return sorted(m for m in ("pydantic", "botocore") if m in sys.modules)

    stored = {"environment_name": "prod", "role_arn": "arn:aws:iam::123456789012:role/R"}
    diff = diff(CONNECTION_PROPERTIES, stored, {**stored, "environment_name": "test"})
    after_import_and_diff = loaded()
    from provider import AwsSettings

    print(json.dumps({"before": after_import_and_diff, "after": loaded(),
                      "replaces": diff.replaces, "region": AwsSettings(region="eu-west-1").region}))
    """
    result = _fresh(code)
    assert result["before"] == []
    assert "environment_name" in result["replaces"]
    assert result["after"] == ["pydantic"]  # AwsSettings is a pydantic model (issue 11)
    assert result["region"] == "eu-west-1"
