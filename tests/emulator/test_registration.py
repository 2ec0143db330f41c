"""moto's two registration points for Proton, checked one by one, so that a moto upgrade that
changes either fails here with a message that says which (provider/testing/registration.py)."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import moto.backends
from moto.backend_index import backend_url_patterns
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from provider.testing import models, registration, responses, urls, validation
from tests.constants import REGION
from tests.emulator.conftest import ENV

SIGNED = (
    "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/proton/aws4_request, "
    "SignedHeaders=host, Signature=0"
)


def test_moto_is_the_pinned_version():
    pins = Path(__file__).parents[2].joinpath("requirements.txt").read_text().split()
    pinned = next(p.split("==")[1] for p in pins if p.startswith("moto"))
    assert importlib.metadata.version("moto") == pinned == "5.2.5", (
        "registration.py was written against moto 5.2.5; re-check it before changing the pin"
    )


def test_mock_aws_routes_proton_urls_to_the_emulator():
    # botocore_stubber (mock_aws) and the server's dispatcher both match these patterns.
    assert backend_url_patterns[0][0] == "proton", "Proton's pattern must come first"
    assert moto.backends.get_service_from_url(f"https://proton.{REGION}.amazonaws.com/") == "proton"
    assert moto.backends.get_service_from_url("https://proton.eu-west-1.amazonaws.com/") == "proton"


def test_moto_finds_the_backend_by_service_name():
    # moto's overloads of get_backend list only the services moto ships; "proton" is ours.
    backend = moto.backends.get_backend("proton")  # type: ignore[call-overload]
    assert backend is models.proton_backends, (
        "moto.backends.get_backend no longer imports moto.<service>.<service>_backends"
    )


def test_moto_finds_the_url_handlers_beside_the_backend():
    backend = models.proton_backends[ENV][REGION]
    assert backend._url_module is urls, "moto no longer finds urls.py beside models.py"
    handlers = list(backend.urls.values())
    assert handlers and all(h == responses.ProtonResponse.dispatch for h in handlers)


def test_the_server_dispatches_sigv4_scope_proton_to_the_emulator():
    dispatcher = DomainDispatcherApplication(create_backend_app)
    host = dispatcher.infer_service_region_host(
        {"HTTP_AUTHORIZATION": SIGNED, "PATH_INFO": "/"}, "/"
    )
    assert host == f"proton.{REGION}.amazonaws.com"
    assert dispatcher.get_backend_for_host(host) == "proton"
    app = create_backend_app("proton")  # type: ignore[arg-type]  # not in moto's list
    assert [rule.rule for rule in app.url_map.iter_rules()] == ["/"]


def test_register_is_idempotent():
    before = list(backend_url_patterns)
    registration.register()
    registration.register()
    assert backend_url_patterns == before


def test_every_operation_has_a_handler_and_is_in_the_model():
    model_operations = set(validation.PROTON.operation_names)
    assert model_operations >= responses.OPERATIONS
    for operation in responses.OPERATIONS:
        assert callable(getattr(responses.ProtonResponse, _snake(operation), None)), operation


def test_a_mocked_boto3_call_reaches_the_emulator(api):
    # Not moto's "Not yet implemented" 404: the emulator's own answer, in both modes.
    connections = api.client().list_environment_account_connections(
        requestedBy="ENVIRONMENT_ACCOUNT"
    )
    assert connections["environmentAccountConnections"] == []
    assert api.calls() == {"ListEnvironmentAccountConnections": 1}


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
