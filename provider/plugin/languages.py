"""The package schema's language sections: the names of the generated SDKs (``make sdk``).

Named after this project, in no namespace of Pulumi's own (no ``@pulumi/`` scope, no
``pulumi_`` prefix), so that nothing suggests an official provider. Each SDK carries the
schema's version (``respectSchemaVersion``), so a program asks the engine for the plugin
of that version, and requires the Pulumi SDK of the pinned engine's release or newer.
sdk/README.md says how each one is installed and used.
"""

from __future__ import annotations

from typing import Any

REPOSITORY = "github.com/pulumi-proton-connections/pulumi-proton-connections"
"""The project's home: its releases hold the plugin (the schema's pluginDownloadURL), and the
Go SDK's module path is under it (a tag sdk/go/vX.Y.Z there is its version)."""
GO_MODULE = f"{REPOSITORY}/sdk/go"

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
        "importBasePath": f"{GO_MODULE}/proton",
        "modulePath": GO_MODULE,
        "respectSchemaVersion": True,
        "generateResourceContainerTypes": False,
    },
}
"""Each language's codegen options, as Pulumi's package schema names them."""
