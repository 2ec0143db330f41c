"""scripts/install-pulumi: the cached engine, and a clear failure when it cannot build one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "install-pulumi"


def test_without_go_or_pulumi_it_says_what_to_install(tmp_path: Path):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    result = subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={
            "PATH": f"{empty_bin}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PULUMI_ENGINE_CACHE": str(tmp_path / "cache"),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "neither the Pulumi CLI v3.260.0 nor Go is available" in result.stderr
    assert "Install Go" in result.stderr
    assert result.stdout == ""


def test_a_second_run_reuses_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    bin_dir = cache / "v3.260.0" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / ".complete").touch()
    result = subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={**os.environ, "PULUMI_ENGINE_CACHE": str(cache)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == str(bin_dir)
    assert "already installed" in result.stderr
