"""The end-to-end suite's core cases again, with the state in Pulumi's S3 backend.

A platform team keeps its stacks' state in a shared bucket, not on one machine's disk. Here
the bucket is in the emulator's own S3 (moto's), on the same port as Proton:
`s3://pulumi-state?endpoint=127.0.0.1:PORT&disableSSL=true&s3ForcePathStyle=true&...`.

The test functions are the file-backend ones, imported unchanged: pytest collects them in
this module too, where `make_stack` below puts every stack's state in the bucket. After each
one, the bucket must hold the stack's checkpoint (with its backup copy and history) and no
lock: what a finished command leaves, against which tests/reliability/test_crash.py (its S3
cases) compares what a killed one leaves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator, S3State, StackFactory, stack_factory

# The core cases, one per kind of state write: create then a no-op up and preview, update in
# place, replace, refresh after an outside delete, the two-account handshake, destroy.
from tests.e2e.test_accepter_e2e import test_one_up_creates_and_accepts
from tests.e2e.test_connection_e2e import (
    test_changing_environment_name_replaces,
    test_changing_role_arn_updates_in_place,
    test_destroy_leaves_the_emulator_empty,
    test_refresh_drops_a_connection_deleted_outside_pulumi_and_up_recreates_it,
    test_second_up_and_preview_change_nothing,
)

pytestmark = pytest.mark.e2e

__all__ = [
    "test_changing_environment_name_replaces",
    "test_changing_role_arn_updates_in_place",
    "test_destroy_leaves_the_emulator_empty",
    "test_one_up_creates_and_accepts",
    "test_refresh_drops_a_connection_deleted_outside_pulumi_and_up_recreates_it",
    "test_second_up_and_preview_change_nothing",
]


@pytest.fixture
def made() -> list[str]:
    """Names of the stacks the test made."""
    return []


@pytest.fixture
def make_stack(
    pulumi_cli: str, emulator: Emulator, tmp_path: Path, s3_state: S3State, made: list[str]
) -> StackFactory:
    """Stacks whose state is in the emulator's S3 bucket (all of a test's in one bucket)."""

    def backend(name: str) -> str:
        made.append(name)
        return s3_state.url

    return stack_factory(emulator, tmp_path, backend)


@pytest.fixture(autouse=True)
def state_is_in_the_bucket(s3_state: S3State, made: list[str]) -> Iterator[None]:
    yield
    assert made, "the test made no stack"
    keys = s3_state.keys()
    assert ".pulumi/meta.yaml" in keys
    for name in made:
        checkpoint = s3_state.checkpoint("e2e", name)["checkpoint"]
        assert checkpoint["stack"] == f"organization/e2e/{name}"
        assert not checkpoint["latest"].get("pending_operations")
        assert f".pulumi/stacks/e2e/{name}.json.bak" in keys
        assert any(key.startswith(f".pulumi/history/e2e/{name}/") for key in keys)
    assert s3_state.locks() == [], "a finished command left its lock in the bucket"
    # S3 keeps an object's metadata with the object: no sidecar files as on a file backend.
    assert not [key for key in keys if key.endswith(".attrs")]
