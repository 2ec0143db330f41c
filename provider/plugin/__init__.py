"""The Pulumi resource provider plugin ``pulumi-resource-proton`` (package ``proton``).

The same resources as the dynamic ones, for every Pulumi language, ``pulumi import`` and
detailed diffs: ``proton:index:EnvironmentAccountConnection`` and
``proton:index:EnvironmentAccountConnectionAccepter``, with camelCase properties and the
provider configuration ``proton:region``, ``proton:profile``, ``proton:accessKey`` /
``proton:secretKey`` / ``proton:token``, ``proton:assumeRole``.
"""

from provider.plugin.server import main

__all__ = ["main"]
