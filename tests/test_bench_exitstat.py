"""bench/exitstat.py: a provider host's CPU and peak memory, recorded from outside it as it
exits, and its exit status passed on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXITSTAT = Path(__file__).resolve().parents[1] / "bench" / "exitstat.py"


def test_the_child_is_recorded_when_it_starts_and_when_it_exits(tmp_path: Path) -> None:
    log = tmp_path / "hosts"
    work = "x = bytearray(64 * 1024 * 1024); sum(range(3_000_000)); raise SystemExit(3)"
    done = subprocess.run(
        [sys.executable, "-S", str(EXITSTAT), str(log), sys.executable, "-c", work]
    )
    assert done.returncode == 3
    started, ended = (json.loads(line) for line in log.read_text().splitlines())
    assert started["pid"] == ended["pid"]
    assert 0.01 < ended["cpu_s"] < 30
    assert ended["peak_kib"] > 64 * 1024  # the child's, not this wrapper's
