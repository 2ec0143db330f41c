"""Injected faults and the control endpoints: boto3's standard retry mode rides through
throttling and server errors, and the stats count every attempt, failed ones included."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.emulator.conftest import create, list_all

PATIENT = Config(retries={"mode": "standard", "max_attempts": 10})
HASTY = Config(retries={"mode": "standard", "total_max_attempts": 1})


@pytest.mark.parametrize("fault", ["throttle_rate", "error_rate"])
def test_standard_retries_complete_every_call_and_stats_count_every_attempt(api, fault):
    made = create(api.client())
    proton = api.client(config=PATIENT)
    api.faults(**{fault: 0.4}, seed=11)

    attempts = 0
    for _ in range(25):
        answer = proton.get_environment_account_connection(id=made["id"])
        assert answer["environmentAccountConnection"]["id"] == made["id"]
        attempts += answer["ResponseMetadata"]["RetryAttempts"] + 1
    api.faults()  # off again, before anything else calls

    assert attempts > 25, "a 40% fault rate over 25 calls should have failed some attempts"
    assert api.calls()["GetEnvironmentAccountConnection"] == attempts


@pytest.mark.parametrize(
    ("fault", "code", "status"),
    [("throttle_rate", "ThrottlingException", 400), ("error_rate", "InternalServerException", 500)],
)
def test_without_retries_a_fault_reaches_the_caller_and_changes_nothing(api, fault, code, status):
    proton = api.client(config=HASTY)
    api.faults(**{fault: 1.0})
    with pytest.raises(ClientError) as raised:
        create(proton)
    api.faults()

    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert "injected fault" in raised.value.response["Error"]["Message"]
    assert list_all(api.client()) == []
    assert api.calls()["CreateEnvironmentAccountConnection"] == 1


def test_latency_delays_each_call(api):
    proton = api.client()
    api.faults(latency_ms=150)
    started = time.monotonic()
    list_all(proton)
    elapsed = time.monotonic() - started
    api.faults()
    assert elapsed >= 0.15


def test_stats_count_the_most_calls_in_their_latency_at_once(api):
    clients = [api.client() for _ in range(6)]
    api.faults(latency_ms=1000)
    start = threading.Barrier(len(clients))

    def call(proton: Any) -> None:
        start.wait()
        proton.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT")

    threads = [threading.Thread(target=call, args=(proton,)) for proton in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    api.faults()
    # Six callers released at once, each call held 1 s: all six were in flight together.
    assert api.most_in_flight() == len(clients)
    assert api.calls()["ListEnvironmentAccountConnections"] == len(clients)


def control(url: str, method: str, name: str, body: object = None) -> tuple[int, dict[str, Any]]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}/_emulator/{name}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_reset_empties_every_account_and_the_counts(server_api):
    create(server_api.client())
    server_api.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    assert control(server_api.url, "POST", "reset", {}) == (200, {"reset": True})

    assert control(server_api.url, "GET", "stats") == (200, {"calls": {}, "most_in_flight": 0})
    assert list_all(server_api.client()) == []
    assert server_api.client("iam").list_roles()["Roles"] == []


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"throttle_rate": 1.5}, "throttle_rate must be a number from 0 to 1, got 1.5"),
        ({"error_rate": "high"}, "error_rate must be a number from 0 to 1, got 'high'"),
        ({"latency_ms": -1}, "latency_ms must be a number of milliseconds"),
        ({"seed": 1.5}, "seed must be an integer or null"),
        ({"throttle": 0.3}, "unknown setting(s) throttle"),
        ([0.3], "the body must be a JSON object"),
    ],
)
def test_bad_fault_settings_are_refused_by_name_and_change_nothing(server_api, body, named):
    server_api.faults(throttle_rate=1.0)
    status, answer = control(server_api.url, "POST", "faults", body)
    assert status == 400
    assert named in answer["error"]
    with pytest.raises(ClientError, match="ThrottlingException"):  # the old faults still apply
        create(server_api.client(config=HASTY))
    server_api.faults()


def test_an_unknown_control_endpoint_lists_the_real_ones(server_api):
    status, answer = control(server_api.url, "GET", "status")
    assert status == 404
    assert (
        "GET /_emulator/stats, POST /_emulator/faults and POST /_emulator/reset" in answer["error"]
    )
