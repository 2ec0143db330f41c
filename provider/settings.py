"""Where each resource's region and credentials come from.

For each field, the first source that sets it wins:

1. the resource's ``aws=AwsSettings(...)`` (`provider.aws_settings`);
2. the stack configuration that pulumi-aws uses too: ``aws:region``, ``aws:profile``,
   ``aws:accessKey`` / ``aws:secretKey`` / ``aws:token``, ``aws:assumeRole`` (``roleArn``,
   ``externalId``, ``sessionName``), read by the provider's ``configure`` (the plugin's
   ``proton:*`` keys are the same, `provider.plugin.config`);
3. boto3's default chain (environment, config files, instance metadata).

Endpoints follow botocore's own ``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_<SERVICE>``.
The resolved `Target` keys `provider.clients`' cache of sessions and clients. Nothing here
ever reaches a resource's state. botocore is imported only when a region must be looked up
(`provider.clients.default_region`) or none is found: settings with a region resolve without
it, so check and diff never load it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from provider import clients, errors
from provider.clients import SESSION_NAME, Credentials, Target
from provider.constraints import SETTINGS_FIELDS
from provider.tags import NO_RULES, TagRules, rules_of


class StackConfig(Protocol):
    """What the dynamic-provider host passes to configure: ``get("aws:region")`` etc."""

    def get(self, key: str) -> Any:
        """The value of a full key such as ``aws:region``, or None when it is not set."""


CONFIG_KEYS = (
    "region",
    "profile",
    "accessKey",
    "secretKey",
    "token",
    "assumeRole",
    "defaultTags",
    "ignoreTags",
)
"""The configuration keys, as pulumi-aws names them (``aws:region``; the plugin's
``proton:region``)."""


def assume_role_of(value: Any) -> Any:
    """The ``assumeRole`` configuration as an object: the JSON text that `pulumi config set`
    stores without --path parsed, any other value as it is (the caller says what is wrong)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True, kw_only=True)
class Defaults(Credentials):
    """Region and credentials for the resources that set none themselves: the stack's
    ``aws:*`` configuration (dynamic resources) or a plugin provider's ``proton:*``
    configuration."""

    namespace: str = "aws"
    """Where they were configured, for messages: ``aws`` or ``proton``."""
    region: str | None = None
    tags: TagRules = NO_RULES
    """The provider-wide tags: ``defaultTags`` and ``ignoreTags``."""

    @classmethod
    def of(cls, namespace: str, values: Mapping[str, Any]) -> Defaults:
        """Defaults from configuration `values` keyed by ``CONFIG_KEYS`` (None: unset); the
        credentials are registered for redaction from every message."""
        role = assume_role_of(values.get("assumeRole"))
        if role is not None and not isinstance(role, Mapping):
            raise errors.ProtonError(
                f"The config {namespace}:assumeRole must be an object such as "
                '{"roleArn": "arn:aws:iam::123456789012:role/NAME"}; fix it with '
                f"`pulumi config set --path {namespace}:assumeRole.roleArn ...`."
            )
        role = role or {}
        try:
            tags = rules_of(namespace, values.get("defaultTags"), values.get("ignoreTags"))
        except ValueError as error:
            raise errors.ProtonError(f"The config {error}.") from None
        defaults = cls(
            tags=tags,
            namespace=namespace,
            region=values.get("region") or None,
            profile=values.get("profile") or None,
            access_key=values.get("accessKey") or None,
            secret_key=values.get("secretKey") or None,
            token=values.get("token") or None,
            role_arn=role.get("roleArn") or None,
            external_id=role.get("externalId") or None,
            session_name=role.get("sessionName") or SESSION_NAME,
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


def configured() -> Defaults:
    """The stack's ``aws:*`` configuration, as the dynamic providers' configure read it."""
    return _stack


def _checked(source: str, key: str, value: str | None) -> str | None:
    if value is not None:
        from provider import validation  # pydantic-core: only once something is checked

        problem = validation.problem(SETTINGS_FIELDS[key], source, value)
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
        external_id, session_name = stack.external_id, stack.session_name
    region = own.get("region") or _checked(f"{where}:region", "region", stack.region)
    if region is None:
        region = clients.default_region(profile)
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
