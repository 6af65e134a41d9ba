"""DeleteObjects: up to 1000 deletes in one request, each answered on its own.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html. The whole request fails only
for what concerns all of it (bucket, integrity, XML, MFA, the bypass header); everything else about
one key (a missing version, Object Lock, an ETag condition) becomes an `<Error>` entry and the
status stays 200. Each key costs a dict look-up and the model's O(log n) update: no scan, no sort.
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import cast

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import (
    KeyTooLongError,
    MalformedXML,
    NoSuchKey,
    NoSuchVersion,
    PreconditionFailed,
)
from pytest_s3fake.model import NULL, UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.operations.common import (
    MAX_KEY_BYTES,
    charged_headers,
    is_well_formed_version_id,
    owned_bucket,
    verify_integrity,
    was_issued,
)
from pytest_s3fake.operations.conditional import etag_matches
from pytest_s3fake.operations.deleting import Deletion, delete_current, delete_version
from pytest_s3fake.operations.protection import bypass_governance, check_mfa
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import KeyFault, Request, Response, Row

MAX_OBJECTS = 1000
#: A key of at most this many characters is at most MAX_KEY_BYTES in UTF-8, so it needs no encoding.
_SHORT_KEY = MAX_KEY_BYTES // 4

#: One `<Object>` of the request: key, version id, ETag (plain tuples: a request makes up to 1000).
Entry = tuple[str, "str | None", "str | None"]
ENTRY_FIELDS = ("Key", "VersionId", "ETag")
#: The result's items, as rows of these fields: `(key,)` alone for a plain deletion.
DELETED_FIELDS = ("Key", "VersionId", "DeleteMarker", "DeleteMarkerVersionId")
ERROR_FIELDS = ("Key", "VersionId", "Code", "Message")


@operation("DeleteObjects")
def delete_objects(store: Store, req: Request) -> Response:
    """Delete up to 1000 keys or versions; per-key results in `Deleted` and `Errors`, HTTP 200."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    entries, quiet = read_delete(req)
    # MFA delete: a missing token fails the whole request when any entry names a version; a token that
    # is present and invalid fails it whatever the entries are.
    versions, etags = set(map(itemgetter(1), entries)), set(map(itemgetter(2), entries))
    check_mfa(store, bucket, req, deletes_versions=versions != {None})
    bypass = bypass_governance(bucket, req)
    deleted: list[Row]
    errors: list[Row] = []
    plain = bucket.versioning == UNVERSIONED and versions == etags == {None}
    keys = cast("list[str]", list(map(itemgetter(0), entries))) if plain else []
    if plain and max(map(len, keys)) <= _SHORT_KEY:
        # Plain keys in a bucket that was never versioned (the common request): what delete_current
        # does there, for all of them at once; the answer is just the keys.
        if req.key_fault is not None:  # per-key faults, or a bucket policy's Deny: those keys fail alone
            keys, errors = refused_keys(keys, req.key_fault)
        bucket.drop_unversioned(keys)
        deleted = [] if quiet else [(key,) for key in keys]
    else:
        deleted = []
        now, key_fault = store.clock.now(), req.key_fault
        for entry in entries:
            try:
                done = delete_entry(bucket, entry, bypass, now, key_fault)
            except S3Error as error:
                errors.append((entry[0], entry[1], error.code, error.message))
                continue
            if not quiet:
                deleted.append(deleted_row(done))
    # S3 promises no order; the opt-in shuffle catches callers that zip results with their request.
    rng = store.delete_results_rng
    if rng is not None:
        rng.shuffle(deleted)
        rng.shuffle(errors)
    sections = [("Deleted", DELETED_FIELDS, deleted), ("Error", ERROR_FIELDS, errors)]
    return Response.xml_rows("DeleteResult", sections, headers=charged_headers(bucket, req))


def refused_keys(keys: list[str], key_fault: KeyFault) -> tuple[list[str], list[Row]]:
    """Split plain keys into those to delete and the `<Error>` rows of those `key_fault` refuses."""
    kept: list[str] = []
    errors: list[Row] = []
    for key in keys:
        error = key_fault(key)
        if error is None:
            kept.append(key)
        else:
            errors.append((key, None, error.code, error.message))
    return kept, errors


def read_delete(req: Request) -> tuple[list[Entry], bool]:
    """The `<Delete>` document: its entries and quiet flag; MalformedXML for 0 or more than 1000 objects,
    or an object without a key.

    Whitespace is kept, because keys may begin or end with it; CR and LF arrive as `&#xD;`/`&#xA;`.
    A character XML 1.0 cannot carry (botocore sends `\\x01` raw) makes expat, so the request, fail.
    An empty `<VersionId/>` or `<ETag/>` counts as absent.
    """
    entries, (quiet,) = req.xml_records("Delete", "Object", ENTRY_FIELDS, ("Quiet",), keep_whitespace=True)
    if not entries or len(entries) > MAX_OBJECTS or None in map(itemgetter(0), entries):
        raise MalformedXML()
    return cast("list[Entry]", entries), read_quiet(quiet)


def read_quiet(value: str | None) -> bool:
    if value is None:
        return False
    text = value.strip().lower()
    if text not in ("true", "false"):
        raise MalformedXML()
    return text == "true"


def delete_entry(bucket: Bucket, entry: Entry, bypass: bool, now: datetime, key_fault: KeyFault | None) -> Deletion:
    """Delete one entry by the same rules as DeleteObject; an S3Error here fails this entry only."""
    key, version_id, etag = entry
    if key_fault is not None and (injected := key_fault(key)) is not None:
        raise injected
    if len(key) > _SHORT_KEY and len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise KeyTooLongError(size=len(key.encode("utf-8")), max_size_allowed=MAX_KEY_BYTES)
    if etag is not None:
        check_etag(bucket, key, etag)
    if version_id is None:
        return delete_current(bucket, key, now)
    if not is_well_formed_version_id(version_id):
        raise NoSuchVersion(key=key, version_id=version_id)
    version = bucket.version(key, version_id)
    if version is not None:
        return delete_version(bucket, version, bypass=bypass, now=now)
    # A bucket that was never versioned holds only `null` versions, so any other id cannot exist, and an
    # id S3 never issued names nothing. Otherwise an id that is gone is reported deleted: deleting a
    # version is idempotent.
    if (bucket.versioning == UNVERSIONED and version_id != NULL) or not was_issued(bucket, version_id):
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


def deleted_row(done: Deletion) -> Row:
    """A `<Deleted>` item: `DeleteMarkerVersionId` only when a delete marker was made or removed."""
    if not done.delete_marker:
        return done.key, done.version_id
    return done.key, done.version_id, "true", done.delete_marker_version_id
