"""Runs the handshake program with the Automation API (an inline program), in a project whose
directory is the current one.

    python automation.py up|preview|refresh|destroy [key=value ...]

key=value pairs are set as stack configuration first (a JSON object for `tags`). The engine
is the `pulumi` on PATH, the backend PULUMI_BACKEND_URL; PROTON_PLUGIN_DIR, when set, names
the directory of pulumi-resource-proton (otherwise the engine looks on PATH). Prints one JSON
line: the stack's outputs and the operation's resource changes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any

from handshake import handshake
from pulumi import automation as auto


class ProjectSettings(auto.ProjectSettings):
    """Project settings with `plugins` too, which the Python Automation API does not model."""

    def __init__(self, plugin_dir: str | None) -> None:
        super().__init__(name="proton-example", runtime="python")
        self.plugin_dir = plugin_dir

    def to_dict(self) -> dict[str, Any]:
        """The settings as Pulumi.yaml holds them, with the plugin's directory when given."""
        settings: dict[str, Any] = super().to_dict()
        if self.plugin_dir:
            settings["plugins"] = {"providers": [{"name": "proton", "path": self.plugin_dir}]}
        return settings


def main(action: str, settings: list[str]) -> None:
    """Runs `action` on the stack `dev` after setting each ``key=value`` of `settings`, and
    prints its outputs and resource changes as one JSON line."""
    stack = auto.create_or_select_stack(
        "dev",
        project_name="proton-example",
        program=handshake,
        opts=auto.LocalWorkspaceOptions(
            work_dir=os.getcwd(),
            project_settings=ProjectSettings(os.environ.get("PROTON_PLUGIN_DIR")),
        ),
    )
    for setting in settings:
        key, _, value = setting.partition("=")
        stack.set_config(key, auto.ConfigValue(value))

    def on_output(text: str) -> None:
        print(text, file=sys.stderr)

    changes: Mapping[auto.OpType, int] | None
    if action == "up":
        changes = stack.up(on_output=on_output).summary.resource_changes
    elif action == "preview":
        changes = stack.preview(on_output=on_output, diff=True).change_summary
    elif action == "refresh":
        changes = stack.refresh(on_output=on_output).summary.resource_changes
    elif action == "destroy":
        changes = stack.destroy(on_output=on_output).summary.resource_changes
    else:
        raise SystemExit(f"unknown action {action}: up, preview, refresh or destroy")
    outputs = {name: output.value for name, output in stack.outputs().items()}
    print(json.dumps({"outputs": outputs, "changes": changes}))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: automation.py up|preview|refresh|destroy [key=value ...]")
    main(sys.argv[1], sys.argv[2:])
