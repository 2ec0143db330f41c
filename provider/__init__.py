"""Pulumi dynamic provider for AWS Proton environment account connections.

``EnvironmentAccountConnection`` requests a connection from an environment account;
``EnvironmentAccountConnectionAccepter`` accepts it from the management account, so one
``pulumi up`` completes the handshake. ``AwsSettings`` chooses each resource's region and
credentials. ``provider.testing`` holds a local Proton emulator.
"""

from typing import TYPE_CHECKING, Any

from provider.accepter import (
    EnvironmentAccountConnectionAccepter,
    EnvironmentAccountConnectionAccepterProvider,
)
from provider.connection import EnvironmentAccountConnection, EnvironmentAccountConnectionProvider
from provider.errors import ProtonError

if TYPE_CHECKING:
    from provider.aws_settings import AwsSettings

__all__ = [
    "AwsSettings",
    "EnvironmentAccountConnection",
    "EnvironmentAccountConnectionAccepter",
    "EnvironmentAccountConnectionAccepterProvider",
    "EnvironmentAccountConnectionProvider",
    "ProtonError",
]


def __getattr__(name: str) -> Any:
    # AwsSettings is a pydantic model: importing it costs pydantic's ~40 ms, which only the
    # programs that use it pay (PEP 562).
    if name == "AwsSettings":
        from provider.aws_settings import AwsSettings

        return AwsSettings
    raise AttributeError(f"module 'provider' has no attribute {name!r}")
