"""botocore errors turned into one clear sentence: the operation, the connection, what
happened (AWS's own message) and what to do. No credential ever appears in one.

botocore is not imported here until an error is explained: a process that has not loaded
botocore cannot have raised one of its errors (see ``is_botocore``)."""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class ProtonError(Exception):
    """A Proton operation failed; the message is one sentence saying what happened and what to do.

    Raised by every provider operation instead of botocore's exceptions (with their chain
    suppressed), so that Pulumi shows one line that names the operation and the connection.
    """


@dataclass(frozen=True)
class Advice:
    """How the user of one front end sets region and credentials, for the sentences."""

    credentials: str
    """Where the credentials come from, in the front end's terms."""
    no_credentials: str
    no_region: str
    settings: str
    """Where the user sets the account and region of one resource."""
    profile: str
    management: str
    """How to give an accepter the credentials of management account {owner}."""


DYNAMIC = Advice(
    credentials="the credentials (aws=AwsSettings(...), the stack's aws:* config or boto3's "
    "default chain)",
    no_credentials="give the resource aws=AwsSettings(profile=...), set `pulumi config set "
    "--secret aws:accessKey ...` and aws:secretKey, or the AWS_* environment variables",
    no_region="give the resource aws=AwsSettings(region=...), or run `pulumi config set "
    "aws:region us-east-1`, or set AWS_DEFAULT_REGION",
    settings="the resource's aws settings",
    profile="aws.profile",
    management="give the accepter aws=AwsSettings(assume_role_arn=<a role in account {owner}>)",
)
"""The dynamic resources' terms: AwsSettings and the stack's aws:* config."""
PLUGIN = Advice(
    credentials="the credentials (the provider's proton:* config or boto3's default chain)",
    no_credentials="set `pulumi config set --secret proton:accessKey ...` and "
    "proton:secretKey (or proton:profile, or those of an explicit provider), or the AWS_* "
    "environment variables",
    no_region="run `pulumi config set proton:region us-east-1` (or give an explicit "
    "provider a region), or set AWS_DEFAULT_REGION",
    settings="the provider's region and credentials",
    profile="proton:profile",
    management="give the accepter a provider whose credentials act in account {owner} "
    "(e.g. proton:assumeRole.roleArn a role there)",
)
"""The plugin's terms: its provider configuration (a plugin never sees aws:*)."""


_REJECTED_CREDENTIALS = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "MissingAuthenticationToken",
    }
)
"""The error codes of credentials that AWS refused."""
_ADVICE = {
    **dict.fromkeys(_REJECTED_CREDENTIALS, "AWS rejected {credentials}: renew or correct them"),
    "AccessDeniedException": (
        "check that {credentials} belong to the right account and allow this Proton action"
    ),
    "ResourceNotFoundException": (
        "no such connection in this account and region: check {settings}, or run "
        "`pulumi refresh` if it was deleted outside Pulumi"
    ),
    "ValidationException": "correct the value that Proton names",
    "ServiceQuotaExceededException": (
        "delete connections you no longer use, or ask AWS for a higher Proton quota"
    ),
    "ThrottlingException": "Proton kept throttling after every retry; run the command again later",
    "InternalServerException": "Proton kept failing after every retry; run the command again later",
    "ConflictException": (
        "the connection's current status does not allow this; run `pulumi refresh` to see it, "
        "then retry"
    ),
}
"""What to do about each AWS error code, in the terms of the front end's `Advice`."""


def _advice(code: str, advice: Advice) -> str:
    text = _ADVICE.get(code, "see the AWS message")
    return text.format(credentials=advice.credentials, settings=advice.settings)


_CREATE_CONFLICT = (
    "a connection for this environment probably exists already: adopt it with "
    "pulumi.ResourceOptions(import_=<its id>), or delete it first"
)
_ASSUME_ROLE = (
    "check the role ARN, that its trust policy lets the calling identity assume it, "
    "and the external id"
)

# Access key ids of long-term (AKIA) and temporary (ASIA) credentials.
_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Makes `redact` remove `value` from every message (the stack's aws:* credentials)."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """`text` without access key ids, known secrets or the environment's AWS credentials."""
    with _secrets_lock:
        secrets = set(_secrets)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        value = os.environ.get(name, "")
        if len(value) >= 4:
            secrets.add(value)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "[redacted]")
    return _KEY_ID.sub("[redacted]", text)


def explain(
    operation: str, subject: str, error: Exception, advice: Advice = DYNAMIC
) -> ProtonError:
    """One sentence for `error`, raised by `operation` on `subject` (e.g. "connection 'abc'"),
    with `advice` in the terms of the caller's front end."""
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
        PartialCredentialsError,
        ProfileNotFound,
        ReadTimeoutError,
    )

    where = f"Proton {operation} of {subject} failed"
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        code = str(info.get("Code", "Unknown"))
        message = str(info.get("Message", "")).rstrip(".") or "no message"
        if error.operation_name == "AssumeRole":
            what = _advice(code, advice) if code in _REJECTED_CREDENTIALS else _ASSUME_ROLE
            text = f"{where}: assuming the role was refused: {message} ({code}); {what}."
        else:
            what = _advice(code, advice)
            if code == "ConflictException" and operation.startswith("Create"):
                what = _CREATE_CONFLICT
            text = f"{where}: {message} ({code}); {what}."
    elif isinstance(error, NoCredentialsError | PartialCredentialsError):
        text = f"{where}: no AWS credentials were found; {advice.no_credentials}."
    elif isinstance(error, NoRegionError):
        text = f"{where}: no AWS region is set; {advice.no_region}."
    elif isinstance(error, ProfileNotFound):
        text = f"{where}: {error}; name a profile of the AWS config files in {advice.profile}."
    elif isinstance(error, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError):
        text = (
            f"{where}: could not reach AWS ({error}); check the network, the region and any "
            "AWS_ENDPOINT_URL* variable, then retry."
        )
    elif isinstance(error, BotoCoreError):
        text = f"{where}: {error}."
    else:
        text = f"{where}: {type(error).__name__}: {error}."
    return ProtonError(redact(text))


def is_botocore(error: BaseException) -> bool:
    """True for botocore's ClientError and BotoCoreError (and their subclasses), without
    importing botocore: when it is not loaded, no error can be one of its."""
    if "botocore.exceptions" not in sys.modules:
        return False
    from botocore.exceptions import BotoCoreError, ClientError

    return isinstance(error, ClientError | BotoCoreError)


@contextmanager
def reported(operation: str, subject: str, advice: Advice = DYNAMIC) -> Iterator[None]:
    """Turns botocore's errors inside the block into one-sentence ProtonErrors."""
    try:
        yield
    except Exception as error:
        if not is_botocore(error):
            raise
        raise explain(operation, subject, error, advice) from None
