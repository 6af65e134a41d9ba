"""Deleting one key or one version, by S3's versioning rules. Shared by DeleteObject and DeleteObjects.

- Unversioned bucket, no version id: the object goes away (a missing key is not an error).
- Versioning Enabled, no version id: a new delete marker becomes current; every version is kept.
- Versioning Suspended, no version id: the `null` version (if any) is replaced by a delete marker whose
  version id is `null`; other versions are kept.
- A version id: that version or delete marker is removed for good; the one before becomes current.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from pytest_s3fake.errors.codes import AccessDenied
from pytest_s3fake.model import ENABLED, NULL, SUSPENDED, Bucket, DeleteMarker, Version
from pytest_s3fake.operations.protection import LOCKED_MESSAGE, lock_blocks


class Deletion(NamedTuple):
    """What one delete did, in the terms of S3's `<Deleted>` entry and DeleteObject's headers.

    A NamedTuple: DeleteObjects makes up to 1000 in one request, at half a frozen dataclass's cost."""

    key: str
    version_id: str | None = None
    delete_marker: bool = False
    delete_marker_version_id: str | None = None


def delete_current(bucket: Bucket, key: str, now: datetime) -> Deletion:
    """A delete without a version id."""
    if bucket.versioning == ENABLED:
        marker = DeleteMarker(key, bucket.new_version_id(), now)
        bucket.add(marker)
        return Deletion(key, delete_marker=True, delete_marker_version_id=marker.version_id)
    if bucket.versioning == SUSPENDED:
        bucket.add(DeleteMarker(key, NULL, now))
        return Deletion(key, delete_marker=True, delete_marker_version_id=NULL)
    bucket.remove(key, NULL)
    return Deletion(key)


def delete_version(bucket: Bucket, version: Version, *, bypass: bool, now: datetime) -> Deletion:
    """Remove `version` permanently, unless Object Lock protects it (403 AccessDenied)."""
    if lock_blocks(version, bypass=bypass, now=now):
        raise AccessDenied(LOCKED_MESSAGE)
    bucket.remove(version.key, version.version_id)
    if version.is_delete_marker:
        return Deletion(version.key, version.version_id, True, version.version_id)
    return Deletion(version.key, version.version_id)
