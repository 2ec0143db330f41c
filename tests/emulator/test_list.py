"""ListEnvironmentAccountConnections: the two sides, its filters and its pagination."""

from __future__ import annotations

from tests.emulator.conftest import ENV, MGMT, STRANGER, create, list_all

COUNT = 125


def test_each_side_lists_its_own_connections(api):
    proton, management = api.client(), api.client(account=MGMT)
    to_mgmt = create(proton, "to-mgmt")
    to_stranger = create(proton, "to-stranger", managementAccountId=STRANGER)
    # MGMT is an environment account too, of a connection managed by the stranger
    mgmt_role = f"arn:aws:iam::{MGMT}:role/ProtonEnvironment"
    from_mgmt = create(management, "from-mgmt", managementAccountId=STRANGER, roleArn=mgmt_role)

    def ids(client, side):
        return [c["id"] for c in list_all(client, side)]

    assert ids(proton, "ENVIRONMENT_ACCOUNT") == [to_mgmt["id"], to_stranger["id"]]
    assert ids(proton, "MANAGEMENT_ACCOUNT") == []
    assert ids(management, "MANAGEMENT_ACCOUNT") == [to_mgmt["id"]]
    assert ids(management, "ENVIRONMENT_ACCOUNT") == [from_mgmt["id"]]
    assert ids(api.client(account=STRANGER), "MANAGEMENT_ACCOUNT") == [
        to_stranger["id"],
        from_mgmt["id"],
    ]
    summary = list_all(management, "MANAGEMENT_ACCOUNT")[0]
    assert summary["environmentAccountId"] == ENV and summary["managementAccountId"] == MGMT


def test_filters_by_environment_name_and_statuses(api):
    proton, management = api.client(), api.client(account=MGMT)
    pending = create(proton, "alpha")
    connected = create(proton, "beta")
    rejected = create(proton, "alpha-2")
    management.accept_environment_account_connection(id=connected["id"])
    management.reject_environment_account_connection(id=rejected["id"])

    def ids(**filters):
        return {c["id"] for c in list_all(management, "MANAGEMENT_ACCOUNT", **filters)}

    assert ids(environmentName="alpha") == {pending["id"]}
    assert ids(statuses=["CONNECTED"]) == {connected["id"]}
    assert ids(statuses=["PENDING", "REJECTED"]) == {pending["id"], rejected["id"]}
    assert ids(environmentName="beta", statuses=["PENDING"]) == set()
    assert ids() == {pending["id"], connected["id"], rejected["id"]}
    assert {c["id"] for c in list_all(proton, statuses=["REJECTED"])} == {rejected["id"]}


def test_pagination_over_many_connections_is_complete_and_stable(api):
    proton = api.client()
    made = [create(proton, f"env-{i:03}")["id"] for i in range(COUNT)]

    def pages(client, side, size):
        found, token = [], None
        while True:
            params = {"requestedBy": side, "maxResults": size}
            page = client.list_environment_account_connections(
                **params, **({"nextToken": token} if token else {})
            )
            found.append([c["id"] for c in page["environmentAccountConnections"]])
            token = page.get("nextToken")
            if token is None:
                return found

    first = pages(proton, "ENVIRONMENT_ACCOUNT", 7)
    assert [len(p) for p in first] == [7] * (COUNT // 7) + [COUNT % 7]
    assert [i for p in first for i in p] == made  # oldest first, each once
    assert pages(proton, "ENVIRONMENT_ACCOUNT", 7) == first  # stable
    management = api.client(account=MGMT)
    assert [i for p in pages(management, "MANAGEMENT_ACCOUNT", 50) for i in p] == made
    # without maxResults, pages of 100; botocore's paginator follows the tokens
    default = proton.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")
    assert len(default["environmentAccountConnections"]) == 100 and "nextToken" in default
    assert [c["id"] for c in list_all(proton)] == made


def test_a_token_resumes_where_it_left_off(api):
    proton = api.client()
    made = [create(proton, f"env-{i}")["id"] for i in range(5)]
    page = proton.list_environment_account_connections(
        requestedBy="ENVIRONMENT_ACCOUNT", maxResults=2
    )
    proton.delete_environment_account_connection(id=made[4])
    rest = proton.list_environment_account_connections(
        requestedBy="ENVIRONMENT_ACCOUNT", maxResults=2, nextToken=page["nextToken"]
    )
    assert [c["id"] for c in rest["environmentAccountConnections"]] == made[2:4]
    assert "nextToken" not in rest
