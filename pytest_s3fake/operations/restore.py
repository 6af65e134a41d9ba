"""Archived objects: RestoreObject, and what GET, HEAD, CopyObject and listings see of an archive.

Objects in `GLACIER` (Glacier Flexible Retrieval) and `DEEP_ARCHIVE` are archived: HEAD answers, GET and
copying from them answer 403 `InvalidObjectState` until a restore made a temporary copy readable
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html). `GLACIER_IR` and the
other classes read at once. A restore completes after its tier's typical time (the upper bound of
AWS's range, `RESTORE_DELAYS`) on the fake's clock, and the copy expires `Days` later, at the next
midnight UTC. The state is read from the clock whenever asked: nothing runs in the background, so a
test moves time on with `s3fake.clock.advance(hours=5)`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

from pytest_s3fake.errors.codes import (
    InvalidArgument,
    InvalidObjectState,
    MalformedXML,
    RestoreAlreadyInProgress,
)
from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_
from pytest_s3fake.ids import Clock, http_date, iso8601
from pytest_s3fake.model import ObjectVersion, Restore, Store
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket, version_id_param
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

#: Storage classes whose objects must be restored before they can be read.
ARCHIVED = frozenset({"GLACIER", "DEEP_ARCHIVE"})
#: How long a restore takes, by storage class and tier: the upper bound of the typical times in
#: https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html
#: (Expedited 1-5 minutes, Standard 3-5 hours, Bulk 5-12 hours; Deep Archive Standard 12 h, Bulk 48 h).
#: Deep Archive has no Expedited tier.
RESTORE_DELAYS: dict[str, dict[str, timedelta]] = {
    "GLACIER": {"Expedited": timedelta(minutes=5), "Standard": timedelta(hours=5), "Bulk": timedelta(hours=12)},
    "DEEP_ARCHIVE": {"Standard": timedelta(hours=12), "Bulk": timedelta(hours=48)},
}
TIERS = ("Expedited", "Standard", "Bulk")  # fastest first
#: S3's messages (recorded with the AWS CLI; LocalStack's and moto's AWS-validated tests for GET).
NOT_ARCHIVED = "Restore is not allowed for the object's current storage class"
SOURCE_ARCHIVED = "Operation is not valid for the source object's storage class"


# --- the state of an archived version, read from the clock -----------------------------------------------


def is_restoring(version: ObjectVersion, now: datetime) -> bool:
    restore = version.restore
    return restore is not None and now < restore.ready


def is_restored(version: ObjectVersion, now: datetime) -> bool:
    """True while the version's restored copy is readable."""
    restore = version.restore
    return restore is not None and restore.ready <= now < restore.expires


def is_readable(version: ObjectVersion, now: datetime) -> bool:
    """A version's bytes can be read: not archived, or archived with a restored copy."""
    return version.storage_class not in ARCHIVED or is_restored(version, now)


def check_readable(version: ObjectVersion, clock: Clock, *, source: bool = False) -> None:
    """403 InvalidObjectState for an archived version without a readable restored copy (GET, or the source
    of CopyObject and UploadPartCopy when `source`). The clock is read for archived versions only."""
    if version.storage_class in ARCHIVED and not is_restored(version, clock.now()):
        raise InvalidObjectState(SOURCE_ARCHIVED if source else None, storage_class=version.storage_class)


def restore_header(version: ObjectVersion, now: datetime) -> dict[str, str]:
    """`x-amz-restore` for GET and HEAD: `ongoing-request="true"` while restoring, then the expiry date,
    and nothing once the copy has expired (or was never asked for)."""
    restore = version.restore
    if restore is None or now >= restore.expires:
        return {}
    if now < restore.ready:
        return {"x-amz-restore": 'ongoing-request="true"'}
    return {"x-amz-restore": f'ongoing-request="false", expiry-date="{http_date(restore.expires)}"'}


def restore_status(version: ObjectVersion, now: datetime) -> dict[str, Any] | None:
    """`<RestoreStatus>` of a listing entry (asked for with `x-amz-optional-object-attributes`)."""
    restore = version.restore
    if restore is None or now >= restore.expires:
        return None
    if now < restore.ready:
        return {"IsRestoreInProgress": True}
    return {"IsRestoreInProgress": False, "RestoreExpiryDate": iso8601(restore.expires)}


def wants_restore_status(req: Request) -> bool:
    """`x-amz-optional-object-attributes: RestoreStatus` on a listing."""
    raw = req.header("x-amz-optional-object-attributes") or ""
    return "RestoreStatus" in (name.strip() for name in raw.split(","))


def expiry(moment: datetime, days: int) -> datetime:
    """`days` after `moment`, rounded up to midnight UTC, as S3 dates a restored copy's expiry."""
    end = (moment + timedelta(days=days)).astimezone(timezone.utc)
    midnight = datetime.combine(end.date(), time(), tzinfo=timezone.utc)
    return midnight if midnight == end else midnight + timedelta(days=1)


# --- RestoreObject ---------------------------------------------------------------------------------------


def restore_parameters(req: Request) -> tuple[int, str]:
    """(Days, Tier) of the `RestoreRequest` document; Standard is the default tier."""
    document = req.xml("RestoreRequest")
    if document.get("Type") is not None or document.get("SelectParameters") is not None:
        raise NotImplementedError_("S3 Glacier Select (a RestoreRequest of Type SELECT) is not implemented")
    days = document.get("Days")
    if days is None:
        raise MalformedXML()
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidArgument("The restore request Days must be a positive integer",
                              argument_name="Days", argument_value=str(days))
    job = document.get("GlacierJobParameters")
    tier = job.get("Tier") if isinstance(job, dict) else None
    if tier is None:
        tier = "Standard"
    if tier not in TIERS:
        raise MalformedXML()
    return days, tier


@operation("RestoreObject")
def restore_object(store: Store, req: Request) -> Response:
    """Start a restore of an archived version (202), or extend a restored copy's life (200)."""
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), "POST")
    days, tier = restore_parameters(req)
    if version.storage_class not in ARCHIVED:
        raise InvalidObjectState(NOT_ARCHIVED, storage_class=version.storage_class)
    delays = RESTORE_DELAYS[version.storage_class]
    if tier not in delays:
        raise InvalidArgument(f"{tier} retrieval is not supported for the {version.storage_class} storage class",
                              argument_name="Tier", argument_value=tier)
    now = store.clock.now()
    current = version.restore
    if current is not None and now < current.ready:
        # An in-progress restore can only be sped up: a faster tier, the same Days
        # (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-upgrade-tier.html).
        if days != current.days or TIERS.index(tier) >= TIERS.index(current.tier):
            raise RestoreAlreadyInProgress()
        ready = min(current.ready, now + delays[tier])
        version.restore = Restore(current.requested, ready, expiry(ready, days), tier, days)
        return Response.empty(202)
    if current is not None and now < current.expires:
        # Already restored: the copy's life is set again, counted from now.
        current.expires = expiry(now, days)
        current.days = days
        return Response.empty(200)
    ready = now + delays[tier]
    version.restore = Restore(now, ready, expiry(ready, days), tier, days)
    return Response.empty(202)
