"""What every resource's operations share: where they act, their results, the one finder, and
`Resource`, the shape of a resource type (its table and its operations together)."""

from __future__ import annotations

import abc
import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from provider import clients, settings
from provider.clients import Target
from provider.diff import Diff, diff
from provider.errors import DYNAMIC, Advice, ProtonError, is_botocore
from provider.properties import SNAKE, Failure, Naming, Place, Schema
from provider.settings import Defaults
from provider.tags import TagRules
from provider.unknowns import contains_unknown

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

_T = TypeVar("_T")


@dataclass(frozen=True)
class Where:
    """How an operation finds its region and credentials: the resource's own ``aws`` settings
    (dynamic resources only) over `defaults` (None: the stack's ``aws:*`` configuration)."""

    aws: Mapping[str, Any] | None = None
    defaults: Defaults | None = field(default=None, repr=False)
    advice: Advice = DYNAMIC
    """How the front end's user sets region and credentials, for error sentences."""

    def target(self) -> Target:
        """The resolved Target (raises botocore's NoRegionError, ProfileNotFound)."""
        return settings.resolve(self.aws, self.defaults)

    def client(self, service: str = "proton") -> Any:
        """The cached botocore client of `service` for the resolved Target."""
        return clients.client(self.target(), service)

    def tag_rules(self) -> TagRules:
        """The provider-wide tags that apply: the resource's own ``aws`` settings'
        ``default_tags`` / ``ignore_tags`` where set, else the defaults' (the stack's
        ``aws:*`` when None)."""
        rules = (self.defaults or settings.configured()).tags
        own = self.aws if isinstance(self.aws, Mapping) else {}
        default_tags, ignore = own.get("default_tags"), own.get("ignore_tags")
        if isinstance(default_tags, Mapping) and not contains_unknown(default_tags):
            rules = dataclasses.replace(
                rules,
                defaults=tuple(sorted(default_tags.items())),
                source="the resource's aws.default_tags",
            )
        if isinstance(ignore, Mapping) and not contains_unknown(ignore):
            rules = dataclasses.replace(
                rules,
                ignore_keys=tuple(ignore.get("keys") or ()),
                ignore_key_prefixes=tuple(ignore.get("key_prefixes") or ()),
            )
        return rules

    def default_target(self, region: str) -> Target:
        """The Target of the defaults alone, in `region` (the stack's own credentials)."""
        return settings.resolve({"region": region}, self.defaults)

    def place(self) -> Place | None:
        """Where the settings act: None while they are unknown (a preview); nowhere
        (Place(None, None)) when no region can be found, which create reports. Found once
        per Where (a region lookup may load botocore), so a diff that reuses one is cheap."""
        return self._place

    @functools.cached_property
    def _place(self) -> Place | None:
        if contains_unknown(self.aws):
            return None
        try:
            target = self.target()
        except Exception as error:  # botocore's, only when it has been loaded to look
            if isinstance(error, ProtonError) or is_botocore(error):
                return Place(None, None)
            raise
        return Place(target.region, target.role_account)


@dataclass(frozen=True)
class Created:
    """A created (or adopted) resource: its id and every output."""

    id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class Found:
    """A resource read from AWS: its id, every output, and the inputs that match it."""

    id: str
    outputs: dict[str, Any]
    inputs: dict[str, Any]


def error_code(error: ClientError) -> str:
    """The AWS error code of a botocore ClientError."""
    return str(error.response.get("Error", {}).get("Code", ""))


NOT_FOUND = ("ResourceNotFoundException",)
"""The error codes that mean "no such connection"."""


def unless_gone(call: Callable[[], _T], missing: tuple[str, ...] = NOT_FOUND) -> _T | None:
    """`call()`, or None when AWS answers with one of the `missing` codes: the connection is
    not there (deleted already, or never visible to these credentials)."""
    from botocore.exceptions import ClientError

    try:
        return call()
    except ClientError as error:
        if error_code(error) in missing:
            return None
        raise


def find_connection(
    proton: Any, conn_id: str, missing: tuple[str, ...] = NOT_FOUND
) -> dict[str, Any] | None:
    """The live connection (GetEnvironmentAccountConnection), or None when it does not exist.

    `missing` are the error codes that mean "not there" for the caller (the accepter also
    counts AccessDenied: another account's connection is invisible, not forbidden).
    """
    found = unless_gone(lambda: proton.get_environment_account_connection(id=conn_id), missing)
    if found is None:
        return None
    live: dict[str, Any] = found["environmentAccountConnection"]
    return live


class Resource(abc.ABC):
    """A resource type: its table of properties and its operations, over plain values keyed
    by the table's names, knowing nothing of ``pulumi.dynamic`` or the plugin SDK (the front
    ends translate names and types). Errors are ``ProtonError`` sentences."""

    name: str
    """The type's name, which the dynamic class and the plugin's type token end in."""
    table: Schema
    """Its properties."""

    def check(
        self, news: Mapping[str, Any], naming: Naming = SNAKE, where: Where | None = None
    ) -> list[Failure]:
        """Every bad input, before any AWS call; one failure per property, named in
        `naming` (`where`: the provider's settings, for the rules that span them)."""
        from provider import validation  # pydantic-core: only once something is checked

        return validation.check(self.table, news, naming)

    def derived(self, news: Mapping[str, Any], where: Where) -> dict[str, Any]:
        """What check adds to the inputs it returns: the outputs the core derives from them
        and the provider's settings (a connection's ``tags_all``), so that a preview's diff
        shows their change. No AWS call."""
        return {}

    def diff(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where, naming: Naming
    ) -> Diff:
        """What a change of inputs does, without any AWS call (`olds` are the stored
        outputs), for the rows of the front end of `naming`."""
        return diff(self.table, olds, news, where.place, naming)

    @abc.abstractmethod
    def create(self, props: Mapping[str, Any], where: Where) -> Created:
        """Creates the resource from its inputs."""

    @abc.abstractmethod
    def read(self, id_: str, props: Mapping[str, Any], where: Where) -> Found | None:
        """The live resource; None when it no longer exists."""

    @abc.abstractmethod
    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], where: Where
    ) -> dict[str, Any]:
        """Applies a change of inputs in place; returns every output."""

    @abc.abstractmethod
    def delete(self, id_: str, props: Mapping[str, Any], where: Where) -> None:
        """Deletes the resource (one already gone counts as deleted)."""
