"""Each quick start of docs/quickstart.md, followed as the page writes it: its commands and
files taken from the page, run in a fresh directory outside the checkout, with only what the
page installs, against the emulator, until the connection is CONNECTED and then destroyed.

The release's files (dist/, `make dist`) are not built by `make test`, so each install step
runs its twin that installs the same thing from the clone (the page's `checkout` blocks:
`pip install "$PROTON_CHECKOUT[testing]"`, `npm install --install-links
"$PROTON_CHECKOUT/sdk/nodejs"`), with PROTON_CHECKOUT this checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.docs.quickstart import run as run_quickstart
from tests.docs.quickstart import script

pytestmark = pytest.mark.e2e

QUICKSTARTS = ("python", "typescript", "yaml")


@pytest.mark.parametrize("name", QUICKSTARTS)
def test_each_quickstart_has_both_install_variants(name: str):
    release, checkout = script(name, "release"), script(name, "checkout")
    assert release != checkout
    assert '"$PROTON_DIST/' in release and "$PROTON_CHECKOUT/dist" not in release
    assert '"$PROTON_CHECKOUT' in checkout and "PROTON_DIST" not in checkout
    for step in ("python -m provider.testing serve", "export AWS_ENDPOINT_URL", "kill"):
        assert step in checkout


@pytest.mark.parametrize("name", QUICKSTARTS)
def test_the_quickstart_as_written_ends_connected(name: str, tmp_path: Path):
    output = run_quickstart(name, tmp_path)
    status = [line for line in output.splitlines() if "CONNECTED" in line]
    assert status and status[-1].strip() in ("CONNECTED", "status: CONNECTED"), output[-4000:]
    # Then the last step destroyed the stack's resources.
    after = output[output.rindex("CONNECTED") :]
    assert re.search(r"- \d+ deleted", after), after[-3000:]
