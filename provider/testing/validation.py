"""Requests checked against the constraints of botocore's Proton model, as the service does."""

from __future__ import annotations

import re
from typing import Any

import botocore.session
from botocore.model import ListShape, Shape, StructureShape

from .exceptions import ValidationException

PROTON = botocore.session.get_session().get_service_model("proton")


def validate(operation: str, params: dict[str, Any]) -> None:
    """Raises ValidationException naming every member that breaks its shape's constraints."""
    problems: list[str] = []
    _check_structure(PROTON.operation_model(operation).input_shape, params, "", problems)
    if problems:
        count = len(problems)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(problems)
        )


def _check_structure(shape: StructureShape, value: dict[str, Any], path: str, problems: list[str]) -> None:
    for name in shape.required_members:
        if value.get(name) is None:
            problems.append(f"Value null at '{path}{name}' failed to satisfy constraint: Member must not be null")
    for name, member in shape.members.items():
        if value.get(name) is not None:
            _check(member, value[name], f"{path}{name}", problems)


def _check(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    meta = shape.metadata

    def fail(constraint: str) -> None:
        shown = value if isinstance(value, str | int) else "[...]"
        problems.append(f"Value '{shown}' at '{path}' failed to satisfy constraint: {constraint}")

    if isinstance(shape, StructureShape):
        _check_structure(shape, value, f"{path}.", problems)
    elif isinstance(shape, ListShape):
        if "min" in meta and len(value) < meta["min"]:
            fail(f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(f"Member must have length less than or equal to {meta['max']}")
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}.{index + 1}", problems)
    elif shape.type_name == "string":
        if "min" in meta and len(value) < meta["min"]:
            fail(f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(f"Member must have length less than or equal to {meta['max']}")
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value, re.ASCII):
            fail(f"Member must satisfy regular expression pattern: {meta['pattern']}")
        if shape.enum and value not in shape.enum:
            fail(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    elif shape.type_name == "integer":
        if "min" in meta and value < meta["min"]:
            fail(f"Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            fail(f"Member must have value less than or equal to {meta['max']}")
