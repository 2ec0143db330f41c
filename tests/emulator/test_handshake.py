"""The cross-account handshake end to end: both sides act through credentials from STS
AssumeRole, and every one of the ten operations answers in its botocore output shape."""

from __future__ import annotations

import boto3

from tests.constants import REGION
from tests.emulator import shapes
from tests.emulator.conftest import MGMT, list_all, tags_of

ENV_2 = "333333333333"  # an environment account reached only through AssumeRole
ENV_2_ROLE = f"arn:aws:iam::{ENV_2}:role/ProtonEnvironment"
ENV_2_ROLE_V2 = f"arn:aws:iam::{ENV_2}:role/ProtonEnvironmentV2"


def test_two_accounts_through_assume_role_connect_and_part(api):
    for account in (ENV_2, MGMT):
        sts = boto3.client(
            "sts", region_name=REGION, endpoint_url=api.url, **api.credentials(account)
        )
        assert sts.get_caller_identity()["Account"] == account
    environment, management = api.client(account=ENV_2), api.client(account=MGMT)

    made = environment.create_environment_account_connection(
        environmentName="prod",
        managementAccountId=MGMT,
        roleArn=ENV_2_ROLE,
        tags=[{"key": "team", "value": "platform"}],
    )["environmentAccountConnection"]
    assert made["environmentAccountId"] == ENV_2
    assert made["arn"].startswith(f"arn:aws:proton:{REGION}:{ENV_2}:")

    [pending] = list_all(management, "MANAGEMENT_ACCOUNT", statuses=["PENDING"])
    assert pending["id"] == made["id"]
    accepted = management.accept_environment_account_connection(id=made["id"])
    assert accepted["environmentAccountConnection"]["status"] == "CONNECTED"
    for side in (environment, management):
        got = side.get_environment_account_connection(id=made["id"])
        assert got["environmentAccountConnection"]["status"] == "CONNECTED"
    [listed] = list_all(environment, statuses=["CONNECTED"])
    assert listed["id"] == made["id"]

    updated = environment.update_environment_account_connection(
        id=made["id"], roleArn=ENV_2_ROLE_V2
    )
    assert updated["environmentAccountConnection"]["roleArn"] == ENV_2_ROLE_V2
    assert updated["environmentAccountConnection"]["status"] == "CONNECTED"
    environment.tag_resource(resourceArn=made["arn"], tags=[{"key": "tier", "value": "1"}])
    environment.untag_resource(resourceArn=made["arn"], tagKeys=["team"])
    assert tags_of(environment, made["arn"]) == {"tier": "1"}

    refused = environment.create_environment_account_connection(
        environmentName="staging", managementAccountId=MGMT, roleArn=ENV_2_ROLE
    )["environmentAccountConnection"]
    management.reject_environment_account_connection(id=refused["id"])
    got = environment.get_environment_account_connection(id=refused["id"])
    assert got["environmentAccountConnection"]["status"] == "REJECTED"

    for connection in (made, refused):
        environment.delete_environment_account_connection(id=connection["id"])
    assert list_all(environment) == list_all(management, "MANAGEMENT_ACCOUNT") == []

    every_operation = {
        name for name in shapes.PROTON.operation_names if "EnvironmentAccountConnection" in name
    } | {"TagResource", "UntagResource", "ListTagsForResource"}
    assert len(every_operation) == 10
    assert api.seen == every_operation
