"""Suite-wide set-up."""

import shutil
import subprocess
from pathlib import Path

# Hypothesis's pytest plugin imports this module lazily, in its terminal summary. After an
# Automation API run, that import's assertion rewrite trips CPython 3.11.7's "AST constructor
# recursion depth mismatch" SystemError (python/cpython#106905, pytest-dev/pytest#10763), and pytest
# ends with an internal error. Imported here, up front, there is nothing left to rewrite then.
import hypothesis.internal.observability  # noqa: F401
import pytest

from tests.constants import PULUMI_VERSION
from tests.engine import require


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
