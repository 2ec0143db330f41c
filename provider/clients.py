"""The process-wide cache of botocore sessions and clients: one per `Target` and service.

Built lazily on first use and shared by every thread of the provider host (the dynamic
host's and the plugin's pool). Credentials stay inside the sessions; nothing here ever
reaches a resource's state. botocore itself is imported on first use too: importing this
module (as check and diff do) loads none of it. Where a Target's region and credentials come
from is `provider.settings`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provider import model
from provider.arns import account_of

if TYPE_CHECKING:
    import botocore.loaders
    import botocore.session
    from botocore.client import BaseClient
    from botocore.config import Config
    from botocore.credentials import AssumeRoleCredentialFetcher, CredentialProvider

SESSION_NAME = "pulumi-proton-connections"
"""The role session name when none is configured."""


@dataclass(frozen=True, kw_only=True)
class Credentials:
    """As whom clients act: a profile or static keys, and a role to assume on top of them.
    Secret fields never appear in its repr."""

    profile: str | None = None
    access_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    role_arn: str | None = None
    external_id: str | None = field(default=None, repr=False)
    session_name: str = SESSION_NAME

    @property
    def role_account(self) -> str | None:
        """The account of the role to assume (the account the clients act in), if any."""
        return account_of(self.role_arn)


@dataclass(frozen=True, kw_only=True)
class Target(Credentials):
    """Where and as whom clients act: a region and the credentials; the cache key of
    sessions and clients."""

    region: str


MAX_ATTEMPTS = 8
"""Attempts per AWS call (botocore's standard retry mode: throttling and 5xx are retried)."""

_lock = threading.Lock()
_sessions: dict[Target, botocore.session.Session] = {}
_clients: dict[tuple[Target, str], BaseClient] = {}


@functools.cache
def retries() -> Config:
    """The clients' botocore Config: standard retry mode, ``MAX_ATTEMPTS`` attempts."""
    from botocore.config import Config

    return Config(retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS})


@functools.cache
def loader() -> botocore.loaders.Loader:
    """botocore's data loader, shared by every client session of the process: each service
    model is parsed once per process. Straight from botocore's data files (no session, so
    no AWS config or profile is read); built on first use."""
    import botocore.loaders

    return botocore.loaders.create_loader()


def botocore_session(profile: str | None) -> botocore.session.Session:
    """A botocore session of `profile` (None: the environment's, as botocore chooses).

    An empty AWS_PROFILE / AWS_DEFAULT_PROFILE counts as unset, as in the other AWS SDKs,
    instead of naming a profile '' that no config file holds.
    """
    import botocore.session
    from botocore.exceptions import ProfileNotFound

    if profile is None and not any(os.environ.get(name) for name in _PROFILE_VARIABLES):
        session = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    else:
        session = botocore.session.Session(profile=profile)
    # The shared loader saves parsing a model again for every session. Not when the config
    # names model directories of its own (data_path / AWS_DATA_PATH).
    with contextlib.suppress(ProfileNotFound):  # reported where the profile is used
        if session.get_config_variable("data_path") is not None:
            return session
    session.register_component("data_loader", loader())
    return session


_PROFILE_VARIABLES = ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")

_regions: dict[tuple[str | None, ...], str | None] = {}
_region_lock = threading.Lock()

# What botocore reads the default region from, besides the profile's config file.
_REGION_SOURCES = (
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONFIG_FILE",
)


def default_region(profile: str | None) -> str | None:
    """botocore's default region for `profile`: from its environment variables when one is
    present (as botocore reads them, without importing it); else looked up once per profile
    and environment, since building a botocore session to ask (and importing botocore, the
    first time) costs more than the operation that asks."""
    for name in model.REGION_VARIABLES:
        if name in os.environ:  # botocore: the variable wins, even empty
            return os.environ[name]
    key = (profile, *(os.environ.get(name) for name in _REGION_SOURCES))
    if key not in _regions:
        # Its own lock, held while botocore looks: the host's threads all resolve at once on
        # the first operations, and each would build a session of its own.
        with _region_lock:
            if key not in _regions:
                _regions[key] = botocore_session(profile).get_config_variable("region")
    return _regions[key]


@dataclass(frozen=True)
class CacheStats:
    """How many sessions and clients this process built (one per settings, region, service)."""

    sessions: int
    clients: int
    by_service: dict[str, int]


def client_cache_stats() -> CacheStats:
    """The cache's size now: proof of one client per account settings, region and service."""
    with _lock:
        by_service: dict[str, int] = {}
        for _, service in _clients:
            by_service[service] = by_service.get(service, 0) + 1
        return CacheStats(len(_sessions), len(_clients), by_service)


def clear_cache() -> None:
    """Forgets every session, client and default region (for tests; the next call builds or
    looks them up again)."""
    with _lock:
        _sessions.clear()
        _clients.clear()
    with _region_lock:
        _regions.clear()


def client(target: Target, service: str) -> Any:
    """The one botocore client of `service` for `target`, built on first use."""
    key = (target, service)
    found = _clients.get(key)
    if found is None:
        with _lock:
            found = _clients.get(key)
            if found is None:
                session = _sessions.get(target)
                if session is None:
                    session = _sessions[target] = _new_session(target)
                found = _clients[key] = session.create_client(
                    service, region_name=target.region, config=retries()
                )
    return found


def _assumed_role(fetcher: AssumeRoleCredentialFetcher) -> CredentialProvider:
    """A credential provider of the role that `fetcher` assumes."""
    from botocore.credentials import CredentialProvider, DeferredRefreshableCredentials

    class _AssumedRole(CredentialProvider):
        METHOD = "assume-role"
        CANONICAL_NAME = "pulumi-proton-assume-role"

        def load(self) -> DeferredRefreshableCredentials:
            # Deferred: STS is called on the first request, and again before the role expires.
            return DeferredRefreshableCredentials(fetcher.fetch_credentials, self.METHOD)

    return _AssumedRole()


def _new_session(target: Target) -> botocore.session.Session:
    from botocore.credentials import AssumeRoleCredentialFetcher, CredentialResolver
    from botocore.exceptions import NoCredentialsError

    base = botocore_session(target.profile)
    if target.access_key and target.secret_key:
        base.set_credentials(target.access_key, target.secret_key, target.token)
    if target.role_arn is None:
        return base
    source = base.get_credentials()
    if source is None:
        raise NoCredentialsError()
    extra: dict[str, str] = {"RoleSessionName": target.session_name}
    if target.external_id:
        extra["ExternalId"] = target.external_id
    fetcher = AssumeRoleCredentialFetcher(
        client_creator=functools.partial(
            base.create_client, region_name=target.region, config=retries()
        ),
        source_credentials=source,
        role_arn=target.role_arn,
        extra_args=extra,
    )
    assumed = botocore_session(target.profile)
    assumed.register_component("credential_provider", CredentialResolver([_assumed_role(fetcher)]))
    return assumed
