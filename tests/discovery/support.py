"""The four behaviours that every accepting-by-discovery example must show (issue 24), against
the emulator: three accounts request and two are on the allow-list; a fourth on the list
requests later; a preview right after an up changes nothing; an account taken off the list
loses its accepter and its connection stays as it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE
from tests.e2e.conftest import Emulator

ACCOUNTS = ("210000000001", "210000000002", "210000000003", "210000000004")
"""Four environment accounts (moto's multi-account model: each acts through a role of its own)."""

Run = Callable[..., dict[str, Any]]
"""run(action, **config) -> {"outputs": ..., "changes": ...}, as an example's runner gives it."""


def request_from(emulator: Emulator, account: str, environment: str) -> str:
    """The environment account `account` requests a connection of the management account."""
    role = f"arn:aws:iam::{account}:role/ProtonEnvironment"
    made = emulator.client(role_arn=role).create_environment_account_connection(
        environmentName=environment, managementAccountId=MANAGEMENT_ACCOUNT, roleArn=role
    )
    return str(made["environmentAccountConnection"]["id"])


def live(emulator: Emulator) -> dict[str, dict[str, Any]]:
    """Every connection requested of the management account, by id, as it sees them."""
    found = emulator.connections("MANAGEMENT_ACCOUNT", role_arn=MANAGEMENT_ROLE)
    return {c["id"]: c for c in found}


def allowing(*accounts: str) -> dict[str, str]:
    """The stack configuration of an allow-list."""
    return {"allowedAccounts": json.dumps(list(accounts)), "managementRoleArn": MANAGEMENT_ROLE}


def changed(changes: dict[str, int]) -> dict[str, int]:
    """The operation's changes without the unchanged resources."""
    return {op: n for op, n in changes.items() if op != "same" and n}


def accepted_ids(outputs: dict[str, Any]) -> set[str]:
    """The ids the program says it accepted: its `accepted` output, ids by account (one
    accepter each) or the connections of one EnvironmentAccountConnectionAccepters."""
    accepted = outputs["accepted"]
    if isinstance(accepted, dict):
        return {conn_id for ids in accepted.values() for conn_id in ids}
    return {connection["id"] for connection in accepted}


def prove_discovery(run: Run, emulator: Emulator, one_resource: bool = False) -> None:
    """The four behaviours, in order, on one stack. With `one_resource` (YAML: one
    EnvironmentAccountConnectionAccepters), taking in or letting go of a connection is an
    update of that resource, not a create or delete of an accepter."""
    taken_in, let_go = (
        ({"update": 1}, {"update": 1}) if one_resource else ({"create": 1}, {"delete": 1})
    )
    one, two, three, four = ACCOUNTS
    ids = {a: request_from(emulator, a, f"env-{a[-1]}") for a in (one, two, three)}
    untouched = live(emulator)[ids[three]]

    # Three accounts request, two are on the list: one up accepts those two only.
    first = run("up", **allowing(one, two))
    assert changed(first["changes"]) == {"create": first["changes"]["create"]}
    assert accepted_ids(first["outputs"]) == {ids[one], ids[two]}
    now = live(emulator)
    statuses = [now[ids[a]]["status"] for a in (one, two, three)]
    assert statuses == ["CONNECTED", "CONNECTED", "PENDING"]
    assert now[ids[three]] == untouched
    assert emulator.proton_calls()["AcceptEnvironmentAccountConnection"] == 2

    # A fourth account on the list requests later: the next up accepts it, nothing else.
    ids[four] = request_from(emulator, four, "env-4")
    second = run("up", **allowing(one, two, four))
    assert changed(second["changes"]) == taken_in
    assert live(emulator)[ids[four]]["status"] == "CONNECTED"
    assert emulator.proton_calls()["AcceptEnvironmentAccountConnection"] == 3

    # Right after an up, a preview shows no changes: the accepted stay declared.
    assert changed(run("preview", **allowing(one, two, four))["changes"]) == {}

    # An account taken off the list: its accepter goes, its connection stays CONNECTED.
    third = run("up", **allowing(one, four))
    assert changed(third["changes"]) == let_go
    assert accepted_ids(third["outputs"]) == {ids[one], ids[four]}
    assert live(emulator)[ids[two]]["status"] == "CONNECTED"
    assert emulator.proton_calls().get("RejectEnvironmentAccountConnection", 0) == 0
