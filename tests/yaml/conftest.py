"""The end-to-end suite's emulator fixtures (tests/e2e/conftest.py), for the YAML example."""

from tests.e2e.conftest import emulator, emulator_server, proton_client  # noqa: F401 (fixtures)
