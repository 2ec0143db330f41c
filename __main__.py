"""Example stack: one Proton environment account connection, accepted in the same `pulumi up`.

Stack configuration (namespace `proton-connections`):
- environmentName, managementAccountId (required)
- roleArn, codebuildRoleArn, componentRoleArn (optional; with neither roleArn nor
  codebuildRoleArn, an IAM role that Proton can assume is created with pulumi-aws)
- tags (optional object of string values)
- managementRoleArn (optional): a role in the management account to assume; when set, the
  stack also accepts its own connection, completing the cross-account handshake
"""

import json

import pulumi
import pulumi_aws as aws

from provider import AwsSettings, EnvironmentAccountConnection, EnvironmentAccountConnectionAccepter

config = pulumi.Config()
environment_name = config.require("environmentName")
management_account_id = config.require("managementAccountId")
role_arn: pulumi.Input[str] | None = config.get("roleArn")
codebuild_role_arn = config.get("codebuildRoleArn")
management_role_arn = config.get("managementRoleArn")

if role_arn is None and codebuild_role_arn is None:
    role = aws.iam.Role(
        "proton-environment",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "proton.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
        description=f"Proton provisions environment {environment_name} with this role",
    )
    role_arn = role.arn

connection = EnvironmentAccountConnection(
    "connection",
    environment_name=environment_name,
    management_account_id=management_account_id,
    role_arn=role_arn,
    codebuild_role_arn=codebuild_role_arn,
    component_role_arn=config.get("componentRoleArn"),
    tags=config.get_object("tags"),
)

pulumi.export("id", connection.id)
pulumi.export("arn", connection.arn)
pulumi.export("status", connection.status)

if management_role_arn:
    accepted = EnvironmentAccountConnectionAccepter(
        "accept",
        connection_id=connection.id,
        aws=AwsSettings(assume_role_arn=management_role_arn),
    )
    pulumi.export("acceptedStatus", accepted.status)
