"""Suite-wide set-up."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

# Hypothesis's pytest plugin imports this module lazily, in its terminal summary. After an
# Automation API run, that import's assertion rewrite trips CPython 3.11.7's "AST constructor
# recursion depth mismatch" SystemError (python/cpython#106905, pytest-dev/pytest#10763), and pytest
# ends with an internal error. Imported here, up front, there is nothing left to rewrite then.
import hypothesis.internal.observability  # noqa: F401
import pytest

from tests.constants import PULUMI_VERSION
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
