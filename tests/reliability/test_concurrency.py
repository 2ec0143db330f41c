"""Concurrency: 50 connections and their 50 accepters in one stack, `pulumi up --parallel 16`.

Every connection is created and accepted, and the provider host builds one Proton client per
account and region (environment account, and the management account through AssumeRole),
however many of the host's worker threads ask for one at the same moment. The host is
Pulumi's own `python -m pulumi.dynamic`, run through bench/host.py, which only counts the
botocore clients built and reads the provider's cache statistics when the host exits.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench import host
from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter
from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator, StackFactory
from tests.reliability.support import ROLE, assert_exactly_recorded, recorded_ids

pytestmark = pytest.mark.e2e

COUNT = 50
REPO = Path(__file__).resolve().parents[2]


def program() -> None:
    for i in range(COUNT):
        connection = EnvironmentAccountConnection(
            f"conn-{i}",
            environment_name=f"env-{i}",
            management_account_id=MANAGEMENT_ACCOUNT,
            role_arn=ROLE,
        )
        EnvironmentAccountConnectionAccepter(
            f"accept-{i}",
            connection_id=connection.id,
            aws=AwsSettings(assume_role_arn=MANAGEMENT_ROLE),
        )


def host_reports(directory: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def test_fifty_connections_in_parallel_share_one_client_per_account_and_region(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path, figures: Counter[str]
):
    reports = tmp_path / "host-reports"
    reports.mkdir()
    stack = make_stack(
        program,
        env={
            "PULUMI_PYTHON_CMD": str(host.wrapper(tmp_path)),
            "BENCH_HOST_REPORT": str(reports),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        },
    )

    result = stack.up(parallel=16)

    assert result.summary.resource_changes == {"create": 2 * COUNT + 1}
    assert_exactly_recorded(emulator, recorded_ids(stack), COUNT)
    statuses = Counter(c["status"] for c in emulator.connections())
    assert statuses == {"CONNECTED": COUNT}
    calls = emulator.proton_calls()
    assert calls["CreateEnvironmentAccountConnection"] == COUNT
    assert calls["AcceptEnvironmentAccountConnection"] == COUNT

    [up_host] = [r for r in host_reports(reports) if r["counts"].get("provider.create")]
    assert up_host["counts"]["provider.create"] == 2 * COUNT
    # One Proton client per account and region: the environment account's, and the management
    # account's (assumed role); STS clients only serve the AssumeRole behind the latter.
    assert up_host["cache"]["by_service"] == {"proton": 2}
    assert up_host["counts"]["client proton"] == 2
    figures[f"connections created and accepted with --parallel 16 ({COUNT} per stack)"] += COUNT
    figures["most provider calls in flight at once in the host"] = up_host["most_concurrent_calls"]
