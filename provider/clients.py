"""The process-wide cache of botocore sessions and clients: one per Target and service.

Built lazily on first use and shared by every thread of the provider host (the dynamic
host's and the plugin's pool). Credentials stay inside the sessions; nothing here ever
reaches a resource's state. botocore itself is imported on first use too: importing this
module (as check and diff do) loads none of it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provider import settings
from provider.settings import Target

if TYPE_CHECKING:
    import botocore.loaders
    import botocore.session
    from botocore.client import BaseClient
    from botocore.config import Config
    from botocore.credentials import AssumeRoleCredentialFetcher, CredentialProvider

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
    """Forgets every session and client (for tests; the next call builds them again)."""
    with _lock:
        _sessions.clear()
        _clients.clear()
    settings.forget_regions()


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
