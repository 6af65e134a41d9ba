"""GetObjectAttributes: an object version's ETag, checksum, parts, storage class and size in one call.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html: the attributes named in
`x-amz-object-attributes` only; the ETag without quotes; ObjectParts for a multipart object, paged by
`x-amz-max-parts` and `x-amz-part-number-marker`; a delete marker answers as GetObject does (404 with
`x-amz-delete-marker`, or 405 when addressed by its version id).
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake import values
from pytest_s3fake.errors.codes import InvalidArgument
from pytest_s3fake.ids import http_date
from pytest_s3fake.model import Store
from pytest_s3fake.model.bucket import UNVERSIONED
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket, version_id_param
from pytest_s3fake.operations.encryption import check_customer_key
from pytest_s3fake.operations.object_checksums import stored_checksums
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

ATTRIBUTES = ("ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize")
#: What ListParts and GetObjectAttributes return at most per page.
MAX_PARTS = 1000


def _asked(req: Request) -> list[str]:
    raw = req.header("x-amz-object-attributes") or ""
    asked = [name.strip() for name in raw.split(",") if name.strip()]
    for name in asked:
        if name not in ATTRIBUTES:
            raise InvalidArgument("Invalid attribute name specified.", argument_name="x-amz-object-attributes",
                                  argument_value=name)
    if not asked:
        raise InvalidArgument("Invalid attribute name specified.", argument_name="x-amz-object-attributes",
                              argument_value=raw)
    return asked


@operation("GetObjectAttributes")
def get_object_attributes(store: Store, req: Request) -> Response:
    """The attributes `x-amz-object-attributes` names, of the current version or of `versionId`."""
    bucket = owned_bucket(store, req)
    asked = _asked(req)
    limit = MAX_PARTS
    if (raw := req.header("x-amz-max-parts")) is not None:
        limit = min(values.integer(raw, "x-amz-max-parts", "Provided max-parts not an integer or within integer "
                                   "range", minimum=0), MAX_PARTS)
    marker = 0
    if (raw := req.header("x-amz-part-number-marker")) is not None:
        marker = values.integer(raw, "x-amz-part-number-marker", "Provided part-number-marker not an integer or "
                                "within integer range", minimum=0)
    version = addressed_version(bucket, object_key(req), version_id_param(req), "GET")
    check_customer_key(req, version.headers)
    content: dict[str, Any] = {}
    if "ETag" in asked:
        content["ETag"] = version.etag.strip('"')
    object_checksums, checksum_type = stored_checksums(version) if "Checksum" in asked else ({}, None)
    if checksum_type is not None:
        checksum: dict[str, str] = {f"Checksum{algorithm}": value for algorithm, value in object_checksums.items()}
        checksum["ChecksumType"] = checksum_type
        content["Checksum"] = checksum
    if "ObjectParts" in asked and version.parts is not None:
        numbered = list(enumerate(version.parts, start=1))
        after = [(number, size) for number, size in numbered if number > marker]
        page = after[:limit]
        parts: dict[str, Any] = {
            "PartsCount": str(len(version.parts)),  # botocore's TotalPartsCount
            "PartNumberMarker": str(marker),
            "MaxParts": str(limit),
            "IsTruncated": "true" if len(after) > len(page) else "false",
        }
        if page:
            parts["NextPartNumberMarker"] = str(page[-1][0])
            parts["Part"] = [{"PartNumber": str(number), "Size": str(size)} for number, size in page]
        content["ObjectParts"] = parts
    if "StorageClass" in asked:
        content["StorageClass"] = version.storage_class
    if "ObjectSize" in asked:
        content["ObjectSize"] = str(version.size)
    headers = {"Last-Modified": http_date(version.last_modified)}
    if bucket.versioning != UNVERSIONED:
        headers["x-amz-version-id"] = version.version_id
    return Response.xml("GetObjectAttributesResponse", content, headers=headers)
