"""CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation through a real boto3 client."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def test_create_list_delete_bucket(s3: Any) -> None:
    s3.create_bucket(Bucket="alpha-bucket")
    s3.create_bucket(Bucket="beta-bucket")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names == ["alpha-bucket", "beta-bucket"]
    s3.delete_bucket(Bucket="alpha-bucket")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["beta-bucket"]


def _assert_invalid_bucket_name(s3: Any, name: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=name)
    assert error_code(exc) == "InvalidBucketName"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("name", ["ab", "x" * 64])
def test_invalid_bucket_name_length(s3: Any, name: str) -> None:
    _assert_invalid_bucket_name(s3, name)


@pytest.mark.moto_diverges(reason="moto accepts bucket names that break S3's naming rules")
@pytest.mark.parametrize("name", ["UpperCase", "has_underscore", "-leading", "trailing-", "a..b", "192.168.1.1",
                                  "xn--punycode", "bucket-s3alias"])
def test_invalid_bucket_name_rules(s3: Any, name: str) -> None:
    _assert_invalid_bucket_name(s3, name)


def test_head_bucket_missing_is_404_without_body(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.head_bucket(Bucket="no-such-bucket")
    assert error_code(exc) == "404"


def test_delete_non_empty_bucket(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(exc) == "BucketNotEmpty"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
