"""Object annotations: named UTF-8 payloads attached to one object version (PutObjectAnnotation,
GetObjectAnnotation, DeleteObjectAnnotation, ListObjectAnnotations).

Modelled from botocore's model documentation (the AWS API reference), as no AWS recording we know
shows them: a payload of 1 byte to 1 MiB of valid UTF-8 (else 415 UnsupportedMediaType); a name of 1
to 512 bytes (AnnotationNameTooLong) that does not start with `aws` or `s3` in any case
(InvalidAnnotationName); at most 1,000 per object (AnnotationLimitExceeded); none on an SSE-C object;
`x-amz-object-if-match` makes Put and Delete conditional on the object's ETag (412); annotations are
not versioned, so Put replaces and Delete is permanent (and 204 for a name that is not there); the
object's Object Lock retention guards Delete. They belong to their version: overwriting or deleting
the object takes them with it, and CopyObject copies them unless its annotation directive is EXCLUDE. Annotations inherit the object's encryption (SSE-S3 by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_s3fake import checksums
from pytest_s3fake.errors.codes import (
    AccessDenied,
    AnnotationLimitExceeded,
    AnnotationNameTooLong,
    InvalidAnnotationName,
    InvalidArgument,
    InvalidPrefix,
    InvalidRequest,
    NoSuchAnnotation,
    PreconditionFailed,
    UnsupportedMediaType,
)
from pytest_s3fake.ids import etag, http_date, iso8601
from pytest_s3fake.model import UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.model.versions import Annotation
from pytest_s3fake.operations.common import (
    addressed_version,
    charged_headers,
    flag,
    object_key,
    owned_bucket,
    verify_integrity,
    version_id_param,
)
from pytest_s3fake.operations.encryption import CUSTOMER_ALGORITHM, echoed
from pytest_s3fake.operations.listing import make_token, read_token
from pytest_s3fake.operations.object_checksums import asks_checksums
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.values import parse_integer
from pytest_s3fake.wire import Request, Response

MAX_NAME_BYTES = 512
MAX_PAYLOAD = 1024 * 1024
MAX_PER_OBJECT = 1000
MAX_RESULTS = 1000
_RESERVED = ("aws", "s3")


def _version(store: Store, req: Request) -> tuple[Bucket, ObjectVersion]:
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    return bucket, version


def _name(req: Request) -> str:
    name = req.query.get("annotationName") or ""
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise AnnotationNameTooLong()
    if not name or name.lower().startswith(_RESERVED):
        raise InvalidAnnotationName()
    return name


def _check_object_etag(req: Request, version: ObjectVersion) -> None:
    wanted = req.header("x-amz-object-if-match")
    if wanted is not None and wanted.strip('"') != version.etag.strip('"') and wanted != "*":
        raise PreconditionFailed(condition="x-amz-object-if-match")


def _headers(bucket: Bucket, version: ObjectVersion, req: Request) -> dict[str, str]:
    headers = charged_headers(bucket, req)
    if bucket.versioning != UNVERSIONED:
        headers["x-amz-object-version-id"] = version.version_id
    return headers


def _checksum_headers(stored: Mapping[str, str]) -> dict[str, str]:
    headers = {checksums.header_name(algorithm): value for algorithm, value in stored.items()}
    if headers:
        headers["x-amz-checksum-type"] = "FULL_OBJECT"
    return headers


@operation("PutObjectAnnotation")
def put_object_annotation(store: Store, req: Request) -> Response:
    """Attach (or replace) the annotation `annotationName` on the current version, or on `versionId`."""
    bucket, version = _version(store, req)
    name = _name(req)
    sent = verify_integrity(req, required=False)
    if not 1 <= len(req.body) <= MAX_PAYLOAD:
        raise InvalidRequest("The annotation payload must be between 1 byte and 1 MiB in size.")
    try:
        req.body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsupportedMediaType() from None
    if CUSTOMER_ALGORITHM in version.headers:
        raise InvalidRequest("Objects encrypted with SSE-C cannot have annotations.")
    _check_object_etag(req, version)
    current = dict(version.annotations or {})
    if name not in current and len(current) >= MAX_PER_OBJECT:
        raise AnnotationLimitExceeded()
    annotation = Annotation(name, req.body, etag(req.body), store.clock.now(), sent)
    current[name] = annotation
    version.annotations = current
    headers = {**_headers(bucket, version, req), "ETag": annotation.etag, **_checksum_headers(sent),
               **echoed(version.headers)}
    return Response.xml("PutObjectAnnotationResult", {"Key": version.key, "AnnotationName": name}, headers=headers)


@operation("GetObjectAnnotation")
def get_object_annotation(store: Store, req: Request) -> Response:
    """The payload of one annotation; 404 NoSuchAnnotation when the version has none of that name."""
    bucket, version = _version(store, req)
    name = _name(req)
    annotation = (version.annotations or {}).get(name)
    if annotation is None:
        raise NoSuchAnnotation()
    headers = {**_headers(bucket, version, req), "ETag": annotation.etag,
               "Last-Modified": http_date(annotation.last_modified), "Content-Type": "text/plain; charset=utf-8",
               **echoed(version.headers)}
    if asks_checksums(req):
        headers.update(_checksum_headers(annotation.checksums))
    return Response(200, headers, annotation.payload)


@operation("DeleteObjectAnnotation")
def delete_object_annotation(store: Store, req: Request) -> Response:
    """Remove one annotation for good (204 whether or not it was there)."""
    bucket, version = _version(store, req)
    name = _name(req)
    _check_object_etag(req, version)
    retained = version.retain_until is not None and version.retain_until > store.clock.now()
    if retained and (version.retention_mode == "COMPLIANCE"
                     or not flag(req.header("x-amz-bypass-governance-retention"))):
        raise AccessDenied("Access Denied because object protected by object lock.")
    if version.annotations and name in version.annotations:
        version.annotations = {n: a for n, a in version.annotations.items() if n != name} or None
    return Response.empty(204, _headers(bucket, version, req))



def _max_results(req: Request) -> int:
    text = req.query.get("max-annotation-results")
    if text is None:
        return MAX_RESULTS
    number = parse_integer(text)
    if number is None or not 1 <= number <= MAX_RESULTS:
        raise InvalidArgument(f"max-annotation-results must be an integer from 1 to {MAX_RESULTS}",
                              argument_name="max-annotation-results", argument_value=text)
    return number


def _entry(annotation: Annotation) -> dict[str, Any]:
    entry: dict[str, Any] = {"AnnotationName": annotation.name, "LastModified": iso8601(annotation.last_modified),
                             "ETag": annotation.etag}
    if annotation.checksums:
        entry["ChecksumAlgorithm"] = list(annotation.checksums)
    entry["Size"] = str(len(annotation.payload))
    return entry


@operation("ListObjectAnnotations")
def list_object_annotations(store: Store, req: Request) -> Response:
    """The version's annotations in name order, filtered by `annotation-prefix`, paged by continuation token."""
    bucket, version = _version(store, req)
    prefix = req.query.get("annotation-prefix")
    if prefix is not None and len(prefix.encode("utf-8")) > MAX_NAME_BYTES:
        raise InvalidPrefix()
    limit = _max_results(req)
    token = req.query.get("continuation-token")
    after = read_token(token) if token is not None else None
    annotations = version.annotations or {}
    start = after.encode("utf-8") if after is not None else None
    names = sorted((n for n in annotations if n.startswith(prefix or "") and (start is None or n.encode() > start)),
                   key=lambda n: n.encode("utf-8"))
    page, more = names[:limit], len(names) > limit
    content: dict[str, Any] = {
        "Annotations": {"AnnotationEntry": [_entry(annotations[n]) for n in page]} if page else None,
        "Bucket": bucket.name, "Key": version.key,
    }
    if prefix is not None:
        content["AnnotationPrefix"] = prefix
    content["MaxAnnotationResults"] = str(limit)
    content["AnnotationCount"] = str(len(page))
    if token is not None:
        content["ContinuationToken"] = token
    if more:
        content["NextContinuationToken"] = make_token(page[-1])
    return Response.xml("ListObjectAnnotationsResult", content, headers=_headers(bucket, version, req))
