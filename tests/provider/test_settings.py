"""Region and credential resolution, and the process-wide cache of sessions and clients."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.session
import pytest
from botocore.exceptions import NoRegionError

from provider import ProtonError, clients, settings
from provider.clients import CacheStats, Target
from provider.testing import proton_mock
from tests.constants import MANAGEMENT_ROLE, REGION

STACK_ROLE = "arn:aws:iam::222222222222:role/StackRole"
SECRETS = {
    "aws:accessKey": "AKIASTACKKEY00000001",
    "aws:secretKey": "stackSecret/xyz",
    "aws:token": "stackToken",
}


# --- Resolution order: the resource's aws settings, the stack config, boto3's defaults -----


def test_region_resource_then_stack_then_environment(stack_config, monkeypatch):
    assert settings.resolve(None).region == REGION  # AWS_DEFAULT_REGION
    stack_config(**{"aws:region": "eu-west-1"})
    assert settings.resolve(None).region == "eu-west-1"
    assert settings.resolve({"region": "ap-south-1"}).region == "ap-south-1"
    stack_config()
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(NoRegionError):
        settings.resolve({})


def test_region_of_a_profile(tmp_path, monkeypatch):
    config = tmp_path / "aws-config"
    config.write_text("[profile ops]\nregion = eu-north-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_DEFAULT_REGION")  # boto3: the environment wins over the profile
    assert settings.resolve({"profile": "ops"}).region == "eu-north-1"


def test_credentials_resource_profile_then_stack_keys_then_stack_profile(stack_config):
    stack_config(**SECRETS, **{"aws:profile": "stack-profile"})
    from_stack = settings.resolve(None)
    assert (from_stack.access_key, from_stack.secret_key, from_stack.token) == (
        "AKIASTACKKEY00000001",
        "stackSecret/xyz",
        "stackToken",
    )
    assert from_stack.profile is None  # static keys win over the stack's profile
    own = settings.resolve({"profile": "mine"})
    assert (own.profile, own.access_key, own.secret_key) == ("mine", None, None)
    stack_config(**{"aws:profile": "stack-profile"})
    assert settings.resolve(None).profile == "stack-profile"
    stack_config()
    assert settings.resolve(None) == Target(region=REGION)  # boto3's default chain


@pytest.mark.parametrize(
    "assume_role",
    [
        f'{{"roleArn": "{STACK_ROLE}", "externalId": "ext-9", "sessionName": "ci"}}',
        {"roleArn": STACK_ROLE, "externalId": "ext-9", "sessionName": "ci"},
    ],
    ids=["json", "object"],
)
def test_role_resource_then_stack(stack_config, assume_role):
    stack_config(**{"aws:assumeRole": assume_role})
    stack = settings.resolve(None)
    assert (stack.role_arn, stack.external_id, stack.session_name) == (STACK_ROLE, "ext-9", "ci")
    assert stack.role_account == "222222222222"
    own = settings.resolve({"assume_role_arn": MANAGEMENT_ROLE})
    assert (own.role_arn, own.external_id) == (MANAGEMENT_ROLE, None)
    assert own.session_name == clients.SESSION_NAME
    assert own.role_account == "111111111111"


def test_bad_stack_config_is_named(stack_config):
    stack_config(**{"aws:region": "Mars"})
    with pytest.raises(ProtonError, match=r"aws:region must be an AWS region name.*'Mars'"):
        settings.resolve(None)


def test_unparsable_assume_role_config_fails_configure(stack_config):
    with pytest.raises(ProtonError, match="aws:assumeRole must be an object"):
        stack_config(**{"aws:assumeRole": "{not json"})


def test_no_secret_in_a_targets_repr(stack_config):
    stack_config(**SECRETS)
    text = repr(settings.resolve({"assume_role_arn": MANAGEMENT_ROLE, "external_id": "ext-1"}))
    assert not any(secret in text for secret in [*SECRETS.values(), "ext-1"])
    assert MANAGEMENT_ROLE in text


# --- The cache -------------------------------------------------------------------------------


def test_many_threads_get_one_client():
    target = settings.resolve({"region": REGION})
    barrier = threading.Barrier(32)

    def get(_: int) -> object:
        barrier.wait()
        return clients.client(settings.resolve({"region": REGION}), "proton")

    with ThreadPoolExecutor(32) as pool:
        got = list(pool.map(get, range(32)))

    assert all(c is got[0] for c in got)
    assert got[0] is clients.client(target, "proton")
    assert clients.client_cache_stats() == CacheStats(
        sessions=1, clients=1, by_service={"proton": 1}
    )


def test_one_client_per_settings_region_and_service():
    for _ in range(3):
        clients.client(settings.resolve(None), "proton")
        clients.client(settings.resolve({"region": REGION}), "proton")  # same Target
        clients.client(settings.resolve({"region": "eu-west-1"}), "proton")
        clients.client(settings.resolve({"assume_role_arn": MANAGEMENT_ROLE}), "proton")
        clients.client(settings.resolve({"assume_role_arn": MANAGEMENT_ROLE}), "sts")
    assert clients.client_cache_stats() == CacheStats(
        sessions=3, clients=4, by_service={"proton": 3, "sts": 1}
    )
    client = clients.client(settings.resolve({"region": "eu-west-1"}), "proton")
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries == {
        "mode": "standard",
        "total_max_attempts": clients.MAX_ATTEMPTS,
    }
    clients.clear_cache()
    assert clients.client_cache_stats() == CacheStats(0, 0, {})


# --- Which identity AWS sees (STS GetCallerIdentity in the emulator) -----------------------


def test_the_identity_follows_the_resolution_order(stack_config, monkeypatch, tmp_path):
    with proton_mock():
        iam = boto3.client("iam", region_name=REGION)
        keys = {}
        for user in ("env-user", "stack-user", "profile-user"):
            iam.create_user(UserName=user)
            keys[user] = iam.create_access_key(UserName=user)["AccessKey"]
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", keys["env-user"]["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", keys["env-user"]["SecretAccessKey"])
        credentials = tmp_path / "aws-credentials"
        credentials.write_text(
            "[mine]\n"
            f"aws_access_key_id = {keys['profile-user']['AccessKeyId']}\n"
            f"aws_secret_access_key = {keys['profile-user']['SecretAccessKey']}\n"
        )

        def caller(aws: dict[str, str] | None = None) -> str:
            sts = clients.client(settings.resolve(aws), "sts")
            arn: str = sts.get_caller_identity()["Arn"]
            return arn

        assert caller().endswith(":user/env-user")  # boto3's default chain
        stack_config(
            **{
                "aws:accessKey": keys["stack-user"]["AccessKeyId"],
                "aws:secretKey": keys["stack-user"]["SecretAccessKey"],
            }
        )
        assert caller().endswith(":user/stack-user")  # the stack's keys win over it
        assert caller({"profile": "mine"}).endswith(":user/profile-user")  # the resource's win
        stack_config(
            **{
                "aws:accessKey": keys["stack-user"]["AccessKeyId"],
                "aws:secretKey": keys["stack-user"]["SecretAccessKey"],
                "aws:assumeRole": {"roleArn": STACK_ROLE, "sessionName": "ci"},
            }
        )
        assert caller() == "arn:aws:sts::222222222222:assumed-role/StackRole/ci"
        assert caller({"assume_role_arn": MANAGEMENT_ROLE}) == (
            f"arn:aws:sts::111111111111:assumed-role/ProtonAdmin/{clients.SESSION_NAME}"
        )


def test_an_empty_aws_profile_counts_as_unset(monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "")
    with proton_mock():
        sts = clients.client(settings.resolve(None), "sts")
        assert sts.get_caller_identity()["Account"] == "123456789012"
    imported = subprocess.run(
        [sys.executable, "-c", "import provider"], capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr


@pytest.fixture
def sessions_built(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every botocore Session constructed from now on."""
    built: list[object] = []
    original = botocore.session.Session.__init__

    def counting(self: botocore.session.Session, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(botocore.session.Session, "__init__", counting)
    return built


@pytest.fixture
def region_in_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """The default profile's region in the config file, none in the environment."""
    config = tmp_path / "aws-config"
    config.write_text(f"[default]\nregion = {REGION}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_DEFAULT_REGION")


def test_the_environments_region_is_read_without_botocore(monkeypatch, sessions_built):
    for _ in range(5):
        assert settings.resolve(None).region == REGION  # AWS_DEFAULT_REGION
    monkeypatch.setenv("AWS_DEFAULT_REGION", "")  # botocore: present, even empty, wins
    with pytest.raises(NoRegionError):
        settings.resolve(None)
    assert sessions_built == []


def test_the_default_region_is_looked_up_once_per_profile_and_environment(
    monkeypatch, tmp_path, sessions_built, region_in_config_file
):
    built = sessions_built
    for _ in range(5):
        assert settings.resolve(None).region == REGION
    assert len(built) == 1
    other = tmp_path / "other-config"
    other.write_text("[default]\nregion = eu-west-3\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(other))
    assert settings.resolve(None).region == "eu-west-3"
    assert len(built) == 2


def test_threads_resolving_at_once_look_the_region_up_once(sessions_built, region_in_config_file):
    built = sessions_built
    start = threading.Barrier(16)

    def resolve() -> str:
        start.wait()
        return settings.resolve(None).region

    with ThreadPoolExecutor(16) as pool:
        regions = list(pool.map(lambda _: resolve(), range(16)))
    assert regions == [REGION] * 16
    assert len(built) == 1


def test_client_sessions_share_one_model_loader_unless_data_path_is_set(monkeypatch, tmp_path):
    target = settings.resolve({"region": REGION})
    clients.client(target, "proton")
    assert clients._sessions[target].get_component("data_loader") is clients.loader()

    clients.clear_cache()
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    clients.client(target, "proton")
    assert clients._sessions[target].get_component("data_loader") is not clients.loader()
