"""CopyObject: a new version of the destination key made server side from a version of the source key.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from pytest_s3fake import checksums
from pytest_s3fake.errors.codes import (
    AccessDenied,
    InvalidArgument,
    InvalidRequest,
    NoSuchKey,
    NoSuchVersion,
    PreconditionFailed,
)
from pytest_s3fake.ids import etag as md5_etag
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import NULL, UNVERSIONED, Bucket, DeleteMarker, ObjectVersion, Store
from pytest_s3fake.operations.acl import keep_acl, new_object_acl
from pytest_s3fake.operations.common import check_issued, is_well_formed_version_id, object_key, owned_bucket
from pytest_s3fake.operations.conditional import check_write_conditions
from pytest_s3fake.operations.encryption import (
    COPY_SOURCE_CUSTOMER,
    ENCRYPTION_HEADERS,
    check_customer_key,
    echoed,
    new_object_encryption,
)
from pytest_s3fake.operations.lifecycle_match import expiration_headers
from pytest_s3fake.operations.object_checksums import default_checksum, stored_checksums
from pytest_s3fake.operations.objects import (
    checked_metadata,
    checked_storage_class,
    failed_condition,
    lock_settings,
    stored_headers,
)
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.operations.restore import check_readable
from pytest_s3fake.operations.tagging import tags_from_header
from pytest_s3fake.wire import Request, Response, split_query

COPY_SOURCE = "x-amz-copy-source"
WEBSITE_REDIRECT = "x-amz-website-redirect-location"
SELF_COPY_MESSAGE = (
    "This copy request is illegal because it is trying to copy an object to itself without changing the "
    "object's metadata, storage class, website redirect location or encryption attributes."
)
#: Request headers that count as a change when an object is copied onto itself.
_SELF_COPY_CHANGES = (
    "x-amz-storage-class", WEBSITE_REDIRECT, "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-customer-algorithm",
)


def parse_copy_source(value: str | None) -> tuple[str, str, str | None]:
    """(bucket, key, versionId) from `x-amz-copy-source: [/]bucket/url-encoded-key[?versionId=id]`."""
    raw = value or ""
    path, _, query = raw.partition("?")
    bucket, _, key = unquote(path).lstrip("/").partition("/")
    if not bucket or not key:
        raise InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                              argument_name=COPY_SOURCE, argument_value=raw)
    version_id = split_query(query).get("versionId")
    if version_id is not None and not is_well_formed_version_id(version_id):
        raise InvalidArgument("Invalid version id specified", argument_name=COPY_SOURCE, argument_value=raw)
    return bucket, key, version_id


def source_version(bucket: Bucket, key: str, version_id: str | None) -> ObjectVersion:
    """The version to copy. Unlike GET, naming a delete marker's version id is 400 InvalidRequest."""
    if version_id is None:
        current = bucket.current(key)
        if not isinstance(current, ObjectVersion):  # no such key, or a current delete marker
            raise NoSuchKey(key=key)
        return current
    version = bucket.version(key, version_id)
    if version is None:
        check_issued(bucket, version_id)  # S3 checks a version id's structure, wherever it is named
        raise NoSuchVersion(key=key, version_id=version_id)
    if isinstance(version, DeleteMarker):
        raise InvalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.")
    return version


ANNOTATION_DIRECTIVE = "x-amz-object-annotation-directive"


def directive(req: Request, header: str, kind: str) -> str:
    """`x-amz-metadata-directive` / `x-amz-tagging-directive`: COPY (the default) or REPLACE."""
    value = req.header(header, "COPY") or "COPY"
    if value not in ("COPY", "REPLACE"):
        raise InvalidArgument(f"Unknown {kind} directive.", argument_name=header, argument_value=value)
    return value


@operation("CopyObject")
def copy_object(store: Store, req: Request) -> Response:
    """Copy a version of `x-amz-copy-source` to the request's key, by S3's metadata and tagging directives."""
    bucket = owned_bucket(store, req)
    key = object_key(req)
    source_bucket_name, source_key, source_version_id = parse_copy_source(req.header(COPY_SOURCE))
    source_bucket = store.bucket(source_bucket_name)
    expected_source_owner = req.header("x-amz-source-expected-bucket-owner")
    if expected_source_owner is not None and expected_source_owner != source_bucket.owner:
        raise AccessDenied()
    source = source_version(source_bucket, source_key, source_version_id)
    check_readable(source, store.clock, source=True)
    check_customer_key(req, source.headers, COPY_SOURCE_CUSTOMER)
    condition = failed_condition(req, source, prefix="x-amz-copy-source-")
    if condition is not None:
        # Every failed copy-source condition is 412, If-None-Match and If-Modified-Since included.
        raise PreconditionFailed(condition=f"x-amz-copy-source-{condition}")
    metadata_directive = directive(req, "x-amz-metadata-directive", "metadata")
    tagging_directive = directive(req, "x-amz-tagging-directive", "tagging")
    annotation_directive = req.header(ANNOTATION_DIRECTIVE, "COPY") or "COPY"
    if annotation_directive not in ("COPY", "EXCLUDE"):
        raise InvalidArgument("Unknown annotation directive.", argument_name=ANNOTATION_DIRECTIVE,
                              argument_value=annotation_directive)
    storage_class = checked_storage_class(req, bucket)
    changes = metadata_directive == "REPLACE" or any(name in req.headers for name in _SELF_COPY_CHANGES)
    # Naming the source's version id, even the current one's, makes a copy onto itself legal (it restores
    # that version as the newest): only a plain `bucket/key` source must change something.
    if source_bucket is bucket and source_key == key and source_version_id is None and not changes:
        raise InvalidRequest(SELF_COPY_MESSAGE)
    check_write_conditions(bucket, key, req)

    if metadata_directive == "REPLACE":
        content_type = req.header("content-type") or "binary/octet-stream"
        metadata = checked_metadata(req)
        stored = stored_headers(req.headers)
    else:
        content_type, metadata = source.content_type, dict(source.metadata)
        # The website redirect belongs to one object and is never copied; nor is its encryption.
        stored = {name: value for name, value in source.headers.items()
                  if name != WEBSITE_REDIRECT and name not in ENCRYPTION_HEADERS}
        if WEBSITE_REDIRECT in req.headers:
            stored[WEBSITE_REDIRECT] = req.headers[WEBSITE_REDIRECT]
    tags = tags_from_header(req.header("x-amz-tagging")) if tagging_directive == "REPLACE" else dict(source.tags)
    object_checksums = copied_checksums(req, source)
    encryption = new_object_encryption(store, bucket, req)
    stored.update(encryption)
    acl = new_object_acl(store, bucket, req)  # the source's ACL is never copied
    now = store.clock.now()
    # Object Lock settings are not copied: the request's headers or the bucket's default apply.
    lock = lock_settings(bucket, req, now, sent_integrity=True)
    version = ObjectVersion(
        key=key,
        version_id=bucket.next_version_id(),
        body=source.body,
        etag=md5_etag(source.body),  # the copy is a single-part object, even of a multipart source
        last_modified=now,
        content_type=content_type,
        metadata=metadata,
        headers=stored,
        checksums=object_checksums,
        checksum_type="FULL_OBJECT" if object_checksums else None,
        storage_class=storage_class,
        tags=tags,
        # Annotations come along by default (botocore's model: COPY unless the directive says EXCLUDE).
        annotations=dict(source.annotations) if source.annotations and annotation_directive == "COPY" else None,
        **lock._asdict(),
    )
    bucket.add(version)
    keep_acl(bucket, version, acl)

    result: dict[str, Any] = {"ETag": version.etag, "LastModified": iso8601(version.last_modified)}
    if object_checksums:
        result["ChecksumType"] = "FULL_OBJECT"
        result.update({f"Checksum{algorithm}": value for algorithm, value in object_checksums.items()})
    headers = echoed(encryption)
    if bucket.versioning != UNVERSIONED:
        headers["x-amz-version-id"] = version.version_id
    # A `null` source version is not named: S3 sends CopySourceVersionId only for a real version id.
    if source.version_id != NULL:
        headers["x-amz-copy-source-version-id"] = source.version_id
    if bucket.configs.lifecycle is not None:
        headers.update(expiration_headers(bucket, version))
    return Response.xml("CopyObjectResult", result, headers=headers)


def copied_checksums(req: Request, source: ObjectVersion) -> dict[str, str]:
    """The copy's checksum: of `x-amz-checksum-algorithm` when given, else of the source's algorithm.

    Computed over the whole body, so a multipart source's composite checksum becomes a full-object one;
    a source without one has S3's default CRC64NVME, which the copy keeps (LocalStack's AWS-validated
    `test_s3_checksum_no_automatic_sdk_calculation`: CopyObjectResult carries ChecksumCRC64NVME).
    """
    requested = req.header("x-amz-checksum-algorithm")
    if requested is not None:
        algorithm = requested.upper()
        if algorithm not in checksums.ALGORITHMS:
            raise InvalidRequest(f"Checksum algorithm provided is unsupported. Please try again with any of the "
                                 f"valid types: {', '.join(checksums.ALGORITHMS)}")
        return {algorithm: checksums.compute(algorithm, source.body)}
    source_checksums, checksum_type = stored_checksums(source)
    if checksum_type is None:  # a source S3 kept no checksum for: the copy gets the default
        return default_checksum(checksums.compute(checksums.DEFAULT_ALGORITHM, source.body))
    if checksum_type == "FULL_OBJECT":  # the same bytes: the same value
        return dict(source_checksums)
    return {algorithm: checksums.compute(algorithm, source.body) for algorithm in source_checksums}
