"""Object Lock: the bucket configuration (default retention), and per-version retention and legal hold.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pytest_s3fake.errors.codes import (
    AccessDenied,
    InvalidArgument,
    InvalidBucketState,
    InvalidRequest,
    MalformedXML,
    NoSuchObjectLockConfiguration,
    ObjectLockConfigurationNotFoundError,
)
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import ENABLED, Bucket, LockDefault, ObjectVersion, Store
from pytest_s3fake.operations.common import (
    addressed_version,
    object_key,
    owned_bucket,
    verify_integrity,
    version_id_param,
)
from pytest_s3fake.operations.protection import LOCKED_MESSAGE, bypass_governance
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MODES = ("GOVERNANCE", "COMPLIANCE")
# S3's limits for a default retention period.
MAX_DAYS, MAX_YEARS = 36500, 100


# --- the bucket's configuration ------------------------------------------------------------------------


def _positive_int(number: int, name: str, maximum: int) -> int:
    """A period already read as an integer (the document was checked against the model's shape).

    S3 answers 0, a negative or too large a period with InvalidArgument naming `Days` or `Years` (and no
    ArgumentValue), not the InvalidRetentionPeriod that ceph's s3-tests expect: see docs/differences.md."""
    if number <= 0:
        raise InvalidArgument("Default retention period must be a positive integer value.", argument_name=name)
    if number > maximum:
        raise InvalidArgument("Default retention period too large.", argument_name=name)
    return number


def _lock_default(rule: Any) -> LockDefault:
    """A `<Rule><DefaultRetention>`: a mode and exactly one of Days or Years, else MalformedXML."""
    retention = rule.get("DefaultRetention")
    if not retention:
        raise MalformedXML()
    mode, days, years = retention.get("Mode"), retention.get("Days"), retention.get("Years")
    if mode not in MODES or (days is None) == (years is None):
        raise MalformedXML()
    if days is not None:
        return LockDefault(mode, days=_positive_int(days, "Days", MAX_DAYS))
    return LockDefault(mode, years=_positive_int(years, "Years", MAX_YEARS))


@operation("PutObjectLockConfiguration")
def put_object_lock_configuration(store: Store, req: Request) -> Response:
    """Turn Object Lock on (a bucket with versioning Enabled may get it later) and set or clear the default."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    config = req.xml("ObjectLockConfiguration")
    if config.get("ObjectLockEnabled") != "Enabled":
        raise MalformedXML()
    rule = config.get("Rule")
    default = _lock_default(rule) if rule is not None else None
    if not bucket.object_lock_enabled:
        # Since 2023 S3 enables Object Lock on an existing bucket, provided versioning is Enabled:
        # https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
        if bucket.versioning != ENABLED:
            raise InvalidBucketState("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
                                     bucket_name=bucket.name)
        bucket.object_lock_enabled = True
    bucket.lock_default = default
    return Response.empty()


@operation("GetObjectLockConfiguration")
def get_object_lock_configuration(store: Store, req: Request) -> Response:
    """`ObjectLockEnabled` and the default retention rule; 404 on a bucket without Object Lock."""
    bucket = owned_bucket(store, req)
    if not bucket.object_lock_enabled:
        raise ObjectLockConfigurationNotFoundError(bucket_name=bucket.name)
    content: dict[str, Any] = {"ObjectLockEnabled": "Enabled"}
    default = bucket.lock_default
    if default is not None:
        period = {"Days": str(default.days)} if default.days is not None else {"Years": str(default.years)}
        content["Rule"] = {"DefaultRetention": {"Mode": default.mode, **period}}
    return Response.xml("ObjectLockConfiguration", content)


# --- retention and legal hold of one version -----------------------------------------------------------


def _locked_version(store: Store, req: Request) -> tuple[Bucket, ObjectVersion]:
    """The version a retention or legal-hold request addresses, in a bucket that has Object Lock."""
    bucket = owned_bucket(store, req)
    key = object_key(req)
    version_id = version_id_param(req)
    if not bucket.object_lock_enabled:
        raise InvalidRequest("Bucket is missing Object Lock Configuration")
    return bucket, addressed_version(bucket, key, version_id, req.method)


def _check_change(version: ObjectVersion, mode: str | None, until: datetime | None, *, bypass: bool,
                  now: datetime) -> None:
    """Refuse what an unexpired retention forbids: COMPLIANCE may only be extended; GOVERNANCE may be
    extended in its own mode, and shortened, removed or made COMPLIANCE only with BypassGovernanceRetention.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes"""
    current_mode, current_until = version.retention_mode, version.retain_until
    if current_mode is None or current_until is None or current_until <= now:
        return
    extends = until is not None and until >= current_until
    if current_mode == "COMPLIANCE":
        allowed = extends and mode == "COMPLIANCE"
    else:
        allowed = (extends and mode == "GOVERNANCE") or bypass
    if not allowed:
        raise AccessDenied(LOCKED_MESSAGE)


@operation("PutObjectRetention")
def put_object_retention(store: Store, req: Request) -> Response:
    """Set, extend, shorten or remove a version's retention, as its current mode allows."""
    bucket, version = _locked_version(store, req)
    verify_integrity(req, required=True)
    bypass = bypass_governance(bucket, req)
    retention = req.xml("Retention")
    mode, raw_until = retention.get("Mode"), retention.get("RetainUntilDate")
    if (mode is None) != (raw_until is None) or (mode is not None and mode not in MODES):
        raise MalformedXML()
    until: datetime | None = raw_until  # an aware datetime: checked against the model's timestamp shape
    now = store.clock.now()
    if until is not None and until <= now:
        raise InvalidArgument("The retain until date must be in the future!", argument_name="RetainUntilDate",
                              argument_value=iso8601(until))
    _check_change(version, mode, until, bypass=bypass, now=now)
    version.retention_mode, version.retain_until = mode, until
    return Response.empty()


@operation("GetObjectRetention")
def get_object_retention(store: Store, req: Request) -> Response:
    """A version's retention mode and date (also once expired); 404 when it never had one."""
    _, version = _locked_version(store, req)
    if version.retention_mode is None or version.retain_until is None:
        raise NoSuchObjectLockConfiguration()
    content = {"Mode": version.retention_mode, "RetainUntilDate": iso8601(version.retain_until)}
    return Response.xml("Retention", content)


@operation("PutObjectLegalHold")
def put_object_legal_hold(store: Store, req: Request) -> Response:
    """Place (`ON`) or lift (`OFF`) a version's legal hold; it is independent of retention."""
    _, version = _locked_version(store, req)
    verify_integrity(req, required=True)
    status = req.xml("LegalHold").get("Status")
    if status not in ("ON", "OFF"):
        raise MalformedXML()
    version.legal_hold = status == "ON"
    return Response.empty()


@operation("GetObjectLegalHold")
def get_object_legal_hold(store: Store, req: Request) -> Response:
    """A version's legal hold status; 404 NoSuchObjectLockConfiguration when none was ever set."""
    _, version = _locked_version(store, req)
    if version.legal_hold is None:
        raise NoSuchObjectLockConfiguration()
    return Response.xml("LegalHold", {"Status": "ON" if version.legal_hold else "OFF"})
