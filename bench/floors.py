"""The floor: a dynamic provider whose operations return at once, without any API call.

It lives in an importable module, like `provider`, so dill pickles it by reference and the
engine's `python -m pulumi.dynamic` host imports it: the same serialization path as ours.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider

_SERIALIZE_AS_SECRET_ALWAYS = True


class NoopProvider(ResourceProvider):
    """Creates nothing; the default check, diff (engine-side), read, update and delete."""

    serialize_as_secret_always = _SERIALIZE_AS_SECRET_ALWAYS

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=uuid.uuid4().hex, outs=props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)


class NoopResource(Resource, module="bench", name="Noop"):
    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(NoopProvider(), name, props, opts)
