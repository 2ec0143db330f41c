"""Pulumi dynamic provider for AWS Proton environment account connections.

``EnvironmentAccountConnection`` requests a connection from an environment account;
``EnvironmentAccountConnectionAccepter`` accepts it from the management account, so one
``pulumi up`` completes the handshake. ``AwsSettings`` chooses each resource's region and
credentials. ``provider.testing`` holds a local Proton emulator.
"""

from provider.accepter import (
    EnvironmentAccountConnectionAccepter,
    EnvironmentAccountConnectionAccepterProvider,
)
from provider.connection import EnvironmentAccountConnection, EnvironmentAccountConnectionProvider
from provider.errors import ProtonError
from provider.settings import AwsSettings

__all__ = [
    "AwsSettings",
    "EnvironmentAccountConnection",
    "EnvironmentAccountConnectionAccepter",
    "EnvironmentAccountConnectionAccepterProvider",
    "EnvironmentAccountConnectionProvider",
    "ProtonError",
]
