"""The handshake stack whose state each release records (tests/upgrade/baselines): one
connection with every kind of input and its accepter, as a user's program declares them.

Frozen: a baseline holds the state this program made with an earlier version, and the test
previews that state with this program; a change here would be a change of the program, not
of the provider.
"""

from __future__ import annotations

import pulumi

from provider import EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter
from tests.constants import MANAGEMENT_ACCOUNT, MANAGEMENT_ROLE, REGION, ROLE

PROJECT = "upgrade"
STACK = "handshake"
PASSPHRASE = "upgrade"


def program() -> None:
    """The dynamic form's handshake: request, then accept from the management account."""
    conn = EnvironmentAccountConnection(
        "conn",
        environment_name="prod",
        management_account_id=MANAGEMENT_ACCOUNT,
        role_arn=ROLE,
        tags={"team": "platform"},
        aws={"region": REGION},
    )
    accepted = EnvironmentAccountConnectionAccepter(
        "accept", connection_id=conn.id, aws={"assume_role_arn": MANAGEMENT_ROLE}
    )
    pulumi.export("status", accepted.status)
