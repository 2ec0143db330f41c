"""The conformance oracle: responses checked against botocore's Proton output shapes.

`attach(client)` makes every response that `client` receives pass through `check_response`
before botocore parses it, so any test that calls the emulator checks its wire format too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, Shape, StringShape, StructureShape

PROTON = botocore.session.get_session().get_service_model("proton")

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (int, float),  # awsJson: seconds since the epoch
}


def shape_problems(shape: Shape, value: Any, path: str = "") -> list[str]:
    """What is wrong with `value` as JSON of `shape`: missing required members, members the
    shape does not have, wrong types, values outside an enum."""
    where = path or "(top)"
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        problems = [
            f"{path}.{name}: required member missing"
            for name in shape.required_members
            if value.get(name) is None
        ]
        problems += [
            f"{path}.{name}: not a member of {shape.name}"
            for name in value
            if name not in shape.members
        ]
        for name, member in shape.members.items():
            if value.get(name) is not None:
                problems += shape_problems(member, value[name], f"{path}.{name}")
        return problems
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {value!r}"]
        return [
            p
            for i, item in enumerate(value)
            for p in shape_problems(shape.member, item, f"{path}[{i}]")
        ]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{where}: expected a map, got {value!r}"]
        return [p for k, v in value.items() for p in shape_problems(shape.value, v, f"{path}[{k}]")]
    expected = _JSON_TYPES[shape.type_name]
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        return [f"{where}: expected {shape.type_name}, got {value!r}"]
    if isinstance(shape, StringShape) and shape.enum and value not in shape.enum:
        return [f"{where}: {value!r} is not one of {shape.enum}"]
    return []


def check_output(operation: str, body: Any) -> None:
    """A successful response's JSON body against the operation's output shape."""
    shape = PROTON.operation_model(operation).output_shape
    problems = shape_problems(shape, body) if shape is not None else []
    assert not problems, f"{operation} response breaks its output shape: {problems}"


def check_error(operation: str, status: int, body: Any) -> None:
    """An error response: a code that the model lists for the operation, a message, and 500
    only for the service's own fault."""
    listed = {shape.name for shape in PROTON.operation_model(operation).error_shapes}
    code = str(body.get("__type", "")).rpartition("#")[2] if isinstance(body, dict) else ""
    assert code in listed, f"{operation} answered {code!r}; the model lists {sorted(listed)}"
    message = body.get("message")
    assert isinstance(message, str) and message, f"{operation} {code} has no message: {body}"
    assert status == (500 if code == "InternalServerException" else 400), (
        f"{operation} {code} came with HTTP {status}"
    )


def check_response(operation: OperationModel, status: int, raw: bytes) -> None:
    body = json.loads(raw) if raw else {}
    if status < 300:
        check_output(operation.name, body)
    else:
        check_error(operation.name, status, body)


def attach(client: Any, seen: set[str] | None = None) -> Any:
    """Checks every response that `client` receives; records the operations in `seen`."""

    def before_parse(
        operation_model: OperationModel, response_dict: dict[str, Any], **_: Any
    ) -> None:
        check_response(operation_model, response_dict["status_code"], response_dict["body"])
        if seen is not None and response_dict["status_code"] < 300:
            seen.add(operation_model.name)

    handler: Callable[..., None] = before_parse
    client.meta.events.register("before-parse.proton", handler)
    return client
