"""The in-memory S3 model: plain Python data, no botocore and no XML."""

from pytest_s3fake.model.bucket import ENABLED, SUSPENDED, UNVERSIONED, Bucket, LockDefault
from pytest_s3fake.model.store import Store
from pytest_s3fake.model.versions import NULL, DeleteMarker, KeyHistory, ObjectVersion, Restore, Version

__all__ = [
    "ENABLED",
    "NULL",
    "SUSPENDED",
    "UNVERSIONED",
    "Bucket",
    "DeleteMarker",
    "KeyHistory",
    "LockDefault",
    "ObjectVersion",
    "Restore",
    "Store",
    "Version",
]
