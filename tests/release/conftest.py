"""The end-to-end suite's emulator fixtures, found by pytest through this module."""

from tests.e2e import conftest as e2e

emulator_server = e2e.emulator_server
emulator = e2e.emulator
