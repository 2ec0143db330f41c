"""The package schema's language sections: the names of the generated SDKs (``make sdk``).

Named after this project, in no namespace of Pulumi's own (no ``@pulumi/`` scope, no
``pulumi_`` prefix), so that nothing suggests an official provider. Each SDK carries the
schema's version (``respectSchemaVersion``), so a program asks the engine for the plugin
of that version, and requires the Pulumi SDK of the pinned engine's release or newer.
sdk/README.md says how each one is installed and used.
"""

from __future__ import annotations

from typing import Any

PULUMI_SDK = "3.260.0"
"""The Pulumi SDK release the SDKs were generated and tested with (the pinned engine's)."""

LANGUAGES: dict[str, dict[str, Any]] = {
    "python": {
        "packageName": "proton_connections",
        "respectSchemaVersion": True,
        "pyproject": {"enabled": True},
        "requires": {"pulumi": f">={PULUMI_SDK},<4.0.0"},
    },
    "nodejs": {
        "packageName": "proton-connections",
        "respectSchemaVersion": True,
        "dependencies": {"@pulumi/pulumi": f"^{PULUMI_SDK}"},
        "typescriptVersion": "^5.9.3",
    },
    "go": {
        "importBasePath": "proton-connections/sdk/go/proton",
        "modulePath": "proton-connections/sdk/go",
        "respectSchemaVersion": True,
        "generateResourceContainerTypes": False,
    },
}
"""Each language's codegen options, as Pulumi's package schema names them."""
