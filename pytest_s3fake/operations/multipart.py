"""Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts, ListMultipartUploads.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html. Parts are held in the bucket's
`uploads` registry until Complete joins them into one object version (following the bucket's
versioning) or Abort drops them. Listings live in `multipart_listing.py`.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import quote, unquote

from pytest_s3fake import checksums, values
from pytest_s3fake.errors.codes import (
    BadDigest,
    EntityTooSmall,
    InvalidArgument,
    InvalidPart,
    InvalidPartOrder,
    InvalidRange,
    InvalidRequest,
    MalformedXML,
    NoSuchUpload,
    NotModified,
    PreconditionFailed,
)
from pytest_s3fake.ids import etag as md5_etag
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.model.multipart import Part, Upload
from pytest_s3fake.operations.acl import carry_acl, keep_acl, new_object_acl
from pytest_s3fake.operations.common import (
    addressed_version,
    is_well_formed_version_id,
    object_key,
    owned_bucket,
    verify_integrity,
)
from pytest_s3fake.operations.conditional import check_write_conditions, key_state
from pytest_s3fake.operations.encryption import (
    COPY_SOURCE_CUSTOMER,
    check_customer_key,
    check_part_key,
    echoed,
    new_object_encryption,
)
from pytest_s3fake.operations.lifecycle_match import expiration_headers
from pytest_s3fake.operations.object_checksums import answers_checksum, completed_checksums
from pytest_s3fake.operations.objects import (
    MAX_PART_NUMBER,
    check_read_conditions,
    checked_metadata,
    checked_storage_class,
    lock_settings,
    stored_headers,
)
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.operations.restore import check_readable
from pytest_s3fake.operations.tagging import tags_from_header
from pytest_s3fake.wire import Request, Response

#: Every part but the last must be at least 5 MiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html).
MIN_PART_SIZE = 5 * 1024 * 1024
#: Checksum algorithms whose part values combine into a whole-object value (FULL_OBJECT type).
CRC_ALGORITHMS = frozenset({"CRC32", "CRC32C", "CRC64NVME"})


def upload_of(bucket: Bucket, req: Request) -> Upload:
    """The upload `uploadId` names, for the request's key; NoSuchUpload otherwise."""
    upload_id = req.query.get("uploadId", "")
    upload = bucket.uploads.get(upload_id)
    if upload is None or upload.key != (req.key or ""):
        raise NoSuchUpload(upload_id=upload_id)
    return upload


def checksum_headers(upload: Upload) -> dict[str, str]:
    if upload.checksum_algorithm is None:
        return {}
    return {"x-amz-checksum-algorithm": upload.checksum_algorithm, "x-amz-checksum-type": upload.checksum_type or ""}


# --- CreateMultipartUpload ---------------------------------------------------------------------------------


def checksum_settings(req: Request) -> tuple[str | None, str | None]:
    """(algorithm, type) from `x-amz-checksum-algorithm` / `x-amz-checksum-type`.

    S3's defaults: COMPOSITE for CRC32, CRC32C, SHA1 and SHA256, FULL_OBJECT for CRC64NVME; FULL_OBJECT
    only exists for the CRC family (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
    """
    algorithm = req.header("x-amz-checksum-algorithm")
    kind = req.header("x-amz-checksum-type")
    if algorithm is None:
        if kind is not None:
            raise InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
        return None, None
    algorithm = algorithm.upper()
    if algorithm not in checksums.ALGORITHMS:
        raise InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid "
                             "types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
    kind = (kind or ("FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE")).upper()
    if kind not in ("COMPOSITE", "FULL_OBJECT"):
        raise InvalidRequest("Value for x-amz-checksum-type header is invalid.")
    if (kind == "FULL_OBJECT" and algorithm not in CRC_ALGORITHMS) or (kind == "COMPOSITE" and algorithm == "CRC64NVME"):
        raise InvalidRequest(f"The {kind} checksum type cannot be used with the {algorithm.lower()} checksum algorithm.")
    return algorithm, kind


@operation("CreateMultipartUpload")
def create_multipart_upload(store: Store, req: Request) -> Response:
    """Start an upload; metadata, tags, storage class, checksum and Object Lock settings apply on completion."""
    bucket = owned_bucket(store, req)
    key = object_key(req)
    algorithm, kind = checksum_settings(req)
    now = store.clock.now()
    # Object Lock headers are checked (and the bucket default taken) now, as PutObject would.
    lock = lock_settings(bucket, req, now, sent_integrity=True)
    encryption, acl = new_object_encryption(store, bucket, req), new_object_acl(store, bucket, req)
    upload = Upload(
        upload_id=store.ids.upload_id(),
        key=key,
        initiated=now,
        content_type=req.header("content-type") or "binary/octet-stream",
        metadata=checked_metadata(req),
        headers={**stored_headers(req.headers), **encryption},
        tags=tags_from_header(req.header("x-amz-tagging")),
        storage_class=checked_storage_class(req, bucket),
        checksum_algorithm=algorithm,
        checksum_type=kind,
        key_state=key_state(bucket, key),
        **lock._asdict(),
    )
    bucket.uploads.add(upload)
    keep_acl(bucket, upload, acl)
    content = {"Bucket": bucket.name, "Key": key, "UploadId": upload.upload_id}
    return Response.xml("InitiateMultipartUploadResult", content, headers={**echoed(encryption), **checksum_headers(upload)})


# --- UploadPart / UploadPartCopy -----------------------------------------------------------------------------


def part_number(req: Request) -> int:
    return values.integer(req.query.get("partNumber", ""), "partNumber",
                          f"Part number must be an integer between 1 and {MAX_PART_NUMBER}, inclusive",
                          minimum=1, maximum=MAX_PART_NUMBER)


def part_checksums(upload: Upload, sent: dict[str, str], req: Request) -> dict[str, str]:
    """The checksum a part keeps: the upload's algorithm, sent or (for FULL_OBJECT) computed.

    A part sent with another algorithm, or a COMPOSITE upload's part sent without one, is the
    `Checksum Type mismatch` InvalidRequest S3 answers. An upload created without an algorithm
    takes any (verified) part checksum and keeps none.
    """
    algorithm = upload.checksum_algorithm
    if algorithm is None:
        return {}
    sent_algorithm = next(iter(sent), None)
    if (sent_algorithm is not None and sent_algorithm != algorithm) or (
        sent_algorithm is None and upload.checksum_type == "COMPOSITE"
    ):
        actual = sent_algorithm.lower() if sent_algorithm else "null"
        raise InvalidRequest(f"Checksum Type mismatch occurred, expected checksum Type: {algorithm.lower()}, "
                             f"actual checksum Type: {actual}")
    return {algorithm: sent.get(algorithm) or req.checksum(algorithm)}


def part_headers(upload: Upload, part: Part) -> dict[str, str]:
    headers = {"ETag": part.etag, **echoed(upload.headers)}
    for algorithm, value in part.checksums.items():
        headers[checksums.header_name(algorithm)] = value
    return headers


@operation("UploadPart")
def upload_part(store: Store, req: Request) -> Response:
    """Store one part (replacing an earlier part of the same number), checking its digests."""
    bucket = owned_bucket(store, req)
    number = part_number(req)
    upload = upload_of(bucket, req)
    check_part_key(req, upload.headers)
    sent = verify_integrity(req, required=False)
    if (upload.retention_mode is not None or upload.legal_hold) and not sent and "content-md5" not in req.headers:
        raise InvalidRequest("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Part requests with "
                             "Object Lock parameters")
    part = Part(number, req.body, req.etag(), store.clock.now(), part_checksums(upload, sent, req),
                known={a: v for a, v in req.digests.values.items() if a in CRC_ALGORITHMS})
    upload.parts[number] = part
    headers = part_headers(upload, part)
    for algorithm, value in sent.items():  # echoed even when the upload keeps no part checksum
        headers.setdefault(checksums.header_name(algorithm), value)
    return Response.empty(headers=headers)


def copy_source(req: Request) -> tuple[str, str, str | None]:
    """(bucket, key, versionId) from `x-amz-copy-source: /bucket/key?versionId=...` (key URL-encoded)."""
    raw = req.header("x-amz-copy-source") or ""
    path, _, query = raw.partition("?")
    source_bucket, _, source_key = unquote(path).lstrip("/").partition("/")
    if not source_bucket or not source_key:
        raise InvalidArgument("Invalid copy source object key", argument_name="x-amz-copy-source", argument_value=raw)
    version_id = None
    if query:
        name, _, value = query.partition("=")
        if name != "versionId" or not is_well_formed_version_id(unquote(value)):
            raise InvalidArgument("Invalid version id specified", argument_name="x-amz-copy-source",
                                  argument_value=raw)
        version_id = unquote(value)
    return source_bucket, source_key, version_id


@operation("UploadPartCopy")
def upload_part_copy(store: Store, req: Request) -> Response:
    """A part made from (a byte range of) an existing object version, with the copy-source conditions."""
    bucket = owned_bucket(store, req)
    number = part_number(req)
    upload = upload_of(bucket, req)
    source_bucket, source_key, version_id = copy_source(req)
    source = addressed_version(store.bucket(source_bucket), source_key, version_id, "GET")
    check_readable(source, store.clock, source=True)
    check_customer_key(req, source.headers, COPY_SOURCE_CUSTOMER)
    check_part_key(req, upload.headers)
    check_source_conditions(req, source)
    body = source.body
    range_header = req.header("x-amz-copy-source-range")
    if range_header is not None:
        first, last = copy_range(range_header, source.size)
        body = source.body[first : last + 1]
    algorithm = upload.checksum_algorithm
    part = Part(number, body, md5_etag(body), store.clock.now(),
                {algorithm: checksums.compute(algorithm, body)} if algorithm is not None else {})
    upload.parts[number] = part
    result: dict[str, Any] = {"ETag": part.etag, "LastModified": iso8601(part.last_modified)}
    for algorithm, value in part.checksums.items():
        result[f"Checksum{algorithm}"] = value
    headers = echoed(upload.headers)
    if store.bucket(source_bucket).versioning != UNVERSIONED:
        headers["x-amz-copy-source-version-id"] = source.version_id
    return Response.xml("CopyPartResult", result, headers=headers)


def check_source_conditions(req: Request, source: ObjectVersion) -> None:
    """`x-amz-copy-source-if-*`: GetObject's conditions, but every failure is 412 PreconditionFailed.
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html"""
    prefix = "x-amz-copy-source-"
    conditions = {name[len(prefix):]: value for name, value in req.headers.items() if name.startswith(prefix + "if-")}
    try:
        check_read_conditions(Request("GetObject", "GET", req.url, None, None, {}, conditions, b""), source)
    except NotModified:
        raise PreconditionFailed(condition="x-amz-copy-source-If-None-Match") from None


def copy_range(header: str, size: int) -> tuple[int, int]:
    """`x-amz-copy-source-range: bytes=first-last`: both offsets required, inside the source object."""
    spec = values.byte_range_spec(header)
    first, last = spec if spec is not None else (None, None)
    if first is None or last is None or first > last:
        raise InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first "
                              "and last are the zero-based offsets of the first and last bytes to copy",
                              argument_name="x-amz-copy-source-range", argument_value=header)
    if last >= size:
        raise InvalidRange(range_requested=header, actual_object_size=size)
    return first, last


# --- CompleteMultipartUpload / AbortMultipartUpload -----------------------------------------------------------


def requested_parts(req: Request, upload: Upload) -> list[tuple[int, dict[str, Any]]]:
    """The `<Part>` list of the Complete request, checked for order; MalformedXML when empty, and
    InvalidRequest "You must specify at least one part" when there is no document at all."""
    if not req.body.strip():
        raise InvalidRequest("You must specify at least one part")
    doc = req.xml("CompleteMultipartUpload", force_list=("Part",))
    listed = doc.get("Part") or []
    if not listed:
        raise MalformedXML()
    out: list[tuple[int, dict[str, Any]]] = []
    for entry in listed:
        number = entry.get("PartNumber")  # an int: the document was checked against the model's shape
        if number is None:
            raise MalformedXML()
        if out and number <= out[-1][0]:
            raise InvalidPartOrder(upload_id=upload.upload_id)
        out.append((number, entry))
    return out


def chosen_parts(req: Request, upload: Upload) -> list[Part]:
    """The uploaded parts the Complete request names, with S3's InvalidPart and EntityTooSmall checks."""
    chosen: list[Part] = []
    for number, entry in requested_parts(req, upload):
        part = upload.parts.get(number)
        etag = str(entry.get("ETag") or "")
        if part is None or etag.strip('"') != part.etag.strip('"'):
            raise InvalidPart(upload_id=upload.upload_id, part_number=number, e_tag=etag)
        algorithm = upload.checksum_algorithm
        if algorithm is None and any(name.startswith("Checksum") for name in entry):
            # An upload created without an algorithm has no part checksums to match (AWS-validated
            # LocalStack test_complete_multipart_parts_checksum_default).
            raise InvalidPart(upload_id=upload.upload_id, part_number=number, e_tag=etag)
        if algorithm is not None:
            given = entry.get(f"Checksum{algorithm}")
            if given is None and upload.checksum_type == "COMPOSITE":
                raise InvalidRequest(f"The upload was created using a {algorithm.lower()} checksum. The complete "
                                     f"request must include the checksum for each part. It was missing for part "
                                     f"{number} in the request.")
            if given is not None and given != part.checksums.get(algorithm):
                raise InvalidPart(upload_id=upload.upload_id, part_number=number, e_tag=etag)
        chosen.append(part)
    for part in chosen[:-1]:
        if part.size < MIN_PART_SIZE:
            raise EntityTooSmall(proposed_size=part.size, min_size_allowed=MIN_PART_SIZE,
                                 part_number=part.number, e_tag=part.etag.strip('"'))
    return chosen


def multipart_etag(parts: list[Part]) -> str:
    """S3's multipart ETag: MD5 of the concatenated binary part MD5s, then `-<number of parts>`."""
    digest = hashlib.md5(b"".join(bytes.fromhex(p.etag.strip('"')) for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def kept_part_checksums(upload: Upload, parts: list[Part]) -> tuple[str, ...] | None:
    """The parts' checksums of the upload's algorithm, for reads of one part; None unless every part has one."""
    algorithm = upload.checksum_algorithm
    if algorithm is None or not all(algorithm in p.checksums for p in parts):
        return None
    return tuple(p.checksums[algorithm] for p in parts)


def whole_crc(algorithm: str, parts: list[Part], body: bytes) -> str:
    """The CRC of the whole body, combined from the parts' when each part's is known."""
    pieces = [(p.checksums.get(algorithm) or p.known.get(algorithm), p.size) for p in parts]
    return checksums.combine(algorithm, pieces) or checksums.compute(algorithm, body)


def object_checksum(req: Request, upload: Upload, parts: list[Part], body: bytes) -> dict[str, str]:
    """The completed object's checksum: COMPOSITE is the checksum of the part checksums with `-N`;
    FULL_OBJECT is the CRC of the whole body. Either is checked against one the request may send (a
    composite one with or without its `-N`): a wrong one is BadDigest and completes nothing."""
    algorithm = upload.checksum_algorithm
    if algorithm is None:
        return {}
    if upload.checksum_type == "COMPOSITE":
        raw = b"".join(base64.b64decode(p.checksums[algorithm]) for p in parts)
        value = f"{checksums.compute(algorithm, raw)}-{len(parts)}"
    else:
        value = whole_crc(algorithm, parts, body)
    sent = req.header(checksums.header_name(algorithm))
    if sent is not None and sent not in (value, value.rsplit("-", 1)[0]):
        raise BadDigest(f"The {algorithm} you specified did not match the calculated checksum.")
    return {algorithm: value}


@operation("CompleteMultipartUpload")
def complete_multipart_upload(store: Store, req: Request) -> Response:
    """Join the named parts into a new object version; the upload and its unnamed parts are gone."""
    bucket = owned_bucket(store, req)
    repeated = bucket.uploads.completed.get(req.query.get("uploadId", ""))
    if repeated is not None and repeated[0] == (req.key or "") and bucket.uploads.get(req.query["uploadId"]) is None:
        # A retried Complete of an upload that already completed answers as the first one did (200, the same
        # ETag), whatever its conditions say now: S3 keeps Complete idempotent for a while.
        _, first_result, first_headers, _ = repeated
        return Response.xml("CompleteMultipartUploadResult", dict(first_result), headers=dict(first_headers))
    upload = upload_of(bucket, req)
    kind = req.header("x-amz-checksum-type")
    if kind is not None and kind.upper() != upload.checksum_type:
        raise InvalidRequest(f"The upload was created using the {upload.checksum_type or 'null'} checksum mode. "
                             f"The complete request must use the same checksum mode.")
    parts = chosen_parts(req, upload)
    check_write_conditions(bucket, upload.key, req, upload)
    body = b"".join(p.body for p in parts)
    object_checksums, checksum_type = completed_checksums(object_checksum(req, upload, parts, body),
                                                          upload.checksum_type, upload.headers,
                                                          lambda algorithm: whole_crc(algorithm, parts, body))
    version = ObjectVersion(
        key=upload.key,
        version_id=bucket.next_version_id(),
        body=body,
        etag=multipart_etag(parts),
        last_modified=store.clock.now(),
        content_type=upload.content_type,
        metadata=upload.metadata,
        headers=upload.headers,
        checksums=object_checksums,
        checksum_type=checksum_type,
        storage_class=upload.storage_class,
        tags=upload.tags,
        retention_mode=upload.retention_mode,
        retain_until=upload.retain_until,
        legal_hold=upload.legal_hold,
        parts=tuple(p.size for p in parts),
        part_checksums=kept_part_checksums(upload, parts),
    )
    bucket.complete_upload(upload.upload_id, version)
    carry_acl(bucket, upload, version)
    result: dict[str, Any] = {
        "Location": f"https://{bucket.name}.s3.{bucket.region}.amazonaws.com/{quote(upload.key)}",
        "Bucket": bucket.name,
        "Key": upload.key,
        "ETag": version.etag,
    }
    if object_checksums and answers_checksum(upload.headers):
        result.update({f"Checksum{algorithm}": value for algorithm, value in object_checksums.items()})
        result["ChecksumType"] = checksum_type
    headers = echoed(upload.headers, customer=False)
    if bucket.versioning != UNVERSIONED:
        headers["x-amz-version-id"] = version.version_id
    if bucket.configs.lifecycle is not None:
        headers.update(expiration_headers(bucket, version))
    bucket.uploads.remember_completed(upload.upload_id, upload.key, result, headers, version.version_id)
    return Response.xml("CompleteMultipartUploadResult", result, headers=headers)


@operation("AbortMultipartUpload")
def abort_multipart_upload(store: Store, req: Request) -> Response:
    """Drop an upload and its parts; NoSuchUpload when it is not in progress."""
    bucket = owned_bucket(store, req)
    upload = upload_of(bucket, req)
    bucket.uploads.remove(upload.upload_id)
    bucket.security.object_acls.pop(upload, None)
    return Response.empty(204)
