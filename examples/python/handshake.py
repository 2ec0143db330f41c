"""The whole cross-account handshake in one program: the environment account requests the
connection (the default provider acts with this stack's credentials), and the management
account accepts it (an explicit provider that assumes the management account's role)."""

import proton_connections as proton
import pulumi


def handshake() -> None:
    """The program: a connection with the default provider, accepted through an explicit
    provider for the management account; exports its id, ARN, status and tags, and the
    requesting account as the management account reads it (a function)."""
    config = pulumi.Config()

    connection = proton.EnvironmentAccountConnection(
        "connection",
        environment_name=config.require("environmentName"),
        management_account_id=config.require("managementAccountId"),
        role_arn=config.require("roleArn"),
        tags=config.get_object("tags"),  # updates in place
    )

    management = proton.Provider(
        "management",
        assume_role=proton.AssumeRoleArgs(role_arn=config.require("managementRoleArn")),
    )

    accepter = proton.EnvironmentAccountConnectionAccepter(
        "accept",
        connection_id=connection.id,
        opts=pulumi.ResourceOptions(provider=management),
    )

    # A function: reads the connection as the management account sees it (at preview
    # too), without adding anything to the stack.
    seen = proton.get_environment_account_connection_output(
        id=connection.id, opts=pulumi.InvokeOutputOptions(provider=management)
    )

    pulumi.export("connectionId", connection.id)
    pulumi.export("arn", connection.arn)
    pulumi.export("status", accepter.status)
    pulumi.export("tags", connection.tags)
    pulumi.export("requestedBy", seen.environment_account_id)
