"""The package schema that the plugin serves (``pulumi package get-schema``), generated from
the property tables: types, descriptions, required inputs, ``replaceOnChanges``, secrets."""

from __future__ import annotations

import importlib.metadata
import json
from functools import cache
from typing import Any

from provider.core.accepter import ACCEPTER
from provider.core.common import Resource
from provider.core.connection import CONNECTION
from provider.core.functions import Function
from provider.core.registry import FUNCTIONS, RESOURCES
from provider.plugin.config import ASSUME_ROLE, CONFIG, OBJECT_TYPES, ConfigKey
from provider.plugin.languages import LANGUAGES, REPOSITORY
from provider.properties import Behaviour, Kind, Property, Schema
from provider.schema import CONNECTION_SUMMARY

NAME = "proton"
DISTRIBUTION = "pulumi-proton-connections"
"""The Python distribution that holds the package (and the plugin)."""
VERSION = importlib.metadata.version(DISTRIBUTION)
"""The release: pyproject's ``version``, as installed; the plugin's, the schema's and so every
generated SDK's."""
PLUGIN_DOWNLOAD_URL = f"https://{REPOSITORY}/releases/download/v${{VERSION}}/"
"""Where the engine downloads the plugin when a program needs it and it is not installed: the
project's release page (``make dist PLUGIN_DOWNLOAD_URL=...`` builds the schema and SDKs with
another). The engine fills in ``${VERSION}`` and appends
``pulumi-resource-proton-v<version>-<os>-<arch>.tar.gz``."""


def token(name: str) -> str:
    """The plugin's type token of a resource or type name: ``proton:index:NAME``."""
    return f"{NAME}:index:{name}"


TYPES: dict[str, Resource] = {token(name): resource for name, resource in RESOURCES.items()}
"""The core's resources by the plugin's type tokens."""
FUNCTION_TOKENS: dict[str, Function] = {token(name): fn for name, fn in FUNCTIONS.items()}
"""The core's functions by the plugin's tokens (``proton:index:getEnvironmentAccount...``)."""
CONNECTION_TOKEN = token(CONNECTION.name)
ACCEPTER_TOKEN = token(ACCEPTER.name)

_DESCRIPTIONS = {
    CONNECTION.name: (
        "A Proton environment account connection, requested from the environment account "
        "(CreateEnvironmentAccountConnection). The management account accepts it with "
        "EnvironmentAccountConnectionAccepter. Roles and tags update in place; a new "
        "environmentName or managementAccountId, a provider that acts in another region or "
        "account, or removing a role (which Proton cannot unset) replaces it. Import it by "
        "its connection id."
    ),
    ACCEPTER.name: (
        "Accepts a Proton environment account connection, from its management account "
        "(give it a provider with the management account's credentials). A connection "
        "already CONNECTED is adopted without a call, a REJECTED one fails. Deleting the "
        "accepter leaves the connection as it is, unless rejectOnDelete is true."
    ),
    "EnvironmentAccountConnectionAccepters": (
        "Accepts a set of Proton environment account connections, from their management "
        "account (give it a provider with the management account's credentials): the "
        "accepter of every id in connectionIds, for programs that cannot declare one "
        "EnvironmentAccountConnectionAccepter per item of a list, such as YAML with "
        "getEnvironmentAccountConnections' ids. Adding an id accepts that connection on the "
        "next up; removing one leaves it as it is, unless rejectOnDelete; the others are not "
        "touched. Deleting it leaves every connection as it is, unless rejectOnDelete."
    ),
    CONNECTION_SUMMARY.name: (
        "One connection that getEnvironmentAccountConnections lists: the summary that "
        "ListEnvironmentAccountConnections returns (no tags, no codebuildRoleArn)."
    ),
}


def _type(prop: Property) -> dict[str, Any]:
    if prop.item is not None:
        return {"type": "array", "items": {"$ref": f"#/types/{token(prop.item.name)}"}}
    if prop.kind is Kind.LIST:
        return {"type": "array", "items": {"type": "string"}}
    if prop.kind is Kind.TAGS:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if prop.kind is Kind.BOOL:
        return {"type": "boolean"}
    return {"type": "string"}


def _property(prop: Property) -> dict[str, Any]:
    doc = prop.doc
    if prop.constraint is not None:
        must = " Each must be" if prop.kind is Kind.LIST else " Must be"
        doc += f"{must} {prop.constraint.what}."
    if prop.behaviour is Behaviour.REPLACE:
        doc += " Changing it replaces the resource."
    if prop.replace_if is not None:
        doc += f" Replaced when {prop.replace_if.why}."
    spec = {**_type(prop), "description": doc.strip()}
    if prop.behaviour is Behaviour.REPLACE:
        spec["replaceOnChanges"] = True
    return spec


def _resource(resource: Resource) -> dict[str, Any]:
    rows = [p for p in resource.table.properties if p.plugin]
    inputs = [p for p in rows if p.behaviour in (Behaviour.UPDATE, Behaviour.REPLACE)]
    outputs = [p for p in rows if p.behaviour is not Behaviour.CREATE_ONLY]
    return {
        "description": _DESCRIPTIONS[resource.name],
        "properties": {p.pulumi_name: _property(p) for p in outputs},
        "required": [
            p.pulumi_name
            for p in outputs
            if (p.behaviour is Behaviour.OUTPUT and not p.derived) or p.required
        ],
        "inputProperties": {p.pulumi_name: _property(p) for p in inputs},
        "requiredInputs": [p.pulumi_name for p in inputs if p.required],
    }


def _object(table: Schema) -> dict[str, Any]:
    """A table as a schema object: its plugin rows, and those always present."""
    rows = [p for p in table.properties if p.plugin]
    return {
        "properties": {p.pulumi_name: _property(p) for p in rows},
        "required": [p.pulumi_name for p in rows if p.required],
    }


def _function(fn: Function) -> dict[str, Any]:
    return {
        "description": fn.description,
        "inputs": _object(fn.arguments),
        "outputs": _object(fn.results),
    }


def _item_types() -> dict[str, Any]:
    """The object types of the functions' OBJECTS results (one per item table)."""
    types = {}
    for fn in FUNCTIONS.values():
        for prop in fn.results.properties:
            if prop.item is not None:
                types[token(prop.item.name)] = {
                    "type": "object",
                    "description": _DESCRIPTIONS[prop.item.name],
                    **_object(prop.item),
                }
    return types


def _config(key: ConfigKey) -> dict[str, Any]:
    spec: dict[str, Any] = (
        {"$ref": f"#/types/{token(key.type)}"} if key.type is not None else {"type": "string"}
    )
    spec["description"] = key.doc
    if key.secret:
        spec["secret"] = True
    return spec


@cache
def schema(plugin_download_url: str = PLUGIN_DOWNLOAD_URL) -> dict[str, Any]:
    """The package schema, as a JSON-ready dict, naming `plugin_download_url`."""
    variables = {key.name: _config(key) for key in CONFIG}
    return {
        "name": NAME,
        "displayName": "AWS Proton environment account connections",
        "version": VERSION,
        "description": (
            "Both sides of an AWS Proton environment account connection: the environment "
            "account's request and the management account's accept."
        ),
        "keywords": ["pulumi", "aws", "proton", "category/cloud"],
        "license": "Apache-2.0",
        "pluginDownloadURL": plugin_download_url,
        "config": {"variables": variables},
        "provider": {
            "description": (
                "Region and credentials of one AWS account; unset keys come from boto3's "
                "default chain (environment variables, shared config files, instance roles)."
            ),
            "inputProperties": variables,
        },
        "types": {
            **{
                token(name): {
                    "type": "object",
                    "description": doc,
                    "properties": properties or {key.name: _config(key) for key in ASSUME_ROLE},
                }
                for name, (doc, properties) in OBJECT_TYPES.items()
            },
            **_item_types(),
        },
        "resources": {token: _resource(resource) for token, resource in TYPES.items()},
        "functions": {token: _function(fn) for token, fn in FUNCTION_TOKENS.items()},
        "language": LANGUAGES,
    }


def schema_json(plugin_download_url: str = PLUGIN_DOWNLOAD_URL) -> str:
    """The package schema, as the JSON text that GetSchema returns."""
    return json.dumps(schema(plugin_download_url), indent=2)


if __name__ == "__main__":  # make dist: the release's schema.json, with its download URL
    import argparse

    parser = argparse.ArgumentParser(description="Prints the proton package schema.")
    parser.add_argument("--plugin-download-url", default=PLUGIN_DOWNLOAD_URL)
    print(schema_json(parser.parse_args().plugin_download_url))
