"""The one place that tells moto about Proton, for `mock_aws` and for moto's server alike.

moto 5.2.5 knows a service by two things, both read when a request arrives:

- `moto.backend_index.backend_url_patterns`: (service, URL regex) pairs. `mock_aws` (through
  `botocore_stubber`) and the server's `DomainDispatcherApplication` pick a request's service
  by matching its URL against them; the server first turns the SigV4 credential scope
  (`.../REGION/proton/aws4_request`) into the host `proton.REGION.amazonaws.com`.
- `moto.backends.get_backend(service)`, which imports `moto.<service>` and takes its
  `<service>_backends`. moto then finds the URL handlers in the `urls` module beside the
  backend class's `models` module (`BaseBackend._url_module`).

tests/emulator/test_registration.py checks each of these, so a moto upgrade that changes them
fails there first and loudly.
"""

from __future__ import annotations

import re
import sys

from moto import backend_index

from . import models, urls

SERVICE = "proton"
MOTO_MODULE = f"moto.{SERVICE}"


def register() -> None:
    """Idempotent; called on import of provider.testing, before any mock or server starts."""
    sys.modules[MOTO_MODULE] = models
    pattern = re.compile(urls.url_bases[0])
    if (SERVICE, pattern) not in backend_index.backend_url_patterns:
        # First: ours wins should a later moto bring a Proton of its own.
        backend_index.backend_url_patterns.insert(0, (SERVICE, pattern))
