"""Concurrency: 50 connections and their 50 accepters in one stack, `pulumi up --parallel 16`,
in both forms (dynamic resources, plugin).

Every connection is created and accepted, each exactly once. In the dynamic form, the
provider host also builds one Proton client per account and region (environment account, and
the management account through AssumeRole), however many of the host's worker threads ask
for one at the same moment. That host is Pulumi's own `python -m pulumi.dynamic`, run through
bench/host.py, which only counts the botocore clients built and reads the provider's cache
statistics when the host exits. The plugin's accepters share one explicit provider that
assumes the management role.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench import host
from tests.constants import MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator
from tests.reliability.forms import Form, FormStacks
from tests.reliability.support import assert_exactly_recorded, quiet, recorded_ids

pytestmark = pytest.mark.e2e

COUNT = 50
PARALLEL = 16
LATENCY_MS = 20
REPO = Path(__file__).resolve().parents[2]


def host_reports(directory: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def test_fifty_connections_and_accepters_in_parallel_are_each_made_once(
    form: Form, form_stack: FormStacks, emulator: Emulator, tmp_path: Path, figures: Counter[str]
):
    reports = tmp_path / "host-reports"
    reports.mkdir()
    host_env = None
    if form.name == "dynamic":
        host_env = {
            "PULUMI_PYTHON_CMD": str(host.wrapper(tmp_path)),
            "BENCH_HOST_REPORT": str(reports),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
    stack = form_stack(form.handshakes(COUNT, MANAGEMENT_ROLE), env=host_env)

    # A little latency per Proton call, so that the emulator can count how many calls each
    # form really has in flight at once (it counts calls inside their injected latency).
    emulator.control.faults(latency_ms=LATENCY_MS)
    result = stack.up(parallel=PARALLEL)
    most_in_flight = emulator.control.most_in_flight()
    quiet(emulator)

    created = 2 * COUNT + 1 + form.explicit_providers()
    assert result.summary.resource_changes == {"create": created}
    assert_exactly_recorded(emulator, recorded_ids(stack), COUNT)
    statuses = Counter(c["status"] for c in emulator.connections())
    assert statuses == {"CONNECTED": COUNT}
    calls = emulator.proton_calls()
    assert calls["CreateEnvironmentAccountConnection"] == COUNT
    assert calls["AcceptEnvironmentAccountConnection"] == COUNT
    figures[f"connections created and accepted with --parallel 16 ({COUNT} per stack)"] += COUNT
    assert 1 <= most_in_flight <= PARALLEL
    figures[f"most Proton calls in flight at once ({LATENCY_MS} ms per call)"] = most_in_flight
    if form.name == "plugin":
        return

    [up_host] = [r for r in host_reports(reports) if r["counts"].get("provider.create")]
    assert up_host["counts"]["provider.create"] == 2 * COUNT
    # One Proton client per account and region: the environment account's, and the management
    # account's (assumed role); STS clients only serve the AssumeRole behind the latter.
    assert up_host["cache"]["by_service"] == {"proton": 2}
    assert up_host["counts"]["client proton"] == 2
    figures["most provider calls in flight at once in the host"] = up_host["most_concurrent_calls"]
