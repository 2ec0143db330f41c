"""Makes moto route Proton to this package's backend, in `mock_aws` and in moto's server.

moto knows a service by two things, both read at request time: a URL pattern in
`moto.backend_index.backend_url_patterns` (how `mock_aws` and the server's dispatcher pick a
service), and a module `moto.<service>` whose `<service>_backends` holds the backends
(`moto.backends.get_backend`); moto then finds the URL handlers in `urls.py` beside the
backend's `models.py`. This module supplies the first two; tests/emulator/test_registration.py
fails loudly if a moto upgrade changes either mechanism.
"""

from __future__ import annotations

import re
import sys

from moto import backend_index

from . import models, urls

SERVICE = "proton"


def register() -> None:
    """Idempotent: safe to call from every entry point."""
    sys.modules.setdefault(f"moto.{SERVICE}", models)
    if not any(service == SERVICE for service, _ in backend_index.backend_url_patterns):
        backend_index.backend_url_patterns.append((SERVICE, re.compile(urls.url_bases[0])))
