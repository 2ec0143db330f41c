"""Requests checked against botocore's Proton model, as the service checks them.

botocore's own `ParamValidator` checks types, required members and minimums, but not
maximums or patterns, and it runs in the client, which a raw HTTP caller can skip. So the
emulator checks every member against its shape here, with messages in the service's words.
"""

from __future__ import annotations

import re
from typing import Any

import botocore.session
from botocore.model import ListShape, ServiceModel, Shape, StringShape, StructureShape

from .exceptions import ValidationException

PROTON: ServiceModel = botocore.session.get_session().get_service_model("proton")

_TYPES: dict[str, tuple[type, ...]] = {
    "structure": (dict,),
    "list": (list,),
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
}


def validate(operation: str, params: dict[str, Any]) -> None:
    """Raises ValidationException naming every member that breaks its shape's constraints."""
    shape = PROTON.operation_model(operation).input_shape
    problems: list[str] = []
    if shape is not None:
        _check(shape, params, "", problems)
    if problems:
        count = len(problems)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(problems)
        )


def _check(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    meta = shape.metadata

    def fail(constraint: str) -> None:
        shown = value if isinstance(value, str | int) else "[...]"
        problems.append(f"Value '{shown}' at '{path}' failed to satisfy constraint: {constraint}")

    expected = _TYPES.get(shape.type_name)
    if expected and (
        not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)
    ):
        fail(f"Member must be of type {shape.type_name}")
        return
    if isinstance(shape, StructureShape):
        prefix = f"{path}." if path else ""
        for name in shape.required_members:
            if value.get(name) is None:
                problems.append(
                    f"Value null at '{prefix}{name}' failed to satisfy constraint: "
                    "Member must not be null"
                )
        for name, member in shape.members.items():
            if value.get(name) is not None:
                _check(member, value[name], f"{prefix}{name}", problems)
        return
    if shape.type_name in ("list", "string"):
        if "min" in meta and len(value) < meta["min"]:
            fail(f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(f"Member must have length less than or equal to {meta['max']}")
    if isinstance(shape, ListShape):
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}.{index + 1}", problems)
    elif isinstance(shape, StringShape):
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value, re.ASCII):
            fail(f"Member must satisfy regular expression pattern: {meta['pattern']}")
        if shape.enum and value not in shape.enum:
            fail(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    elif shape.type_name in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            fail(f"Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            fail(f"Member must have value less than or equal to {meta['max']}")
