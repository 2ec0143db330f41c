"""ARNs, read as botocore's ``ArnParser`` reads them, without importing botocore."""

from __future__ import annotations


def arn_parts(arn: object) -> dict[str, str] | None:
    """An ARN's partition, service, region, account and resource, or None when `arn` is not
    one."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    return dict(
        zip(("partition", "service", "region", "account", "resource"), parts[1:], strict=True)
    )


def region_of(arn: object) -> str | None:
    """The region in an ARN, or None."""
    parts = arn_parts(arn)
    return (parts["region"] or None) if parts is not None else None


def account_of(arn: object) -> str | None:
    """The account id in an ARN, or None."""
    parts = arn_parts(arn)
    return (parts["account"] or None) if parts is not None else None
