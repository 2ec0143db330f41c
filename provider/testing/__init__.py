"""A local AWS Proton emulator on moto, for the environment-account-connection operations.

AWS ended support for Proton on 2026-10-07. This emulator speaks Proton's wire protocol
(awsJson 1.0) beside all of moto's services, so boto3, the AWS CLI and the Pulumi engine work
against it:

- in process: ``with proton_mock(): ...`` (moto's ``mock_aws`` plus Proton); ``CONTROL``
  holds the call counts and faults;
- as a server: ``python -m provider.testing serve --host 127.0.0.1 --port 0``, or
  ``EmulatorServer`` in Python (``EmulatorProcess`` runs the command in a subprocess);
  ``EmulatorControl(url)`` reads its call counts, injects faults
  and resets it.

Static credentials act in moto's default account, 123456789012; credentials from STS
AssumeRole act in the role's account.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from moto import mock_aws

from .client import EmulatorControl
from .control import CONTROL, Control, Faults
from .process import EmulatorProcess
from .registration import register
from .server import EmulatorServer, reset

__all__ = [
    "CONTROL",
    "Control",
    "EmulatorControl",
    "EmulatorProcess",
    "EmulatorServer",
    "Faults",
    "proton_mock",
    "reset",
]

register()

_depth = 0
_depth_lock = threading.Lock()


@contextmanager
def proton_mock() -> Iterator[None]:
    """moto's ``mock_aws`` with Proton: boto3 clients inside reach the emulator in process.

    Nests like ``mock_aws``: the outermost one starts with no calls counted and no faults."""
    global _depth
    with _depth_lock:
        _depth += 1
        if _depth == 1:
            CONTROL.reset()
    try:
        with mock_aws():
            yield
    finally:
        with _depth_lock:
            _depth -= 1
