"""botocore's errors as one sentence: operation, connection, AWS's message, what to do."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ProfileNotFound,
)

from provider import ProtonError
from provider.errors import explain, redact, register_secret, reported

SUBJECT = "connection '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'"


def client_error(code: str, message: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        ("AccessDeniedException", "belong to the right account"),
        ("ResourceNotFoundException", "pulumi refresh"),
        ("ThrottlingException", "run the command again later"),
        ("InternalServerException", "run the command again later"),
        ("ServiceQuotaExceededException", "higher Proton quota"),
        ("ExpiredTokenException", "renew or correct them"),
        ("ConflictException", "does not allow this"),
    ],
)
def test_client_errors_name_operation_subject_message_and_advice(code: str, advice: str):
    error = explain(
        "UpdateEnvironmentAccountConnection",
        SUBJECT,
        client_error(code, "It went wrong.", "UpdateEnvironmentAccountConnection"),
    )
    text = str(error)
    assert isinstance(error, ProtonError)
    assert text.startswith(f"Proton UpdateEnvironmentAccountConnection of {SUBJECT} failed: ")
    assert f"It went wrong ({code}); " in text
    assert advice in text
    assert "\n" not in text and text.endswith(".")


def test_a_create_conflict_suggests_importing_the_existing_connection():
    text = str(
        explain(
            "CreateEnvironmentAccountConnection",
            "the connection for environment 'prod'",
            client_error("ConflictException", "exists", "CreateEnvironmentAccountConnection"),
        )
    )
    assert "import_=" in text and "environment 'prod'" in text


def test_a_refused_assume_role_says_so():
    text = str(
        explain(
            "GetEnvironmentAccountConnection",
            SUBJECT,
            client_error("AccessDenied", "no", "AssumeRole"),
        )
    )
    assert "assuming the role was refused: no (AccessDenied)" in text
    assert "trust policy" in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NoCredentialsError(), "no AWS credentials were found"),
        (NoRegionError(), "no AWS region is set"),
        (ProfileNotFound(profile="ghost"), "ghost"),
        (EndpointConnectionError(endpoint_url="https://proton.example"), "could not reach AWS"),
    ],
)
def test_client_side_errors(error: Exception, expected: str):
    text = str(explain("DeleteEnvironmentAccountConnection", SUBJECT, error))
    assert text.startswith(f"Proton DeleteEnvironmentAccountConnection of {SUBJECT} failed: ")
    assert expected in text


def test_reported_raises_one_protonerror_without_the_botocore_chain():
    with pytest.raises(ProtonError) as caught, reported("TagResource", SUBJECT):
        raise client_error("ValidationException", "bad tag", "TagResource")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_no_credential_survives(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envSecret/0123456789")
    register_secret("configToken0123456789")
    message = (
        "Credential=AKIAABCDEFGHIJKLMNOP/20260101/us-east-1/proton, token ASIAABCDEFGHIJKLMNOP, "
        "secret envSecret/0123456789 and configToken0123456789"
    )
    text = str(
        explain("GetEnvironmentAccountConnection", SUBJECT, client_error("X", message, "Get"))
    )
    for secret in ("AKIAABCDEFGHIJKLMNOP", "ASIAABCDEFGHIJKLMNOP", "envSecret", "configToken"):
        assert secret not in text
    assert text.count("[redacted]") == 4
    assert redact("nothing secret") == "nothing secret"
