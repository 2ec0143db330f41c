"""Suite-wide set-up: the pinned engine, and a clean AWS environment for in-process tests."""

import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

# Hypothesis's pytest plugin imports this module lazily, in its terminal summary. After an
# Automation API run, that import's assertion rewrite trips CPython 3.11.7's "AST constructor
# recursion depth mismatch" SystemError (python/cpython#106905, pytest-dev/pytest#10763), and pytest
# ends with an internal error. Imported here, up front, there is nothing left to rewrite then.
import hypothesis.internal.observability  # noqa: F401
import pytest

from tests.constants import MANAGEMENT_ACCOUNT, PULUMI_VERSION, REGION, ROLE
from tests.engine import require
from tests.release.dist import Release, build, served


@pytest.fixture(scope="session")
def engine_bin() -> Path:
    """The pinned engine's bin directory (scripts/install-pulumi's), found through PATH."""
    path = shutil.which("pulumi")
    if path is None:
        require("the pinned Pulumi CLI on PATH")
        raise AssertionError("unreachable")
    version = subprocess.run([path, "version"], capture_output=True, text=True).stdout.strip()
    if version != PULUMI_VERSION:
        require(f"Pulumi {PULUMI_VERSION} on PATH (found {version} at {path})")
    return Path(path).parent


@pytest.fixture(scope="session")
def release(engine_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Release]:
    """The release's files (scripts/dist, once per session), served on loopback: the schema
    and SDKs name that server as their pluginDownloadURL."""
    directory = tmp_path_factory.mktemp("dist")
    with served(directory) as url:
        yield build(directory, url)


AMBIENT_AWS = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_ENDPOINT_URL",
    "MOTO_ACCOUNT_ID",
)
"""Variables of the machine's own AWS set-up that would change what a test's boto3 does."""


@pytest.fixture
def aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Static test credentials and a region in the environment; no profile, config file,
    endpoint or metadata service, so that nothing of the machine's own AWS set-up reaches a
    test. The suites that run boto3 in process (tests/emulator, tests/provider) use it for
    every test, through an autouse fixture of the same name."""
    for name in AMBIENT_AWS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


ExistingConnection = Callable[..., dict[str, Any]]
"""Makes a connection with boto3, outside Pulumi; returns it as Proton does."""


@pytest.fixture
def existing_connection(proton_client: Any) -> ExistingConnection:
    """A connection that exists before Pulumi sees it (the one to import, adopt or read), made
    with boto3 through the suite's `proton_client` (the emulator server's in the end-to-end
    suites, proton_mock's in process): by default environment `legacy`, from the environment
    account to the management account, role ROLE, tags owner=ops. Keyword arguments are
    CreateEnvironmentAccountConnection's, over those defaults (None leaves one out)."""

    def make(
        environment_name: str = "legacy",
        tags: Mapping[str, str] | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        request = {"managementAccountId": MANAGEMENT_ACCOUNT, "roleArn": ROLE, **params}
        tagged = {"owner": "ops"} if tags is None else tags
        made: dict[str, Any] = proton_client.create_environment_account_connection(
            environmentName=environment_name,
            tags=[{"key": key, "value": value} for key, value in tagged.items()],
            **{key: value for key, value in request.items() if value is not None},
        )["environmentAccountConnection"]
        return made

    return make
