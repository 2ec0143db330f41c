"""The dynamic front end: one ``pulumi.dynamic`` provider over any core resource, and what
the dynamic resources' constructors share.

A provider class names its core resource as a class attribute and holds no state of its own:
clients come from the process-wide cache in ``provider.clients``, so a provider pickles by
reference (its class's module path) into a few dozen bytes of each resource's state, and a
fix to the package reaches resources created before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from provider import settings
from provider.core.common import Resource, Where
from provider.properties import SNAKE

if TYPE_CHECKING:  # pydantic, imported only by programs that use AwsSettings
    from provider.aws_settings import AwsSettings


def _where(props: Mapping[str, Any]) -> Where:
    return Where(props.get("aws"))


class DynamicProvider(ResourceProvider):
    """A Pulumi dynamic provider of `resource`: each method a thin adapter over the core."""

    resource: ClassVar[Resource]
    """The core resource this provider serves."""
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Reads the stack's ``aws:*`` configuration into the process-wide settings."""
        settings.configure(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validates every input before any AWS call; one failure per bad property."""
        where = _where(news)
        checked = self.resource.check(news, SNAKE, where)
        failures = [CheckFailure(f.property, f.reason) for f in checked]
        return CheckResult({**news, **self.resource.derived(news, where)}, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """What a change does, without any AWS call (`olds` are the stored outputs)."""
        result = self.resource.diff(olds, news, _where(news), SNAKE)
        return DiffResult(
            changes=result.changed,
            replaces=result.replaces,
            delete_before_replace=result.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Creates (or adopts, for an import) the resource."""
        created = self.resource.create(props, _where(props))
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The live resource (refresh, ``get``, import); an empty id when it no longer
        exists, so that refresh drops it from the stack."""
        found = self.resource.read(id_, props, _where(props))
        if found is None:
            return ReadResult("", {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only the calls the change needs."""
        return UpdateResult(self.resource.update(id_, olds, news, _where(news)))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Deletes the resource (one already gone counts as deleted)."""
        self.resource.delete(id_, props, _where(props))


def props_of(resource: Resource, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """What a dynamic resource registers: its inputs (``aws`` as a plain dict) and every
    output unset, so that Pulumi makes each one an attribute of the resource."""
    props = {**inputs, **resource.table.unset_outputs()}
    if "aws" in props:
        props["aws"] = aws_input(props["aws"])
    return props


def aws_input(
    aws: pulumi.Input[AwsSettings | Mapping[str, Any]] | None,
) -> pulumi.Input[Mapping[str, Any]] | None:
    """The ``aws`` argument as the plain dict that Pulumi passes to the provider."""
    if aws is None or isinstance(aws, Mapping):
        return aws
    from provider.aws_settings import AwsSettings  # loaded already if `aws` is one

    if isinstance(aws, AwsSettings):
        return aws.to_props()
    return pulumi.Output.from_input(aws).apply(  # type: ignore[arg-type]
        lambda value: value.to_props() if isinstance(value, AwsSettings) else value
    )


def token_seed(kind: str, resource_name: str) -> str:
    """Hash of the project, stack, resource type and name: the part of a clientToken that
    tells this resource apart from any other (no input, so no secret, goes into it)."""
    text = f"{pulumi.get_project()}\0{pulumi.get_stack()}\0{kind}\0{resource_name}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]
