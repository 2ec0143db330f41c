"""``AwsSettings``: the region and credentials a program gives one dynamic resource.

A pydantic model, in its own module so that pydantic loads only in programs that use it:
``from provider import EnvironmentAccountConnection`` alone does not import pydantic, and the
provider hosts check the ``aws`` input with pydantic-core (`provider.validation`). How the
settings resolve against the stack's configuration and boto3's default chain is
`provider.settings`.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pulumi
from pydantic import BaseModel, ConfigDict, model_validator

from provider import validation

if TYPE_CHECKING:
    _Setting = pulumi.Input[str] | None
    _Tags = Mapping[str, str] | None
    _IgnoreTags = Mapping[str, Sequence[str]] | None
else:  # pydantic cannot build a schema of pulumi.Input; values are checked below
    _Setting = _Tags = _IgnoreTags = Any


class AwsSettings(BaseModel):
    """Region and credentials for one resource; every field is optional.

    A field left unset comes from the stack's ``aws:*`` configuration, then from boto3's
    default chain. A plain dict with the same keys is accepted wherever AwsSettings is.
    Fields accept ``pulumi.Input[str]`` values; plain strings are validated at once, by the
    same rules that check a resource's ``aws`` input (`provider.validation`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: _Setting = None
    """AWS region of the connection, e.g. ``"us-east-1"``. Changing it replaces the resource."""
    profile: _Setting = None
    """Named profile of the AWS config files whose credentials (and region) to use."""
    assume_role_arn: _Setting = None
    """IAM role to assume (with STS AssumeRole) on top of the base credentials, e.g. a role in
    the management account for an accepter. Its account is the resource's account."""
    external_id: _Setting = None
    """External id required by the role's trust policy (only with ``assume_role_arn``)."""
    default_tags: _Tags = None
    """Default tags for this resource's connection, in place of the stack's
    ``aws:defaultTags`` (the connection's own tags win over them), e.g.
    ``{"team": "platform"}``."""
    ignore_tags: _IgnoreTags = None
    """Tag keys that other tools own, in place of the stack's ``aws:ignoreTags``:
    ``{"keys": [...], "key_prefixes": [...]}``; never added, changed, removed or reported."""

    @model_validator(mode="before")
    @classmethod
    def _plain_values_allowed(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            plain = {k: v for k, v in data.items() if v is not None and not _is_pending(v)}
            problems = validation.settings_problems("aws", plain)
            if problems:
                raise ValueError("; ".join(problems))
        return data

    def to_props(self) -> dict[str, Any]:
        """The set fields as the plain dict that a resource's ``aws`` input holds."""
        return self.model_dump(exclude_none=True)


def _is_pending(value: object) -> bool:
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)
