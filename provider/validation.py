"""Check's engine: the tables of `provider.schema` compiled into pydantic validators, and their
errors turned into one sentence per property, named as the front end names it.

The tables compile straight into pydantic-core schemas (``pydantic_core.core_schema``), the
engine that pydantic's models compile into: the same validation and the same error types as a
``BaseModel``, without importing pydantic's Python layer, which a provider host would pay for
at start (bench/results.md). A module of its own, which its callers import on the first check:
a program that only declares resources, and a diff, never load it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import (
    CoreConfig,
    ErrorDetails,
    PydanticCustomError,
    SchemaValidator,
    ValidationError,
)
from pydantic_core import core_schema as cs

from provider.constraints import SETTINGS_FIELDS
from provider.properties import Behaviour, Constraint, Failure, Kind, Naming, Property, Schema
from provider.schema import DEFAULT_TAGS_SETTING, IGNORE_TAGS_KEYS, SETTING_NAMES
from provider.unknowns import is_unknown

_CONFIG = CoreConfig(regex_engine="python-re")
"""Python's re (ASCII, as the models' Java patterns mean). Each schema says ``strict`` (no
coercion) and ``extra_behavior="forbid"`` (unknown keys refused) itself: a core config's
``strict`` and ``extra_fields_behavior`` do not reach every nested schema."""


def shown(value: object) -> str:
    """`value` as a message quotes it: repr, shortened when long, with its type unless a str."""
    text = repr(value)
    if len(text) > 80:
        size = f"{len(value)} characters" if isinstance(value, str) else f"{len(text)} in all"
        text = f"{text[:60]}...{text[-12:]} ({size})"
    return text if isinstance(value, str) else f"{type(value).__name__} {text}"


def _skip_unknown(value: Any, handler: cs.ValidatorFunctionWrapHandler) -> Any:
    return value if is_unknown(value) else handler(value)


def _unless_unknown(schema: cs.CoreSchema) -> cs.CoreSchema:
    """Leaves a value that Pulumi does not know yet (a preview) to a later check."""
    return cs.no_info_wrap_validator_function(_skip_unknown, schema)


def _errors(validator: SchemaValidator, value: object) -> list[ErrorDetails]:
    try:
        validator.validate_python(value)
    except ValidationError as error:
        return error.errors()
    return []


# --- One string constraint -------------------------------------------------------------------


def _constraint_schema(rule: Constraint) -> cs.CoreSchema:
    """The schema of a value that meets `rule` (an unknown value passes)."""
    # The models' patterns are Java regexes matched against the whole value, where \d and \w
    # mean ASCII only; pydantic searches, so anchor both ends (\Z: $ would also allow a final
    # newline).
    either = "|".join(f"(?:{p})" for p in rule.patterns)
    pattern = re.compile(f"\\A(?:{either})\\Z", re.ASCII) if rule.patterns else None
    text = cs.str_schema(
        min_length=rule.min_length, max_length=rule.max_length, pattern=pattern, strict=True
    )
    return _unless_unknown(text)


@functools.cache
def _constraint_validator(rule: Constraint) -> SchemaValidator:
    return SchemaValidator(_constraint_schema(rule), _CONFIG)


def problem(rule: Constraint, path: str, value: object) -> str | None:
    """Why `value` is not allowed at `path` by `rule` (one sentence), or None when it is."""
    errors = _errors(_constraint_validator(rule), value)
    return _constraint_sentence(rule, path, errors[0], value) if errors else None


def _constraint_sentence(rule: Constraint, path: str, error: ErrorDetails, value: object) -> str:
    if error["type"] in ("string_too_short", "string_too_long") and isinstance(value, str):
        low, high = rule.min_length, rule.max_length
        bounds = f"{low or 0} to {high}" if high is not None else f"at least {low}"
        return f"{path} must be {bounds} characters long, got {len(value)}: {shown(value)}"
    if error["type"] == "string_pattern_mismatch":
        return f"{path} must be {rule.what}, got {shown(value)}"
    return f"{path} must be a string ({rule.what}), got {shown(value)}"


# --- One property: a rule per kind of value -------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """How a kind of property is checked: its schema, and the sentence for its errors."""

    schema: Callable[[Property], cs.CoreSchema]
    sentence: Callable[[Property, str, list[ErrorDetails], Any], str]
    """One sentence for pydantic's errors of a value (their locations relative to it)."""


def _string_schema(prop: Property) -> cs.CoreSchema:
    return cs.any_schema() if prop.constraint is None else _constraint_schema(prop.constraint)


def _string_sentence(prop: Property, name: str, errors: list[ErrorDetails], value: Any) -> str:
    assert prop.constraint is not None  # a string without one has no errors
    return _constraint_sentence(prop.constraint, name, errors[0], value)


def _tags_schema(prop: Property) -> cs.CoreSchema:
    assert prop.tag_limits is not None
    most, key, value = prop.tag_limits
    tags = cs.dict_schema(
        _constraint_schema(key), _constraint_schema(value), max_length=most, strict=True
    )
    return _unless_unknown(tags)


def _tags_sentence(prop: Property, name: str, errors: list[ErrorDetails], value: Any) -> str:
    assert prop.tag_limits is not None
    most, key_rule, value_rule = prop.tag_limits
    if any(error["type"] == "too_long" for error in errors):
        return f"{name} may hold at most {most} tags, got {len(value)}"
    first = errors[0]
    if not first["loc"]:
        return f"{name} must be a map of string keys to string values, got {shown(value)}"
    key = first["loc"][0]
    if first["loc"][1:] == ("[key]",):
        return _constraint_sentence(key_rule, f"{name} key", first, key)
    return _constraint_sentence(value_rule, f"{name} value of key {key!r}", first, value[key])


def _list_schema(prop: Property) -> cs.CoreSchema:
    assert prop.constraint is not None
    return _unless_unknown(cs.list_schema(_constraint_schema(prop.constraint), strict=True))


def _list_sentence(prop: Property, name: str, errors: list[ErrorDetails], value: Any) -> str:
    assert prop.constraint is not None
    first = errors[0]
    if not first["loc"]:
        return f"{name} must be a list of strings ({prop.constraint.what}), got {shown(value)}"
    index = int(first["loc"][0])
    return _constraint_sentence(prop.constraint, f"{name}[{index}]", first, value[index])


_RULES = {
    Kind.STRING: _Rule(_string_schema, _string_sentence),
    Kind.TIMESTAMP: _Rule(_string_schema, _string_sentence),
    Kind.TAGS: _Rule(_tags_schema, _tags_sentence),
    Kind.LIST: _Rule(_list_schema, _list_sentence),
    Kind.BOOL: _Rule(
        lambda prop: _unless_unknown(cs.bool_schema(strict=True)),
        lambda prop, name, errors, value: f"{name} must be true or false, got {shown(value)}",
    ),
    Kind.SETTINGS: _Rule(
        lambda prop: _unless_unknown(_settings_schema()),
        lambda prop, name, errors, value: "; ".join(settings_problems(name, value)),
    ),
}
"""Each kind of property's rule."""


# --- A table ---------------------------------------------------------------------------------


@functools.cache
def validator(schema: Schema, naming: Naming) -> SchemaValidator:
    """The table's inputs as one pydantic validator, with the front end's property names
    (built once per table and front end)."""
    fields = {
        naming(p): cs.typed_dict_field(_RULES[p.kind].schema(p), required=p.required)
        for p in schema.rows(naming)
        if p.behaviour is not Behaviour.OUTPUT
    }
    return SchemaValidator(
        cs.typed_dict_schema(fields, extra_behavior="forbid", strict=True), _CONFIG
    )


def check(schema: Schema, news: Mapping[str, Any], naming: Naming) -> list[Failure]:
    """One failure per bad property, each naming it (in `naming`) and saying what is
    allowed. `news` are keyed by table name; a key the front end lacks is refused as it is
    named; None is unset; keys starting with ``__`` are the engine's."""
    rows = {naming(p): p for p in schema.rows(naming) if p.behaviour is not Behaviour.OUTPUT}
    given = {
        naming(schema.by_name[key]) if key in schema.by_name else key: value
        for key, value in news.items()
        if value is not None and not key.startswith("__")
    }
    by_property: dict[str, list[ErrorDetails]] = {}
    for error in _errors(validator(schema, naming), given):
        name = str(error["loc"][0])
        by_property.setdefault(name, []).append({**error, "loc": error["loc"][1:]})
    failures = [
        Failure(name, f"{name} is not a property; known: {', '.join(sorted(rows))}")
        for name in by_property
        if name not in rows
    ]
    for name, prop in rows.items():
        errors = by_property.get(name)
        if errors and errors[0]["type"] == "missing":
            what = prop.constraint.what if prop.constraint is not None else prop.kind.value
            failures.append(Failure(name, f"{name} is required ({what})"))
        elif errors:
            sentence = _RULES[prop.kind].sentence(prop, name, errors, given[name])
            failures.append(Failure(name, sentence))
    for group in schema.one_of:
        if all(news.get(key) is None for key in group):
            names = [naming(schema.by_name[key]) for key in group]
            reason = f"at least one of {' or '.join(names)} is required"
            failures.append(Failure(names[0], reason))
    return failures


# --- AWS settings (the `aws` property of every dynamic resource) ---------------------------


def _external_id_needs_role(settings: dict[str, Any]) -> dict[str, Any]:
    if settings.get("external_id") is not None and settings.get("assume_role_arn") is None:
        raise PydanticCustomError("external_id_alone", "external_id needs assume_role_arn")
    return settings


def _settings_schema() -> cs.CoreSchema:
    """AwsSettings' fields as a schema of plain values (the ``aws`` input)."""
    fields = {
        key: cs.typed_dict_field(cs.nullable_schema(_constraint_schema(rule)), required=False)
        for key, rule in SETTINGS_FIELDS.items()
    }
    strings = cs.list_schema(cs.str_schema(strict=True), strict=True)
    ignore = cs.typed_dict_schema(
        {
            key: cs.typed_dict_field(cs.nullable_schema(strings), required=False)
            for key in IGNORE_TAGS_KEYS
        },
        extra_behavior="forbid",
        strict=True,
    )
    fields["default_tags"] = cs.typed_dict_field(
        cs.nullable_schema(_tags_schema(DEFAULT_TAGS_SETTING)), required=False
    )
    fields["ignore_tags"] = cs.typed_dict_field(
        cs.nullable_schema(_unless_unknown(ignore)), required=False
    )
    return cs.no_info_after_validator_function(
        _external_id_needs_role, cs.typed_dict_schema(fields, extra_behavior="forbid", strict=True)
    )


@functools.cache
def _settings_validator() -> SchemaValidator:
    return SchemaValidator(_settings_schema(), _CONFIG)


def settings_problems(path: str, value: object) -> list[str]:
    """Every reason why `value` is not valid AWS settings (empty when it is)."""
    if not isinstance(value, Mapping):  # pydantic would also take a model instance
        return [
            f"{path} must be AwsSettings or a map with the keys {', '.join(SETTING_NAMES)}, "
            f"got {shown(value)}"
        ]
    problems = []
    errors = _errors(_settings_validator(), dict(value))
    # Unknown settings first: a misspelt key explains the rest.
    tag_errors: dict[str, list[ErrorDetails]] = {}
    for error in sorted(errors, key=lambda e: e["type"] != "extra_forbidden"):
        if error["loc"] and error["loc"][0] in ("default_tags", "ignore_tags"):
            relative: ErrorDetails = {**error, "loc": error["loc"][1:]}
            tag_errors.setdefault(str(error["loc"][0]), []).append(relative)
            continue
        if error["type"] == "external_id_alone":
            problems.append(
                f"{path}.external_id is used only with {path}.assume_role_arn, which is not set"
            )
            continue
        key = str(error["loc"][0])
        if error["type"] == "extra_forbidden":
            problems.append(f"{path} has no setting {key!r}; allowed: {', '.join(SETTING_NAMES)}")
        else:
            rule = SETTINGS_FIELDS[key]
            problems.append(_constraint_sentence(rule, f"{path}.{key}", error, value[key]))
    if "default_tags" in tag_errors:
        name = f"{path}.default_tags"
        given = value["default_tags"]
        problems.append(
            _tags_sentence(DEFAULT_TAGS_SETTING, name, tag_errors["default_tags"], given)
        )
    if "ignore_tags" in tag_errors:
        problems.append(
            f"{path}.ignore_tags must be a map with {' and/or '.join(IGNORE_TAGS_KEYS)}, each a "
            f"list of strings, got {shown(value['ignore_tags'])}"
        )
    return problems
