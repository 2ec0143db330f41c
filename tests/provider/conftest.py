"""Fixtures of the provider's in-process tests: a clean AWS environment and stack config."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi.dynamic import Config

from provider import clients, settings
from tests.constants import MANAGEMENT_ACCOUNT, ROLE

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
def stack_config() -> Callable[..., None]:
    """Sets the stack's raw config as the provider host would (e.g. {"aws:region": ...})."""
    return configure
