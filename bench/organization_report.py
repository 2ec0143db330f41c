"""bench/organization.md: the organization benchmark's tables and findings, from one run."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import organization as org
from bench import throughput
from bench.report import _table


@dataclass
class OrgResults:
    """Everything one organization run measured: what bench/organization.md renders and
    bench/raw/organization.json keeps."""

    command: str
    machine: dict[str, str]
    load: dict[str, str]  # load average at the start and at the end of the run
    stacks: list[org.OrgResult] = field(default_factory=list)
    throughput: dict[str, list[throughput.Level]] = field(default_factory=dict)
    duration_s: float = 0.0


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as "1.0 / 0.8 / 0.5"."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def save(results: OrgResults, path: Path) -> None:
    """Every figure of the run, as JSON (`load` reads it back for ``--render --organization``)."""
    data = dataclasses.asdict(results)
    data["stacks"] = org.to_json(results.stacks)
    path.write_text(json.dumps(data, indent=1))


def load(path: Path) -> OrgResults:
    """The `OrgResults` that `save` wrote."""
    data = json.loads(path.read_text())
    stacks = org.from_json(data.pop("stacks"))
    levels = {
        request: [throughput.Level(**level) for level in levels]
        for request, levels in data.pop("throughput").items()
    }
    return OrgResults(**data, stacks=stacks, throughput=levels)


def _find(results: OrgResults, form: str, n: int) -> org.OrgResult | None:
    return next((r for r in results.stacks if r.form == form and r.n == n), None)


def _sizes(results: OrgResults) -> list[int]:
    return sorted({r.n for r in results.stacks})


def _proton(run: org.Run) -> str:
    short = {
        f"{verb}EnvironmentAccountConnection": verb
        for verb in ("Create", "Get", "Accept", "Delete", "Update", "Reject")
    }
    detail = ", ".join(f"{short.get(op, op)} {n}" for op, n in sorted(run.proton_calls.items()))
    total = sum(run.proton_calls.values())
    return f"{total}" + (f" ({detail})" if detail else "")


def _clients(run: org.Run) -> str:
    built = org.clients(run)
    return ", ".join(f"{service} {n}" for service, n in sorted(built.items())) or "0"


def _seconds(result: org.OrgResult, command: str) -> str:
    run = result.runs.get(command)
    return f"{run.wall_s:.1f}" if run else "-"


def stacks_table(results: OrgResults) -> list[str]:
    """One row per N and form: command times, then what its `up` called, built, started,
    peaked at and wrote to the S3 backend."""
    rows = []
    for n in _sizes(results):
        for form in (*org.FORMS, org.REFERENCE):
            result = _find(results, form, n)
            if result is None or "up" not in result.runs:
                continue
            up = result.runs["up"]
            on_s3 = form != org.REFERENCE
            rows.append(
                [
                    form,
                    n,
                    _seconds(result, "up"),
                    _seconds(result, "preview"),
                    _seconds(result, "destroy"),
                    f"{up.cpu_s:.1f}",
                    _proton(up),
                    org.api_calls(up, "sts"),
                    _clients(up),
                    len(up.hosts),
                    f"{org.peak_mib(up):.0f}",
                    f"{org.total_peak_mib(up):.0f}",
                    f"{up.checkpoint_writes} (+{up.backup_copies} copies)" if on_s3 else "-",
                    f"{up.checkpoint_bytes / 1e6:.1f}" if on_s3 else "-",
                    f"{up.checkpoint_size / 1e3:.0f}" if on_s3 else "-",
                ]
            )
    return _table(
        [
            "form",
            "accounts",
            "up s",
            "preview s",
            "destroy s",
            "up CPU s",
            "Proton calls in up",
            "STS calls in up",
            "boto3 clients built in up",
            "provider host processes",
            "peak MiB, largest host",
            "peak MiB, all hosts",
            "checkpoint writes in up",
            "MB written to S3 in up",
            "checkpoint KB",
        ],
        rows,
    )


def _slope(a: float, b: float, na: int, nb: int) -> float:
    return (b - a) / (nb - na)


def growth_table(results: OrgResults) -> list[str]:
    """Per extra account, between the smallest and the largest N (and the middle, for up)."""
    sizes = _sizes(results)
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    rows = []
    for form in (*org.FORMS, org.REFERENCE):
        a, b = _find(results, form, small), _find(results, form, large)
        if a is None or b is None:
            continue
        row: list[Any] = [form, f"{small} -> {large}"]
        for command in org.COMMANDS:
            if command in a.runs and command in b.runs:
                ms = 1000 * _slope(a.runs[command].wall_s, b.runs[command].wall_s, small, large)
                row.append(f"{ms:.0f}")
            else:
                row.append("-")
        up_a, up_b = a.runs["up"], b.runs["up"]
        mid = [r for n in sizes[1:-1] if (r := _find(results, form, n)) and "up" in r.runs]
        if mid:
            m = mid[0]
            first = 1000 * _slope(up_a.wall_s, m.runs["up"].wall_s, small, m.n)
            second = 1000 * _slope(m.runs["up"].wall_s, up_b.wall_s, m.n, large)
            row.append(f"{first:.0f} -> {second:.0f}")
        else:
            row.append("-")
        calls = _slope(
            sum(up_a.proton_calls.values()), sum(up_b.proton_calls.values()), small, large
        )
        sts = _slope(org.api_calls(up_a, "sts"), org.api_calls(up_b, "sts"), small, large)
        built = _slope(
            sum(org.clients(up_a).values()), sum(org.clients(up_b).values()), small, large
        )
        memory = _slope(org.total_peak_mib(up_a), org.total_peak_mib(up_b), small, large)
        writes = _slope(up_a.checkpoint_writes, up_b.checkpoint_writes, small, large)
        growth = "-"
        if up_a.checkpoint_bytes and up_b.checkpoint_bytes:
            ratio = up_b.checkpoint_bytes / up_a.checkpoint_bytes
            growth = f"N^{math.log(ratio) / math.log(large / small):.2f}"
        row += [
            f"{calls:.2f}",
            f"{sts:.2f}",
            f"{built:.2f}",
            f"{memory:.2f}",
            f"{writes:.1f}" if up_b.checkpoint_writes else "-",
            growth,
        ]
        rows.append(row)
    return _table(
        [
            "form",
            "accounts",
            "up ms",
            "preview ms",
            "destroy ms",
            f"up ms, {small}->{sizes[1]} -> {sizes[1]}->{large}" if len(sizes) > 2 else "up ms",
            "Proton calls",
            "STS calls",
            "clients",
            "host MiB (all hosts)",
            "checkpoint writes",
            "bytes written to S3 grow as",
        ],
        rows,
    )


def _plugin_starts(run: org.Run) -> tuple[float, float]:
    """Seconds from the first plugin process's start to the last one's, and per process."""
    starts = sorted(r["started_at"] for r in run.hosts if "started_at" in r)
    if len(starts) < 2:
        return 0.0, 0.0
    spread = starts[-1] - starts[0]
    return spread, spread / (len(starts) - 1)


def throughput_table(results: OrgResults) -> list[str]:
    """Per request, the emulator's requests/s and CPU at each number of client processes,
    after a line with its best and where more clients stop helping."""
    lines: list[str] = []
    for request, levels in results.throughput.items():
        base = levels[0].rps
        rows = [
            [
                level.workers,
                level.calls,
                f"{level.rps:.0f}",
                f"{level.rps / base:.2f}",
                f"{level.emulator_cores:.2f}",
                f"{level.clients_cores:.2f}",
            ]
            for level in levels
        ]
        top = throughput.scales_to(levels)
        best = max(levels, key=lambda level: level.rps)
        lines += [
            f"**{request}**: at most {best.rps:.0f} requests/s ({best.workers} clients); "
            f"scales up to {top.workers} client processes, and more bring less than "
            f"{throughput.SCALES:.2f} times as much.",
            "",
            *_table(
                [
                    "client processes",
                    "requests",
                    "requests/s",
                    "against 1 client",
                    "emulator CPU, cores",
                    "clients CPU, cores",
                ],
                rows,
            ),
        ]
    return lines


def findings(results: OrgResults) -> list[str]:
    """What the largest N shows, dynamic against plugin: calls, clients, memory, host
    processes, where `up` time goes, the S3 state and the emulator's headroom."""
    sizes = _sizes(results)
    large = sizes[-1]
    dyn, plug = _find(results, "dynamic", large), _find(results, "plugin", large)
    if dyn is None or plug is None:
        return []
    d_up, p_up = dyn.runs["up"], plug.runs["up"]
    same = d_up.proton_calls == p_up.proton_calls and org.api_calls(d_up, "sts") == org.api_calls(
        p_up, "sts"
    )
    calls = (
        f"Both forms make the same AWS calls in the `up` of {large} accounts: "
        f"{_proton(d_up)} Proton calls and {org.api_calls(d_up, 'sts')} STS calls"
        if same
        else f"In the `up` of {large} accounts the dynamic form makes {_proton(d_up)} Proton "
        f"calls and {org.api_calls(d_up, 'sts')} STS calls, the plugin form "
        f"{_proton(p_up)} and {org.api_calls(p_up, 'sts')}"
    )
    lines = [
        f"- **Calls.** {calls}. STS: one AssumeRole per account and one for the management "
        "account. Calls, clients and provider processes all grow linearly, by the number of "
        "accounts.",
        f"- **Clients.** One Proton client and one STS client (the one AssumeRole's credential "
        f"fetcher builds) per account and region: {_clients(d_up)} (dynamic, all in one "
        f"process), {_clients(p_up)} (plugin, one of each per provider process).",
    ]
    d_mem = [r.runs["up"] for n in sizes if (r := _find(results, "dynamic", n)) and "up" in r.runs]
    if len(d_mem) >= 2:
        per = _slope(org.peak_mib(d_mem[0]), org.peak_mib(d_mem[-1]), sizes[0], large)
        lines.append(
            f"- **Dynamic form, one host.** All {2 * large} resources go through one "
            f"`python -m pulumi.dynamic` process, whose peak grows from "
            f"{org.peak_mib(d_mem[0]):.0f} MiB ({sizes[0]} accounts) to "
            f"{org.peak_mib(d_mem[-1]):.0f} MiB ({large}): {per:.2f} MiB per account, what "
            "each account keeps in the host (its botocore session, credentials and two "
            "clients, and the engine's bookkeeping of two more resources)."
        )
    spread, each = _plugin_starts(p_up)
    preview = plug.runs.get("preview")
    d_preview = dyn.runs.get("preview")
    lines.append(
        f"- **Plugin form, one process per provider.** The engine runs one "
        f"`pulumi-resource-proton` process per explicit provider: {len(p_up.hosts)} for "
        f"{large} accounts, each peaking near {org.peak_mib(p_up):.0f} MiB, "
        f"{org.total_peak_mib(p_up) / 1024:.1f} GiB in all. In `up` their starts spread over "
        f"{spread:.0f} s ({each:.2f} s apart)"
        + (
            f", and every command pays them again: a no-change `preview` of {large} accounts "
            f"took {preview.wall_s:.0f} s against {d_preview.wall_s:.1f} s for the dynamic form."
            if preview and d_preview
            else "."
        )
    )
    lines += _time_split(results)
    lines.append(
        f"- **Shared S3 state.** Pulumi rewrites the whole checkpoint after each step: "
        f"{d_up.checkpoint_writes} writes of up to {d_up.checkpoint_size / 1e3:.0f} KB in one "
        f"`up` of {large} accounts (dynamic), {d_up.checkpoint_bytes / 1e6:.0f} MB uploaded in "
        f"all; the plugin form's providers add steps ({p_up.checkpoint_writes} writes, "
        f"{p_up.checkpoint_bytes / 1e6:.0f} MB). The bytes uploaded grow with the square "
        "of the number of resources in the stack (growth table above)."
    )
    lines += _emulator_demand(results, d_up, large)
    return lines


def _best(results: OrgResults, request: str) -> throughput.Level | None:
    levels = results.throughput.get(request)
    return max(levels, key=lambda level: level.rps) if levels else None


def _emulator_demand(results: OrgResults, up: org.Run, n: int) -> list[str]:
    """The emulator's ceiling against what the largest dynamic `up` asked of it."""
    api = _best(results, "proton GetEnvironmentAccountConnection")
    put = _best(results, "s3 PutObject, 512 KiB")
    if api is None or put is None:
        return []
    levels = results.throughput["proton GetEnvironmentAccountConnection"]
    top = throughput.scales_to(levels)
    calls = (sum(up.proton_calls.values()) + org.api_calls(up, "sts")) / up.wall_s
    writes = (up.checkpoint_writes + up.backup_copies) / up.wall_s
    return [
        f"- **The emulator.** One Python process (moto behind a threaded WSGI server): at most "
        f"{api.rps:.0f} Proton reads/s and {put.rps:.0f} S3 writes/s of 512 KiB, with no "
        f"gain past {top.workers} concurrent clients; there it used {top.emulator_cores:.2f} "
        f"cores, and its boto3 clients {top.clients_cores:.2f}, of this "
        f"{results.machine['cpus'].split()[0]}-CPU machine. The dynamic `up` of {n} accounts "
        f"asked {calls:.0f} Proton and STS calls/s and {writes:.0f} checkpoint uploads and "
        f"copies/s of it, {100 * calls / api.rps:.0f}% and {100 * writes / put.rps:.0f}% of "
        "those ceilings: the emulator is not what bounds these figures; the engine, the "
        "provider hosts and the checkpoint saves in series are."
    ]


def _time_split(results: OrgResults) -> list[str]:
    """The dynamic form's `up` per extra account on S3 against the file-backend reference."""
    sizes = _sizes(results)
    if len(sizes) < 3:
        return []
    small, mid, large = sizes[0], sizes[1], sizes[-1]

    def slopes(form: str) -> tuple[float, float] | None:
        runs = [_find(results, form, n) for n in (small, mid, large)]
        if any(r is None or "up" not in r.runs for r in runs):
            return None
        a, m, b = (r.runs["up"].wall_s for r in runs if r is not None)
        return 1000 * _slope(a, m, small, mid), 1000 * _slope(m, b, mid, large)

    s3, file = slopes("dynamic"), slopes(org.REFERENCE)
    on_s3, on_file = _find(results, "dynamic", large), _find(results, org.REFERENCE, large)
    if s3 is None or file is None or on_s3 is None or on_file is None:
        return []
    up, reference = on_s3.runs["up"], on_file.runs["up"]
    extra = up.wall_s - reference.wall_s
    saves = up.checkpoint_writes
    file_grows = file[1] > 1.25 * file[0]
    s3_grows = s3[1] > 1.25 * s3[0]
    if s3_grows and not file_grows:
        why = (
            "The engine's own cost per account stays flat; what grows is the S3 backend's: "
            "the checkpoint it uploads at every step grows with the stack."
        )
    elif s3_grows or file_grows:
        why = (
            "Both grow: the engine serializes the whole snapshot at every step, and the S3 "
            "backend uploads it."
        )
    else:
        why = "Neither grows beyond linear at these sizes."
    return [
        f"- **Where `up` time goes.** {large} accounts take {up.wall_s:.1f} s on the S3 "
        f"backend against {reference.wall_s:.1f} s with a local file backend: the S3 backend "
        f"adds {extra:.1f} s, {1000 * extra / max(saves, 1):.0f} ms for each of the "
        f"{saves} checkpoint saves (each a listing, an existence check, a server-side copy "
        f"of the previous checkpoint to `.json.bak`, {up.backup_copies} copies in all, and "
        "the upload). The engine retires the saves one at a time and each step waits for "
        "its own, so these round trips add up in series: against a real S3 bucket, with "
        "its higher latency per request, expect them to weigh more. Per extra account: "
        f"{s3[0]:.0f} ms of `up` between {small} and {mid} accounts and {s3[1]:.0f} ms between "
        f"{mid} and {large} on S3; {file[0]:.0f} and {file[1]:.0f} ms with the file backend. " + why
    ]


def render(results: OrgResults) -> str:
    """bench/organization.md from one run's results."""
    m = results.machine
    large = _sizes(results)[-1] if results.stacks else 0
    lines = [
        "# Organization scale",
        "",
        f"- Date: {m['date']}; the whole run took {results.duration_s / 60:.1f} min",
        f"- Machine: {m['cpus']}; Python {m['python']}; Pulumi {m['pulumi']}; load average "
        f"(1/5/15 min) {results.load['start']} at the start, {results.load['end']} at the end",
        f"- Packages: {m['packages']}",
        f"- Command: `{results.command}`",
        "",
        "One stack onboards N environment accounts: N connections, each created in its own",
        "account through an assumed role, and N accepters acting as the management account",
        "through its role. `dynamic`: `EnvironmentAccountConnection(...,",
        "aws=AwsSettings(assume_role_arn=...))` per account. `plugin`: one explicit provider",
        '`pulumi.ProviderResource("proton", "acct-i", {"assumeRole": {"roleArn": ...}})` per',
        "account, and one for the management account that every accepter uses. The state is",
        "in Pulumi's S3 backend on the emulator's S3 (versioned, so that every checkpoint write",
        "is counted); the engine runs with its default `--parallel` (4 per CPU). One run per",
        "command; the provider hosts run instrumented (bench/host.py, counters only), so the",
        "host figures come from the timed run. Proton calls are the emulator's counts; STS",
        "calls and boto3 clients are counted inside the provider processes. Times are of a",
        "shared 2-CPU machine, context rather than targets (see the load average above).",
        "",
        "## Onboarding in one stack",
        "",
        *stacks_table(results),
        "## Growth per extra account",
        "",
        "Slopes between the sizes measured (cost at the larger N minus cost at the smaller,",
        "over the difference in accounts).",
        "",
        *growth_table(results),
        "## The emulator's own throughput",
        "",
        "K client processes at once, each with its own boto3 client, make a fixed number of",
        "calls in all against the emulator on loopback (bench/throughput.py).",
        "",
        *throughput_table(results),
        "## Findings",
        "",
        *findings(results),
        "",
    ]
    if large == 0:
        lines.append("(no stack measured)")
    return "\n".join(lines).rstrip() + "\n"
