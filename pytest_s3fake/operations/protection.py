"""What may delete a version: MFA delete and Object Lock. Shared by DeleteObject and DeleteObjects."""

from __future__ import annotations

import re
from datetime import datetime

from pytest_s3fake.errors.codes import AccessDenied, InvalidArgument
from pytest_s3fake.model import Bucket, ObjectVersion, Store, Version
from pytest_s3fake.operations.common import flag
from pytest_s3fake.wire import Request

_MFA = re.compile(r"^(\S+) (\d{6})$")
LOCKED_MESSAGE = "Access Denied because object protected by object lock."


def check_mfa(store: Store, bucket: Bucket, req: Request, *, deletes_versions: bool) -> None:
    """Enforce MFA delete for a request on `bucket` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html).

    A token that is present is always checked: malformed is 400 InvalidArgument, invalid is 403
    AccessDenied for the whole request, whatever it deletes. A missing token fails the request only when
    MFA delete is on and the request deletes a version permanently.
    """
    token = req.header("x-amz-mfa")
    if token is not None:
        match = _MFA.match(token.strip())
        if match is None:
            raise InvalidArgument("Invalid MFA header: expected 'SERIAL CODE'", argument_name="x-amz-mfa",
                                  argument_value=token)
        if store.mfa_devices and store.mfa_devices.get(match.group(1)) != match.group(2):
            raise AccessDenied("Invalid MFA token")
    elif bucket.mfa_delete == "Enabled" and deletes_versions:
        raise AccessDenied("Mfa Authentication must be used for this request")


def bypass_governance(bucket: Bucket, req: Request) -> bool:
    """`x-amz-bypass-governance-retention`; InvalidArgument on a bucket without Object Lock."""
    bypass = flag(req.header("x-amz-bypass-governance-retention"))
    if bypass and not bucket.object_lock_enabled:
        raise InvalidArgument(
            "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.",
            argument_name="x-amz-bypass-governance-retention",
            argument_value="true",
        )
    return bypass


def lock_blocks(version: Version, *, bypass: bool, now: datetime) -> bool:
    """True when Object Lock forbids deleting this version: legal hold, unexpired COMPLIANCE retention,
    or unexpired GOVERNANCE retention without the bypass header."""
    if not isinstance(version, ObjectVersion):
        return False
    if version.legal_hold:
        return True
    if version.retention_mode is None or version.retain_until is None or version.retain_until <= now:
        return False
    return version.retention_mode == "COMPLIANCE" or not bypass
