"""Proton's error codes, as botocore's model names them for the connection operations.

moto serializes a raised `ProtonServiceError` with the error shape of the same name, as awsJson 1.0:
`{"__type": "AwsProton20200720#<code>", "message": ...}`. Proton's model gives no HTTP status
for its errors, so the service's convention applies: 400 for the caller's faults, 500 for the
service's own.
"""

from moto.core.exceptions import ServiceException


class ProtonServiceError(ServiceException):
    """Base of the emulator's errors."""

    status = 400


class ValidationException(ProtonServiceError):
    """HTTP 400: a request that breaks Proton's model or rules, or an operation not emulated."""

    code = "ValidationException"


class ConflictException(ProtonServiceError):
    """HTTP 400: a second active connection of the same environment and management account,
    a `clientToken` reused with other parameters, or a decision on a non-PENDING one."""

    code = "ConflictException"


class AccessDeniedException(ProtonServiceError):
    """HTTP 400: an action that only the connection's other account may take."""

    code = "AccessDeniedException"


class ResourceNotFoundException(ProtonServiceError):
    """HTTP 400: no connection by that id or ARN of which the caller's account is a side."""

    code = "ResourceNotFoundException"


class ThrottlingException(ProtonServiceError):
    """HTTP 400, which botocore retries: an injected fault (`Faults.throttle_rate`)."""

    code = "ThrottlingException"


class InternalServerException(ProtonServiceError):
    """HTTP 500, which botocore retries: an injected fault (`Faults.error_rate`)."""

    code = "InternalServerException"
    status = 500
