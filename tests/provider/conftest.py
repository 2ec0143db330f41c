"""Fixtures of the provider's in-process tests: a clean AWS environment and stack config."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi.dynamic import Config

from provider import clients, settings
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
def aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[None]:
    """Static test credentials and a region in the environment; no config file, no metadata
    service; an empty stack config and client cache before and after each test."""
    # AWS_DATA_PATH too: importing awscli (tests/emulator runs the CLI in process) sets it.
    unset = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_DATA_PATH")
    for name in unset:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    configure()
    clients.clear_cache()
    yield
    configure()
    clients.clear_cache()


@pytest.fixture
def stack_config() -> Callable[..., None]:
    """Sets the stack's raw config as the provider host would (e.g. {"aws:region": ...})."""
    return configure
