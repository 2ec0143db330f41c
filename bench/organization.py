"""The organization in one stack: N environment accounts onboarded and accepted, both forms.

For N accounts, one stack holds N connections, each created in its own account through an
assumed role (`arn:aws:iam::<account>:role/OrganizationAccountAccessRole`), and N accepters,
all acting as the management account through its role. Two forms of the same stack:

- `dynamic`: `EnvironmentAccountConnection(..., aws=AwsSettings(assume_role_arn=...))` and
  `EnvironmentAccountConnectionAccepter(..., aws=AwsSettings(assume_role_arn=MANAGEMENT))`,
  all served by Pulumi's one `python -m pulumi.dynamic` host;
- `plugin`: one explicit provider per account, `pulumi.ProviderResource("proton", "acct-i",
  {"assumeRole": {"roleArn": ...}, "region": ...})`, the resources by type token
  (`proton:index:EnvironmentAccountConnection`, camelCase), and one more explicit provider
  for the management account that every accepter uses.

The state is in Pulumi's S3 backend on the emulator's own S3, as a team would share it, in a
versioned bucket so that every checkpoint write the backend makes stays countable (each one,
by the diy backend's `saveCheckpoint`: a listing of the stack's keys, an existence check, a
server-side copy of the previous checkpoint to `.json.bak`, then the upload).
A reference form, the dynamic one with a local file backend, runs `up` at every N. Each stack
goes through `pulumi up` (creates and accepts), a no-change `pulumi preview`, `pulumi destroy`,
one run each. The provider hosts run instrumented (bench/host.py: counters only, no profiler),
so the figures come from the timed run itself: botocore clients and sessions built, AWS calls
made (STS included), peak memory (VmHWM) per host process.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
from pulumi import automation as auto

from bench import host
from bench.calls import delta
from bench.stacks import REGION, REPO, Emulator, _cpu_seconds

# N -> the commands run at that N. The middle size runs only `up` (onboarding, the figure
# that matters most), to keep the whole benchmark within about 8 minutes on 2 CPUs: the
# plugin form starts one provider process per account for every command.
SIZES: dict[int, tuple[str, ...]] = {
    10: ("up", "preview", "destroy"),
    50: ("up",),
    100: ("up", "preview", "destroy"),
}
QUICK_SIZES: dict[int, tuple[str, ...]] = {10: ("up", "preview", "destroy")}
FORMS = ("dynamic", "plugin")
# A reference at every N: the dynamic form's `up` with a local file backend, to tell what the
# S3 backend adds from what the engine itself costs.
REFERENCE = "dynamic, file backend"
MANAGEMENT_ACCOUNT = "111111111111"
MANAGEMENT_ROLE = f"arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/ProtonAdmin"
ACCESS_ROLE = "OrganizationAccountAccessRole"
BUCKET = "org-state"
PROJECT = "org"
COMMANDS = ("up", "preview", "destroy")


def account(i: int) -> str:
    """The i-th environment account: 12 digits, any of which moto's STS accepts."""
    return str(300000000000 + i)


def role_of(acct: str) -> str:
    """The role assumed to act in environment account `acct`."""
    return f"arn:aws:iam::{acct}:role/{ACCESS_ROLE}"


def dynamic_program(n: int) -> Callable[[], None]:
    """The dynamic form's program: per account, a connection through the account's role
    and an accepter through the management role."""

    def program() -> None:
        from provider import (
            AwsSettings,
            EnvironmentAccountConnection,
            EnvironmentAccountConnectionAccepter,
        )

        management = AwsSettings(assume_role_arn=MANAGEMENT_ROLE)
        for i in range(n):
            acct = account(i)
            connection = EnvironmentAccountConnection(
                f"conn-{i}",
                environment_name=f"env-{i}",
                management_account_id=MANAGEMENT_ACCOUNT,
                role_arn=f"arn:aws:iam::{acct}:role/ProtonEnvironment",
                aws=AwsSettings(assume_role_arn=role_of(acct)),
            )
            EnvironmentAccountConnectionAccepter(
                f"accept-{i}", connection_id=connection.id, aws=management
            )

    return program


def plugin_program(n: int) -> Callable[[], None]:
    """The plugin form's program: an explicit provider per account and one for the
    management account, the resources declared by type token."""

    def program() -> None:
        import pulumi

        management = pulumi.ProviderResource(
            "proton", "management", {"assumeRole": {"roleArn": MANAGEMENT_ROLE}, "region": REGION}
        )
        for i in range(n):
            acct = account(i)
            provider = pulumi.ProviderResource(
                "proton", f"acct-{i}", {"assumeRole": {"roleArn": role_of(acct)}, "region": REGION}
            )
            connection = pulumi.CustomResource(
                "proton:index:EnvironmentAccountConnection",
                f"conn-{i}",
                {
                    "environmentName": f"env-{i}",
                    "managementAccountId": MANAGEMENT_ACCOUNT,
                    "roleArn": f"arn:aws:iam::{acct}:role/ProtonEnvironment",
                    "arn": None,
                    "status": None,
                    "environmentAccountId": None,
                },
                opts=pulumi.ResourceOptions(provider=provider),
            )
            pulumi.CustomResource(
                "proton:index:EnvironmentAccountConnectionAccepter",
                f"accept-{i}",
                {"connectionId": connection.id, "status": None},
                opts=pulumi.ResourceOptions(provider=management),
            )

    return program


PROGRAMS = {"dynamic": dynamic_program, "plugin": plugin_program, REFERENCE: dynamic_program}


@dataclass
class Run:
    """One command on one stack: what it cost and what the provider hosts did."""

    wall_s: float
    cpu_s: float
    proton_calls: dict[str, int]
    hosts: list[dict[str, Any]]
    checkpoint_writes: int = 0  # uploads of the checkpoint object (S3 backend)
    checkpoint_bytes: int = 0
    checkpoint_size: int = 0
    backup_copies: int = 0  # copies of the previous checkpoint to `.json.bak`, one per write


@dataclass
class OrgResult:
    """One form at one N: the `Run` of each command measured."""

    form: str
    n: int
    runs: dict[str, Run] = field(default_factory=dict)


def _backend_url(emulator: Emulator) -> str:
    endpoint = urlsplit(emulator.url).netloc
    return (
        f"s3://{BUCKET}?endpoint={endpoint}&disableSSL=true&s3ForcePathStyle=true"
        f"&region={REGION}&response_checksum_validation=when_required"
    )


def _s3(emulator: Emulator) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=emulator.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _checkpoint_versions(emulator: Emulator, n: int, form: str, suffix: str = "") -> list[int]:
    """Sizes of every version of the stack's checkpoint object (or of `.json<suffix>`),
    newest first."""
    key = f".pulumi/stacks/{PROJECT}/{_name(form, n)}.json{suffix}"
    pages = _s3(emulator).get_paginator("list_object_versions").paginate(Bucket=BUCKET, Prefix=key)
    return [v["Size"] for page in pages for v in page.get("Versions", []) if v["Key"] == key]


def _name(form: str, n: int) -> str:
    return f"{form.replace(', ', '-').replace(' ', '-')}-{n}"


def _stack(root: Path, emulator: Emulator, form: str, n: int, reports: Path) -> auto.Stack:
    name = _name(form, n)
    work_dir = root / name
    work_dir.mkdir()
    backend = _backend_url(emulator)
    if form == REFERENCE:
        state = root / f"{name}-state"
        state.mkdir()
        backend = f"file://{state}"
    project: dict[str, Any] = {"name": PROJECT, "runtime": "python", "backend": {"url": backend}}
    env = {
        **emulator.env(),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "BENCH_HOST_REPORT": str(reports),
        # bench.host must import in the provider hosts, which run in work_dir.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    if form == "plugin":
        wrapper = host.plugin_wrapper(root / f"{name}-plugin")
        project["plugins"] = {"providers": [{"name": "proton", "path": str(wrapper)}]}
    else:
        env["PULUMI_PYTHON_CMD"] = str(host.wrapper(root))
    # JSON is YAML: the project file as the engine reads it (the Automation API's
    # ProjectSettings has no `plugins`).
    (work_dir / "Pulumi.yaml").write_text(json.dumps(project, indent=2))
    return auto.create_stack(
        name,
        project_name=PROJECT,
        program=PROGRAMS[form](n),
        opts=auto.LocalWorkspaceOptions(work_dir=str(work_dir), env_vars=env),
    )


def _collect(reports: Path, settle_s: float = 1.0, timeout_s: float = 30.0) -> list[dict[str, Any]]:
    """The reports of the command's host processes, once no new one has come for `settle_s`
    (the engine may return before its plugins have exited and written theirs)."""
    deadline = time.monotonic() + timeout_s
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(list(reports.glob("*.json")))
        if count != seen:
            seen, since = count, time.monotonic()
        elif count and time.monotonic() - since >= settle_s:
            break
        time.sleep(0.1)
    found = []
    for path in sorted(reports.glob("*.json")):
        found.append(json.loads(path.read_text()))
        path.unlink()
    return found


def measure(
    root: Path, emulator: Emulator, form: str, n: int, run_only: tuple[str, ...] = COMMANDS
) -> OrgResult:
    """One stack of `n` accounts in `form`: up, no-change preview, destroy (those of them in
    `run_only`). The emulator is reset first: its counters then hold this stack's calls only."""
    emulator.control.reset()
    s3 = _s3(emulator)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    reports = root / f"{_name(form, n)}-reports"
    reports.mkdir()
    stack = _stack(root, emulator, form, n, reports)
    result = OrgResult(form, n)
    commands: dict[str, Callable[[], Any]] = {
        "up": lambda: stack.up(color="never"),
        "preview": lambda: stack.preview(color="never", expect_no_changes=True),
        "destroy": lambda: stack.destroy(color="never"),
    }
    for command, run in commands.items():
        if command not in run_only:
            continue
        versions_before = len(_checkpoint_versions(emulator, n, form))
        backups_before = len(_checkpoint_versions(emulator, n, form, ".bak"))
        calls_before = emulator.calls()
        cpu, start = _cpu_seconds(emulator), time.perf_counter()
        run()
        wall = time.perf_counter() - start
        cpu = _cpu_seconds(emulator) - cpu
        calls = dict(delta(calls_before, emulator.calls()))
        hosts = _collect(reports)
        versions = _checkpoint_versions(emulator, n, form)
        written = versions[: len(versions) - versions_before]
        result.runs[command] = Run(
            wall_s=wall,
            cpu_s=cpu,
            proton_calls=calls,
            hosts=hosts,
            checkpoint_writes=len(written),
            checkpoint_bytes=sum(written),
            checkpoint_size=max(written, default=0),
            backup_copies=len(_checkpoint_versions(emulator, n, form, ".bak")) - backups_before,
        )
        print(
            f"  {form} N={n} {command}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"{len(hosts)} provider host(s), {len(written)} checkpoint writes",
            flush=True,
        )
    return result


def run_all(
    root: Path, emulator: Emulator, sizes: dict[int, tuple[str, ...]] = SIZES
) -> list[OrgResult]:
    """Each form at each N of `sizes` (its commands), and the file-backend reference's `up`;
    a fresh stack on a reset emulator for each."""
    results = []
    for n, commands in sizes.items():
        for form, run_only in [*((f, commands) for f in FORMS), (REFERENCE, ("up",))]:
            print(f"organization: {form}, N = {n} accounts: {', '.join(run_only)}", flush=True)
            results.append(measure(root, emulator, form, n, run_only))
    return results


# Reading the figures.


def counts(run: Run) -> Counter[str]:
    """Counters summed over the command's host processes."""
    total: Counter[str] = Counter()
    for report in run.hosts:
        total.update(report["counts"])
    return total


def api_calls(run: Run, service: str) -> int:
    """Calls to `service` ("sts", "proton") the command's host processes made, counted in them."""
    return sum(v for k, v in counts(run).items() if k.startswith(f"call {service}."))


def clients(run: Run) -> Counter[str]:
    """boto3 clients built per service by the command's host processes."""
    return Counter({k[7:]: v for k, v in counts(run).items() if k.startswith("client ")})


def peak_mib(run: Run) -> float:
    """Peak memory (VmHWM) of the command's largest host process, in MiB."""
    return float(max((r["peak_kib"] for r in run.hosts), default=0)) / 1024


def total_peak_mib(run: Run) -> float:
    """The sum of the hosts' peaks: the memory they hold at once if they all peak together."""
    return float(sum(r["peak_kib"] for r in run.hosts)) / 1024


def lifetimes(run: Run) -> float:
    """Median seconds a host process of the command lived."""
    return float(statistics.median(r["lifetime_s"] for r in run.hosts)) if run.hosts else 0.0


def to_json(results: list[OrgResult]) -> list[dict[str, Any]]:
    """The results as plain data for JSON (`from_json` reads them back)."""
    return [
        {"form": r.form, "n": r.n, "runs": {c: vars(run) for c, run in r.runs.items()}}
        for r in results
    ]


def from_json(data: list[dict[str, Any]]) -> list[OrgResult]:
    """The `OrgResult`s that `to_json` wrote."""
    return [
        OrgResult(d["form"], d["n"], {c: Run(**run) for c, run in d["runs"].items()}) for d in data
    ]
