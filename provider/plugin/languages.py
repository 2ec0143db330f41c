"""The package schema's language sections: the names of the generated SDKs (``make sdk``).

Named after this project, in no namespace of Pulumi's own (no ``@pulumi/`` scope, no
``pulumi_`` prefix), so that nothing suggests an official provider.
"""

from __future__ import annotations

from typing import Any

LANGUAGES: dict[str, dict[str, Any]] = {
    "python": {"packageName": "proton_connections"},
    "nodejs": {"packageName": "proton-connections"},
    "go": {
        "importBasePath": "proton-connections/sdk/go/proton",
        "generateResourceContainerTypes": False,
    },
}
"""Each language's codegen options, as Pulumi's package schema names them."""
