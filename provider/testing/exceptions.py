"""Proton's error codes, as botocore's model names them for the connection operations."""

from moto.core.exceptions import ServiceException


class ProtonError(ServiceException):
    """Base of the emulator's errors; moto serializes them with Proton's error shapes."""


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
