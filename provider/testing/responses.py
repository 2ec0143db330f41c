"""Proton's awsJson 1.0 requests, answered from the backend of the caller's account."""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, BaseResponse, EmptyResult

from .control import CONTROL
from .exceptions import InternalServerException, ProtonError
from .models import ROLE_FIELDS, ProtonBackend, page, proton_backends
from .validation import validate


def _tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["key"]: t["value"] for t in tags or []}


class ProtonResponse(BaseResponse):
    def __init__(self) -> None:
        super().__init__(service_name="proton")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> ProtonBackend:
        backend: ProtonBackend = proton_backends[self.current_account][self.region]
        return backend

    def call_action(self) -> tuple[int, dict[str, Any], str | bytes]:
        operation = self._get_action()
        try:
            fault = CONTROL.record(operation)
            if fault is not None:
                raise fault
            validate(operation, self.params)
        except ProtonError as error:
            status, headers, body = self.serialized(ActionResult(error))
            if isinstance(error, InternalServerException):
                status = 500
            return status, headers, body
        return super().call_action()  # type: ignore[no-any-return]

    def _roles(self) -> dict[str, str]:
        return {name: self._get_param(name) for name in ROLE_FIELDS if self._get_param(name)}

    def _connection(self, connection: Any) -> ActionResult:
        return ActionResult({"environmentAccountConnection": connection.describe()})

    def create_environment_account_connection(self) -> ActionResult:
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
        return self._connection(self.backend.get_connection(self._get_param("id")))

    def update_environment_account_connection(self) -> ActionResult:
        return self._connection(self.backend.update_connection(self._get_param("id"), self._roles()))

    def delete_environment_account_connection(self) -> ActionResult:
        return self._connection(self.backend.delete_connection(self._get_param("id")))

    def accept_environment_account_connection(self) -> ActionResult:
        return self._connection(self.backend.accept_connection(self._get_param("id")))

    def reject_environment_account_connection(self) -> ActionResult:
        return self._connection(self.backend.reject_connection(self._get_param("id")))

    def list_environment_account_connections(self) -> ActionResult:
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
        tags = sorted(self.backend.list_tags(self._get_param("resourceArn")).items())
        items, token = page(tags, self._get_param("maxResults"), self._get_param("nextToken"))
        result: dict[str, Any] = {"tags": [{"key": k, "value": v} for k, v in items]}
        if token:
            result["nextToken"] = token
        return ActionResult(result)

    def tag_resource(self) -> ActionResult:
        self.backend.tag_resource(self._get_param("resourceArn"), _tag_dict(self._get_param("tags")))
        return EmptyResult()

    def untag_resource(self) -> ActionResult:
        self.backend.untag_resource(self._get_param("resourceArn"), self._get_param("tagKeys"))
        return EmptyResult()
