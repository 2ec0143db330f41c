"""The process-wide cache of botocore sessions and clients: one per Target and service.

Built lazily on first use and shared by every thread of the provider host (the dynamic
host's and the plugin's pool). Credentials stay inside the sessions; nothing here ever
reaches a resource's state.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Any

import botocore.session
from botocore.client import BaseClient
from botocore.config import Config
from botocore.credentials import (
    AssumeRoleCredentialFetcher,
    CredentialProvider,
    CredentialResolver,
    DeferredRefreshableCredentials,
)
from botocore.exceptions import NoCredentialsError

from provider import settings
from provider.settings import Target, botocore_session

MAX_ATTEMPTS = 8
"""Attempts per AWS call (botocore's standard retry mode: throttling and 5xx are retried)."""
RETRIES = Config(retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS})

_lock = threading.Lock()
_sessions: dict[Target, botocore.session.Session] = {}
_clients: dict[tuple[Target, str], BaseClient] = {}


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
                    service, region_name=target.region, config=RETRIES
                )
    return found


class _AssumedRole(CredentialProvider):
    METHOD = "assume-role"
    CANONICAL_NAME = "pulumi-proton-assume-role"

    def __init__(self, fetcher: AssumeRoleCredentialFetcher) -> None:
        super().__init__()
        self._fetcher = fetcher

    def load(self) -> DeferredRefreshableCredentials:
        # Deferred: STS is called on the first request, and again before the role expires.
        return DeferredRefreshableCredentials(self._fetcher.fetch_credentials, self.METHOD)


def _new_session(target: Target) -> botocore.session.Session:
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
            base.create_client, region_name=target.region, config=RETRIES
        ),
        source_credentials=source,
        role_arn=target.role_arn,
        extra_args=extra,
    )
    assumed = botocore_session(target.profile)
    assumed.register_component("credential_provider", CredentialResolver([_AssumedRole(fetcher)]))
    return assumed
