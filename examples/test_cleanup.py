"""Tests for examples/cleanup.py, written as a user would write them with pytest-s3fake.

Run them with `pytest examples` (see README.md): no AWS account, no network, no server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from botocore.config import Config

from examples.cleanup import archive_report, purge_prefix

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

    from pytest_s3fake import S3Fake


def test_purge_deletes_only_the_prefix(s3fake_client: S3Client, s3fake_bucket: Callable[..., str]) -> None:
    bucket = s3fake_bucket()
    for i in range(2500):  # more than two DeleteObjects batches
        s3fake_client.put_object(Bucket=bucket, Key=f"tmp/{i:05d}", Body=b"x")
    s3fake_client.put_object(Bucket=bucket, Key="keep/me", Body=b"y")

    report = purge_prefix(s3fake_client, bucket, "tmp/")

    assert report.deleted == 2500 and report.failed == {}
    left = s3fake_client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [obj["Key"] for obj in left] == ["keep/me"]


def test_purge_sends_batches_of_at_most_1000_keys_in_quiet_mode(s3fake: S3Fake, s3fake_client: S3Client, s3fake_bucket: Callable[..., str]) -> None:
    bucket = s3fake_bucket()
    for i in range(2001):
        s3fake_client.put_object(Bucket=bucket, Key=f"tmp/{i}", Body=b"")

    purge_prefix(s3fake_client, bucket, "tmp/")

    batches = s3fake.calls.of("DeleteObjects")
    assert [len(call.objects) for call in batches] == [1000, 1000, 1]
    assert all(call.quiet for call in batches)


def test_purge_reports_keys_that_s3_refused(s3fake: S3Fake, s3fake_client: S3Client, s3fake_bucket: Callable[..., str]) -> None:
    bucket = s3fake_bucket()
    for key in ("tmp/a", "tmp/b", "tmp/c"):
        s3fake_client.put_object(Bucket=bucket, Key=key, Body=b"x")
    # One key fails inside the batch, as a partial DeleteObjects failure does on AWS.
    s3fake.faults.add("DeleteObjects", "AccessDenied", bucket=bucket, key="tmp/b")

    report = purge_prefix(s3fake_client, bucket, "tmp/")

    assert report.deleted == 2
    assert report.failed == {"tmp/b": "AccessDenied"}
    assert s3fake.store.bucket(bucket).current("tmp/b") is not None  # still there


def test_purge_survives_throttling(s3fake: S3Fake, s3fake_bucket: Callable[..., str], s3fake_no_backoff: list[float]) -> None:
    client = s3fake.client(config=Config(retries={"mode": "standard", "max_attempts": 5}))
    bucket = s3fake_bucket()
    client.put_object(Bucket=bucket, Key="tmp/a", Body=b"x")
    fault = s3fake.faults.add("DeleteObjects", ["SlowDown", "SlowDown", None])

    assert purge_prefix(client, bucket, "tmp/").deleted == 1
    assert fault.hits == 2
    assert len(s3fake_no_backoff) == 2  # botocore backed off twice (without sleeping in the test)
    assert [call.attempt for call in s3fake.calls.of("DeleteObjects")] == [1, 2, 3]


@pytest.mark.s3fake(buckets=["reports"], versioning=True)
def test_archive_keeps_every_version(s3fake: S3Fake) -> None:
    import boto3

    client = boto3.client("s3")  # any client in the process is answered by the fake
    first = archive_report(client, "reports", "daily.csv", b"a,b\n1,2\n")
    second = archive_report(client, "reports", "daily.csv", b"a,b\n3,4\n")

    assert first != second
    versions = s3fake.store.bucket("reports").versions("reports/daily.csv")
    assert [v.version_id for v in versions] == [second, first]  # newest first, as S3 lists them
