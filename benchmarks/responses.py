"""Precomputed S3 response bodies for the floor, shaped as S3 documents them.

Written with plain string templates (no emulator involved), so the floor costs botocore exactly what
parsing S3's real answer costs: same elements, same number of entries.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from xml.sax.saxutils import escape

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
LAST_MODIFIED = "2026-06-01T12:00:00.000Z"
OWNER = "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner>"
#: What S3 lists for an object stored without a checksum since 2025: its default FULL_OBJECT CRC64NVME.
CHECKSUM = "<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>"
XML = {"Content-Type": "application/xml"}


def etag(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def _x(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def version_id(n: int) -> str:
    """A 32-character version id, like S3's."""
    return hashlib.sha256(str(n).encode()).hexdigest()[:32]


def delete_result(keys: Sequence[str], *, marker_ids: Sequence[str] | None = None) -> bytes:
    """DeleteObjects (not quiet): one `<Deleted>` per key; with `marker_ids`, each made a delete marker."""
    parts = [HEAD, f"<DeleteResult {NS}>"]
    for i, key in enumerate(keys):
        if marker_ids is None:
            parts.append(f"<Deleted><Key>{_x(key)}</Key></Deleted>")
        else:
            parts.append(f"<Deleted><Key>{_x(key)}</Key><DeleteMarker>true</DeleteMarker>"
                         f"<DeleteMarkerVersionId>{marker_ids[i]}</DeleteMarkerVersionId></Deleted>")
    parts.append("</DeleteResult>")
    return "".join(parts).encode()


def list_v2_page(bucket: str, keys: Sequence[str], body: bytes, *, truncated: bool) -> bytes:
    """One ListObjectsV2 page (botocore asks for `encoding-type=url`, so S3 echoes it)."""
    tag = _x(etag(body))
    parts = [HEAD, f"<ListBucketResult {NS}><Name>{bucket}</Name><Prefix></Prefix>"]
    if truncated:
        parts.append(f"<NextContinuationToken>{version_id(len(keys))}</NextContinuationToken>")
    parts.append(f"<KeyCount>{len(keys)}</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>"
                 f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
    for key in keys:
        parts.append(f"<Contents><Key>{_x(key)}</Key><LastModified>{LAST_MODIFIED}</LastModified>"
                     f"<ETag>{tag}</ETag>{CHECKSUM}<Size>{len(body)}</Size><StorageClass>STANDARD</StorageClass>"
                     "</Contents>")
    parts.append("</ListBucketResult>")
    return "".join(parts).encode()


def list_versions_page(
    bucket: str, keys: Sequence[str], version_ids: Sequence[str], marker_ids: Sequence[str], body: bytes,
    *, key_marker: str | None, truncated: bool,
) -> bytes:
    """One ListObjectVersions page: per key, the current delete marker, then the object version under it."""
    tag = _x(etag(body))
    parts = [HEAD, f"<ListVersionsResult {NS}><Name>{bucket}</Name><Prefix></Prefix>"]
    parts.append(f"<KeyMarker>{_x(key_marker or '')}</KeyMarker><VersionIdMarker></VersionIdMarker>")
    if truncated:
        parts.append(f"<NextKeyMarker>{_x(keys[-1])}</NextKeyMarker>"
                     f"<NextVersionIdMarker>{version_ids[-1]}</NextVersionIdMarker>")
    parts.append(f"<MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>"
                 f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
    for key, vid, mid in zip(keys, version_ids, marker_ids, strict=False):
        parts.append(f"<DeleteMarker><Key>{_x(key)}</Key><VersionId>{mid}</VersionId><IsLatest>true</IsLatest>"
                     f"<LastModified>{LAST_MODIFIED}</LastModified>{OWNER}</DeleteMarker>")
        parts.append(f"<Version><Key>{_x(key)}</Key><VersionId>{vid}</VersionId><IsLatest>false</IsLatest>"
                     f"<LastModified>{LAST_MODIFIED}</LastModified><ETag>{tag}</ETag>{CHECKSUM}<Size>{len(body)}</Size>"
                     f"<StorageClass>STANDARD</StorageClass>{OWNER}</Version>")
    parts.append("</ListVersionsResult>")
    return "".join(parts).encode()


def object_headers(body: bytes) -> dict[str, str]:
    """GetObject's headers for an object stored without user metadata or checksums."""
    return {
        "Content-Type": "binary/octet-stream",
        "ETag": etag(body),
        "Last-Modified": "Mon, 01 Jun 2026 12:00:00 GMT",
        "Accept-Ranges": "bytes",
        "x-amz-server-side-encryption": "AES256",
        "Content-Length": str(len(body)),
    }
