"""Drift: connections deleted, rejected, re-tagged and re-roled outside Pulumi.

`pulumi refresh` must detect each change, and the next `pulumi up` must repair it, or say
clearly what it cannot repair (a connection the management account rejected cannot be
brought back; Proton only lets the environment account ask again).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, ROLE
from tests.e2e import programs
from tests.e2e.conftest import Emulator, StackFactory
from tests.reliability.support import recorded_ids

pytestmark = pytest.mark.e2e

OTHER_ROLE = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/Intruder"
TAGS = {"team": "platform"}


def outputs_of(stack, name: str) -> dict[str, Any] | None:
    for r in stack.export_stack().deployment["resources"]:
        if r["urn"].endswith(f"::{name}"):
            outputs: dict[str, Any] = r["outputs"]
            return outputs
    return None


def live(emulator: Emulator, conn_id: str) -> dict[str, Any]:
    proton = emulator.client()
    conn: dict[str, Any] = proton.get_environment_account_connection(id=conn_id)[
        "environmentAccountConnection"
    ]
    tags = proton.list_tags_for_resource(resourceArn=conn["arn"])["tags"]
    return {**conn, "tags": {t["key"]: t["value"] for t in tags}}


def test_refresh_detects_each_drift_and_up_repairs_it(
    make_stack: StackFactory, emulator: Emulator, figures: Counter[str]
):
    stack = make_stack(
        programs.connections(4, management_account_id=MANAGEMENT_ACCOUNT, role_arn=ROLE, tags=TAGS)
    )
    stack.up()
    ids = recorded_ids(stack)
    deleted, rejected, retagged, reroled = (ids[f"conn-{i}"] for i in range(4))

    proton = emulator.client()
    proton.delete_environment_account_connection(id=deleted)
    emulator.client(role_arn=MANAGEMENT_ROLE).reject_environment_account_connection(id=rejected)
    arn = live(emulator, retagged)["arn"]
    proton.untag_resource(resourceArn=arn, tagKeys=["team"])
    proton.tag_resource(resourceArn=arn, tags=[{"key": "owner", "value": "intruder"}])
    proton.update_environment_account_connection(id=reroled, roleArn=OTHER_ROLE)

    refreshed = stack.refresh()

    assert refreshed.summary.resource_changes == {"delete": 1, "update": 3, "same": 1}
    assert outputs_of(stack, "conn-0") is None
    assert (outputs_of(stack, "conn-1") or {})["status"] == "REJECTED"
    assert (outputs_of(stack, "conn-2") or {})["tags"] == {"owner": "intruder"}
    assert (outputs_of(stack, "conn-3") or {})["role_arn"] == OTHER_ROLE
    figures["drifts detected by refresh (deleted, rejected, re-tagged, re-roled)"] += 4

    repaired = stack.up()

    after = recorded_ids(stack)
    assert after["conn-2"] == retagged and after["conn-3"] == reroled
    assert live(emulator, retagged)["tags"] == TAGS
    assert live(emulator, reroled)["roleArn"] == ROLE
    assert after["conn-0"] != deleted
    assert live(emulator, after["conn-0"])["environmentName"] == "env-0"
    # A rejected connection cannot be accepted again: the provider replaces it with a new
    # request for the same environment, which the management account can then accept.
    assert after["conn-1"] != rejected
    assert live(emulator, after["conn-1"])["status"] == "PENDING"
    assert repaired.summary.resource_changes == {"create": 1, "replace": 1, "update": 2, "same": 1}
    assert sorted(c["id"] for c in emulator.connections()) == sorted(after.values())
    assert stack.preview().change_summary == {"same": 5}
    figures["drifts repaired by the next up"] += 4
