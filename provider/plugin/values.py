"""Between the plugin SDK's PropertyValues (camelCase keys, secrets, unknowns) and the core's
plain values (the tables' snake_case names)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime import rpc

from provider.properties import Property, Schema


def plain(value: PropertyValue) -> Any:
    """The plain Python value: secrets unwrapped, unknowns as Pulumi's unknown sentinel."""
    inner = value.value
    if isinstance(inner, Computed):
        return rpc.UNKNOWN
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        return [plain(v) for v in inner]
    return inner


def property_value(value: Any, secret: bool = False) -> PropertyValue:
    """A PropertyValue the engine accepts back (numbers as floats; an unknown stays the
    sentinel string, since the SDK cannot marshal its own ``PropertyValue.computed()``)."""
    if isinstance(value, Mapping):
        value = {str(k): property_value(v) for k, v in value.items()}
    elif isinstance(value, list | tuple):
        value = [property_value(v) for v in value]
    elif isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return PropertyValue(value, is_secret=secret)


def sendable(value: PropertyValue) -> PropertyValue:
    """`value` as the engine can take it back: one holding an unknown is rebuilt with the
    unknown sentinel; any other goes back as it came (no copy: Check answers every input)."""
    return property_value(plain(value), value.contains_secret()) if _computed(value) else value


def _computed(value: PropertyValue) -> bool:
    inner = value.value
    if isinstance(inner, Computed):
        return True
    if isinstance(inner, Mapping):
        return any(_computed(v) for v in inner.values())
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        return any(_computed(v) for v in inner)
    return False


def to_table(values: Mapping[str, PropertyValue], table: Schema) -> dict[str, Any]:
    """Plain values keyed by table name; keys the plugin does not have stay as they are, so
    that check reports them."""
    rows = table.by_pulumi_name
    return {rows[key].name if key in rows else key: plain(value) for key, value in values.items()}


def from_table(
    values: Mapping[str, Any], table: Schema, secrets: frozenset[str] = frozenset()
) -> dict[str, PropertyValue]:
    """PropertyValues keyed by the plugin's names, for the rows the plugin has; unset values
    left out; the properties named in `secrets` (camelCase) stay secret."""
    return {
        p.pulumi_name: property_value(_camel(p, values[p.name]), p.pulumi_name in secrets)
        for p in table.properties
        if p.plugin and values.get(p.name) is not None
    }


def _camel(prop: Property, value: Any) -> Any:
    """An OBJECTS row's items keyed by the plugin's names (unset values left out); any other
    value as it is."""
    if prop.item is None:
        return value
    rows = prop.item.properties
    return [
        {p.pulumi_name: item[p.name] for p in rows if item.get(p.name) is not None}
        for item in value
    ]


def secret_names(values: Mapping[str, PropertyValue]) -> frozenset[str]:
    """The properties whose values are (or hold) secrets."""
    return frozenset(key for key, value in values.items() if value.contains_secret())
