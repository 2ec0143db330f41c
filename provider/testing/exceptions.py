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
    code = "ValidationException"


class ConflictException(ProtonServiceError):
    code = "ConflictException"


class AccessDeniedException(ProtonServiceError):
    code = "AccessDeniedException"


class ResourceNotFoundException(ProtonServiceError):
    code = "ResourceNotFoundException"


class ThrottlingException(ProtonServiceError):
    code = "ThrottlingException"


class InternalServerException(ProtonServiceError):
    code = "InternalServerException"
    status = 500
