"""The one declarative description of every property, read by check, diff, create, read, update.

Each resource is a `Schema`: a table of `Property` rows (Python name, Proton API name, how a
change is applied, the constraint on its value). Constraints come from botocore's service
models (Proton's shapes, STS's ExternalId, the partitions' region patterns), through
``provider.model``, which scripts/gen-model generates from them: checking and diffing import no
botocore and parse no model. Only the human wording of what a pattern allows is written here.
`provider.validation` compiles the tables into pydantic-core validators for check, on first use.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pulumi.output import Unknown
from pulumi.runtime import rpc

from provider import model

# What each pattern of the models allows, in words (keyed by the botocore shape name).
_DESCRIPTIONS = {
    "AwsAccountId": "12 digits",
    "ResourceName": ("letters, digits, '-' and '_', starting with a letter or digit (ASCII only)"),
    "RoleArn": (
        "an IAM role ARN of the form arn:aws:iam::123456789012:role/NAME (partition aws, "
        "aws-cn or aws-us-gov; NAME up to 64 of the characters A-Z a-z 0-9 _+=,.@-, "
        "optionally after a /path/)"
    ),
    "EnvironmentAccountConnectionId": (
        "a connection id: a lowercase UUID such as 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    ),
    "externalIdType": "made of the characters A-Z a-z 0-9 _+=,.@:/-",
}


class Behaviour(enum.Enum):
    """What a change of the property does to the resource."""

    UPDATE = "updated in place"
    REPLACE = "replaces the resource"
    CREATE_ONLY = "used only when the resource is created; a change is no change"
    OUTPUT = "output only"


class Kind(enum.Enum):
    """The value's type in `props` (what check expects and how Proton's value converts)."""

    STRING = "string"
    TAGS = "map of string to string"
    SETTINGS = "AWS settings"
    BOOL = "boolean"
    TIMESTAMP = "ISO 8601 timestamp"


@dataclass(frozen=True)
class Constraint:
    """What a string may be: lengths and a pattern from a model shape, in words."""

    what: str
    patterns: tuple[str, ...] = ()
    """The model's regexes (Java's: matched whole, ASCII); any one may match. Compiled only
    where something is checked (`provider.validation`), not when the tables load."""
    min_length: int | None = None
    max_length: int | None = None

    @classmethod
    def of(cls, shape: str) -> Constraint:
        """The constraint of a botocore string shape, by name (``provider.model.SHAPES``)."""
        meta = model.SHAPES[shape]
        patterns = (meta["pattern"],) if "pattern" in meta else ()
        what = _DESCRIPTIONS.get(shape, f"a string matching {meta.get('pattern', '.*')}")
        return cls(what, patterns, meta.get("min"), meta.get("max"))

    def problem(self, path: str, value: object) -> str | None:
        """Why `value` is not allowed at `path` (one sentence), or None when it is."""
        from provider import validation  # pydantic-core: only once something is checked

        return validation.problem(self, path, value)


def shown(value: object) -> str:
    """`value` as a message quotes it: repr, shortened when long, with its type unless a str."""
    text = repr(value)
    if len(text) > 80:
        size = f"{len(value)} characters" if isinstance(value, str) else f"{len(text)} in all"
        text = f"{text[:60]}...{text[-12:]} ({size})"
    return text if isinstance(value, str) else f"{type(value).__name__} {text}"


def _region_constraint() -> Constraint:
    return Constraint(
        "an AWS region name such as us-east-1",
        tuple(model.REGION_REGEXES),
        min_length=1,
    )


def is_unknown(value: object) -> bool:
    """True for a value Pulumi does not know yet (preview of an input from another resource)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def contains_unknown(value: object) -> bool:
    """True when `value` or anything inside it is unknown."""
    if isinstance(value, Mapping):
        return any(contains_unknown(k) or contains_unknown(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return is_unknown(value)


@dataclass(frozen=True)
class Place:
    """Where a resource's settings act: a region, and the account when it is known without a
    call (the account of a role to assume). None where not known at all."""

    region: str | None
    account: str | None


@dataclass(frozen=True)
class Change:
    """What diff knows of one property when it asks a replace condition."""

    old: Any
    """The stored value."""
    new: Any
    """The program's new value (None for an output)."""
    place: Callable[[], Place | None]
    """Where the new settings act; None while they are unknown (an input from another
    resource in a preview). Called only by the conditions that need it."""


@dataclass(frozen=True)
class Condition:
    """A replace that holds only in some cases (Terraform's ``RequiresReplaceIf``)."""

    holds: Callable[[Change], bool]
    why: str
    """In words, for descriptions: "removing it replaces the connection"."""
    delete_first: bool = False
    """The replacement must delete the old resource before creating the new one."""


def _removed(change: Change) -> bool:
    return change.new is None and change.old is not None


def _rejected(change: Change) -> bool:
    return bool(change.old == "REJECTED")


def _elsewhere(stored: str | None, place: Place | None, new: str | None) -> bool:
    # Unknown settings may move; a side not known (no ARN yet, no role) does not count.
    return place is None or (None not in (stored, new) and stored != new)


def _other_region(change: Change) -> bool:
    place = change.place()
    return _elsewhere(region_of(change.old), place, place.region if place else None)


def _other_account(change: Change) -> bool:
    place = change.place()
    return _elsewhere(change.old, place, place.account if place else None)


def arn_parts(arn: object) -> dict[str, str] | None:
    """An ARN's partition, service, region, account and resource, or None when `arn` is not
    one (as botocore's ``ArnParser`` reads it, without importing botocore)."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    return dict(
        zip(("partition", "service", "region", "account", "resource"), parts[1:], strict=True)
    )


def region_of(arn: object) -> str | None:
    """The region in an ARN, or None."""
    parts = arn_parts(arn)
    return (parts["region"] or None) if parts is not None else None


REMOVED = Condition(
    _removed,
    "removing it replaces the connection (Proton cannot unset it); the old one is deleted first",
    delete_first=True,
)
"""Removing the value replaces: the API cannot unset it. The same environment's connection
cannot exist twice, so the old one goes first."""
REJECTED = Condition(
    _rejected,
    "a REJECTED connection is replaced by a new request (Proton cannot accept it again)",
)
"""A connection rejected by the management account can only be requested again."""
OTHER_REGION = Condition(_other_region, "settings that act in another region replace it")
"""The ARN names the region: settings that act in another region need a new resource."""
OTHER_ACCOUNT = Condition(_other_account, "settings that act in another account replace it")
"""Settings whose role is in another account than the stored one need a new resource."""


@dataclass(frozen=True)
class Property:
    """One row of a resource's table."""

    name: str
    """The snake_case name: constructor argument, `props` key, output attribute."""
    api: str | None
    """The member name in Proton's API (None: not sent to Proton)."""
    behaviour: Behaviour
    kind: Kind = Kind.STRING
    required: bool = False
    constraint: Constraint | None = None
    tag_limits: tuple[int, Constraint, Constraint] | None = None
    """For TAGS: the most tags, the key's and the value's constraints."""
    replace_if: Condition | None = None
    """A change that replaces the resource only when this holds (behaviour UPDATE or OUTPUT)."""
    doc: str = ""
    plugin: bool = True
    """False for the dynamic resources' own properties (settings, hidden inputs), which the
    plugin takes from its provider configuration and the engine instead."""

    @functools.cached_property
    def pulumi_name(self) -> str:
        """The camelCase name of the plugin, its schema and every Pulumi language."""
        head, *rest = self.name.split("_")
        return head + "".join(word.capitalize() for word in rest)


def _tag_limits(list_shape: str) -> tuple[int, Constraint, Constraint]:
    return (
        model.SHAPES[list_shape]["max"],
        Constraint.of(model.TAG_MEMBERS["key"]),
        Constraint.of(model.TAG_MEMBERS["value"]),
    )


Naming = Callable[["Property"], str]
"""How a front end names a property: ``SNAKE`` (the dynamic resources) or ``CAMEL`` (the plugin)."""


def SNAKE(prop: Property) -> str:
    """The dynamic resources' snake_case name."""
    return prop.name


def CAMEL(prop: Property) -> str:
    """The plugin's camelCase name."""
    return prop.pulumi_name


@dataclass(frozen=True)
class Failure:
    """One bad input: the property (in the front end's naming) and why, in one sentence."""

    property: str
    reason: str


@dataclass(frozen=True)
class PropertyChange:
    """How one property changes: added, updated or deleted, and whether that replaces."""

    kind: Literal["add", "update", "delete"]
    replaces: bool = False


@dataclass(frozen=True)
class Diff:
    """What a change of inputs does, property by property (table names)."""

    changes: dict[str, PropertyChange]
    delete_before_replace: bool = False

    @property
    def replaces(self) -> list[str]:
        """The properties whose change replaces the resource."""
        return [name for name, change in self.changes.items() if change.replaces]

    @property
    def changed(self) -> bool:
        """True when anything changes."""
        return bool(self.changes)


@dataclass(frozen=True, eq=False)  # identity: validation caches a validator per table
class Schema:
    """A resource's table of properties, and the rules that span several of them."""

    properties: tuple[Property, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    """Groups of properties of which at least one must be set."""
    by_name: dict[str, Property] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {p.name: p for p in self.properties})

    def of(self, *behaviours: Behaviour) -> list[Property]:
        """The properties with one of `behaviours`, in table order."""
        return [p for p in self.properties if p.behaviour in behaviours]

    @property
    def inputs(self) -> list[Property]:
        """Every property the program may give (all but outputs)."""
        return [p for p in self.properties if p.behaviour is not Behaviour.OUTPUT]

    def inputs_of(self, outputs: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs that reproduce `outputs` (what a read tells an import or a refresh)."""
        return {
            p.name: outputs[p.name]
            for p in self.of(Behaviour.UPDATE, Behaviour.REPLACE)
            if outputs.get(p.name) is not None
        }

    @functools.cached_property
    def by_pulumi_name(self) -> dict[str, Property]:
        """The plugin's rows by their camelCase names."""
        return {p.pulumi_name: p for p in self.properties if p.plugin}

    def rows(self, naming: Naming) -> list[Property]:
        """The properties a front end has: all for the dynamic resources (SNAKE), those
        marked ``plugin`` for the plugin (CAMEL)."""
        return [p for p in self.properties if naming is SNAKE or p.plugin]

    def check(self, news: Mapping[str, Any], naming: Naming = SNAKE) -> list[Failure]:
        """One failure per bad property, each naming it (in `naming`) and saying what is
        allowed. `news` are keyed by table name; a key the front end lacks is refused as it
        is named; None is unset; keys starting with ``__`` are the engine's."""
        from provider import validation  # pydantic-core: only once something is checked

        return validation.check(self, news, naming)

    def diff(
        self,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        place: Callable[[], Place | None] = lambda: None,
        naming: Naming = SNAKE,
    ) -> Diff:
        """What changes and what that does, with no network call.

        `olds` are the stored outputs (which repeat every input). An unknown new value may
        change, so it counts as a change of its kind. A row's ``replace_if`` is asked about
        every row it is set on, changed or not (a stored REJECTED status, a move elsewhere).
        """
        changes: dict[str, PropertyChange] = {}
        for prop in self.rows(naming):
            if prop.behaviour is Behaviour.CREATE_ONLY:
                continue
            old = normalized(prop, olds.get(prop.name))
            new = normalized(prop, news.get(prop.name))
            is_input = prop.behaviour is not Behaviour.OUTPUT
            differs = is_input and (contains_unknown(new) or old != new)
            change = Change(old, new, place)
            conditional = prop.replace_if is not None and prop.replace_if.holds(change)
            if not (differs or conditional):
                continue
            kind: Literal["add", "update", "delete"] = "update"
            if is_input and old is None and new is not None:
                kind = "add"
            elif is_input and new is None and old is not None:
                kind = "delete"
            replaces = prop.behaviour is Behaviour.REPLACE or conditional
            changes[prop.name] = PropertyChange(kind, replaces)
        replacing = [self.by_name[name] for name, c in changes.items() if c.replaces]
        delete_first = bool(replacing) and all(
            p.replace_if is not None and p.replace_if.delete_first for p in replacing
        )
        return Diff(changes, delete_first)

    def request(self, props: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
        """Keyword arguments of a Proton call: the set API properties among `names`."""
        kwargs: dict[str, Any] = {}
        for name in names:
            prop = self.by_name[name]
            value = props.get(name)
            if prop.api is None or value is None:
                continue
            kwargs[prop.api] = tags_to_api(value) if prop.kind is Kind.TAGS else value
        return kwargs

    def from_api(
        self, live: Mapping[str, Any], tags: list[dict[str, str]] | None
    ) -> dict[str, Any]:
        """Our properties from a Proton response (and its tags, when listed)."""
        values: dict[str, Any] = {}
        for prop in self.properties:
            if prop.kind is Kind.TAGS:
                if tags is not None:
                    values[prop.name] = tags_from_api(tags)
            elif prop.api is not None:
                value = live.get(prop.api)
                if isinstance(value, datetime.datetime):
                    value = value.astimezone(datetime.UTC).isoformat()
                values[prop.name] = value if value != "" else None
        return values


def normalized(prop: Property, value: Any) -> Any:
    """The value as diff compares it: an empty map is no map; None entries of settings drop."""
    if prop.kind in (Kind.TAGS, Kind.SETTINGS) and isinstance(value, Mapping):
        value = {k: v for k, v in value.items() if v is not None} or None
    return value


def tags_to_api(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """{"k": "v"} -> Proton's [{"key": "k", "value": "v"}], sorted by key."""
    return [{"key": k, "value": v} for k, v in sorted(tags.items())]


def tags_from_api(tags: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Proton's [{"key": "k", "value": "v"}] -> {"k": "v"}."""
    return {t["key"]: t["value"] for t in tags}


# --- AWS settings (the `aws` property of every resource) ------------------------------------

SETTINGS_FIELDS: dict[str, Constraint] = {
    "region": _region_constraint(),
    "profile": Constraint("the name of a profile in the AWS config files", min_length=1),
    "assume_role_arn": Constraint.of("RoleArn"),
    "external_id": Constraint.of(model.ASSUME_ROLE_MEMBERS["ExternalId"]),
}
"""AwsSettings' fields and what each may be."""


# --- The tables -----------------------------------------------------------------------------

_CREATE = model.CREATE_MEMBERS
"""CreateEnvironmentAccountConnection's members: the shape of each."""
_CONNECTION_ID = "EnvironmentAccountConnectionId"


AWS = Property(
    "aws",
    None,
    Behaviour.UPDATE,
    Kind.SETTINGS,
    doc="Region and credentials for this resource (AwsSettings); no Proton call on change.",
    plugin=False,
)
"""The dynamic resources' own settings (the plugin's come from its provider configuration)."""


def _status(doc: str) -> Property:
    return Property("status", "status", Behaviour.OUTPUT, replace_if=REJECTED, doc=doc)


CONNECTION = Schema(
    (
        Property(
            "environment_name",
            "environmentName",
            Behaviour.REPLACE,
            required="environmentName" in model.CREATE_REQUIRED,
            constraint=Constraint.of(_CREATE["environmentName"]),
            doc="The Proton environment, in the management account, that this connection serves.",
        ),
        Property(
            "management_account_id",
            "managementAccountId",
            Behaviour.REPLACE,
            required="managementAccountId" in model.CREATE_REQUIRED,
            constraint=Constraint.of(_CREATE["managementAccountId"]),
            doc="The management account that accepts or rejects the connection.",
        ),
        Property(
            "role_arn",
            "roleArn",
            Behaviour.UPDATE,
            constraint=Constraint.of(_CREATE["roleArn"]),
            replace_if=REMOVED,
            doc="IAM role in the environment account that Proton uses to provision the "
            "environment's infrastructure. At least one of roleArn and codebuildRoleArn.",
        ),
        Property(
            "codebuild_role_arn",
            "codebuildRoleArn",
            Behaviour.UPDATE,
            constraint=Constraint.of(_CREATE["codebuildRoleArn"]),
            replace_if=REMOVED,
            doc="IAM role in the environment account for CodeBuild-based provisioning.",
        ),
        Property(
            "component_role_arn",
            "componentRoleArn",
            Behaviour.UPDATE,
            constraint=Constraint.of(_CREATE["componentRoleArn"]),
            replace_if=REMOVED,
            doc="IAM role that Proton uses to provision directly defined components.",
        ),
        Property(
            "tags",
            "tags",
            Behaviour.UPDATE,
            Kind.TAGS,
            tag_limits=_tag_limits(_CREATE["tags"]),
            doc="The connection's tags.",
        ),
        AWS,
        Property(
            "adopt_id",
            None,
            Behaviour.CREATE_ONLY,
            constraint=Constraint.of(_CONNECTION_ID),
            doc="Hidden: the id of an existing connection that create adopts (import_).",
            plugin=False,
        ),
        Property(
            "client_token_seed",
            None,
            Behaviour.CREATE_ONLY,
            constraint=Constraint("a hex digest", ("[0-9a-f]{1,64}",)),
            doc="Hidden: hash of project, stack and resource name; create mixes in the inputs.",
            plugin=False,
        ),
        Property(
            "arn", "arn", Behaviour.OUTPUT, replace_if=OTHER_REGION, doc="ARN of the connection."
        ),
        _status("PENDING, CONNECTED or REJECTED, as last created, updated or refreshed."),
        Property(
            "environment_account_id",
            "environmentAccountId",
            Behaviour.OUTPUT,
            replace_if=OTHER_ACCOUNT,
            doc="The environment account: the account of the credentials that created it.",
        ),
        Property(
            "requested_at",
            "requestedAt",
            Behaviour.OUTPUT,
            Kind.TIMESTAMP,
            doc="When the connection was requested (ISO 8601, UTC).",
        ),
        Property(
            "last_modified_at",
            "lastModifiedAt",
            Behaviour.OUTPUT,
            Kind.TIMESTAMP,
            doc="When the connection last changed (ISO 8601, UTC).",
        ),
    ),
    one_of=(("role_arn", "codebuild_role_arn"),),
)
"""EnvironmentAccountConnection's properties."""

ACCEPTER = Schema(
    (
        Property(
            "connection_id",
            "id",
            Behaviour.REPLACE,
            required=True,
            constraint=Constraint.of(_CONNECTION_ID),
            doc="The id of the connection to accept.",
        ),
        AWS,
        Property(
            "reject_on_delete",
            None,
            Behaviour.UPDATE,
            Kind.BOOL,
            doc="Reject the connection when the accepter is deleted (default: leave it).",
        ),
        _status("The connection's status: CONNECTED once accepted; REJECTED if rejected since."),
        Property(
            "arn", "arn", Behaviour.OUTPUT, replace_if=OTHER_REGION, doc="ARN of the connection."
        ),
        Property(
            "environment_name",
            "environmentName",
            Behaviour.OUTPUT,
            doc="The Proton environment that the connection serves.",
        ),
        Property(
            "environment_account_id",
            "environmentAccountId",
            Behaviour.OUTPUT,
            doc="The environment account that requested the connection.",
        ),
        Property(
            "management_account_id",
            "managementAccountId",
            Behaviour.OUTPUT,
            replace_if=OTHER_ACCOUNT,
            doc="The management account that accepted it.",
        ),
    )
)
"""EnvironmentAccountConnectionAccepter's properties."""
