"""Every resource type and every function, registered once by its name: what the plugin
serves and dispatches through. (Each dynamic resource and function names its own core
object.)"""

from __future__ import annotations

from provider.core.accepter import ACCEPTER
from provider.core.accepters import ACCEPTERS
from provider.core.common import Resource
from provider.core.connection import CONNECTION
from provider.core.functions import GET_CONNECTION, LIST_CONNECTIONS, Function

RESOURCES: dict[str, Resource] = {
    resource.name: resource for resource in (CONNECTION, ACCEPTER, ACCEPTERS)
}
"""The resource types by name (``EnvironmentAccountConnection``, ...)."""

FUNCTIONS: dict[str, Function] = {fn.name: fn for fn in (GET_CONNECTION, LIST_CONNECTIONS)}
"""The functions by name (``getEnvironmentAccountConnection``, ...)."""
