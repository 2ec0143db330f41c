import pulumi

from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter

# The environment account (this stack's credentials) requests the connection...
connection = EnvironmentAccountConnection(
    "connection",
    environment_name="prod",
    management_account_id="111111111111",
    role_arn="arn:aws:iam::123456789012:role/ProtonEnvironment",
    tags={"team": "platform"},
)

# ...and the management account, through a role it lets this account assume, accepts it.
accepted = EnvironmentAccountConnectionAccepter(
    "accept",
    connection_id=connection.id,
    aws=AwsSettings(assume_role_arn="arn:aws:iam::111111111111:role/ProtonAdmin"),
)

pulumi.export("connectionId", connection.id)
pulumi.export("status", accepted.status)
