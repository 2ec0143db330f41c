"""The one declarative description of every property: each resource's table.

A row gives the Python name (the API's and the plugin's camelCase follow from it unless
given), how a change applies (`Behaviour`, and a `Condition` for a conditional replace), and
what a value may be. Constraints come from botocore's service models (Proton's shapes, STS's
ExternalId, the partitions' region patterns) through ``provider.model``, which
scripts/gen-model generates from them: loading the tables imports no botocore and parses no
model, and `provider.constraints` turns their shapes into `Constraint`s.
"""

from __future__ import annotations

import dataclasses

from provider import model
from provider.constraints import SETTINGS_FIELDS, constraint_of, tag_limits
from provider.diff import OTHER_ACCOUNT, OTHER_REGION, REJECTED, REMOVED
from provider.properties import Behaviour, Constraint, Kind, Property, Schema

DEFAULT_TAGS_SETTING = Property(
    "default_tags",
    Behaviour.UPDATE,
    Kind.TAGS,
    api=None,
    tag_limits=tag_limits(model.CREATE_MEMBERS["tags"]),
    doc="Default tags for this resource, over the stack's aws:defaultTags (which they replace).",
)
"""AwsSettings' ``default_tags``: a map, under the same tag rules as a connection's tags."""
IGNORE_TAGS_KEYS = ("keys", "key_prefixes")
"""AwsSettings' ``ignore_tags``: a map of these keys, each a list of strings (pulumi-aws's
``ignore_tags``), over the stack's aws:ignoreTags (which it replaces)."""
SETTING_NAMES = (*SETTINGS_FIELDS, "default_tags", "ignore_tags")
"""Every field of AwsSettings."""

AWS = Property(
    "aws",
    Behaviour.UPDATE,
    Kind.SETTINGS,
    api=None,
    doc="Region and credentials for this resource (AwsSettings); no Proton call on change.",
    plugin=False,
)
"""The dynamic resources' own settings (the plugin's come from its provider configuration)."""

_CREATE = model.CREATE_MEMBERS
"""CreateEnvironmentAccountConnection's members: the shape of each."""
_CONNECTION_ID = constraint_of("EnvironmentAccountConnectionId")
_ARN = Property("arn", Behaviour.OUTPUT, replace_if=OTHER_REGION, doc="ARN of the connection.")


def _status(doc: str) -> Property:
    return Property("status", Behaviour.OUTPUT, replace_if=REJECTED, doc=doc)


CONNECTION_PROPERTIES = Schema(
    (
        Property(
            "environment_name",
            Behaviour.REPLACE,
            required="environmentName" in model.CREATE_REQUIRED,
            constraint=constraint_of(_CREATE["environmentName"]),
            doc="The Proton environment, in the management account, that this connection serves.",
        ),
        Property(
            "management_account_id",
            Behaviour.REPLACE,
            required="managementAccountId" in model.CREATE_REQUIRED,
            constraint=constraint_of(_CREATE["managementAccountId"]),
            doc="The management account that accepts or rejects the connection.",
        ),
        Property(
            "role_arn",
            Behaviour.UPDATE,
            constraint=constraint_of(_CREATE["roleArn"]),
            replace_if=REMOVED,
            doc="IAM role in the environment account that Proton uses to provision the "
            "environment's infrastructure. At least one of roleArn and codebuildRoleArn.",
        ),
        Property(
            "codebuild_role_arn",
            Behaviour.UPDATE,
            constraint=constraint_of(_CREATE["codebuildRoleArn"]),
            replace_if=REMOVED,
            doc="IAM role in the environment account for CodeBuild-based provisioning.",
        ),
        Property(
            "component_role_arn",
            Behaviour.UPDATE,
            constraint=constraint_of(_CREATE["componentRoleArn"]),
            replace_if=REMOVED,
            doc="IAM role that Proton uses to provision directly defined components.",
        ),
        Property(
            "tags",
            Behaviour.UPDATE,
            Kind.TAGS,
            tag_limits=tag_limits(_CREATE["tags"]),
            doc="The connection's tags.",
        ),
        Property(
            "tags_all",
            Behaviour.OUTPUT,
            Kind.TAGS,
            api=None,
            derived=True,
            doc="The tags Proton holds: the provider's default tags (defaultTags) under the "
            "connection's own tags, which win; keys the provider ignores (ignoreTags) are "
            "never shown. A change of the default tags updates the connection in place.",
        ),
        AWS,
        Property(
            "adopt_id",
            Behaviour.CREATE_ONLY,
            api=None,
            constraint=_CONNECTION_ID,
            doc="Hidden: the id of an existing connection that create adopts (import_).",
            plugin=False,
        ),
        Property(
            "client_token_seed",
            Behaviour.CREATE_ONLY,
            api=None,
            constraint=Constraint("a hex digest", ("[0-9a-f]{1,64}",)),
            doc="Hidden: what tells this resource apart (a hash of project, stack and resource "
            "name, or of the URN); create mixes in the inputs.",
            plugin=False,
        ),
        _ARN,
        _status("PENDING, CONNECTED or REJECTED, as last created, updated or refreshed."),
        Property(
            "environment_account_id",
            Behaviour.OUTPUT,
            replace_if=OTHER_ACCOUNT,
            doc="The environment account: the account of the credentials that created it.",
        ),
        Property(
            "requested_at",
            Behaviour.OUTPUT,
            Kind.TIMESTAMP,
            doc="When the connection was requested (ISO 8601, UTC).",
        ),
        Property(
            "last_modified_at",
            Behaviour.OUTPUT,
            Kind.TIMESTAMP,
            doc="When the connection last changed (ISO 8601, UTC).",
        ),
    ),
    one_of=(("role_arn", "codebuild_role_arn"),),
)
"""EnvironmentAccountConnection's properties."""

ACCEPTER_PROPERTIES = Schema(
    (
        Property(
            "connection_id",
            Behaviour.REPLACE,
            api="id",
            required=True,
            constraint=_CONNECTION_ID,
            doc="The id of the connection to accept.",
        ),
        AWS,
        Property(
            "reject_on_delete",
            Behaviour.UPDATE,
            Kind.BOOL,
            api=None,
            doc="Reject the connection when the accepter is deleted (default: leave it).",
        ),
        _status("The connection's status: CONNECTED once accepted; REJECTED if rejected since."),
        _ARN,
        Property(
            "environment_name",
            Behaviour.OUTPUT,
            doc="The Proton environment that the connection serves.",
        ),
        Property(
            "environment_account_id",
            Behaviour.OUTPUT,
            doc="The environment account that requested the connection.",
        ),
        Property(
            "management_account_id",
            Behaviour.OUTPUT,
            replace_if=OTHER_ACCOUNT,
            doc="The management account that accepted it.",
        ),
    )
)
"""EnvironmentAccountConnectionAccepter's properties."""


# --- Functions: each one's arguments and results --------------------------------------------

_ID = Property("id", Behaviour.OUTPUT, api="id", required=True, doc="The connection's id.")


def _result(prop: Property) -> Property:
    """A resource row as a function's result: output only, present whenever the resource
    always has it (its required inputs, its outputs and its tags)."""
    always = prop.required or prop.behaviour is Behaviour.OUTPUT or prop.kind is Kind.TAGS
    return dataclasses.replace(
        prop, behaviour=Behaviour.OUTPUT, replace_if=None, required=always, constraint=None
    )


def _argument(prop: Property, doc: str | None = None) -> Property:
    return dataclasses.replace(prop, behaviour=Behaviour.ARGUMENT, doc=doc or prop.doc)


_AWS_ARGUMENT = _argument(
    AWS, "Region and credentials for this call (AwsSettings); unset fields as for a resource."
)
_LIST = model.LIST_MEMBERS

GET_CONNECTION_ARGUMENTS = Schema(
    (
        Property(
            "id",
            Behaviour.ARGUMENT,
            required=True,
            constraint=_CONNECTION_ID,
            doc="The id of the connection to read.",
        ),
        _AWS_ARGUMENT,
    )
)
"""getEnvironmentAccountConnection's arguments."""

CONNECTION_RESULTS = Schema(
    (
        _ID,
        *(_result(p) for p in CONNECTION_PROPERTIES.properties if p.api is not None and p.plugin),
    )
)
"""getEnvironmentAccountConnection's results: every output of EnvironmentAccountConnection
(its Proton members) and its tags, as Proton holds them."""

CONNECTION_SUMMARY = Schema(
    tuple(p for p in CONNECTION_RESULTS.properties if p.api in model.SUMMARY_MEMBERS),
    name="EnvironmentAccountConnectionSummary",
)
"""One connection of getEnvironmentAccountConnections: the members of the summary that
ListEnvironmentAccountConnections returns."""

LIST_CONNECTIONS_ARGUMENTS = Schema(
    (
        Property(
            "requested_by",
            Behaviour.ARGUMENT,
            required="requestedBy" in model.LIST_REQUIRED,
            constraint=constraint_of(_LIST["requestedBy"]),
            doc="Whose requests to list: MANAGEMENT_ACCOUNT lists the connections requested "
            "of this (the management) account, ENVIRONMENT_ACCOUNT those this account "
            "requested.",
        ),
        Property(
            "statuses",
            Behaviour.ARGUMENT,
            Kind.LIST,
            constraint=constraint_of(_LIST["statuses"]),
            doc="Only connections with one of these statuses (default: every status).",
        ),
        Property(
            "environment_name",
            Behaviour.ARGUMENT,
            constraint=constraint_of(_LIST["environmentName"]),
            doc="Only the connections of this Proton environment.",
        ),
        Property(
            "environment_account_ids",
            Behaviour.ARGUMENT,
            Kind.LIST,
            api=None,
            constraint=constraint_of(model.CREATE_MEMBERS["managementAccountId"]),
            doc="Only the connections requested by these environment accounts (an allow-list; "
            "filtered after listing).",
        ),
        _AWS_ARGUMENT,
    )
)
"""getEnvironmentAccountConnections' arguments."""

LIST_CONNECTIONS_RESULTS = Schema(
    (
        Property(
            "connections",
            Behaviour.OUTPUT,
            Kind.OBJECTS,
            api="environmentAccountConnections",
            required=True,
            item=CONNECTION_SUMMARY,
            doc="Every matching connection (all pages read), oldest request first.",
        ),
        Property(
            "ids",
            Behaviour.OUTPUT,
            Kind.LIST,
            api=None,
            required=True,
            doc="The ids of those connections, in the same order (for programs that cannot map "
            "over a list, such as YAML: EnvironmentAccountConnectionAccepters takes them).",
        ),
    )
)
"""getEnvironmentAccountConnections' results."""


ACCEPTERS_PROPERTIES = Schema(
    (
        Property(
            "connection_ids",
            Behaviour.UPDATE,
            Kind.LIST,
            required=True,
            constraint=_CONNECTION_ID,
            doc="The ids of the connections to accept, e.g. getEnvironmentAccountConnections' "
            "ids. An id added is accepted on the next up; an id removed is left as it is "
            "(rejected with rejectOnDelete); the others are not touched.",
        ),
        AWS,
        Property(
            "reject_on_delete",
            Behaviour.UPDATE,
            Kind.BOOL,
            api=None,
            doc="Reject a connection when its id is removed, or when the resource is deleted "
            "(default: leave it).",
        ),
        Property(
            "connections",
            Behaviour.OUTPUT,
            Kind.OBJECTS,
            api=None,
            item=CONNECTION_SUMMARY,
            doc="The accepted connections, as last accepted or refreshed.",
        ),
    )
)
"""EnvironmentAccountConnectionAccepters' properties: one resource for a set of connections,
for programs that cannot declare one accepter per item of a list (Pulumi YAML)."""
