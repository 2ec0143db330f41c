"""The plugin's provider configuration (``proton:region``, ...): its table, check and use.

The keys are pulumi-aws's (``region``, ``profile``, ``accessKey``, ``secretKey``, ``token``,
``assumeRole``), under the package's own namespace; a plugin receives only its own
``proton:*`` configuration, never ``aws:*``. The values become the `Defaults` that every
resource of this provider instance resolves its region and credentials from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from provider.constraints import SETTINGS_FIELDS
from provider.properties import Constraint, Failure
from provider.settings import CONFIG_KEYS, Defaults, assume_role_of
from provider.tags import rules_of
from provider.unknowns import is_unknown

NAMESPACE = "proton"


@dataclass(frozen=True)
class ConfigKey:
    """One configuration key: its name, meaning and whether it is a secret."""

    name: str
    doc: str
    secret: bool = False
    setting: str | None = None
    """The AwsSettings field whose constraint applies (None: any string)."""
    type: str | None = None
    """The schema's object type of the value, for an object (None: a string)."""


CONFIG = (
    ConfigKey("region", "AWS region of the connections, e.g. us-east-1.", setting="region"),
    ConfigKey("profile", "Named profile of the AWS config files.", setting="profile"),
    ConfigKey("accessKey", "AWS access key id (with secretKey).", secret=True),
    ConfigKey("secretKey", "AWS secret access key (with accessKey).", secret=True),
    ConfigKey("token", "AWS session token, for temporary credentials.", secret=True),
    ConfigKey(
        "assumeRole",
        "A role to assume on top of the base credentials (roleArn, externalId, sessionName); "
        "its account is the account the resources act in.",
        type="AssumeRole",
    ),
    ConfigKey(
        "defaultTags",
        "Tags that every connection of this provider gets (tags: a map); a connection's own "
        "tag of the same key wins. Proton holds both, shown as the connection's tagsAll; a "
        "change updates the connections in place.",
        type="DefaultTags",
    ),
    ConfigKey(
        "ignoreTags",
        "Tag keys that other tools own (keys: exact keys, keyPrefixes: prefixes): never "
        "added, changed or removed, and never shown, so a change to them is no drift.",
        type="IgnoreTags",
    ),
)
"""The configuration keys, in pulumi-aws's names."""
assert tuple(key.name for key in CONFIG) == CONFIG_KEYS

ASSUME_ROLE = (
    ConfigKey("roleArn", "ARN of the IAM role to assume.", setting="assume_role_arn"),
    ConfigKey(
        "externalId", "External id that the role's trust policy requires.", setting="external_id"
    ),
    ConfigKey("sessionName", "The role session name (default: pulumi-proton-connections)."),
)
"""The members of ``assumeRole``."""

OBJECT_TYPES: dict[str, tuple[str, dict[str, Any]]] = {
    "AssumeRole": ("A role to assume with STS AssumeRole.", {}),
    "DefaultTags": (
        "The provider-wide default tags, as pulumi-aws's defaultTags.",
        {
            "tags": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "The tags every connection gets.",
            }
        },
    ),
    "IgnoreTags": (
        "Tag keys the provider leaves alone, as pulumi-aws's ignoreTags.",
        {
            "keys": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Exact tag keys to ignore.",
            },
            "keyPrefixes": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Prefixes of the tag keys to ignore.",
            },
        },
    ),
}
"""The configuration's object types (the schema's ``types``): a description and the
properties (AssumeRole's are ``ASSUME_ROLE``)."""

SECRETS = frozenset(key.name for key in CONFIG if key.secret)
"""The keys whose values the plugin marks secret, so that the state holds them encrypted."""


def check(values: Mapping[str, Any]) -> list[Failure]:
    """Every bad configuration value, named as ``proton:KEY`` (the same constraints as
    AwsSettings', from botocore's models)."""
    from provider import validation  # pydantic-core: only once something is checked

    role = values.get("assumeRole")
    role = role if is_unknown(role) else assume_role_of(role)
    given = [(key.name, key, values.get(key.name)) for key in CONFIG if key.type is None]
    failures = []
    if isinstance(role, Mapping):
        given += [(f"assumeRole.{key.name}", key, role.get(key.name)) for key in ASSUME_ROLE]
    elif role is not None and not is_unknown(role):
        names = ", ".join(key.name for key in ASSUME_ROLE)
        reason = f"{NAMESPACE}:assumeRole must be an object with {names}, got {role!r}"
        failures.append(Failure("assumeRole", reason))
    for path, key, value in given:
        if value is None or is_unknown(value):
            continue
        rule = SETTINGS_FIELDS.get(key.setting or "", Constraint(key.doc))
        problem = validation.problem(rule, f"{NAMESPACE}:{path}", value)
        if problem is not None:
            failures.append(Failure(path, problem))
    failures += _tag_failures(values)
    if bool(values.get("accessKey")) != bool(values.get("secretKey")):
        both = f"{NAMESPACE}:accessKey and {NAMESPACE}:secretKey are used together; set both"
        failures.append(Failure("accessKey", both))
    return failures


def defaults(values: Mapping[str, Any]) -> Defaults:
    """The Defaults of a provider instance configured with `values` (unknown values unset)."""
    known = {k: v for k, v in values.items() if k in CONFIG_KEYS and not is_unknown(v)}
    return Defaults.of(NAMESPACE, known)


def _tag_failures(values: Mapping[str, Any]) -> list[Failure]:
    """What is wrong with ``defaultTags`` and ``ignoreTags``: their shape, and each default
    tag against Proton's tag rules (the same as a connection's own tags)."""
    from provider import validation
    from provider.schema import CONNECTION_PROPERTIES

    failures = []
    for name in ("defaultTags", "ignoreTags"):
        value = values.get(name)
        if value is None or is_unknown(value):
            continue
        try:
            rules = rules_of(
                NAMESPACE, *((value, None) if name == "defaultTags" else (None, value))
            )
        except ValueError as error:
            failures.append(Failure(name, str(error)))
            continue
        limits = CONNECTION_PROPERTIES.by_name["tags"].tag_limits
        assert limits is not None
        most, key_rule, value_rule = limits
        if len(rules.defaults) > most:
            count = len(rules.defaults)
            reason = f"{NAMESPACE}:defaultTags.tags may hold at most {most} tags, got {count}"
            failures.append(Failure(name, reason))
        for key, tag in rules.defaults:
            problem = validation.problem(
                key_rule, f"{NAMESPACE}:defaultTags.tags key", key
            ) or validation.problem(value_rule, f"{NAMESPACE}:defaultTags.tags.{key}", tag)
            if problem is not None:
                failures.append(Failure(name, problem))
    return failures
