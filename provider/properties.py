"""What the property tables (`provider.schema`) are made of: a `Property` row, a resource's
`Schema`, and the vocabulary of their columns. Types only: the diff engine that reads the
rows is `provider.diff`, check's is `provider.validation`, the mapping to Proton's API is
`provider.api`.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Behaviour(enum.Enum):
    """What a change of the property does to the resource."""

    UPDATE = "updated in place"
    REPLACE = "replaces the resource"
    CREATE_ONLY = "used only when the resource is created; a change is no change"
    OUTPUT = "output only"
    ARGUMENT = "an argument of a function"


class Kind(enum.Enum):
    """The value's type in `props` (what check expects and how Proton's value converts)."""

    STRING = "string"
    TAGS = "map of string to string"
    SETTINGS = "AWS settings"
    BOOL = "boolean"
    TIMESTAMP = "ISO 8601 timestamp"
    LIST = "list of strings"
    OBJECTS = "list of objects"


@dataclass(frozen=True)
class Constraint:
    """What a string may be: lengths and a pattern from a model shape, in words."""

    what: str
    patterns: tuple[str, ...] = ()
    """The model's regexes (Java's: matched whole, ASCII); any one may match. Compiled only
    where something is checked (`provider.validation`), not when the tables load."""
    min_length: int | None = None
    max_length: int | None = None


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


def camel(name: str) -> str:
    """A snake_case name in camelCase: ``role_arn`` -> ``roleArn``."""
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


SAME_AS_PULUMI = "<the camelCase name>"
"""`Property.api`'s default: Proton's member name is the property's camelCase name."""


@dataclass(frozen=True)
class Property:
    """One row of a resource's table."""

    name: str
    """The snake_case name: constructor argument, `props` key, output attribute."""
    behaviour: Behaviour
    kind: Kind = Kind.STRING
    api: str | None = SAME_AS_PULUMI
    """The member name in Proton's API, given only where it is not the camelCase name
    (None: not sent to Proton)."""
    required: bool = False
    constraint: Constraint | None = None
    tag_limits: tuple[int, Constraint, Constraint] | None = None
    """For TAGS: the most tags, the key's and the value's constraints."""
    item: Schema | None = None
    """For OBJECTS: the table of each object's properties (all outputs). For LIST, the
    constraint is each string's."""
    replace_if: Condition | None = None
    """A change that replaces the resource only when this holds (behaviour UPDATE or OUTPUT)."""
    doc: str = ""
    derived: bool = False
    """For an OUTPUT: diff compares it, since the core derives its new value from the inputs
    and the provider's settings (``tags_all``); a change updates in place."""
    plugin: bool = True
    """False for the dynamic resources' own properties (settings, hidden inputs), which the
    plugin takes from its provider configuration and the engine instead."""

    def __post_init__(self) -> None:
        if self.api == SAME_AS_PULUMI:
            object.__setattr__(self, "api", self.pulumi_name)

    @functools.cached_property
    def pulumi_name(self) -> str:
        """The camelCase name of the plugin, its schema and every Pulumi language."""
        return camel(self.name)


Naming = Callable[[Property], str]
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


@dataclass(frozen=True, eq=False)  # identity: validation caches a validator per table
class Schema:
    """A resource's table of properties, and the rules that span several of them."""

    properties: tuple[Property, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    """Groups of properties of which at least one must be set."""
    name: str = ""
    """The table's name where it is a type of its own (an OBJECTS row's item table): the
    plugin schema's object type."""
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

    def unset_outputs(self) -> dict[str, None]:
        """Every output, unset: what a registration declares so that Pulumi makes each one
        an attribute of the resource."""
        return {p.name: None for p in self.of(Behaviour.OUTPUT)}

    @functools.cached_property
    def by_pulumi_name(self) -> dict[str, Property]:
        """The plugin's rows by their camelCase names."""
        return {p.pulumi_name: p for p in self.properties if p.plugin}

    def rows(self, naming: Naming) -> list[Property]:
        """The properties a front end has: all for the dynamic resources (SNAKE), those
        marked ``plugin`` for the plugin (CAMEL)."""
        return [p for p in self.properties if naming is SNAKE or p.plugin]
