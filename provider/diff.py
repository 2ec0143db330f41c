"""The diff engine: what a change of inputs does, read off a resource's table, and the
conditions under which a row's change replaces (Terraform's ``RequiresReplaceIf``). No
network call: where the settings act comes from the caller's `Place`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from provider.arns import region_of
from provider.properties import (
    SNAKE,
    Behaviour,
    Change,
    Condition,
    Kind,
    Naming,
    Place,
    Property,
    Schema,
)
from provider.unknowns import contains_unknown


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


def normalized(prop: Property, value: Any) -> Any:
    """The value as diff compares it: an empty map or list is none; None entries of settings
    drop; a list of strings is a set."""
    if prop.kind in (Kind.TAGS, Kind.SETTINGS) and isinstance(value, Mapping):
        value = {k: v for k, v in value.items() if v is not None} or None
    if prop.kind is Kind.LIST and isinstance(value, list | tuple) and not contains_unknown(value):
        value = sorted(set(value)) or None  # a set: order and repeats are no change
    return value


def diff(
    table: Schema,
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    place: Callable[[], Place | None] = lambda: None,
    naming: Naming = SNAKE,
) -> Diff:
    """What changes and what that does, for the rows the front end of `naming` has.

    `olds` are the stored outputs (which repeat every input). An unknown new value may
    change, so it counts as a change of its kind. A row's ``replace_if`` is asked about
    every row it is set on, changed or not (a stored REJECTED status, a move elsewhere).
    """
    changes: dict[str, PropertyChange] = {}
    for prop in table.rows(naming):
        if prop.behaviour is Behaviour.CREATE_ONLY:
            continue
        old = normalized(prop, olds.get(prop.name))
        new = normalized(prop, news.get(prop.name))
        is_input = prop.behaviour is not Behaviour.OUTPUT
        compared = is_input or prop.derived
        differs = compared and (contains_unknown(new) or old != new)
        conditional = prop.replace_if is not None and prop.replace_if.holds(Change(old, new, place))
        if not (differs or conditional):
            continue
        kind: Literal["add", "update", "delete"] = "update"
        if compared and old is None and new is not None:
            kind = "add"
        elif compared and new is None and old is not None:
            kind = "delete"
        replaces = prop.behaviour is Behaviour.REPLACE or conditional
        changes[prop.name] = PropertyChange(kind, replaces)
    replacing = [table.by_name[name] for name, c in changes.items() if c.replaces]
    delete_first = bool(replacing) and all(
        p.replace_if is not None and p.replace_if.delete_first for p in replacing
    )
    return Diff(changes, delete_first)
