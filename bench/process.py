"""Costs paid inside the provider host process: imports, first client, serialized provider."""

from __future__ import annotations

import base64
import compileall
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

_REPO = Path(__file__).resolve().parent.parent


def compile_sources() -> None:
    """Writes the bytecode of `provider` and `bench`, as pip does when it installs a package.

    Every benchmark's entry point calls it first: a checkout run with PYTHONDONTWRITEBYTECODE
    (as CI machines often set) would otherwise compile our modules from source in every
    process, and only ours, since pulumi's are installed compiled.
    """
    for package in ("provider", "bench"):
        compileall.compile_dir(_REPO / package, quiet=1)


# Timed in a fresh interpreter, in the order the host pays them: the imports of
# pulumi/dynamic/__main__.py (its source without the final `main()`), then unpickling the first
# resource's provider imports `provider` (no botocore: check and diff need none), then its
# first AWS call imports botocore and builds a client (which loads the Proton service model).
# Last, what one more botocore Session costs.
_HOST_IMPORTS = """
import importlib.util, pathlib
_pulumi = pathlib.Path(importlib.util.find_spec("pulumi").submodule_search_locations[0])
_source = (_pulumi / "dynamic" / "__main__.py").read_text().rsplit("\\nmain()", 1)[0]
exec(compile(_source, "pulumi/dynamic/__main__.py", "exec"), {"__name__": "host"})
"""
_SNIPPET = f"""
import json, time
t0 = time.perf_counter()
{_HOST_IMPORTS}
t1 = time.perf_counter()
import botocore.client, botocore.session
t2 = time.perf_counter()
import provider.clients, provider.settings
t3 = time.perf_counter()
provider.clients.client(provider.settings.resolve({{"region": "us-east-1"}}), "proton")
t4 = time.perf_counter()
for _ in range(10):
    botocore.session.Session()
t5 = time.perf_counter()
print(json.dumps({{"pulumi.dynamic host imports (Pulumi's)": t1 - t0, "botocore": t2 - t1,
                  "provider (own modules)": t3 - t2, "first Proton client": t4 - t3,
                  "one more botocore Session()": (t5 - t4) / 10}}))
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


HOST_LOADS = ("provider.connection", "provider.validation")
"""What a preview's host imports of ours: the provider class (unpickled by reference), then
check's validators (`provider` itself loads nothing until a name is asked for)."""


def slowest_imports(count: int = 5) -> list[tuple[str, float]]:
    """The modules with the most self time (seconds) that `HOST_LOADS` add to the host."""
    marker = "-- host ready --"
    loads = "".join(f"\nimport {name}" for name in HOST_LOADS)
    code = f"{_HOST_IMPORTS}\nimport sys\nsys.stderr.write({marker!r} + '\\n'){loads}"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    # importtime writes each import to sys.stderr as it ends: after the marker, provider's.
    rows: list[tuple[str, float]] = []
    for line in done.stderr.split(marker, 1)[1].splitlines():
        if line.startswith("import time:"):
            self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
            rows.append((name, int(self_us) / 1e6))
    return sorted(rows, key=lambda row: -row[1])[:count]


def serialized_provider(provider: Any) -> dict[str, int]:
    """What Pulumi stores for a provider instance: dill pickle bytes and their base64 text."""
    from pulumi.dynamic.dynamic import serialize_provider

    text = serialize_provider(provider)
    return {"pickle": len(base64.b64decode(text)), "base64": len(text)}
