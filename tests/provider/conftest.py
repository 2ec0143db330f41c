"""Fixtures of the provider's in-process tests: a clean AWS environment and stack config."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from pulumi.dynamic import Config

from provider import clients, settings
from provider.testing import proton_mock
from tests.constants import MANAGEMENT_ACCOUNT, REGION, ROLE

BASE: dict[str, Any] = {
    "environment_name": "prod",
    "management_account_id": MANAGEMENT_ACCOUNT,
    "role_arn": ROLE,
}


def configure(**raw: Any) -> None:
    """What the dynamic-provider host does: configure with the stack's raw config."""
    settings.configure(Config(raw_config=raw, project_name="test"))


@pytest.fixture(autouse=True)
def aws_environment(aws_environment: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The suite-wide clean AWS environment (tests/conftest.py), without AWS_DATA_PATH
    (importing awscli, as tests/emulator does in process, sets it), and an empty stack config
    and client cache before and after each test."""
    monkeypatch.delenv("AWS_DATA_PATH", raising=False)
    configure()
    clients.clear_cache()
    yield
    configure()
    clients.clear_cache()


@pytest.fixture
def proton() -> Iterator[Any]:
    """A boto3 client of the environment account, inside the emulator."""
    with proton_mock():
        yield boto3.client("proton", region_name=REGION)


@pytest.fixture
def proton_client(proton: Any) -> Any:
    """The client that the suite-wide `existing_connection` fixture makes its connection
    with: `proton`'s, inside the same emulator as the test."""
    return proton


@pytest.fixture
def stack_config() -> Callable[..., None]:
    """Sets the stack's raw config as the provider host would (e.g. {"aws:region": ...})."""
    return configure
