"""The end-to-end suite's engine and emulator, and the SDK examples' environment, for the
accepting-by-discovery examples."""

from tests.e2e import conftest as e2e
from tests.sdk import conftest as sdk

emulator_server = e2e.emulator_server
emulator = e2e.emulator
pulumi_cli = e2e.pulumi_cli
make_stack = e2e.make_stack
plugin_dir = sdk.plugin_dir
example_env = sdk.example_env
