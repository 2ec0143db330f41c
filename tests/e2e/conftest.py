"""End-to-end fixtures: the real Pulumi engine (Automation API) against the emulator server.

Each test gets its own stack with a local file backend in a temporary directory (or, through
`stack_factory` and `s3_state`, Pulumi's S3 backend in a bucket of the emulator's own S3).
Programs are inline Python functions; the engine runs the dynamic providers in its own
`python -m pulumi.dynamic` processes, which reach the emulator over HTTP through boto3's
AWS_ENDPOINT_URL, exactly as they would reach AWS.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import boto3
import pytest
from pulumi import automation as auto

from provider.testing import EmulatorProcess
from tests.constants import REGION
from tests.engine import require

# The services the end-to-end tests call (boto3-stubs types `client` per service name).
Service = Literal["proton", "sts", "iam", "s3"]
STATE_BUCKET = "pulumi-state"


@pytest.fixture(scope="session")
def pulumi_cli(engine_bin: Path) -> str:
    """The pinned engine's `pulumi` (tests/conftest.py's `engine_bin` checks its version),
    with the dynamic-provider helper that scripts/install-pulumi puts beside it."""
    if shutil.which("pulumi-resource-pulumi-python") is None:
        require("pulumi-resource-pulumi-python on PATH (installed by scripts/install-pulumi)")
    return str(engine_bin / "pulumi")


class Emulator(EmulatorProcess):
    """The emulator server in a subprocess, as users run it, and what the tests ask of it."""

    def client(self, service: Service = "proton", role_arn: str | None = None) -> Any:
        """A boto3 client of the environment account, or of the account of `role_arn`."""
        session = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        if role_arn is not None:
            creds = session.client("sts", endpoint_url=self.url).assume_role(
                RoleArn=role_arn, RoleSessionName="e2e"
            )["Credentials"]
            session = boto3.Session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
                region_name=REGION,
            )
        return session.client(service, endpoint_url=self.url)

    def connections(
        self, requested_by: str = "ENVIRONMENT_ACCOUNT", role_arn: str | None = None
    ) -> list[dict[str, Any]]:
        proton = self.client(role_arn=role_arn)
        pages = proton.get_paginator("list_environment_account_connections").paginate(
            requestedBy=requested_by
        )
        return [c for page in pages for c in page["environmentAccountConnections"]]

    def proton_calls(self) -> dict[str, int]:
        return self.control.calls()


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    with Emulator() as server:
        yield server


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    emulator_server.control.reset()
    return emulator_server


@pytest.fixture
def proton_client(emulator: Emulator) -> Any:
    """The environment account's Proton client of the emulator server (what the suite-wide
    `existing_connection` fixture makes its connection with)."""
    return emulator.client()


StackFactory = Callable[..., auto.Stack]
BackendOf = Callable[[str], str]
"""Stack name -> the backend URL its state goes to."""


def s3_backend_url(emulator_url: str, bucket: str) -> str:
    """Pulumi's S3 backend on an S3-compatible endpoint over plain HTTP (the emulator's).

    `response_checksum_validation=when_required` keeps the AWS SDK for Go from warning on
    every read that the endpoint sent no checksum (moto does not)."""
    host = urlsplit(emulator_url).netloc
    return (
        f"s3://{bucket}?endpoint={host}&disableSSL=true&s3ForcePathStyle=true"
        f"&region={REGION}&response_checksum_validation=when_required"
    )


class S3State:
    """A bucket of the emulator's S3 holding Pulumi state, as a team shares one in AWS.

    Made after the emulator's reset (which empties moto's S3 too), so one per test."""

    def __init__(self, emulator: Emulator, bucket: str = STATE_BUCKET) -> None:
        self.bucket = bucket
        self.s3 = emulator.client("s3")
        self.s3.create_bucket(Bucket=bucket)
        self.url = s3_backend_url(emulator.url, bucket)

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        body: bytes = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return body

    def locks(self, project: str = "", stack: str = "") -> list[str]:
        """Lock objects: `.pulumi/locks/organization/PROJECT/STACK/<uuid>.json`, one per run."""
        prefix = ".pulumi/locks/organization/" + "".join(
            f"{part}/" for part in (project, stack) if part
        )
        return self.keys(prefix)

    def checkpoint(self, project: str, stack: str) -> dict[str, Any]:
        """The stack's checkpoint object, parsed (`.pulumi/stacks/PROJECT/STACK.json`)."""
        parsed: dict[str, Any] = json.loads(self.read(f".pulumi/stacks/{project}/{stack}.json"))
        return parsed


@pytest.fixture
def s3_state(emulator: Emulator) -> S3State:
    """An empty state bucket in the emulator's S3, made after the emulator's reset."""
    return S3State(emulator)


def file_backend(root: Path) -> BackendOf:
    """A local file backend per stack, in `root`/NAME-state."""

    def backend(name: str) -> str:
        state = root / f"{name}-state"
        state.mkdir()
        return f"file://{state}"

    return backend


def deployment_of(stack: auto.Stack) -> Mapping[str, Any]:
    """The deployment (resources and all) of the stack's exported state."""
    deployment = stack.export_stack().deployment
    assert deployment is not None, "`pulumi stack export` gave no deployment"
    return deployment


def stack_factory(emulator: Emulator, tmp_path: Path, backend: BackendOf) -> StackFactory:
    """Creates stacks of an inline program, their state where `backend` says."""

    def make(
        program: auto.PulumiFn,
        name: str = "e2e",
        config: dict[str, str] | None = None,
        env: dict[str, str] | None = None,
    ) -> auto.Stack:
        work_dir = tmp_path / name
        work_dir.mkdir()
        settings = auto.ProjectSettings(
            name="e2e",
            runtime="python",
            backend=auto.ProjectBackend(url=backend(name)),
        )
        env_vars = {
            **emulator.env(),
            "PULUMI_CONFIG_PASSPHRASE": "e2e",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            **(env or {}),
        }
        stack = auto.create_stack(
            name,
            project_name="e2e",
            program=program,
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir),
                project_settings=settings,
                env_vars=env_vars,
            ),
        )
        for key, value in (config or {}).items():
            stack.set_config(key, auto.ConfigValue(value))
        return stack

    return make


@pytest.fixture
def make_stack(pulumi_cli: str, emulator: Emulator, tmp_path: Path) -> StackFactory:
    """Creates stacks of an inline program, each with its own file backend."""
    return stack_factory(emulator, tmp_path, file_backend(tmp_path))
