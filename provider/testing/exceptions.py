"""Proton's error codes, as botocore's model names them for the connection operations.

moto serializes a raised `ProtonError` with the error shape of the same name, as awsJson 1.0:
`{"__type": "AwsProton20200720#<code>", "message": ...}`. Proton's model gives no HTTP status
for its errors, so the service's convention applies: 400 for the caller's faults, 500 for the
service's own.
"""

from moto.core.exceptions import ServiceException


class ProtonError(ServiceException):
    """Base of the emulator's errors."""

    status = 400


class ValidationException(ProtonError):
    code = "ValidationException"


class ConflictException(ProtonError):
    code = "ConflictException"


class AccessDeniedException(ProtonError):
    code = "AccessDeniedException"


class ResourceNotFoundException(ProtonError):
    code = "ResourceNotFoundException"


class ThrottlingException(ProtonError):
    code = "ThrottlingException"


class InternalServerException(ProtonError):
    code = "InternalServerException"
    status = 500
