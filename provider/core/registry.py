"""Every resource type, registered once by its name: what the plugin serves and dispatches
through. (Each dynamic resource names its own core object.)"""

from __future__ import annotations

from provider.core.accepter import ACCEPTER
from provider.core.common import Resource
from provider.core.connection import CONNECTION

RESOURCES: dict[str, Resource] = {resource.name: resource for resource in (CONNECTION, ACCEPTER)}
"""The resource types by name (``EnvironmentAccountConnection``, ...)."""
