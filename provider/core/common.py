"""What both resources' operations share: where they act, their results, and the one finder."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provider import settings
from provider.errors import DYNAMIC, Advice, ProtonError, is_botocore
from provider.schema import Place, contains_unknown
from provider.settings import Defaults, Target

if TYPE_CHECKING:
    from botocore.exceptions import ClientError


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
            return self.target().place
        except Exception as error:  # botocore's, only when it has been loaded to look
            if isinstance(error, ProtonError) or is_botocore(error):
                return Place(None, None)
            raise


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


def find_connection(
    proton: Any, conn_id: str, missing: tuple[str, ...] = ("ResourceNotFoundException",)
) -> dict[str, Any] | None:
    """The live connection (GetEnvironmentAccountConnection), or None when it does not exist.

    `missing` are the error codes that mean "not there" for the caller (the accepter also
    counts AccessDenied: another account's connection is invisible, not forbidden).
    """
    from botocore.exceptions import ClientError

    try:
        live: dict[str, Any] = proton.get_environment_account_connection(id=conn_id)[
            "environmentAccountConnection"
        ]
    except ClientError as error:
        if error_code(error) in missing:
            return None
        raise
    return live
