"""A local AWS Proton emulator on moto, for the environment-account-connection operations.

AWS ended support for Proton on 2026-10-07. This emulator speaks Proton's wire protocol
beside all of moto's services, so boto3, the AWS CLI and the Pulumi engine work against it:

- in process: ``with proton_mock(): ...`` (moto's ``mock_aws`` plus Proton);
- as a server: ``python -m provider.testing serve --host 127.0.0.1 --port 0``, or
  ``EmulatorServer`` in Python; ``EmulatorControl`` reads its call counts, injects faults
  and resets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from moto import mock_aws

from .control import CONTROL, Faults
from .registration import register
from .server import EmulatorControl, EmulatorServer

__all__ = ["CONTROL", "EmulatorControl", "EmulatorServer", "Faults", "proton_mock"]

register()


@contextmanager
def proton_mock() -> Iterator[None]:
    """moto's ``mock_aws`` with Proton: boto3 clients made inside reach the emulator."""
    CONTROL.reset()
    with mock_aws():
        yield
