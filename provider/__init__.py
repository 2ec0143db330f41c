"""Pulumi dynamic provider for AWS Proton environment account connections.

``EnvironmentAccountConnection`` requests a connection from an environment account;
``EnvironmentAccountConnectionAccepter`` accepts it from the management account, so one
``pulumi up`` completes the handshake. ``get_environment_account_connection`` and
``get_environment_account_connections`` read connections without adding them to the stack.
``AwsSettings`` chooses each resource's region and credentials. ``provider.testing`` holds
a local Proton emulator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provider.accepter import (
        EnvironmentAccountConnectionAccepter,
        EnvironmentAccountConnectionAccepterProvider,
    )
    from provider.accepters import (
        EnvironmentAccountConnectionAccepters,
        EnvironmentAccountConnectionAcceptersProvider,
    )
    from provider.aws_settings import AwsSettings
    from provider.connection import (
        EnvironmentAccountConnection,
        EnvironmentAccountConnectionProvider,
    )
    from provider.errors import ProtonError
    from provider.functions import (
        EnvironmentAccountConnectionResult,
        EnvironmentAccountConnectionsResult,
        EnvironmentAccountConnectionSummary,
        get_environment_account_connection,
        get_environment_account_connection_output,
        get_environment_account_connections,
        get_environment_account_connections_output,
    )

# Each name loads its module on first use (PEP 562): a program pays only for what it
# imports (AwsSettings is a pydantic model, so it loads pydantic), and the plugin, a
# subpackage, loads none of the dynamic resources.
_MODULES = {
    "AwsSettings": "provider.aws_settings",
    "EnvironmentAccountConnection": "provider.connection",
    "EnvironmentAccountConnectionAccepter": "provider.accepter",
    "EnvironmentAccountConnectionAccepterProvider": "provider.accepter",
    "EnvironmentAccountConnectionAccepters": "provider.accepters",
    "EnvironmentAccountConnectionAcceptersProvider": "provider.accepters",
    "EnvironmentAccountConnectionProvider": "provider.connection",
    "ProtonError": "provider.errors",
    **{
        name: "provider.functions"
        for name in (
            "EnvironmentAccountConnectionResult",
            "EnvironmentAccountConnectionSummary",
            "EnvironmentAccountConnectionsResult",
            "get_environment_account_connection",
            "get_environment_account_connection_output",
            "get_environment_account_connections",
            "get_environment_account_connections_output",
        )
    },
}

__all__ = [
    "AwsSettings",
    "EnvironmentAccountConnection",
    "EnvironmentAccountConnectionAccepter",
    "EnvironmentAccountConnectionAccepterProvider",
    "EnvironmentAccountConnectionAccepters",
    "EnvironmentAccountConnectionAcceptersProvider",
    "EnvironmentAccountConnectionProvider",
    "EnvironmentAccountConnectionResult",
    "EnvironmentAccountConnectionSummary",
    "EnvironmentAccountConnectionsResult",
    "ProtonError",
    "get_environment_account_connection",
    "get_environment_account_connection_output",
    "get_environment_account_connections",
    "get_environment_account_connections_output",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'provider' has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
