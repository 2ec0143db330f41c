"""Where each resource's region and credentials come from.

For each field, the first source that sets it wins:

1. the resource's ``aws=AwsSettings(...)`` (`provider.aws_settings`);
2. the stack configuration that pulumi-aws uses too: ``aws:region``, ``aws:profile``,
   ``aws:accessKey`` / ``aws:secretKey`` / ``aws:token``, ``aws:assumeRole`` (``roleArn``,
   ``externalId``, ``sessionName``), read by the provider's ``configure``;
3. boto3's default chain (environment, config files, instance metadata).

Endpoints follow botocore's own ``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_<SERVICE>``.
A resolved `Target` keys `provider.clients`' cache of sessions and clients. Nothing here ever
reaches a resource's state.
botocore is imported only when a region must be looked up (``_default_region``) or none is
found: settings with a region resolve without it, so check and diff never load it.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from provider import errors, model, schema

SESSION_NAME = "pulumi-proton-connections"
"""The role session name when none is configured."""


@dataclass(frozen=True)
class Target:
    """Where and as whom clients act: a region and the source of credentials.

    The cache key of sessions and clients. Secret fields never appear in its repr.
    """

    region: str
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

    @property
    def place(self) -> schema.Place:
        """The region, and the account when known without a call."""
        return schema.Place(self.region, self.role_account)


def account_of(arn: str | None) -> str | None:
    """The account id in an ARN, or None."""
    parts = schema.arn_parts(arn)
    return (parts["account"] or None) if parts is not None else None


# --- Configuration: the settings a resource does not set itself ----------------------------


class StackConfig(Protocol):
    """What the dynamic-provider host passes to configure: ``get("aws:region")`` etc."""

    def get(self, key: str) -> Any:
        """The value of a full key such as ``aws:region``, or None when it is not set."""


CONFIG_KEYS = ("region", "profile", "accessKey", "secretKey", "token", "assumeRole")
"""The configuration keys, as pulumi-aws names them (``aws:region``; the plugin's
``proton:region``)."""


@dataclass(frozen=True)
class Defaults:
    """Region and credentials for the resources that set none themselves: the stack's
    ``aws:*`` configuration (dynamic resources) or a plugin provider's ``proton:*``
    configuration. Secret fields never appear in its repr."""

    namespace: str = "aws"
    """Where they were configured, for messages: ``aws`` or ``proton``."""
    region: str | None = None
    profile: str | None = None
    access_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    role_arn: str | None = None
    external_id: str | None = field(default=None, repr=False)
    session_name: str | None = None

    @classmethod
    def of(cls, namespace: str, values: Mapping[str, Any]) -> Defaults:
        """Defaults from configuration `values` keyed by ``CONFIG_KEYS`` (None: unset); the
        credentials are registered for redaction from every message."""
        role = values.get("assumeRole")
        if isinstance(role, str):
            try:
                role = json.loads(role)
            except ValueError:
                role = None
            if not isinstance(role, Mapping):
                raise errors.ProtonError(
                    f"The config {namespace}:assumeRole must be an object such as "
                    '{"roleArn": "arn:aws:iam::123456789012:role/NAME"}; fix it with '
                    f"`pulumi config set --path {namespace}:assumeRole.roleArn ...`."
                )
        role = role if isinstance(role, Mapping) else {}
        defaults = cls(
            namespace=namespace,
            region=values.get("region") or None,
            profile=values.get("profile") or None,
            access_key=values.get("accessKey") or None,
            secret_key=values.get("secretKey") or None,
            token=values.get("token") or None,
            role_arn=role.get("roleArn") or None,
            external_id=role.get("externalId") or None,
            session_name=role.get("sessionName") or None,
        )
        for secret in (defaults.access_key, defaults.secret_key, defaults.token):
            errors.register_secret(secret)
        return defaults


_stack = Defaults()


def configure(config: StackConfig) -> None:
    """Reads the stack's ``aws:*`` configuration (the dynamic providers' ``configure``)."""
    global _stack
    stack = Defaults.of("aws", {key: config.get(f"aws:{key}") for key in CONFIG_KEYS})
    _stack = stack  # one assignment: the host's threads see the old or the new, never half


def _checked(source: str, key: str, value: str | None) -> str | None:
    if value is not None:
        problem = schema.SETTINGS_FIELDS[key].problem(source, value)
        if problem is not None:
            raise errors.ProtonError(f"Invalid AWS setting: {problem}.")
    return value


def resolve(aws: Mapping[str, Any] | None, defaults: Defaults | None = None) -> Target:
    """The Target for a resource's ``aws`` input (a dict of AwsSettings' fields, or None),
    over `defaults` (by default the stack's ``aws:*`` configuration).

    Raises botocore's NoRegionError / ProfileNotFound when no region can be found; callers
    turn them into sentences with ``errors.reported``.
    """
    own = dict(aws or {})
    stack = _stack if defaults is None else defaults
    where = stack.namespace
    profile = own.get("profile")
    access_key = secret_key = token = None
    if profile is None:
        if stack.access_key and stack.secret_key:
            access_key, secret_key, token = stack.access_key, stack.secret_key, stack.token
        else:
            profile = stack.profile
    if own.get("assume_role_arn") is not None:
        role_arn, external_id = own["assume_role_arn"], own.get("external_id")
        session_name = SESSION_NAME
    else:
        role_arn = _checked(f"{where}:assumeRole.roleArn", "assume_role_arn", stack.role_arn)
        external_id, session_name = stack.external_id, stack.session_name or SESSION_NAME
    region = own.get("region") or _checked(f"{where}:region", "region", stack.region)
    if region is None:
        region = _default_region(profile)
    if not region:
        from botocore.exceptions import NoRegionError

        raise NoRegionError()
    return Target(
        region=region,
        profile=profile,
        access_key=access_key,
        secret_key=secret_key,
        token=token,
        role_arn=role_arn,
        external_id=external_id,
        session_name=session_name,
    )


# --- What botocore itself finds: a profile's session and default region -------------------

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


def _default_region(profile: str | None) -> str | None:
    """botocore's default region for `profile`: from its environment variables when one is
    present (as botocore reads them, without importing it); else looked up once per profile
    and environment: building a botocore Session to ask costs ~10 ms of CPU (and importing
    botocore, the first time, ~100 ms), and every operation resolves."""
    for name in model.REGION_VARIABLES:
        if name in os.environ:  # botocore: the variable wins, even empty
            return os.environ[name]
    key = (profile, *(os.environ.get(name) for name in _REGION_SOURCES))
    if key not in _regions:
        # Its own lock, held while botocore looks: the host's four threads all resolve at
        # once on the first operations, and each would build a session of its own.
        with _region_lock:
            if key not in _regions:
                from provider import clients  # imports botocore

                session = clients.botocore_session(profile)
                _regions[key] = session.get_config_variable("region")
    return _regions[key]


def forget_regions() -> None:
    """Forgets the default regions looked up (for tests; the next lookup asks again)."""
    with _region_lock:
        _regions.clear()
