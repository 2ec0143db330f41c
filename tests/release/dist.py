"""The release's files as `make dist` writes them (scripts/dist), built once per test session
into a directory that a loopback HTTP server serves, so that the schema and SDKs name that
server as their pluginDownloadURL and the engine can download the plugin from it."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
PLATFORMS = ("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64")


@dataclass(frozen=True)
class Release:
    """A built dist/ directory and the URL it is served at."""

    directory: Path
    url: str

    def __truediv__(self, name: str) -> Path:
        return self.directory / name

    @property
    def wheel(self) -> Path:
        """The Python package's wheel."""
        return self / f"pulumi_proton_connections-{VERSION}-py3-none-any.whl"

    def plugin(self, platform: str = "linux-amd64") -> Path:
        """The plugin's tarball for `platform`."""
        return self / f"pulumi-resource-proton-v{VERSION}-{platform}.tar.gz"

    @property
    def npm_package(self) -> Path:
        """The packed TypeScript SDK."""
        return self / f"proton-connections-{VERSION}.tgz"

    @property
    def goproxy(self) -> Path:
        """The Go module proxy directory that serves the Go SDK."""
        return self / "goproxy"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serves `directory` over HTTP on loopback; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(directory: Path, url: str) -> Release:
    """Runs scripts/dist into `directory`, with `url` as the plugin's download URL."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "dist"), str(directory)],
        env={**os.environ, "PLUGIN_DOWNLOAD_URL": url},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"scripts/dist failed:\n{result.stdout}\n{result.stderr}"
    return Release(directory, url)
