"""Fixtures of the emulator's conformance suite.

`api` runs each test twice: against `proton_mock()` in process, and against an
`EmulatorServer` over HTTP (one per session, reset before every test). Its clients are real
boto3 clients whose every response is checked against botocore's output shapes
(tests/emulator/shapes.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, NotRequired, TypedDict

import boto3
import pytest
from botocore.config import Config

from provider.testing import CONTROL, EmulatorControl, EmulatorServer, Faults, proton_mock
from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, REGION, ROLE
from tests.emulator import shapes

OTHER_REGION = "us-west-2"
ENV = ENVIRONMENT_ACCOUNT  # moto's default account: static credentials act in it
MGMT = MANAGEMENT_ACCOUNT
STRANGER = "222222222222"
CODEBUILD_ROLE = f"arn:aws:iam::{ENV}:role/ProtonCodeBuild"
COMPONENT_ROLE = f"arn:aws:iam::{ENV}:role/ProtonComponent"
# The services the conformance suite calls (boto3-stubs types `client` per service name).
Service = Literal["proton", "sts", "iam"]


class Credentials(TypedDict):
    """Keyword arguments of `boto3.client` that pick the credentials to act with."""

    aws_access_key_id: str
    aws_secret_access_key: str
    aws_session_token: NotRequired[str]


STATIC_CREDENTIALS: Credentials = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
}

UNCHECKED = Config(parameter_validation=False, retries={"mode": "standard", "max_attempts": 1})
# One botocore session for every client: a new session costs ~0.1 s, a client from it ~5 ms.
_SESSION = boto3.Session(region_name=REGION)


@pytest.fixture(autouse=True)
def aws_environment(aws_environment: None) -> None:
    """The suite-wide clean AWS environment (tests/conftest.py), for every test here."""


class Api:
    """The emulator as a test sees it, in one of its two modes."""

    def __init__(self, mode: str, url: str | None) -> None:
        self.mode = mode
        self.url = url
        self.seen: set[str] = set()
        """Operations whose successful responses were checked against their shapes."""
        self._credentials: dict[str, Credentials] = {ENV: STATIC_CREDENTIALS}
        self._clients: dict[tuple[Any, ...], Any] = {}

    def credentials(self, account: str) -> Credentials:
        """Credentials that act in `account`: static ones for the default account, from STS
        AssumeRole for any other."""
        if account not in self._credentials:
            sts = self.client("sts")
            issued = sts.assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/EmulatorTest", RoleSessionName="tests"
            )["Credentials"]
            self._credentials[account] = {
                "aws_access_key_id": issued["AccessKeyId"],
                "aws_secret_access_key": issued["SecretAccessKey"],
                "aws_session_token": issued["SessionToken"],
            }
        return self._credentials[account]

    def client(
        self,
        service: Service = "proton",
        account: str = ENV,
        region: str = REGION,
        config: Config | None = None,
    ) -> Any:
        """A boto3 client acting in `account`; Proton clients check every response."""
        key = (service, account, region, id(config))
        if key not in self._clients:
            credentials = STATIC_CREDENTIALS if service == "sts" else self.credentials(account)
            client = _SESSION.client(
                service, region_name=region, endpoint_url=self.url, config=config, **credentials
            )
            self._clients[key] = shapes.attach(client, self.seen) if service == "proton" else client
        return self._clients[key]

    def raw_client(self, account: str = ENV, region: str = REGION) -> Any:
        """A Proton client that skips botocore's own parameter checks, so the emulator's
        are the ones tested."""
        return self.client(account=account, region=region, config=UNCHECKED)

    def calls(self) -> dict[str, int]:
        if self.url is None:
            return dict(CONTROL.calls)
        return EmulatorControl(self.url).calls()

    def most_in_flight(self) -> int:
        if self.url is None:
            return CONTROL.most_in_flight
        return EmulatorControl(self.url).most_in_flight()

    def faults(self, **settings: Any) -> None:
        if self.url is None:
            CONTROL.set_faults(Faults(**settings))
        else:
            EmulatorControl(self.url).faults(**settings)


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server


@pytest.fixture(params=["in_process", "server"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    if request.param == "in_process":
        with proton_mock():
            yield Api("in_process", None)
    else:
        server: EmulatorServer = request.getfixturevalue("emulator_server")
        EmulatorControl(server.url).reset()
        yield Api("server", server.url)
        EmulatorControl(server.url).reset()


@pytest.fixture
def server_api(emulator_server: EmulatorServer) -> Iterator[Api]:
    """Only the server mode, for what only a server has (control endpoints, concurrency)."""
    control = EmulatorControl(emulator_server.url)
    control.reset()
    yield Api("server", emulator_server.url)
    control.reset()


def create(proton: Any, environment_name: str = "prod", **params: Any) -> dict[str, Any]:
    """Creates a connection from the environment account to MGMT; returns it."""
    params = {"managementAccountId": MGMT, "roleArn": ROLE, **params}
    made: dict[str, Any] = proton.create_environment_account_connection(
        environmentName=environment_name, **params
    )["environmentAccountConnection"]
    return made


def list_all(proton: Any, requested_by: str = "ENVIRONMENT_ACCOUNT", **filters: Any) -> list[Any]:
    pages = proton.get_paginator("list_environment_account_connections").paginate(
        requestedBy=requested_by, **filters
    )
    return [c for page in pages for c in page["environmentAccountConnections"]]


def tags_of(proton: Any, arn: str) -> dict[str, str]:
    pages = proton.get_paginator("list_tags_for_resource").paginate(resourceArn=arn)
    return {t["key"]: t["value"] for page in pages for t in page["tags"]}


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    """The error code and message of a call that must fail."""
    from botocore.exceptions import ClientError

    try:
        call(**params)
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__}({params}) succeeded")
