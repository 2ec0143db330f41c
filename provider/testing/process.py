"""`EmulatorProcess`: the emulator server in a subprocess, as users run it (stdlib only)."""

from __future__ import annotations

import subprocess
import sys
from types import TracebackType
from typing import Self

from .client import EmulatorControl


class EmulatorProcess:
    """``python -m provider.testing serve --host 127.0.0.1 --port 0`` in a subprocess: its
    `url`, a `control` client, and `env()` for the processes that should call it. Stops on
    `close()` or at the end of a ``with`` block.

    `python` is the interpreter to serve with (by default this one), and `cwd` its working
    directory (``-m`` puts it first on sys.path): another virtualenv's installed copy of the
    package serves when both point away from a checkout.
    """

    def __init__(self, python: str = sys.executable, cwd: str | None = None) -> None:
        self.process = subprocess.Popen(
            [python, "-m", "provider.testing", "serve", "--host", "127.0.0.1"],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"the emulator printed {self.url!r} instead of its URL")
        self.control = EmulatorControl(self.url)

    def env(self, region: str = "us-east-1") -> dict[str, str]:
        """Environment variables that point boto3 (and so the provider, the AWS CLI and a
        Pulumi engine's plugins) at this emulator, with static test credentials that act in
        account 123456789012."""
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": region,
        }

    def close(self) -> None:
        """Terminates the server process and waits up to 10 s for it to exit."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
