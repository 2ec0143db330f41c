"""Proton's awsJson 1.0 requests, answered from the backend of the caller's account.

Every request is first counted and offered to fault injection, then checked against the
model, then handled under the backend's lock.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.responses import ActionResult, BaseResponse, EmptyResult

from .control import CONTROL
from .exceptions import ProtonServiceError, ValidationException
from .models import LOCK, ROLE_FIELDS, Connection, ProtonBackend, page, proton_backends
from .validation import validate

OPERATIONS = frozenset(
    {
        "CreateEnvironmentAccountConnection",
        "GetEnvironmentAccountConnection",
        "UpdateEnvironmentAccountConnection",
        "DeleteEnvironmentAccountConnection",
        "AcceptEnvironmentAccountConnection",
        "RejectEnvironmentAccountConnection",
        "ListEnvironmentAccountConnections",
        "TagResource",
        "UntagResource",
        "ListTagsForResource",
    }
)
"""What the emulator implements, of Proton's operations."""


def _tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["key"]: t["value"] for t in tags or []}


class ProtonResponse(BaseResponse):
    """moto's handler of Proton requests: one method per operation of `OPERATIONS`, named as
    moto's dispatch looks it up (snake_case)."""

    _body: Any = None
    """The request's JSON, as sent: what `validate` checks (moto's parser coerces types)."""
    _unparsable: str | None = None
    """Why the body did not parse, if it did not."""

    def __init__(self) -> None:
        super().__init__(service_name="proton")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> ProtonBackend:
        """The backend of the caller's account (from its credentials) in the request's region."""
        backend: ProtonBackend = proton_backends[self.current_account][self.region]
        return backend

    def parse_parameters(self, request: Any) -> None:
        """Keeps the raw JSON body for `validate` and parses it with moto's parser; a body that
        does not parse leaves `_unparsable` set instead of raising."""
        # Runs before call_action, which counts the call first and then refuses a body that
        # does not parse, or an operation outside OPERATIONS.
        self.params = {}
        if self._get_action() not in OPERATIONS:
            return
        try:
            self._body = json.loads(request.data or b"{}")
            super().parse_parameters(request)
        except (AttributeError, TypeError, ValueError) as error:
            self._unparsable = f"{type(error).__name__}: {error}"

    def call_action(self) -> TYPE_RESPONSE:
        """Counts the call, then answers an injected fault, an operation outside `OPERATIONS` or an
        invalid body with its error; otherwise runs the operation under `LOCK`."""
        operation = self._get_action() or "(no X-Amz-Target)"
        try:
            fault = CONTROL.record(operation)
            if fault is not None:
                raise fault
            if operation not in OPERATIONS:
                raise ValidationException(
                    f"The Proton emulator does not implement {operation}; it implements "
                    f"{', '.join(sorted(OPERATIONS))}."
                )
            if not isinstance(self._body, dict):
                raise ValidationException(
                    f"The body of a {operation} request must be a JSON object"
                    + (f" ({self._unparsable})." if self._unparsable else ".")
                )
            validate(operation, self._body)
            if self._unparsable is not None:
                raise ValidationException(
                    f"The body of this {operation} request does not parse: {self._unparsable}."
                )
        except ProtonServiceError as error:
            return self.serialized(ActionResult(error))
        with LOCK:
            return super().call_action()

    def serialized(self, action_result: ActionResult) -> TYPE_RESPONSE:
        """moto's serialization with the error's own `status`: Proton's model gives none, so moto
        would answer every error with 400."""
        status, headers, body = super().serialized(action_result)
        if isinstance(action_result.result, ProtonServiceError):
            status = action_result.result.status
        return status, headers, body

    def _roles(self) -> dict[str, str]:
        return {name: self._get_param(name) for name in ROLE_FIELDS if self._get_param(name)}

    @staticmethod
    def _connection(connection: Connection) -> ActionResult:
        return ActionResult({"environmentAccountConnection": connection.describe()})

    def create_environment_account_connection(self) -> ActionResult:
        """CreateEnvironmentAccountConnection; the caller's account is the environment account."""
        return self._connection(
            self.backend.create_connection(
                environment_name=self._get_param("environmentName"),
                management_account_id=self._get_param("managementAccountId"),
                roles=self._roles(),
                tags=_tag_dict(self._get_param("tags")),
                client_token=self._get_param("clientToken"),
            )
        )

    def get_environment_account_connection(self) -> ActionResult:
        """GetEnvironmentAccountConnection, for either account of the connection."""
        return self._connection(self.backend.get_connection(self._get_param("id")))

    def update_environment_account_connection(self) -> ActionResult:
        """UpdateEnvironmentAccountConnection: the roles given replace those of the same names."""
        connection = self.backend.update_connection(self._get_param("id"), self._roles())
        return self._connection(connection)

    def delete_environment_account_connection(self) -> ActionResult:
        """DeleteEnvironmentAccountConnection; answers with the connection as it was."""
        return self._connection(self.backend.delete_connection(self._get_param("id")))

    def accept_environment_account_connection(self) -> ActionResult:
        """AcceptEnvironmentAccountConnection, by the management account."""
        return self._connection(self.backend.accept_connection(self._get_param("id")))

    def reject_environment_account_connection(self) -> ActionResult:
        """RejectEnvironmentAccountConnection, by the management account."""
        return self._connection(self.backend.reject_connection(self._get_param("id")))

    def list_environment_account_connections(self) -> ActionResult:
        """ListEnvironmentAccountConnections of the `requestedBy` side, oldest first, by pages."""
        found = self.backend.list_connections(
            requested_by=self._get_param("requestedBy"),
            environment_name=self._get_param("environmentName"),
            statuses=self._get_param("statuses"),
        )
        items, token = page(found, self._get_param("maxResults"), self._get_param("nextToken"))
        result: dict[str, Any] = {"environmentAccountConnections": [c.describe() for c in items]}
        if token:
            result["nextToken"] = token
        return ActionResult(result)

    def list_tags_for_resource(self) -> ActionResult:
        """ListTagsForResource: a connection's tags, sorted by key, by pages."""
        tags = sorted(self.backend.list_tags(self._get_param("resourceArn")).items())
        items, token = page(tags, self._get_param("maxResults"), self._get_param("nextToken"))
        result: dict[str, Any] = {"tags": [{"key": k, "value": v} for k, v in items]}
        if token:
            result["nextToken"] = token
        return ActionResult(result)

    def tag_resource(self) -> ActionResult:
        """TagResource: adds tags to a connection or overwrites those of the same keys."""
        tags = _tag_dict(self._get_param("tags"))
        self.backend.tag_resource(self._get_param("resourceArn"), tags)
        return EmptyResult()

    def untag_resource(self) -> ActionResult:
        """UntagResource: removes a connection's tags by key."""
        self.backend.untag_resource(self._get_param("resourceArn"), self._get_param("tagKeys"))
        return EmptyResult()
