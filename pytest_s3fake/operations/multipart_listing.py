"""Reading multipart uploads: ListParts (one upload's parts), GetPart (one part's bytes) and
ListMultipartUploads (a bucket's uploads)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pytest_s3fake import checksums, values
from pytest_s3fake.errors.codes import InvalidArgument, NoSuchPart, NoSuchUpload
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.model.multipart import Upload
from pytest_s3fake.operations.buckets import owner_id
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.encryption import check_customer_key, echoed
from pytest_s3fake.operations.multipart import part_number, upload_of
from pytest_s3fake.operations.object_checksums import asks_checksums
from pytest_s3fake.operations.objects import byte_range, part_checksum_headers, spanned
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MAX_LIST = 1000


def bounded_int(req: Request, name: str, default: int, *, maximum: int = MAX_LIST) -> int:
    """A non-negative integer query parameter, capped at `maximum` as S3 caps max-parts and max-uploads."""
    raw = req.query.get(name)
    if raw is None:
        return default
    number = values.integer(raw, name, f"Provided {name} not an integer or within integer range",
                            minimum=0, maximum=2**31 - 1)
    return min(number, maximum)


def owner(store: Store) -> dict[str, str]:
    return {"ID": owner_id(store.account_id), "DisplayName": "s3fake"}


@operation("ListParts")
def list_parts(store: Store, req: Request) -> Response:
    """One upload's parts in part-number order, paged by part-number-marker and max-parts."""
    bucket = owned_bucket(store, req)
    upload = upload_of(bucket, req)
    marker = bounded_int(req, "part-number-marker", 0, maximum=10_000)
    max_parts = bounded_int(req, "max-parts", MAX_LIST)
    page: list[dict[str, Any]] = []
    truncated = False
    for part in upload.sorted_parts(after=marker):
        if len(page) == max_parts:
            truncated = True
            break
        entry: dict[str, Any] = {"PartNumber": str(part.number), "LastModified": iso8601(part.last_modified),
                                 "ETag": part.etag, "Size": str(part.size)}
        entry.update({f"Checksum{algorithm}": value for algorithm, value in part.checksums.items()})
        page.append(entry)
    content: dict[str, Any] = {"Bucket": bucket.name, "Key": upload.key, "UploadId": upload.upload_id,
                               "PartNumberMarker": str(marker)}
    if page:
        content["NextPartNumberMarker"] = page[-1]["PartNumber"]
    content.update({"MaxParts": str(max_parts), "IsTruncated": "true" if truncated else "false", "Part": page,
                    "Initiator": owner(store), "Owner": owner(store), "StorageClass": upload.storage_class})
    if upload.checksum_algorithm is not None:
        content["ChecksumAlgorithm"] = upload.checksum_algorithm
        content["ChecksumType"] = upload.checksum_type
    return Response.xml("ListPartsResult", content)


# --- GetPart -----------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPart.html: one part of an upload in progress or
# completed, by upload id and part number, whole or one Range of it; NoSuchPart for a number never
# uploaded (or past the completed object's parts), NoSuchUpload for an id that is neither in progress nor
# completed into a version that is still there.


@operation("GetPart")
def get_part(store: Store, req: Request) -> Response:
    """The bytes of one part, with its ETag and whether its upload is still in progress."""
    bucket = owned_bucket(store, req)
    number = part_number(req)
    upload_id = req.query.get("uploadId", "")
    upload = bucket.uploads.get(upload_id)
    checksummed = asks_checksums(req) and "range" not in req.headers
    body: bytes | memoryview
    if upload is not None and upload.key == (req.key or ""):
        check_customer_key(req, upload.headers)
        part = upload.parts.get(number)
        if part is None:
            raise NoSuchPart(upload_id=upload_id, part_number=number)
        headers = {"ETag": part.etag, **echoed(upload.headers), "x-amz-multipart-upload-status": "IN_PROGRESS"}
        if checksummed:
            headers.update({checksums.header_name(a): v for a, v in part.checksums.items()})
        body, storage_class = part.body, upload.storage_class
    else:
        version = completed_version(bucket, req, upload_id)
        check_customer_key(req, version.headers)
        sizes = version.parts or ()
        if number > len(sizes):
            raise NoSuchPart(upload_id=upload_id, part_number=number)
        start = sum(sizes[: number - 1])
        headers = {"ETag": version.etag, **echoed(version.headers), "x-amz-multipart-upload-status": "COMPLETED"}
        if checksummed:
            headers.update(part_checksum_headers(version, str(number)))
        if bucket.versioning != UNVERSIONED and version.version_id != "null":
            headers["x-amz-version-id"] = version.version_id
        body = memoryview(version.body)[start: start + sizes[number - 1]]
        storage_class = version.storage_class
    if storage_class != "STANDARD":
        headers["x-amz-storage-class"] = storage_class
    headers["Accept-Ranges"] = "bytes"
    return spanned(headers, body, byte_range(req, len(body)))


def completed_version(bucket: Bucket, req: Request, upload_id: str) -> ObjectVersion:
    """The version a completed upload of the request's key made, while it is still stored."""
    completed = bucket.uploads.completed.get(upload_id)
    if completed is None or completed[0] != (req.key or ""):
        raise NoSuchUpload(upload_id=upload_id)
    key, result, _, version_id = completed
    version = bucket.version(key, version_id)
    if not isinstance(version, ObjectVersion) or version.etag != result["ETag"] or version.parts is None:
        raise NoSuchUpload(upload_id=upload_id)
    return version


def upload_entry(store: Store, upload: Upload, encode: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"Key": encode(upload.key), "UploadId": upload.upload_id,
                             "Initiator": owner(store), "Owner": owner(store),
                             "StorageClass": upload.storage_class, "Initiated": iso8601(upload.initiated)}
    if upload.checksum_algorithm is not None:
        entry["ChecksumAlgorithm"] = upload.checksum_algorithm
        entry["ChecksumType"] = upload.checksum_type
    return entry


@operation("ListMultipartUploads")
def list_multipart_uploads(store: Store, req: Request) -> Response:
    """In-progress uploads by key, then initiation; with prefix, delimiter, key and upload-id markers."""
    bucket = owned_bucket(store, req)
    prefix = req.query.get("prefix", "")
    delimiter = req.query.get("delimiter", "")
    key_marker = req.query.get("key-marker") or None
    # S3 ignores upload-id-marker unless key-marker is given too.
    upload_id_marker = req.query.get("upload-id-marker") if key_marker else None
    max_uploads = bounded_int(req, "max-uploads", MAX_LIST)
    encoding = req.query.get("encoding-type")
    if encoding is not None and encoding != "url":
        raise InvalidArgument("Invalid Encoding Method specified in Request", argument_name="encoding-type",
                              argument_value=encoding)

    def encode(text: str) -> str:
        return quote(text, safe="/") if encoding else text

    if prefix and (key_marker is None or key_marker < prefix):
        candidates = bucket.uploads.from_key(prefix)
    else:
        candidates = bucket.uploads.after(key_marker, upload_id_marker)
    uploads: list[dict[str, Any]] = []
    prefixes: list[str] = []
    truncated, last_key, last_id = False, None, None
    for upload in candidates:
        if not upload.key.startswith(prefix):
            break
        cut = upload.key.find(delimiter, len(prefix)) if delimiter else -1
        common = upload.key[: cut + len(delimiter)] if cut >= 0 else None
        if common is not None and prefixes and prefixes[-1] == common:
            continue
        if common is not None and key_marker is not None and key_marker.startswith(common):
            continue  # the previous page ended inside this common prefix
        if len(uploads) + len(prefixes) == max_uploads:
            truncated = True
            break
        if common is not None:
            prefixes.append(common)
            last_key, last_id = common, None
        else:
            uploads.append(upload_entry(store, upload, encode))
            last_key, last_id = upload.key, upload.upload_id
    content: dict[str, Any] = {"Bucket": bucket.name, "KeyMarker": encode(key_marker or ""),
                               "UploadIdMarker": upload_id_marker or ""}
    if truncated and last_key is not None:
        content["NextKeyMarker"] = encode(last_key)
        content["NextUploadIdMarker"] = last_id or ""
    if encoding:
        content["EncodingType"] = encoding
    content.update({"MaxUploads": str(max_uploads), "IsTruncated": "true" if truncated else "false",
                    "Upload": uploads, "CommonPrefixes": [{"Prefix": encode(p)} for p in prefixes]})
    if prefix:
        content["Prefix"] = encode(prefix)
    if delimiter:
        content["Delimiter"] = encode(delimiter)
    return Response.xml("ListMultipartUploadsResult", content)
