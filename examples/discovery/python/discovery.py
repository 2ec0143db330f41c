"""The program of accepting by discovery, as a function (``__main__.py`` runs it; the tests run
it through the Automation API).

It lists the connections requested of the management account that are PENDING or CONNECTED
(a function: a read at every preview and up, which adds nothing to the stack) and declares one
accepter for each whose environment account is on the allow-list. CONNECTED ones stay
declared, so the program does not flap as statuses move: a preview right after an up shows no
changes. An account taken off the list loses its accepters, which leave the connections as
they are (unless ``rejectOnDelete``); an account not on it is never touched.
"""

from __future__ import annotations

import pulumi

from provider import (
    AwsSettings,
    EnvironmentAccountConnectionAccepter,
    get_environment_account_connections,
)


def accept_discovered() -> None:
    """Declares an accepter for each connection requested by an allowed account; exports
    the accepted connection ids by account."""
    config = pulumi.Config()
    allowed: list[str] = config.require_object("allowedAccounts")
    role = config.get("managementRoleArn")
    management = AwsSettings(assume_role_arn=role) if role else None
    reject_on_delete = config.get_bool("rejectOnDelete") or False

    requests = get_environment_account_connections(
        "MANAGEMENT_ACCOUNT", statuses=["PENDING", "CONNECTED"], aws=management
    )
    accepted: dict[str, list[pulumi.Output[str]]] = {}
    for request in requests.connections:
        account = request.environment_account_id
        if account not in allowed:
            continue
        accepter = EnvironmentAccountConnectionAccepter(
            # One name per account and environment: the same name at every run, so an accepted
            # connection stays the same resource.
            f"{account}-{request.environment_name}",
            connection_id=request.id,
            aws=management,
            reject_on_delete=reject_on_delete,
        )
        accepted.setdefault(account, []).append(accepter.connection_id)
    pulumi.export("accepted", accepted)
