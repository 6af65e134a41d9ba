"""Custom `endpoint_url`s: the bucket and key come from botocore's own addressing, so any host works.

Issue 17: with `https://caf-o.s3-ext.jc.rl.ac.uk` (a host whose labels look like S3's `bucket.s3-...`),
`create_bucket(Bucket="mybucket")` used to make a bucket `caf-o`. moto's `test_s3_custom_endpoint.py`
covers the same endpoints (not against AWS: these hosts are not AWS).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from pytest_s3fake import S3Fake

ENDPOINTS = [
    ("https://caf-o.s3-ext.jc.rl.ac.uk", "path"),
    ("https://caf-o.s3-ext.jc.rl.ac.uk", "virtual"),
    ("https://account.r2.cloudflarestorage.com", "virtual"),
    ("https://s3.wasabisys.com", "path"),
    ("http://minio.internal:9000", "path"),
    ("http://localhost:9000", "path"),
]


def client(endpoint: str, style: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k",
                        aws_secret_access_key="s", config=Config(s3={"addressing_style": style}))


@pytest.mark.parametrize(("endpoint", "style"), ENDPOINTS)
def test_bucket_and_key_follow_botocore_addressing(endpoint: str, style: str) -> None:
    with S3Fake() as fake:
        s3 = client(endpoint, style)
        s3.create_bucket(Bucket="mybucket")
        s3.put_object(Bucket="mybucket", Key="dir/a b+c.txt", Body=b"x")
        assert [b.name for b in fake.store.buckets()] == ["mybucket"]
        assert s3.get_object(Bucket="mybucket", Key="dir/a b+c.txt")["Body"].read() == b"x"
        listed = s3.list_objects_v2(Bucket="mybucket")["Contents"]
        assert [o["Key"] for o in listed] == ["dir/a b+c.txt"]
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["mybucket"]


def test_a_key_that_starts_with_the_bucket_name() -> None:
    with S3Fake():
        s3 = client("https://caf-o.s3-ext.jc.rl.ac.uk", "path")
        s3.create_bucket(Bucket="mybucket")
        s3.put_object(Bucket="mybucket", Key="mybucket/k", Body=b"x")
        assert s3.get_object(Bucket="mybucket", Key="mybucket/k")["Body"].read() == b"x"
