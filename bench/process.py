"""Costs paid inside the provider host process: imports, first client, serialized provider."""

from __future__ import annotations

import base64
import json
import statistics
import subprocess
import sys
from typing import Any

# Timed in a fresh interpreter, in the order the host pays them: pulumi.dynamic's own imports,
# then unpickling the first resource's provider imports `provider` (and boto3 with it),
# then its first call builds a client (botocore loads the Proton service model).
_SNIPPET = """
import json, time
t0 = time.perf_counter()
import dill, grpc, pulumi.dynamic.dynamic, pulumi.runtime
t1 = time.perf_counter()
import boto3
t2 = time.perf_counter()
import provider
t3 = time.perf_counter()
boto3.Session(region_name="us-east-1").client("proton")
t4 = time.perf_counter()
print(json.dumps({"pulumi host imports": t1 - t0, "boto3": t2 - t1,
                  "provider (own modules)": t3 - t2, "first Proton client": t4 - t3}))
"""


def import_times(runs: int) -> dict[str, float]:
    """Median seconds of each step over `runs` fresh interpreters."""
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _SNIPPET], capture_output=True, text=True, check=True
        ).stdout
        samples.append(json.loads(out))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def slowest_imports(module: str, count: int = 5) -> list[tuple[str, float]]:
    """The modules with the most self time (seconds) when importing `module` after boto3."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import boto3; import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[tuple[str, float]] = []
    seen_boto3 = False
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
        if seen_boto3:
            rows.append((name, int(self_us) / 1e6))
        seen_boto3 = seen_boto3 or name == "boto3"
    return sorted(rows, key=lambda row: -row[1])[:count]


def serialized_provider(provider: Any) -> dict[str, int]:
    """What Pulumi stores for a provider instance: dill pickle bytes and their base64 text."""
    from pulumi.dynamic.dynamic import serialize_provider

    text = serialize_provider(provider)
    return {"pickle": len(base64.b64decode(text)), "base64": len(text)}
