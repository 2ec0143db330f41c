"""The AWS CLI (the `awscli` package) as a client: in process under `proton_mock()`, and as
`aws proton ... --endpoint-url` against the server."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from awscli.clidriver import create_clidriver

from tests.constants import REGION, ROLE
from tests.emulator.conftest import ENV, MGMT, Api

AWS = Path(sys.executable).with_name("aws")


def aws(api: Api, *args: str, account: str = ENV) -> tuple[int, Any, str]:
    """Runs `aws <args> --output json` as `account`: the exit status, the parsed output and
    stderr."""
    credentials = api.credentials(account)
    env = {
        "AWS_ACCESS_KEY_ID": credentials["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": credentials["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": REGION,
    }
    if "aws_session_token" in credentials:
        env["AWS_SESSION_TOKEN"] = credentials["aws_session_token"]
    argv = [*args, "--output", "json"]
    if api.url is None:
        status, out, err = _in_process(argv, env)
    else:
        done = subprocess.run(
            [str(AWS), *argv, "--endpoint-url", api.url],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        status, out, err = done.returncode, done.stdout, done.stderr
    return status, json.loads(out) if out.strip() else None, err


def _in_process(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    saved = {name: os.environ.get(name) for name in (*env, "AWS_SESSION_TOKEN")}
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = create_clidriver().main(argv)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return status, out.getvalue(), err.getvalue()


def test_the_cli_creates_lists_accepts_and_deletes(api):
    status, made, err = aws(
        api,
        "proton", "create-environment-account-connection",
        "--environment-name", "prod",
        "--management-account-id", MGMT,
        "--role-arn", ROLE,
        "--tags", "key=team,value=platform",
    )  # fmt: skip
    assert status == 0, err
    connection = made["environmentAccountConnection"]
    assert (connection["status"], connection["environmentAccountId"]) == ("PENDING", ENV)

    status, listed, err = aws(
        api, "proton", "list-environment-account-connections",
        "--requested-by", "MANAGEMENT_ACCOUNT", account=MGMT,
    )  # fmt: skip
    assert status == 0, err
    assert [c["id"] for c in listed["environmentAccountConnections"]] == [connection["id"]]

    status, accepted, err = aws(
        api, "proton", "accept-environment-account-connection", "--id", connection["id"],
        account=MGMT,
    )  # fmt: skip
    assert status == 0, err
    assert accepted["environmentAccountConnection"]["status"] == "CONNECTED"

    status, tags, err = aws(
        api, "proton", "list-tags-for-resource", "--resource-arn", connection["arn"]
    )
    assert status == 0, err
    assert tags["tags"] == [{"key": "team", "value": "platform"}]

    status, _, err = aws(
        api, "proton", "delete-environment-account-connection", "--id", connection["id"]
    )
    assert status == 0, err
    assert (
        api.client().list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")[
            "environmentAccountConnections"
        ]
        == []
    )


def test_the_cli_reports_the_emulators_errors(api):
    missing = "0f0e0d0c-0b0a-4908-8706-050403020100"
    status, _, err = aws(api, "proton", "get-environment-account-connection", "--id", missing)
    assert status == 255  # awscli v1: a service error
    assert "ResourceNotFoundException" in err and missing in err

    status, _, err = aws(
        api,
        "proton", "create-environment-account-connection",
        "--environment-name", "prod",
        "--management-account-id", MGMT,
        "--role-arn", f"arn:aws:iam::{MGMT}:role/NotTheCallers",
    )  # fmt: skip
    assert status == 255  # awscli v1: a service error
    assert "ValidationException" in err and MGMT in err
