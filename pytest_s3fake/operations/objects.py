"""Object operations: PutObject, GetObject, HeadObject, DeleteObject."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import NamedTuple

from pytest_s3fake import checksums, values
from pytest_s3fake.errors.codes import (
    InvalidArgument,
    InvalidPartNumber,
    InvalidRange,
    InvalidRequest,
    InvalidStorageClass,
    MetadataTooLarge,
    NoSuchKey,
    NotModified,
    PreconditionFailed,
)
from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_
from pytest_s3fake.ids import http_date
from pytest_s3fake.model import ENABLED, UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.operations.acl import keep_acl, new_object_acl
from pytest_s3fake.operations.common import (
    addressed_version,
    check_issued,
    object_key,
    owned_bucket,
    user_metadata,
    verify_integrity,
    version_id_param,
)
from pytest_s3fake.operations.conditional import check_write_conditions, etag_matches
from pytest_s3fake.operations.deleting import Deletion, delete_current, delete_version
from pytest_s3fake.operations.encryption import check_customer_key, echoed, new_object_encryption
from pytest_s3fake.operations.lifecycle_match import expiration_headers
from pytest_s3fake.operations.object_checksums import (
    FULL_OBJECT,
    asks_checksums,
    checksum_headers,
    default_checksum,
    stored_checksums,
)
from pytest_s3fake.operations.protection import bypass_governance, check_mfa
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.operations.restore import check_readable, restore_header
from pytest_s3fake.operations.tagging import tags_from_header
from pytest_s3fake.wire import Request, Response

STORAGE_CLASSES = frozenset({
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
    "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
})
#: Representation headers S3 stores with an object and returns on GET and HEAD.
STORED_HEADERS = ("cache-control", "content-disposition", "content-encoding", "content-language", "expires",
                  "x-amz-website-redirect-location")
MAX_METADATA_BYTES = 2048
MAX_PART_NUMBER = 10_000


# --- PutObject -------------------------------------------------------------------------------------------


@operation("PutObject")
def put_object(store: Store, req: Request) -> Response:
    """Store a new version of an object, with metadata, checksums, tags and Object Lock settings."""
    bucket = owned_bucket(store, req)
    key = object_key(req)
    sent_checksums = verify_integrity(req, required=False)
    metadata = checked_metadata(req)
    storage_class = checked_storage_class(req, bucket)
    tags = tags_from_header(req.header("x-amz-tagging"))
    check_write_conditions(bucket, key, req)
    now = store.clock.now()
    lock = lock_settings(bucket, req, now, sent_integrity=bool(sent_checksums) or "content-md5" in req.headers)
    encryption, acl = new_object_encryption(store, bucket, req), new_object_acl(store, bucket, req)
    etag = req.etag()
    # With no checksum sent S3 stores (and answers) its default, a FULL_OBJECT CRC64NVME: object_checksums.py.
    stored = sent_checksums or default_checksum(req.checksum(checksums.DEFAULT_ALGORITHM))
    version = ObjectVersion(
        key=key,
        version_id=bucket.next_version_id(),
        body=req.body,
        etag=etag,
        last_modified=now,
        content_type=req.header("content-type") or "binary/octet-stream",
        metadata=metadata,
        headers={**stored_headers(req.headers), **encryption} if encryption else stored_headers(req.headers),
        checksums=stored,
        checksum_type=FULL_OBJECT,
        storage_class=storage_class,
        tags=tags,
        **lock._asdict(),
    )
    bucket.add(version)
    keep_acl(bucket, version, acl)
    headers = {"ETag": etag, **echoed(encryption)}
    # A suspended bucket's PutObject sends no `x-amz-version-id` (it wrote the `null` version), unlike
    # CopyObject's `null` and GET's: the API reference's "Versioning suspended" example has none.
    if bucket.versioning == ENABLED:
        headers["x-amz-version-id"] = version.version_id
    headers.update(checksum_headers(stored, FULL_OBJECT))
    if bucket.configs.lifecycle is not None:
        headers.update(expiration_headers(bucket, version))
    return Response.empty(headers=headers)


def checked_metadata(req: Request) -> dict[str, str]:
    """User metadata; MetadataTooLarge past 2 KB, counted as UTF-8 bytes of every name and value.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html#UserMetadata"""
    metadata = user_metadata(req.headers)
    size = sum(len(k.encode()) + len(v.encode()) for k, v in metadata.items())
    if size > MAX_METADATA_BYTES:
        raise MetadataTooLarge(size=size, max_size_allowed=MAX_METADATA_BYTES)
    return metadata


def checked_storage_class(req: Request, bucket: Bucket) -> str:
    """The storage class a new object gets: the request's, else the bucket's default
    (PutBucketDefaultStorageClass; STANDARD unless set)."""
    default = bucket.configs.default_storage_class
    storage_class = req.header("x-amz-storage-class", default) or default
    if storage_class not in STORAGE_CLASSES:
        raise InvalidStorageClass(storage_class_requested=storage_class)
    return storage_class


def parse_timestamp(value: str, *, argument: str) -> datetime:
    """An ISO 8601 date; one without a zone is UTC, so it compares with the fake's clock."""
    return values.timestamp(value, argument, f"Invalid date for {argument}")


class LockSettings(NamedTuple):
    """Object Lock settings for a new version, as `ObjectVersion` fields."""

    retention_mode: str | None = None
    retain_until: datetime | None = None
    legal_hold: bool | None = None


def lock_settings(bucket: Bucket, req: Request, now: datetime, *, sent_integrity: bool) -> LockSettings:
    """Object Lock on a new version (PutObject, CopyObject, CreateMultipartUpload): the request's headers,
    else the bucket's default retention."""
    mode = req.header("x-amz-object-lock-mode")
    until = req.header("x-amz-object-lock-retain-until-date")
    hold = req.header("x-amz-object-lock-legal-hold")
    explicit = mode is not None or until is not None or hold is not None
    if explicit and not bucket.object_lock_enabled:
        raise InvalidRequest("Bucket is missing Object Lock Configuration")
    if explicit and not sent_integrity:
        raise InvalidRequest(
            "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters"
        )
    if (mode is None) != (until is None):
        raise InvalidArgument(
            "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
            argument_name="x-amz-object-lock-mode" if mode is None else "x-amz-object-lock-retain-until-date",
            argument_value=until or mode,
        )
    retention_mode, retain_until = None, None
    if mode is not None and until is not None:
        if mode not in ("GOVERNANCE", "COMPLIANCE"):
            raise InvalidArgument("Unknown wormMode directive.", argument_name="x-amz-object-lock-mode",
                                  argument_value=mode)
        retain_until = parse_timestamp(until, argument="x-amz-object-lock-retain-until-date")
        if retain_until <= now:
            raise InvalidArgument("The retain until date must be in the future!",
                                  argument_name="x-amz-object-lock-retain-until-date", argument_value=until)
        retention_mode = mode
    elif bucket.lock_default is not None:
        retention_mode = bucket.lock_default.mode
        retain_until = bucket.lock_default.retain_until(now)
    legal_hold = None
    if hold is not None:
        if hold not in ("ON", "OFF"):
            raise InvalidArgument("Legal Hold must be either of 'ON' or 'OFF'",
                                  argument_name="x-amz-object-lock-legal-hold", argument_value=hold)
        legal_hold = hold == "ON"
    return LockSettings(retention_mode, retain_until, legal_hold)


def stored_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The representation headers S3 keeps with a new object (`STORED_HEADERS`)."""
    return {name: headers[name] for name in STORED_HEADERS if name in headers}


# --- GetObject / HeadObject ------------------------------------------------------------------------------


def http_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None  # S3 ignores a conditional header it cannot parse


def failed_condition(req: Request, version: ObjectVersion, prefix: str = "") -> str | None:
    """The conditional header that fails for `version` (S3's spelling, e.g. `If-Match`), or None.

    `prefix` is `x-amz-copy-source-` for CopyObject's source conditions. S3 gives If-Match precedence over
    If-Unmodified-Since, and If-None-Match over If-Modified-Since (each pair is evaluated by its first
    member when present); the first pair is checked before the second. A date S3 cannot parse is ignored.
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
    """
    modified = version.last_modified.replace(microsecond=0)
    if_match = req.header(prefix + "if-match")
    if if_match is not None:
        if not etag_matches(if_match, version.etag):
            return "If-Match"
    else:
        since = http_time(req.header(prefix + "if-unmodified-since"))
        if since is not None and modified > since:
            return "If-Unmodified-Since"
    if_none_match = req.header(prefix + "if-none-match")
    if if_none_match is not None:
        if etag_matches(if_none_match, version.etag):
            return "If-None-Match"
    else:
        since = http_time(req.header(prefix + "if-modified-since"))
        if since is not None and modified <= since:
            return "If-Modified-Since"
    return None


def check_read_conditions(req: Request, version: ObjectVersion) -> None:
    """GET and HEAD: a failed If-Match / If-Unmodified-Since is 412, If-None-Match / If-Modified-Since 304."""
    condition = failed_condition(req, version)
    if condition in ("If-Match", "If-Unmodified-Since"):
        raise PreconditionFailed(condition=condition)
    if condition is not None:
        raise NotModified(headers={"ETag": version.etag, "Last-Modified": http_date(version.last_modified)})


def readable_version(store: Store, req: Request) -> tuple[Bucket, ObjectVersion]:
    """The object version a GET or HEAD reads, after its conditional headers."""
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    check_customer_key(req, version.headers)
    check_read_conditions(req, version)
    return bucket, version


def object_headers(bucket: Bucket, version: ObjectVersion, req: Request) -> dict[str, str]:
    """The headers GET and HEAD return for `version`."""
    headers = {
        "Content-Type": version.content_type,
        "ETag": version.etag,
        "Last-Modified": http_date(version.last_modified),
        "Accept-Ranges": "bytes",
        **echoed(version.headers),
    }
    headers.update({name.title() if not name.startswith("x-amz") else name: value
                    for name, value in version.headers.items()})
    if bucket.versioning != UNVERSIONED:
        headers["x-amz-version-id"] = version.version_id
    for name, value in version.metadata.items():
        headers[f"x-amz-meta-{name}"] = value
    if version.storage_class != "STANDARD":
        headers["x-amz-storage-class"] = version.storage_class
    if version.tags:
        headers["x-amz-tagging-count"] = str(len(version.tags))
    if version.retention_mode is not None and version.retain_until is not None:
        headers["x-amz-object-lock-mode"] = version.retention_mode
        headers["x-amz-object-lock-retain-until-date"] = version.retain_until.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if version.legal_hold:
        headers["x-amz-object-lock-legal-hold"] = "ON"
    if bucket.configs.lifecycle is not None and req.version_id is None:  # AWS omits it given a versionId
        headers.update(expiration_headers(bucket, version))
    # Sent "only if you specify partNumber in your request and the object was uploaded as a multipart
    # upload": https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
    if version.parts is not None and "partNumber" in req.query:
        headers["x-amz-mp-parts-count"] = str(len(version.parts))
    # The object's checksum describes the whole object: not sent for a Range; for one part of a multipart
    # object, the part's own is sent when the upload kept it (an upload created with an algorithm).
    one_part = version.parts is not None and "partNumber" in req.query
    if asks_checksums(req) and "range" not in req.headers:
        if not one_part:
            headers.update(checksum_headers(*stored_checksums(version)))
        else:
            headers.update(part_checksum_headers(version, req.query["partNumber"]))
    for param, header in (("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
                          ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
                          ("response-content-disposition", "Content-Disposition"),
                          ("response-content-encoding", "Content-Encoding")):
        if param in req.query:
            headers[header] = req.query[param]
    return headers


def part_checksum_headers(version: ObjectVersion, raw_number: str) -> dict[str, str]:
    """The kept checksum of one part of `version` (with the object's checksum type); none when the upload
    kept none, or the number is not one of its parts (`part_range` answers that)."""
    number = values.parse_integer(raw_number)
    kept = version.part_checksums
    if kept is None or number is None or not 1 <= number <= len(kept) or not version.checksums:
        return {}
    algorithm = next(iter(version.checksums))
    return checksum_headers({algorithm: kept[number - 1]}, version.checksum_type)


def byte_range(req: Request, size: int) -> tuple[int, int] | None:
    """The inclusive byte range a `Range` header asks for; None to send the whole object.

    S3 serves one range; a header it cannot parse is ignored, one outside the object is 416 InvalidRange.
    """
    header = req.header("range")
    if header is None:
        return None
    spec = values.byte_range_spec(header)
    if spec is None:
        return None
    start, last = spec
    if start is None:
        length = last or 0
        if length == 0 or size == 0:
            raise InvalidRange(range_requested=header, actual_object_size=size)
        return max(0, size - length), size - 1
    if last is not None and last < start:  # `bytes=9-3` is no range at all: the whole object
        return None
    end = last if last is not None else size - 1
    if start >= size:  # `bytes=100-` on a 2-byte object included
        raise InvalidRange(range_requested=header, actual_object_size=size)
    return start, min(end, size - 1)


def part_range(req: Request, version: ObjectVersion) -> tuple[int, int] | None:
    """The inclusive byte range of `partNumber`; None when the request names no part.

    An object from a single PUT has one part, the whole object, so `partNumber=1` reads all of it (as a
    206); a part past the last one is 416 InvalidPartNumber, and a Range with a part number is 400.
    """
    raw = req.query.get("partNumber")
    if raw is None:
        return None
    if "range" in req.headers:
        raise InvalidRequest("Cannot specify both Range header and partNumber query parameter")
    number = values.integer(raw, "partNumber", "Part number must be an integer between 1 and 10000, inclusive",
                            minimum=1, maximum=MAX_PART_NUMBER)
    sizes = version.parts if version.parts is not None else (version.size,)
    if number > len(sizes):
        raise InvalidPartNumber(part_number_requested=number, actual_part_count=len(sizes))
    start = sum(sizes[: number - 1])
    return start, start + sizes[number - 1] - 1


def read_object(store: Store, req: Request, *, with_body: bool) -> Response:
    """GET and HEAD: the version's headers, and its bytes (whole, one Range, or one part) for GET."""
    bucket, version = readable_version(store, req)
    headers = object_headers(bucket, version, req)
    if with_body:
        check_readable(version, store.clock)  # HEAD answers for an archived object; GET needs a restored copy
    if version.restore is not None:
        headers.update(restore_header(version, store.clock.now()))
    span = part_range(req, version)
    if span is None:
        span = byte_range(req, version.size)
    return spanned(headers, version.body, span, with_body=with_body)


def spanned(headers: dict[str, str], body: bytes | memoryview, span: tuple[int, int] | None, *,
            with_body: bool = True) -> Response:
    """200 with all of `body`, or 206 with the inclusive `span` of it (a view, never a copy) and its
    Content-Range; `headers` gain the Content-Length."""
    if span is None:
        headers["Content-Length"] = str(len(body))
        return Response(200, headers, body if with_body else b"")
    start, end = span
    headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
    headers["Content-Length"] = str(end - start + 1)
    return Response(206, headers, memoryview(body)[start : end + 1] if with_body else b"")


@operation("GetObject")
def get_object(store: Store, req: Request) -> Response:
    """An object version's bytes (whole, one Range or one part) with its headers."""
    return read_object(store, req, with_body=True)


@operation("HeadObject")
def head_object(store: Store, req: Request) -> Response:
    """GetObject's headers without the body; errors have no body either."""
    return read_object(store, req, with_body=False)


# --- DeleteObject ----------------------------------------------------------------------------------------


@operation("DeleteObject")
def delete_object(store: Store, req: Request) -> Response:
    """Delete a key (delete marker or removal, by the bucket's versioning) or one version for good."""
    bucket = owned_bucket(store, req)
    key = object_key(req)
    version_id = version_id_param(req)
    check_mfa(store, bucket, req, deletes_versions=version_id is not None)
    bypass = bypass_governance(bucket, req)
    check_delete_condition(bucket, key, req, version_id)
    now = store.clock.now()
    if version_id is None:
        done = delete_current(bucket, key, now)
    else:
        version = bucket.version(key, version_id)
        if version is None:
            # An id S3 issued whose version is gone is deleted again (204): the delete is idempotent.
            # One it never issued is 400 InvalidArgument.
            check_issued(bucket, version_id)
            done = Deletion(key, version_id)
        else:
            done = delete_version(bucket, version, bypass=bypass, now=now)
    return Response.empty(204, headers=deletion_headers(done))


def check_delete_condition(bucket: Bucket, key: str, req: Request, version_id: str | None) -> None:
    """Conditional delete: `If-Match` deletes only while the current version has that ETag (or any, for `*`).
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html"""
    if_match = req.header("if-match")
    if if_match is None:
        return
    if version_id is not None:
        # S3 evaluates If-Match on DeleteObject against the current version only; with a versionId it answers 501.
        raise NotImplementedError_(header="If-Match")
    current = bucket.current(key)
    if current is None:
        raise NoSuchKey(key=key)
    if current.is_delete_marker:
        raise PreconditionFailed(condition="If-Match")
    assert isinstance(current, ObjectVersion)
    if not etag_matches(if_match, current.etag):
        raise PreconditionFailed(condition="If-Match")


def deletion_headers(done: Deletion) -> dict[str, str]:
    headers = {}
    if done.delete_marker:
        headers["x-amz-delete-marker"] = "true"
    version_id = done.version_id or done.delete_marker_version_id
    if version_id is not None:
        headers["x-amz-version-id"] = version_id
    return headers

