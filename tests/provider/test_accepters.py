"""EnvironmentAccountConnectionAccepters in process against the emulator: the accepter of a
set of connections (create, update by added and removed ids, refresh, delete), and the list
function's allow-list and ids that feed it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from provider import (
    EnvironmentAccountConnectionAcceptersProvider,
    get_environment_account_connections,
)
from provider.testing import CONTROL, proton_mock
from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, REGION
from tests.provider.test_connection import proton_as

provider = EnvironmentAccountConnectionAcceptersProvider()
AS_MANAGEMENT = {"assume_role_arn": MANAGEMENT_ROLE}
ACCOUNTS = ("210000000001", "210000000002", "210000000003")


@pytest.fixture
def ids() -> Iterator[list[str]]:
    """One PENDING connection requested by each of three environment accounts."""
    with proton_mock():
        made = []
        for account in ACCOUNTS:
            role = f"arn:aws:iam::{account}:role/ProtonEnvironment"
            made.append(
                proton_as(role).create_environment_account_connection(
                    environmentName=f"env-{account[-1]}",
                    managementAccountId=MANAGEMENT_ACCOUNT,
                    roleArn=role,
                )["environmentAccountConnection"]["id"]
            )
        CONTROL.reset()
        yield made


def statuses(ids: list[str]) -> list[str]:
    proton = proton_as(MANAGEMENT_ROLE)
    return [
        proton.get_environment_account_connection(id=i)["environmentAccountConnection"]["status"]
        for i in ids
    ]


def props(conn_ids: list[str], **more: Any) -> dict[str, Any]:
    return {"connection_ids": conn_ids, "aws": AS_MANAGEMENT, **more}


def test_the_allow_list_and_ids_feed_the_set(ids):
    listed = get_environment_account_connections(
        "MANAGEMENT_ACCOUNT", environment_account_ids=ACCOUNTS[:2], aws=AS_MANAGEMENT
    )
    assert listed.ids == ids[:2] == [c.id for c in listed.connections]

    created = provider.create(props(listed.ids))
    assert statuses(ids) == ["CONNECTED", "CONNECTED", "PENDING"]
    assert created.outs is not None
    assert [c["status"] for c in created.outs["connections"]] == ["CONNECTED", "CONNECTED"]
    assert created.outs["connections"][0]["environment_account_id"] == ACCOUNTS[0]

    # A new id and a removed one: update in place; the kept one is not touched.
    assert not provider.diff(created.id, created.outs, props(list(reversed(ids[:2])))).changes
    changed = provider.diff(created.id, created.outs, props([ids[0], ids[2]]))
    assert changed.changes and not changed.replaces
    CONTROL.reset()
    updated = provider.update(created.id, created.outs, props([ids[0], ids[2]])).outs
    assert CONTROL.stats()["calls"] == {
        "GetEnvironmentAccountConnection": 1,
        "AcceptEnvironmentAccountConnection": 1,
    }
    assert statuses(ids) == ["CONNECTED", "CONNECTED", "CONNECTED"]  # removed: left as it is
    assert updated is not None
    assert [c["id"] for c in updated["connections"]] == [ids[0], ids[2]]

    # Deleting it leaves every connection as it is (reject_on_delete: as the single
    # accepter, whose tests cover the rejecting).
    CONTROL.reset()
    provider.delete(created.id, updated)
    assert CONTROL.stats()["calls"] == {}
    assert statuses(ids) == ["CONNECTED", "CONNECTED", "CONNECTED"]


def test_refresh_reads_each_and_check_names_bad_ids():
    failures = provider.check({}, props(["nope"])).failures
    assert [f.reason for f in failures] == [
        "connection_ids[0] must be a connection id: a lowercase UUID such as "
        "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9, got 'nope'"
    ]
    with proton_mock():
        boto3.client("sts", region_name=REGION)
        found = provider.read("x", props(["0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"]))
        assert found.outs is not None and found.outs["connections"] == []
