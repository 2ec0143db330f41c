"""scripts/install-pulumi: the cached engine, and a clear failure when it cannot build one."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from tests.engine import PulumiProject

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SCRIPT = SCRIPTS / "install-pulumi"
YAML_HOST = "pulumi-language-yaml"

GEN_PROGRAM = "pulumi-python-program-gen"

# Stands in for Go: logs its arguments; `go install` puts a pulumi-language-yaml in GOBIN and
# `go build -o PATH` writes PATH (or each fails, when FAKE_GO_FAILS is set).
FAKE_GO = """#!/bin/sh
echo "$@" >> "$FAKE_GO_LOG"
[ -z "$FAKE_GO_FAILS" ] || { echo "go: build failed" >&2; exit 1; }
case "$1" in
  install) out="$GOBIN/pulumi-language-yaml" ;;
  build) while [ "$1" != -o ]; do shift; done; out="$2" ;;
  *) echo "go: unexpected $1" >&2; exit 1 ;;
esac
printf '#!/bin/sh\\n' > "$out" && chmod +x "$out"
"""


def host_env(cache: Path) -> Path:
    """A stand-in for the Python language host's own virtualenv, as install-pulumi leaves it."""
    venv = cache / "v3.260.0" / "python-host"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\n")
    (venv / "bin" / "python").chmod(0o755)
    pins = (SCRIPTS / "pulumi-language-python-requirements.txt").read_bytes()
    (venv / f".installed-{hashlib.sha256(pins).hexdigest()[:16]}").touch()
    return venv


def installed_host(venv: Path) -> str:
    """The copy of scripts/pulumi-language-python that install-pulumi installs: run by `venv`."""
    script = (SCRIPTS / "pulumi-language-python").read_text()
    return f"#!{venv}/bin/python\n" + script.split("\n", 1)[1]


def gen_program_stamp() -> str:
    """The stamp install-pulumi leaves for the helper built from scripts/gen-program's files."""
    sources = SCRIPTS / "gen-program"
    data = b"".join((sources / name).read_bytes() for name in ("main.go", "go.mod", "go.sum"))
    return f".gen-program-{hashlib.sha256(data).hexdigest()[:16]}"


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


def cached_engine(cache: Path, *, with_yaml_host: bool) -> Path:
    """A cache as install-pulumi leaves it, with stand-ins for the binaries."""
    bin_dir = cache / "v3.260.0" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / ".complete").touch()
    (bin_dir / "pulumi").write_text("#!/bin/sh\necho v3.260.0\n")
    (bin_dir / "pulumi").chmod(0o755)
    if with_yaml_host:
        (bin_dir / ".yaml-v1.25.0").touch()
        (bin_dir / YAML_HOST).write_text("#!/bin/sh\n")
        (bin_dir / YAML_HOST).chmod(0o755)
    return bin_dir


def run_with_fake_go(tmp_path: Path, cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    go_bin = tmp_path / "go-bin"
    go_bin.mkdir(exist_ok=True)
    (go_bin / "go").write_text(FAKE_GO)
    (go_bin / "go").chmod(0o755)
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={
            "PATH": f"{go_bin}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PULUMI_ENGINE_CACHE": str(cache),
            "FAKE_GO_LOG": str(tmp_path / "go.log"),
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_a_second_run_reuses_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    bin_dir = cached_engine(cache, with_yaml_host=True)
    result = subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={**os.environ, "PULUMI_ENGINE_CACHE": str(cache)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == str(bin_dir)
    assert "already installed" in result.stderr


def test_a_cache_from_before_the_yaml_host_gets_only_the_yaml_host_built(tmp_path: Path):
    cache = tmp_path / "cache"
    bin_dir = cached_engine(cache, with_yaml_host=False)
    venv = host_env(cache)
    # An older copy of the project's Python language host is refreshed on the way.
    (bin_dir / "pulumi-language-python").write_text("#!/usr/bin/env python3\n")

    result = run_with_fake_go(tmp_path, cache)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(bin_dir)
    go_calls = (tmp_path / "go.log").read_text().splitlines()
    # The YAML host, then (the Python host being the project's) its GenerateProgram helper.
    assert len(go_calls) == 2
    assert go_calls[0].startswith("install ")
    assert go_calls[0].endswith(" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v1.25.0")
    assert go_calls[1].startswith("build ")
    assert go_calls[1].endswith(f" -o {bin_dir / GEN_PROGRAM} .")
    assert (bin_dir / ".yaml-v1.25.0").exists()
    assert (bin_dir / gen_program_stamp()).exists()
    assert (bin_dir / "pulumi-language-python").read_text() == installed_host(venv)

    again = run_with_fake_go(tmp_path, cache)
    assert again.returncode == 0
    assert "already installed" in again.stderr
    assert len((tmp_path / "go.log").read_text().splitlines()) == 2


def test_the_program_generator_is_rebuilt_only_when_its_sources_change(tmp_path: Path):
    cache = tmp_path / "cache"
    bin_dir = cached_engine(cache, with_yaml_host=True)
    (bin_dir / "pulumi-language-python").write_text(installed_host(host_env(cache)))
    # Built from older sources: a stamp of another hash.
    (bin_dir / ".gen-program-0123456789abcdef").touch()
    (bin_dir / GEN_PROGRAM).write_text("#!/bin/sh\n")
    (bin_dir / GEN_PROGRAM).chmod(0o755)

    assert run_with_fake_go(tmp_path, cache).returncode == 0
    assert run_with_fake_go(tmp_path, cache).returncode == 0

    go_calls = (tmp_path / "go.log").read_text().splitlines()
    assert [call.split()[0] for call in go_calls] == ["build"]
    assert sorted(p.name for p in bin_dir.glob(".gen-program-*")) == [gen_program_stamp()]


def test_a_failed_yaml_host_build_says_so_and_is_retried_next_time(tmp_path: Path):
    cache = tmp_path / "cache"
    bin_dir = cached_engine(cache, with_yaml_host=False)

    result = run_with_fake_go(tmp_path, cache, FAKE_GO_FAILS="1")

    assert result.returncode == 1
    assert "could not build pulumi-language-yaml v1.25.0" in result.stderr
    assert result.stdout == ""
    assert not (bin_dir / ".yaml-v1.25.0").exists()
    assert run_with_fake_go(tmp_path, cache).returncode == 0


def test_the_installed_python_host_runs_on_its_own_python(engine_bin: Path, tmp_path: Path):
    """Whatever python3 is first on PATH (here none at all), the host starts and serves."""
    host = engine_bin / "pulumi-language-python"
    first_line = host.read_text().split("\n", 1)[0]
    assert first_line.startswith("#!/") and first_line.endswith("/python-host/bin/python")
    empty = tmp_path / "empty"
    empty.mkdir()
    started = subprocess.Popen(
        [str(host)], env={"PATH": str(empty)}, stdout=subprocess.PIPE, text=True
    )
    try:
        assert started.stdout is not None
        assert started.stdout.readline().strip().isdigit()
    finally:
        started.terminate()
        started.wait(timeout=10)
    assert started.returncode == 0


def test_the_engine_runs_a_yaml_program(engine_bin: Path, tmp_path: Path):
    assert shutil.which(YAML_HOST, path=str(engine_bin)), f"no {YAML_HOST} in {engine_bin}"
    project = PulumiProject(tmp_path / "project", engine_bin)
    project.write(
        "Pulumi.yaml",
        "name: yaml-smoke\nruntime: yaml\n"
        "variables:\n  who: yaml\n"
        "outputs:\n  greeting: hello from ${who}\n",
    )
    assert project.up() == {"greeting": "hello from yaml"}
