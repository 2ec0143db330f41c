"""What the plugin's end-to-end tests share: the resources as a Pulumi program declares them
(by type token, camelCase), a stack with its CLI, and readers of state, events and errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from tests.constants import ENVIRONMENT_ACCOUNT, MANAGEMENT_ACCOUNT, ROLE
from tests.e2e.conftest import Emulator

PROJECT = "plugin"
CONNECTION = "proton:index:EnvironmentAccountConnection"
ACCEPTER = "proton:index:EnvironmentAccountConnectionAccepter"
CONNECTION_OUTPUTS = ("arn", "status", "environmentAccountId", "requestedAt", "lastModifiedAt")
ACCEPTER_OUTPUTS = (
    "status",
    "arn",
    "environmentName",
    "environmentAccountId",
    "managementAccountId",
)
COMPONENT_ROLE = f"arn:aws:iam::{ENVIRONMENT_ACCOUNT}:role/ProtonComponents"
BASE: dict[str, Any] = {
    "environmentName": "prod",
    "managementAccountId": MANAGEMENT_ACCOUNT,
    "roleArn": ROLE,
}
HIDDEN = ("clientTokenSeed", "client_token_seed", "adoptId", "adopt_id", "__provider")
"""Properties of the dynamic resources that the plugin must never show or record."""
_HIDDEN_LINE = re.compile(
    rf"^\s*[-+~]*\s*({'|'.join(map(re.escape, (*HIDDEN, 'aws')))})\s*:", re.MULTILINE
)
MUTATIONS = (
    "CreateEnvironmentAccountConnection",
    "UpdateEnvironmentAccountConnection",
    "DeleteEnvironmentAccountConnection",
    "AcceptEnvironmentAccountConnection",
    "RejectEnvironmentAccountConnection",
    "TagResource",
    "UntagResource",
)
TRACEBACK_MARKS = ("Traceback", 'File "', "Unexpected <class")


# --- Projects and programs -------------------------------------------------------------------


def project_file(name: str, plugin_dir: Path, backend: str | None = None) -> str:
    """A Pulumi.yaml (as JSON, which is YAML) of a Python project that declares the plugin in
    `plugin_dir` (`plugins: providers:`), so that the engine runs exactly that executable and
    never one found on $PATH; its state in `backend` (a URL), if given."""
    project: dict[str, Any] = {
        "name": name,
        "runtime": "python",
        "plugins": {"providers": [{"name": "proton", "path": str(plugin_dir)}]},
    }
    if backend is not None:
        project["backend"] = {"url": backend}
    return json.dumps(project, indent=2)


def connection(
    name: str, props: Mapping[str, Any], opts: pulumi.ResourceOptions | None = None
) -> pulumi.CustomResource:
    """A connection with `props` (camelCase); its outputs are declared so that they come back."""
    declared = {key: None for key in CONNECTION_OUTPUTS}
    return pulumi.CustomResource(CONNECTION, name, {**declared, **props}, opts=opts)


def accepter(
    name: str, props: Mapping[str, Any], opts: pulumi.ResourceOptions | None = None
) -> pulumi.CustomResource:
    """An accepter with `props` (camelCase), its outputs declared."""
    declared = {key: None for key in ACCEPTER_OUTPUTS}
    return pulumi.CustomResource(ACCEPTER, name, {**declared, **props}, opts=opts)


def output(resource: pulumi.CustomResource, key: str) -> pulumi.Output[Any]:
    """The output `key` of a resource declared by type token (an attribute that the SDK sets
    for each declared property, unknown to type checkers)."""
    value: pulumi.Output[Any] = getattr(resource, key)
    return value


def export(name: str, resource: pulumi.CustomResource, keys: tuple[str, ...]) -> None:
    """Exports the resource's id and `keys` as one object output called `name`."""
    pulumi.export(name, {"id": resource.id, **{key: output(resource, key) for key in keys}})


def one_connection(props: Mapping[str, Any], name: str = "conn") -> auto.PulumiFn:
    """A program of one connection with `props`, exported under its name."""

    def program() -> None:
        export(name, connection(name, props), (*CONNECTION_OUTPUTS, *props))

    return program


# --- Stacks, state and engine events ---------------------------------------------------------


@dataclass
class PluginStack:
    """An Automation API stack whose project declares the plugin, and its `pulumi` CLI."""

    stack: auto.Stack
    work_dir: Path
    pulumi_cli: str
    env: dict[str, str]

    @property
    def name(self) -> str:
        return self.stack.name

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """`pulumi --non-interactive ARGS --stack NAME` in the project, as a user runs it."""
        result = subprocess.run(
            [self.pulumi_cli, "--non-interactive", *args, "--stack", self.name],
            cwd=self.work_dir,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, (
                f"pulumi {' '.join(args)} exited with {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def exported_text(self) -> str:
        """The output of `pulumi stack export` (secrets stay encrypted)."""
        return self.cli("stack", "export").stdout

    def resources(self) -> list[dict[str, Any]]:
        """The resources of the stack's state."""
        deployment = json.loads(self.exported_text())["deployment"]
        return list(deployment.get("resources", []))

    def resource(self, name: str, type_: str = CONNECTION) -> dict[str, Any] | None:
        """The state of the resource `name` of type `type_`, or None."""
        found = [r for r in self.resources() if r["urn"].endswith(f"::{type_}::{name}")]
        assert len(found) <= 1, f"{len(found)} resources {name} in the state"
        return found[0] if found else None


def outputs(result: auto.UpResult) -> dict[str, Any]:
    return {key: value.value for key, value in result.outputs.items()}


@dataclass
class Events:
    """The engine events of one operation (pass `events.append` as on_event)."""

    seen: list[auto.events.EngineEvent] = field(default_factory=list)

    def append(self, event: auto.events.EngineEvent) -> None:
        self.seen.append(event)

    def steps(self) -> list[tuple[str, str]]:
        """(op, resource name) of each step the engine started, in order."""
        return [
            (e.resource_pre_event.metadata.op.value, e.resource_pre_event.metadata.urn)
            for e in self.seen
            if e.resource_pre_event is not None
        ]

    def finished(self) -> list[tuple[str, str]]:
        """(op, resource name) of each step the engine finished, in order."""
        return [
            (e.res_outputs_event.metadata.op.value, e.res_outputs_event.metadata.urn)
            for e in self.seen
            if e.res_outputs_event is not None
        ]

    def ops_of(self, name: str) -> list[str]:
        """The ops started on the resources named `name`."""
        return [op for op, urn in self.steps() if urn.endswith(f"::{name}")]

    def detailed_diff(self, name: str) -> dict[str, str]:
        """Property -> diff kind ("update", "update-replace", "delete-replace", ...) of the
        first step on `name` that has a detailed diff."""
        for event in self.seen:
            pre = event.resource_pre_event
            if pre is not None and pre.metadata.urn.endswith(f"::{name}"):
                diff = pre.metadata.detailed_diff
                if diff:
                    return {key: d.diff_kind.value for key, d in diff.items()}
        return {}

    def errors(self, name: str | None = None) -> list[str]:
        """The error diagnostics of the resources named `name` (None: of every resource but
        the stack; the engine's closing "update failed" names none)."""
        found = []
        for event in self.seen:
            diagnostic = event.diagnostic_event
            if diagnostic is None or diagnostic.severity != "error":
                continue
            urn = diagnostic.urn or ""
            mine = urn.endswith(f"::{name}") if name else "::pulumi:pulumi:Stack::" not in urn
            if urn and mine:
                found.append(diagnostic.message.strip())
        return found


def calls_since(emulator: Emulator, before: Mapping[str, int]) -> dict[str, int]:
    """The Proton calls made since `before` (a copy of the counts), by operation."""
    now = emulator.proton_calls()
    delta = {op: n - before.get(op, 0) for op, n in now.items()}
    return {op: n for op, n in delta.items() if n}


def mutations_since(emulator: Emulator, before: Mapping[str, int]) -> dict[str, int]:
    """The Proton calls that change something, made since `before`."""
    return {op: n for op, n in calls_since(emulator, before).items() if op in MUTATIONS}


def live(emulator: Emulator, conn_id: str) -> dict[str, Any]:
    """The connection as Proton returns it, with its tags as a dict."""
    proton = emulator.client()
    found = dict(
        proton.get_environment_account_connection(id=conn_id)["environmentAccountConnection"]
    )
    tags = proton.list_tags_for_resource(resourceArn=found["arn"])["tags"]
    found["tags"] = {t["key"]: t["value"] for t in tags}
    return found


def assert_no_traceback(text: str) -> None:
    """What the user sees holds no Python traceback and no gRPC wrapper of one."""
    for mark in TRACEBACK_MARKS:
        assert mark not in text, f"{mark!r} in the output:\n{text}"


def failed_up(stack: PluginStack, resource: str) -> str:
    """Runs an `up` that must fail on `resource`, and returns its one error sentence, after
    checking what the user sees: no traceback, that sentence on one line, the only error of
    any resource, and, besides the engine's "update failed", the only error line."""
    events = Events()
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.stack.up(on_event=events.append)
    text = str(failure.value)
    assert_no_traceback(text)
    [error] = events.errors()
    assert events.errors(resource) == [error]
    assert sorted(error_lines(text)) == sorted(["update failed", error])
    assert "\n" not in error
    return error


def error_lines(text: str) -> list[str]:
    """The `error:` lines of the Diagnostics section of a CLI run's output."""
    _, _, diagnostics = text.partition("Diagnostics:")
    section = diagnostics.split("\nResources:")[0].split("\nOutputs:")[0]
    return [
        line.strip()[len("error:") :].strip()
        for line in section.splitlines()
        if line.strip().startswith("error:")
    ]


def hidden_properties(display: str) -> list[str]:
    """The hidden properties (and `aws`) that a diff display shows as property lines."""
    return _HIDDEN_LINE.findall(display)
