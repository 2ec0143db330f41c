"""Values that Pulumi does not know yet: in a preview, an input taken from another resource."""

from __future__ import annotations

from collections.abc import Mapping

from pulumi.output import Unknown
from pulumi.runtime import rpc


def is_unknown(value: object) -> bool:
    """True for a value Pulumi does not know yet."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def contains_unknown(value: object) -> bool:
    """True when `value` or anything inside it is unknown."""
    if isinstance(value, Mapping):
        return any(contains_unknown(k) or contains_unknown(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return is_unknown(value)
