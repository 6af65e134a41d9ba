"""A small piece of application code, as a user of pytest-s3fake would have it: nothing here knows about
the fake. It empties a prefix of a bucket with DeleteObjects, in batches of up to 1000 keys, and reports
the keys S3 refused to delete."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: `pip install pytest-s3fake[typing]` (mypy-boto3-s3)
    from mypy_boto3_s3 import S3Client

BATCH = 1000


@dataclass
class PurgeReport:
    deleted: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # key -> S3 error code


def _keys(client: S3Client, bucket: str, prefix: str) -> Iterator[str]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            yield obj["Key"]


def purge_prefix(client: S3Client, bucket: str, prefix: str) -> PurgeReport:
    """Delete every object under `prefix`; keys that fail are reported, not raised."""
    report = PurgeReport()
    keys = list(_keys(client, bucket, prefix))
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        response = client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
        )
        errors = response.get("Errors", [])
        report.failed.update({e["Key"]: e["Code"] for e in errors})
        report.deleted += len(batch) - len(errors)
    return report


def archive_report(client: S3Client, bucket: str, name: str, body: bytes) -> str:
    """Store a report under reports/, keeping earlier versions when the bucket is versioned."""
    response = client.put_object(Bucket=bucket, Key=f"reports/{name}", Body=body, ContentType="text/csv")
    return str(response.get("VersionId", "null"))
