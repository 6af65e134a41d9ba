"""Object and bucket tagging, and the tag rules PutObject and CopyObject share for `x-amz-tagging`.

Limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html): at most 10 tags per
object and 50 per bucket; keys of 1 to 128 and values of 0 to 256 Unicode characters, made of letters,
digits, spaces and `_ . : / = + - @`; keys are unique and may not start with the reserved `aws:`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from pytest_s3fake.errors.codes import BadRequest, InvalidArgument, InvalidTag, MalformedXML, NoSuchTagSet
from pytest_s3fake.model import UNVERSIONED, Bucket, ObjectVersion, Store
from pytest_s3fake.operations.common import (
    addressed_version,
    object_key,
    owned_bucket,
    verify_integrity,
    version_id_param,
)
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MAX_OBJECT_TAGS = 10
MAX_BUCKET_TAGS = 50
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256
_TAG_PUNCTUATION = frozenset(" _.:/=+-@")
_TAGGING_HEADER_MESSAGE = (
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without "
    "tag name duplicates."
)


def _allowed(text: str) -> bool:
    return all(ch in _TAG_PUNCTUATION or unicodedata.category(ch)[0] in "LNZ" for ch in text)


_RESERVED_MESSAGE = "System tags cannot be added/updated by requester"
# PutObject's `x-amz-tagging` header words the reserved-prefix refusal differently from PutObjectTagging.
_RESERVED_HEADER_MESSAGE = "Your TagKey cannot be prefixed with aws:"


def check_tags(
    pairs: Iterable[tuple[str, str]], *, limit: int, reserved_message: str = _RESERVED_MESSAGE
) -> dict[str, str]:
    """A validated tag set. S3 checks each tag in request order (duplicates included), then the count."""
    tags: dict[str, str] = {}
    for key, value in pairs:
        if not key or len(key) > MAX_TAG_KEY or not _allowed(key):
            raise InvalidTag("The TagKey you have provided is invalid", tag_key=key)
        if key.startswith("aws:"):
            raise InvalidTag(reserved_message, tag_key=key)
        if len(value) > MAX_TAG_VALUE or not _allowed(value):
            raise InvalidTag(tag_key=key, tag_value=value)
        if key in tags:
            raise InvalidTag("Cannot provide multiple Tags with the same key", tag_key=key)
        tags[key] = value
    if len(tags) > limit:
        what = "Object tags" if limit == MAX_OBJECT_TAGS else "Bucket tag count"
        raise BadRequest(f"{what} cannot be greater than {limit}")
    return tags


def tags_from_header(value: str | None) -> dict[str, str]:
    """Tags from `x-amz-tagging: k1=v1&k2=v2` (URL query form), as PutObject and CopyObject take them."""
    if not value:
        return {}
    pairs = parse_qsl(value, keep_blank_values=True)
    keys = [key for key, _ in pairs]
    if not pairs or "" in keys or len(set(keys)) != len(keys):
        raise InvalidArgument(_TAGGING_HEADER_MESSAGE, argument_name="x-amz-tagging", argument_value=value)
    return check_tags(pairs, limit=MAX_OBJECT_TAGS, reserved_message=_RESERVED_HEADER_MESSAGE)


def tags_from_body(req: Request, *, limit: int) -> dict[str, str]:
    """The `<Tagging><TagSet><Tag>` document of a Put*Tagging request, validated."""
    verify_integrity(req, required=True)  # S3 requires Content-MD5 or a checksum on these
    doc = req.xml("Tagging", force_list=("Tag",))
    if "TagSet" not in doc:
        raise MalformedXML()
    pairs = []
    for tag in doc["TagSet"].get("Tag", []):  # checked against the model's shape: dicts of texts
        if tag.get("Key") is None or "Value" not in tag:
            raise MalformedXML()
        pairs.append((tag["Key"], tag["Value"] or ""))
    return check_tags(pairs, limit=limit)


def tag_set(tags: Mapping[str, str]) -> dict[str, Any]:
    """The `<TagSet>` element of a Get*Tagging answer."""
    return {"TagSet": {"Tag": [{"Key": k, "Value": v} for k, v in tags.items()]} if tags else None}


# --- object tagging --------------------------------------------------------------------------------------


def _tagged_version(store: Store, req: Request) -> tuple[Bucket, ObjectVersion]:
    bucket = owned_bucket(store, req)
    return bucket, addressed_version(bucket, object_key(req), version_id_param(req), req.method)


def _version_header(bucket: Bucket, version: ObjectVersion) -> dict[str, str]:
    return {"x-amz-version-id": version.version_id} if bucket.versioning != UNVERSIONED else {}


@operation("PutObjectTagging")
def put_object_tagging(store: Store, req: Request) -> Response:
    """Replace the tag set of the current version, or of `versionId`."""
    bucket, version = _tagged_version(store, req)
    version.tags = tags_from_body(req, limit=MAX_OBJECT_TAGS)
    return Response.empty(200, _version_header(bucket, version))


@operation("GetObjectTagging")
def get_object_tagging(store: Store, req: Request) -> Response:
    """The tag set of the current version, or of `versionId` (empty when it has none)."""
    bucket, version = _tagged_version(store, req)
    return Response.xml("Tagging", tag_set(version.tags), headers=_version_header(bucket, version))


@operation("DeleteObjectTagging")
def delete_object_tagging(store: Store, req: Request) -> Response:
    """Remove every tag from the current version, or from `versionId`."""
    bucket, version = _tagged_version(store, req)
    version.tags = {}
    return Response.empty(204, _version_header(bucket, version))


# --- bucket tagging --------------------------------------------------------------------------------------


@operation("PutBucketTagging")
def put_bucket_tagging(store: Store, req: Request) -> Response:
    """Replace the bucket's tag set."""
    bucket = owned_bucket(store, req)
    bucket.tags = tags_from_body(req, limit=MAX_BUCKET_TAGS)
    return Response.empty(204)


@operation("GetBucketTagging")
def get_bucket_tagging(store: Store, req: Request) -> Response:
    """The bucket's tag set; 404 NoSuchTagSet when it has none."""
    bucket = owned_bucket(store, req)
    if not bucket.tags:
        raise NoSuchTagSet(bucket_name=bucket.name)
    return Response.xml("Tagging", tag_set(bucket.tags))


@operation("DeleteBucketTagging")
def delete_bucket_tagging(store: Store, req: Request) -> Response:
    """Remove the bucket's tag set (204 whether or not it had one)."""
    owned_bucket(store, req).tags = {}
    return Response.empty(204)
