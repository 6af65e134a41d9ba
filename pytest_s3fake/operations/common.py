"""Checks and conversions that many operations share: bucket ownership, integrity, metadata, ids."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping

from pytest_s3fake import checksums
from pytest_s3fake.errors.codes import (
    AccessDenied,
    BadDigest,
    InvalidArgument,
    InvalidDigest,
    InvalidRequest,
    KeyTooLongError,
    MethodNotAllowed,
    NoSuchKey,
    NoSuchVersion,
)
from pytest_s3fake.ids import http_date
from pytest_s3fake.model import NULL, UNVERSIONED, Bucket, DeleteMarker, ObjectVersion, Store
from pytest_s3fake.wire import Request

MAX_KEY_BYTES = 1024
_VERSION_ID = re.compile(r"^[0-9A-Za-z._-]{32}$")
_REGION_IN_CREDENTIAL = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")


def owned_bucket(store: Store, req: Request) -> Bucket:
    """The request's bucket; NoSuchBucket, or AccessDenied when `ExpectedBucketOwner` names another account."""
    bucket = store.bucket(req.bucket)
    expected = req.header("x-amz-expected-bucket-owner")
    if expected is not None and expected != bucket.owner:
        raise AccessDenied()
    return bucket


def object_key(req: Request) -> str:
    """The request's key; KeyTooLongError past S3's 1024 UTF-8 bytes."""
    key = req.key or ""
    size = len(key.encode("utf-8"))
    if size > MAX_KEY_BYTES:
        raise KeyTooLongError(size=size, max_size_allowed=MAX_KEY_BYTES)
    return key


def is_well_formed_version_id(version_id: str) -> bool:
    return version_id == NULL or bool(_VERSION_ID.match(version_id))


def version_id_param(req: Request) -> str | None:
    """`versionId` from the query; 400 InvalidArgument when it cannot be an S3 version id."""
    version_id = req.version_id
    if version_id is not None and not is_well_formed_version_id(version_id):
        raise InvalidArgument("Invalid version id specified", argument_name="versionId", argument_value=version_id)
    return version_id


def was_issued(bucket: Bucket, version_id: str) -> bool:
    """True for `null` and for an id this fake issued, whether or not the version still exists."""
    return version_id == NULL or bucket.issued_version_id(version_id)


def check_issued(bucket: Bucket, version_id: str) -> None:
    """400 InvalidArgument for a well-formed version id S3 never issued (asked of a version not found)."""
    if not was_issued(bucket, version_id):
        raise InvalidArgument("Invalid version id specified", argument_name="versionId", argument_value=version_id)


def addressed_version(bucket: Bucket, key: str, version_id: str | None, method: str) -> ObjectVersion:
    """The object version a request on one object reads: the current one, or the one `versionId` names.

    S3's answers (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html): no such key is
    404 NoSuchKey; a current delete marker is 404 NoSuchKey with `x-amz-delete-marker: true`; naming a
    delete marker's version id is 405 MethodNotAllowed; a version id that was issued and is gone is 404
    NoSuchVersion, one that was never issued 400 InvalidArgument.
    """
    if version_id is None:
        current = bucket.current(key)
        if current is None:
            raise NoSuchKey(key=key)
        if isinstance(current, DeleteMarker):
            headers = {"x-amz-delete-marker": "true"}
            if bucket.versioning != UNVERSIONED:
                headers["x-amz-version-id"] = current.version_id
            raise NoSuchKey(key=key, headers=headers)
        return current
    version = bucket.version(key, version_id)
    if version is None:
        check_issued(bucket, version_id)
        raise NoSuchVersion(key=key, version_id=version_id)
    if isinstance(version, DeleteMarker):
        raise MethodNotAllowed(
            method=method, resource_type="DeleteMarker",
            headers={"x-amz-delete-marker": "true", "x-amz-version-id": version.version_id,
                     "Last-Modified": http_date(version.last_modified), "Allow": "DELETE"},
        )
    return version


def signing_region(req: Request) -> str | None:
    """The region the client signed for (SigV4 credential scope), i.e. the endpoint's region."""
    match = _REGION_IN_CREDENTIAL.search(req.header("authorization", "") or "")
    return match.group(1) if match else None


def verify_integrity(req: Request, *, required: bool) -> dict[str, str]:
    """Check `Content-MD5` and `x-amz-checksum-*` against the body; return the flexible checksums sent.

    S3 answers InvalidDigest for an MD5 that is not base64 of 16 bytes, BadDigest for one that does not
    match, and BadDigest for a mismatching flexible checksum. Operations that need integrity (DeleteObjects,
    PutObjectRetention, ...) fail with InvalidRequest when neither header is present.
    """
    md5 = req.header("content-md5")
    if md5 is not None:
        try:
            raw = base64.b64decode(md5, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 16:
            raise InvalidDigest(content_md5=md5)
        calculated = base64.b64decode(req.checksum("MD5"))
        if raw != calculated:
            raise BadDigest(expected_digest=raw.hex(), calculated_digest=calculated.hex())
    sent: dict[str, str] = {}
    for algorithm in checksums.ALGORITHMS:
        value = req.header(checksums.header_name(algorithm))
        if value is None:
            continue
        if not checksums.is_well_formed(algorithm, value):
            raise InvalidRequest(f"Value for {checksums.header_name(algorithm)} header is invalid.")
        if req.checksum(algorithm) != value:
            raise BadDigest(f"The {algorithm} you specified did not match the calculated checksum.")
        sent[algorithm] = value
    if len(sent) > 1:
        raise InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
    declared = req.header("x-amz-sdk-checksum-algorithm")
    if declared is not None and not sent and md5 is None:
        raise InvalidRequest(
            f"x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer "
            f"headers were found. ({declared})"
        )
    if required and md5 is None and not sent:
        raise InvalidRequest("Missing required header for this request: Content-MD5 OR x-amz-checksum-*")
    return sent


def user_metadata(headers: Mapping[str, str]) -> dict[str, str]:
    """`x-amz-meta-*` headers, names lower-cased and prefix removed, as S3 stores them."""
    return {name[11:]: value for name, value in headers.items() if name.startswith("x-amz-meta-")}


def flag(value: str | None) -> bool:
    """A boolean header or query value (documents come typed: see shapes.py)."""
    return (value or "").strip().lower() == "true"


def charged_headers(bucket: Bucket, req: Request) -> dict[str, str]:
    """`x-amz-request-charged: requester` when a Requester Pays bucket charged the caller, who said
    `x-amz-request-payer: requester` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RequesterPaysBuckets.html)."""
    if bucket.request_payer == "Requester" and (req.header("x-amz-request-payer") or "").lower() == "requester":
        return {"x-amz-request-charged": "requester"}
    return {}
