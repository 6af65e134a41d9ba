"""DeleteObjects: up to 1000 deletes in one request, each answered on its own.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html. The whole request fails only
for what concerns all of it (bucket, integrity, XML, MFA, the bypass header); everything else about
one key (a missing version, Object Lock, an ETag condition) becomes an `<Error>` entry and the
status stays 200. Each key costs a dict look-up and the model's O(log n) update: no scan, no sort.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import KeyTooLongError, MalformedXML, NoSuchKey, NoSuchVersion, PreconditionFailed
from pytest_s3fake.model import NULL, UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.operations.common import (
    MAX_KEY_BYTES,
    is_well_formed_version_id,
    owned_bucket,
    verify_integrity,
)
from pytest_s3fake.operations.deleting import Deletion, delete_current, delete_version
from pytest_s3fake.operations.objects import etag_matches
from pytest_s3fake.operations.protection import bypass_governance, check_mfa
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import KeyFault, Request, Response

MAX_OBJECTS = 1000
#: A key of at most this many characters is at most MAX_KEY_BYTES in UTF-8, so it needs no encoding.
_SHORT_KEY = MAX_KEY_BYTES // 4

Item = tuple[str, dict[str, str]]


class Entry(NamedTuple):
    """One `<Object>` of the request."""

    key: str
    version_id: str | None
    etag: str | None


@operation("DeleteObjects")
def delete_objects(store: Store, req: Request) -> Response:
    """Delete up to 1000 keys or versions; per-key results in `Deleted` and `Errors`, HTTP 200."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    entries, quiet = read_delete(req)
    # MFA delete: a missing token fails the whole request when any entry names a version; a token that
    # is present and invalid fails it whatever the entries are.
    check_mfa(store, bucket, req, deletes_versions=any(entry.version_id is not None for entry in entries))
    bypass = bypass_governance(bucket, req)
    now = store.clock.now()
    deleted: list[Item] = []
    errors: list[Item] = []
    for entry in entries:
        try:
            done = delete_entry(bucket, entry, bypass=bypass, now=now, key_fault=req.key_fault)
        except S3Error as error:
            errors.append(("Error", error_fields(entry, error)))
        else:
            if not quiet:
                deleted.append(("Deleted", deleted_fields(done)))
    # S3 promises no order; the opt-in shuffle catches callers that zip results with their request.
    rng = store.delete_results_rng
    if rng is not None:
        rng.shuffle(deleted)
        rng.shuffle(errors)
    headers = {}
    if bucket.request_payer == "Requester" and (req.header("x-amz-request-payer") or "").lower() == "requester":
        headers["x-amz-request-charged"] = "requester"
    return Response.xml_items("DeleteResult", [*deleted, *errors], headers=headers)


def read_delete(req: Request) -> tuple[list[Entry], bool]:
    """The `<Delete>` document: its entries and quiet flag; MalformedXML for 0 or more than 1000 objects.

    Whitespace is kept, because keys may begin or end with it; CR and LF arrive as `&#xD;`/`&#xA;`.
    A character XML 1.0 cannot carry (botocore sends `\\x01` raw) makes expat, so the request, fail.
    """
    doc = req.xml("Delete", force_list=("Object",), keep_whitespace=True)
    objects = doc.get("Object")
    if not objects or len(objects) > MAX_OBJECTS:
        raise MalformedXML()
    return [read_entry(obj) for obj in objects], read_quiet(doc.get("Quiet"))


def read_entry(obj: Any) -> Entry:
    if not isinstance(obj, dict):
        raise MalformedXML()
    key, version_id, etag = obj.get("Key"), obj.get("VersionId"), obj.get("ETag")
    if not isinstance(key, str) or not all(v is None or isinstance(v, str) for v in (version_id, etag)):
        raise MalformedXML()
    return Entry(key, version_id, etag)


def read_quiet(value: Any) -> bool:
    if value is None:
        return False
    text = value.strip().lower() if isinstance(value, str) else None
    if text not in ("true", "false"):
        raise MalformedXML()
    return text == "true"


def delete_entry(bucket: Bucket, entry: Entry, *, bypass: bool, now: datetime, key_fault: KeyFault | None) -> Deletion:
    """Delete one entry by the same rules as DeleteObject; an S3Error here fails this entry only."""
    key, version_id = entry.key, entry.version_id
    if key_fault is not None and (injected := key_fault(key)) is not None:
        raise injected
    if len(key) > _SHORT_KEY and len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise KeyTooLongError(size=len(key.encode("utf-8")), max_size_allowed=MAX_KEY_BYTES)
    if entry.etag is not None:
        check_etag(bucket, key, entry.etag)
    if version_id is None:
        return delete_current(bucket, key, now)
    if not is_well_formed_version_id(version_id):
        raise NoSuchVersion(key=key, version_id=version_id)
    version = bucket.version(key, version_id)
    if version is not None:
        return delete_version(bucket, version, bypass=bypass, now=now)
    # A bucket that was never versioned holds only `null` versions, so any other id cannot exist. In a
    # versioned bucket a well-formed id that is gone is reported deleted: deleting a version is idempotent.
    if bucket.versioning == UNVERSIONED and version_id != NULL:
        raise NoSuchVersion(key=key, version_id=version_id)
    return Deletion(key, version_id)


def check_etag(bucket: Bucket, key: str, etag: str) -> None:
    """A per-object `<ETag>` makes the delete conditional on the current version
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html): no current object
    (missing, or a delete marker on top) is NoSuchKey; another ETag is PreconditionFailed; `*` matches any."""
    current = bucket.current(key)
    if not isinstance(current, ObjectVersion):
        raise NoSuchKey(key=key)
    if not etag_matches(etag, current.etag):
        raise PreconditionFailed(condition="ETag")


def deleted_fields(done: Deletion) -> dict[str, str]:
    fields = {"Key": done.key}
    if done.version_id is not None:
        fields["VersionId"] = done.version_id
    if done.delete_marker:
        fields["DeleteMarker"] = "true"
        if done.delete_marker_version_id is not None:
            fields["DeleteMarkerVersionId"] = done.delete_marker_version_id
    return fields


def error_fields(entry: Entry, error: S3Error) -> dict[str, str]:
    fields = {"Key": entry.key}
    if entry.version_id is not None:
        fields["VersionId"] = entry.version_id
    fields["Code"] = error.code
    fields["Message"] = error.message
    return fields
