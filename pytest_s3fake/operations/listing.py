"""Listing: ListObjects (V1), ListObjectsV2 and ListObjectVersions.

A page walks the bucket's sorted keys with `irange` from the marker, and jumps over a whole
CommonPrefix in one O(log n) step, so a page costs O(log n + page) however big the bucket is.
Markers and continuation tokens are positions, not entries: one that names a key or version deleted
since the previous page still continues from there (clients list a page, delete it, and list on).
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import quote

from pytest_s3fake import values
from pytest_s3fake.errors.codes import InvalidArgument
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import Bucket, ObjectVersion, Store, Version
from pytest_s3fake.operations.buckets import owner_id
from pytest_s3fake.operations.common import charged_headers, flag, is_well_formed_version_id, owned_bucket
from pytest_s3fake.operations.object_checksums import checksum_algorithms
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.operations.restore import restore_status, wants_restore_status
from pytest_s3fake.wire import Repeated, Request, Response

DEFAULT_MAX_KEYS = 1000
_MAX_INT = 2**31 - 1
_TOKEN_TAG = b"s3fake-list:"
_LAST_CODE_POINT = 0x10FFFF

#: `(after, inclusive) -> keys in order`: `Bucket.live_keys` or `Bucket.all_keys`.
KeySource = Callable[..., Iterator[str]]


@dataclass(frozen=True, slots=True)
class CommonPrefix:
    prefix: str


# --- request parameters ----------------------------------------------------------------------------------


def max_keys_param(req: Request) -> int:
    """`max-keys`: 0..2^31-1; S3 never returns more than 1,000 entries in a page."""
    raw = req.query.get("max-keys")
    if raw is None:
        return DEFAULT_MAX_KEYS
    return values.integer(raw, "max-keys", "Provided max-keys not an integer or within integer range",
                          minimum=0, maximum=_MAX_INT)


def encoding_param(req: Request) -> str | None:
    """`encoding-type`: absent or `url`."""
    value = req.query.get("encoding-type")
    if value is not None and value != "url":
        raise InvalidArgument("Invalid Encoding Method specified in Request",
                              argument_name="encoding-type", argument_value=value)
    return value


def delimiter_param(req: Request) -> str | None:
    # An empty delimiter means none; S3 then leaves <Delimiter> out of the response too.
    return req.query.get("delimiter") or None


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """The query parameters all three listings share, validated in S3's order."""

    prefix: str
    delimiter: str | None
    max_keys: int
    encoding: str | None
    encode: Callable[[str], str]


def listing_query(req: Request) -> ListingQuery:
    prefix = req.query.get("prefix", "")
    delimiter = delimiter_param(req)
    max_keys = max_keys_param(req)
    encoding = encoding_param(req)
    return ListingQuery(prefix, delimiter, max_keys, encoding, encoder(encoding))


def add_common_fields(content: dict[Any, Any], bucket: Bucket, query: ListingQuery, entries: list[Any]) -> None:
    """The fields every listing ends with, in S3's order: Name, Prefix, Delimiter, MaxKeys,
    CommonPrefixes, EncodingType."""
    encode = query.encode
    content["Name"] = bucket.name
    content["Prefix"] = encode(query.prefix)
    echo(content, Delimiter=encode(query.delimiter) if query.delimiter else None)
    content["MaxKeys"] = query.max_keys
    content["CommonPrefixes"] = common_prefixes(entries, encode)
    echo(content, EncodingType=query.encoding)


def make_token(position: str) -> str:
    """An opaque continuation token standing for the last key or CommonPrefix of a page."""
    return base64.b64encode(_TOKEN_TAG + position.encode("utf-8")).decode()


def read_token(token: str) -> str:
    """The position a continuation token stands for; InvalidArgument when we did not make it."""
    try:
        raw = base64.b64decode(token, validate=True)
        if raw.startswith(_TOKEN_TAG):
            return raw[len(_TOKEN_TAG):].decode("utf-8")
    except (binascii.Error, ValueError):
        pass
    raise InvalidArgument("The continuation token provided is incorrect",
                          argument_name="continuation-token", argument_value=token)


# --- walking the bucket ----------------------------------------------------------------------------------


def past_prefix(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with `prefix` (None: there is none)."""
    while prefix and ord(prefix[-1]) == _LAST_CODE_POINT:
        prefix = prefix[:-1]
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else None


def rolled_up(key: str, prefix: str, delimiter: str | None) -> str | None:
    """The CommonPrefix `key` rolls up into: `prefix` plus everything up to the first delimiter after it."""
    if delimiter is None:
        return None
    cut = key.find(delimiter, len(prefix))
    return key[: cut + len(delimiter)] if cut >= 0 else None


def walk(keys_from: KeySource, prefix: str, delimiter: str | None, marker: str | None) -> Iterator[str | CommonPrefix]:
    """Keys under `prefix` after `marker`, in order, each CommonPrefix once in place of its keys.

    A CommonPrefix at or before the marker was listed already (the marker is it, or lies inside it), so
    it is skipped; a page that ended with a CommonPrefix therefore continues after all of its keys.
    """
    if marker is None or marker < prefix:
        keys = keys_from(prefix, inclusive=True)
    else:
        keys = keys_from(marker)
    while (key := next(keys, None)) is not None:
        if not key.startswith(prefix):
            return
        common = rolled_up(key, prefix, delimiter)
        if common is None:
            yield key
            continue
        if marker is None or common > marker:
            yield CommonPrefix(common)
        bound = past_prefix(common)
        if bound is None:
            return
        keys = keys_from(bound, inclusive=True)


def page(entries: Iterator[Any], max_keys: int) -> tuple[list[Any], bool]:
    """Up to `max_keys` entries, and whether more follow (max-keys=0 is an empty, untruncated page)."""
    limit = min(max_keys, DEFAULT_MAX_KEYS)
    if limit == 0:
        return [], False
    taken = list(islice(entries, limit + 1))
    return taken[:limit], len(taken) > limit


# --- response pieces -------------------------------------------------------------------------------------


def encoder(encoding: str | None) -> Callable[[str], str]:
    """With `encoding-type=url`, S3 percent-encodes key names (UTF-8; space is %20, `/` stays)."""
    if encoding is None:
        return str
    return lambda value: quote(value, safe="/")


def owner(bucket: Bucket) -> dict[str, str]:
    return {"DisplayName": "s3fake", "ID": owner_id(bucket.owner)}


def object_fields(version: ObjectVersion) -> dict[str, Any]:
    """ETag, checksum, size and storage class, as `<Contents>` and `<Version>` carry them."""
    algorithms, checksum_type = checksum_algorithms(version)  # S3's default CRC64NVME when none was sent
    fields: dict[str, Any] = {"ETag": version.etag}
    if checksum_type is not None:
        fields["ChecksumAlgorithm"] = algorithms
        fields["ChecksumType"] = checksum_type
    fields["Size"] = version.size
    fields["StorageClass"] = version.storage_class
    return fields


def common_prefixes(entries: list[Any], encode: Callable[[str], str]) -> list[dict[str, str]]:
    return [{"Prefix": encode(e.prefix)} for e in entries if isinstance(e, CommonPrefix)]


def echo(content: dict[str, Any], **optional: str | None) -> None:
    """Add the request values S3 echoes only when they were sent."""
    content.update({name: value for name, value in optional.items() if value is not None})


# --- ListObjects / ListObjectsV2 -------------------------------------------------------------------------


def restore_moment(store: Store, req: Request) -> datetime | None:
    """The moment to read restores at when the listing asks for `RestoreStatus`, else None."""
    return store.clock.now() if wants_restore_status(req) else None


def add_restore_status(entry: dict[str, Any], version: ObjectVersion, now: datetime | None) -> None:
    if now is not None and version.restore is not None:
        status = restore_status(version, now)
        if status is not None:
            entry["RestoreStatus"] = status


def contents(bucket: Bucket, keys: list[Any], encode: Callable[[str], str], *, with_owner: bool,
             restores_at: datetime | None = None) -> list[dict[str, Any]]:
    out = []
    for key in keys:
        if isinstance(key, CommonPrefix):
            continue
        version = bucket.current(key)
        assert isinstance(version, ObjectVersion)
        entry = {"Key": encode(key), "LastModified": iso8601(version.last_modified), **object_fields(version)}
        if with_owner:
            entry["Owner"] = owner(bucket)
        add_restore_status(entry, version, restores_at)
        out.append(entry)
    return out


def last_position(entries: list[Any]) -> str:
    last = entries[-1]
    return last.prefix if isinstance(last, CommonPrefix) else str(last)


@operation("ListObjects")
def list_objects(store: Store, req: Request) -> Response:
    """One page of the bucket's current objects after `marker` (the V1 listing)."""
    bucket = owned_bucket(store, req)
    query = listing_query(req)
    encode = query.encode
    marker = req.query.get("marker") or None
    entries, truncated = page(walk(bucket.live_keys, query.prefix, query.delimiter, marker), query.max_keys)
    content: dict[str, Any] = {"IsTruncated": truncated, "Marker": encode(marker or "")}
    # NextMarker only with a delimiter; without one, clients continue from the last Key.
    if truncated and query.delimiter is not None:
        content["NextMarker"] = encode(last_position(entries))
    content["Contents"] = contents(bucket, entries, encode, with_owner=True, restores_at=restore_moment(store, req))
    add_common_fields(content, bucket, query, entries)
    return Response.xml("ListBucketResult", content, headers=charged_headers(bucket, req))


@operation("ListObjectsV2")
def list_objects_v2(store: Store, req: Request) -> Response:
    """One page of the bucket's current objects after `start-after` or a continuation token."""
    bucket = owned_bucket(store, req)
    query = listing_query(req)
    encode = query.encode
    start_after = req.query.get("start-after")
    token = req.query.get("continuation-token")
    # A continuation token takes precedence over start-after, which S3 still echoes.
    marker = read_token(token) if token is not None else (start_after or None)
    entries, truncated = page(walk(bucket.live_keys, query.prefix, query.delimiter, marker), query.max_keys)
    content: dict[str, Any] = {
        "IsTruncated": truncated,
        "Contents": contents(bucket, entries, encode, with_owner=flag(req.query.get("fetch-owner")),
                             restores_at=restore_moment(store, req)),
    }
    add_common_fields(content, bucket, query, entries)
    content["KeyCount"] = len(entries)
    echo(content, ContinuationToken=token,
         NextContinuationToken=make_token(last_position(entries)) if truncated else None,
         StartAfter=encode(start_after) if start_after is not None else None)
    return Response.xml("ListBucketResult", content, headers=charged_headers(bucket, req))


# --- ListObjectVersions ----------------------------------------------------------------------------------


def versions_after(bucket: Bucket, key: str, version_id: str) -> Iterator[Version]:
    """Versions of `key` older than `version_id` (which may have been deleted since), newest first."""
    seq = bucket.seq_of(key, version_id)
    if seq is None:
        return
    for version in bucket.versions(key):
        if version.seq < seq:
            yield version


def walk_versions(bucket: Bucket, prefix: str, delimiter: str | None, key_marker: str | None,
                  version_marker: str | None) -> Iterator[Version | CommonPrefix]:
    """Keys ascending, each key's versions and delete markers newest first, CommonPrefixes rolled up."""
    if (key_marker is not None and version_marker is not None and key_marker.startswith(prefix)
            and rolled_up(key_marker, prefix, delimiter) is None):
        yield from versions_after(bucket, key_marker, version_marker)
    for entry in walk(bucket.all_keys, prefix, delimiter, key_marker):
        if isinstance(entry, CommonPrefix):
            yield entry
            continue
        yield from bucket.versions(entry)


def version_entries(bucket: Bucket, entries: list[Any], encode: Callable[[str], str],
                    restores_at: datetime | None = None) -> dict[Repeated, dict[str, Any]]:
    """`<Version>` and `<DeleteMarker>` elements interleaved in listing order, as S3 sends them."""
    out: dict[Repeated, dict[str, Any]] = {}
    for version in entries:
        if isinstance(version, CommonPrefix):
            continue
        latest = bucket.current(version.key) is version
        common = {"Key": encode(version.key), "VersionId": version.version_id, "IsLatest": latest,
                  "LastModified": iso8601(version.last_modified), "Owner": owner(bucket)}
        if isinstance(version, ObjectVersion):
            entry = {**object_fields(version), **common}
            add_restore_status(entry, version, restores_at)
            out[Repeated("Version")] = entry
        else:
            out[Repeated("DeleteMarker")] = common
    return out


@operation("ListObjectVersions")
def list_object_versions(store: Store, req: Request) -> Response:
    """One page of every version and delete marker, after `key-marker` / `version-id-marker`."""
    bucket = owned_bucket(store, req)
    query = listing_query(req)
    encode = query.encode
    key_marker = req.query.get("key-marker") or None
    version_marker = req.query.get("version-id-marker") or None
    if version_marker is not None:
        if key_marker is None:
            raise InvalidArgument("A version-id marker cannot be specified without a key marker.",
                                  argument_name="version-id-marker", argument_value=version_marker)
        if not is_well_formed_version_id(version_marker):
            raise InvalidArgument("Invalid version id specified", argument_name="version-id-marker",
                                  argument_value=version_marker)
    walker = walk_versions(bucket, query.prefix, query.delimiter, key_marker, version_marker)
    entries, truncated = page(walker, query.max_keys)
    content: dict[Any, Any] = {
        "IsTruncated": truncated,
        "KeyMarker": encode(key_marker or ""),
        "VersionIdMarker": version_marker or "",
    }
    if truncated:
        last = entries[-1]
        if isinstance(last, CommonPrefix):
            content["NextKeyMarker"] = encode(last.prefix)
        else:
            content["NextKeyMarker"] = encode(last.key)
            content["NextVersionIdMarker"] = last.version_id
    content.update(version_entries(bucket, entries, encode, restore_moment(store, req)))
    add_common_fields(content, bucket, query, entries)
    return Response.xml("ListVersionsResult", content, headers=charged_headers(bucket, req))
