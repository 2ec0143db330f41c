"""Between a resource's table and Proton's API: the members of a request, and the
properties in a response."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from provider.properties import Kind, Schema


def request(table: Schema, props: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Keyword arguments of a Proton call: the set API properties among `names`."""
    kwargs: dict[str, Any] = {}
    for name in names:
        prop = table.by_name[name]
        value = props.get(name)
        if prop.api is None or value is None:
            continue
        kwargs[prop.api] = tags_to_api(value) if prop.kind is Kind.TAGS else value
    return kwargs


def from_api(
    table: Schema, live: Mapping[str, Any], tags: list[dict[str, str]] | None
) -> dict[str, Any]:
    """The table's properties from a Proton response (and its tags, when listed)."""
    values: dict[str, Any] = {}
    for prop in table.properties:
        if prop.kind is Kind.TAGS:
            if tags is not None and prop.api is not None:
                values[prop.name] = tags_from_api(tags)
        elif prop.api is not None:
            value = live.get(prop.api)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(datetime.UTC).isoformat()
            values[prop.name] = value if value != "" else None
    return values


def tags_to_api(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """{"k": "v"} -> Proton's [{"key": "k", "value": "v"}], sorted by key."""
    return [{"key": k, "value": v} for k, v in sorted(tags.items())]


def tags_from_api(tags: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Proton's [{"key": "k", "value": "v"}] -> {"k": "v"}."""
    return {t["key"]: t["value"] for t in tags}
