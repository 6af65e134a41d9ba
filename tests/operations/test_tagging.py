"""Object and bucket tagging through a real boto3 client, and x-amz-tagging on PutObject."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def status(exc: pytest.ExceptionInfo[Any]) -> int:
    return int(exc.value.response["ResponseMetadata"]["HTTPStatusCode"])


def tag_set(tags: dict[str, str]) -> dict[str, Any]:
    return {"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}


def as_dict(response: Any) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in response["TagSet"]}


def test_object_tagging_round_trip(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set({"team": "data", "empty": ""}))
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k")) == {"team": "data", "empty": ""}
    assert s3.head_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 2
    deleted = s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    assert "x-amz-tagging-count" not in s3.head_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]


def test_tagging_header_on_put_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&b=two%20words")
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k")) == {"a": "1", "b": "two words"}


@pytest.mark.moto_diverges(reason="moto sends no x-amz-version-id on PutObjectTagging")
def test_object_tagging_by_version(s3: Any, versioned_bucket: str) -> None:
    old = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")["VersionId"]
    new = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2")["VersionId"]
    put = s3.put_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=old, Tagging=tag_set({"v": "old"}))
    assert put["VersionId"] == old
    got = s3.get_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=old)
    assert (as_dict(got), got["VersionId"]) == ({"v": "old"}, old)
    current = s3.get_object_tagging(Bucket=versioned_bucket, Key="k")
    assert (current["TagSet"], current["VersionId"]) == ([], new)
    assert s3.delete_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=old)["VersionId"] == old
    assert s3.get_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=old)["TagSet"] == []


def test_tagging_of_missing_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_object_tagging(Bucket=bucket, Key="missing")
    assert (error_code(exc), status(exc)) == ("NoSuchKey", 404)


def test_too_many_object_tags(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set({f"k{i}": "v" for i in range(10)}))
    with pytest.raises(ClientError) as exc:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set({f"k{i}": "v" for i in range(11)}))
    assert (error_code(exc), status(exc)) == ("BadRequest", 400)
    assert exc.value.response["Error"]["Message"] == "Object tags cannot be greater than 10"
    assert len(s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"]) == 10


@pytest.mark.parametrize("tag", [{"k" * 129: "v"}, {"k": "v" * 257}, {"k": "inv&alid"}])
def test_invalid_tag(s3: Any, bucket: str, tag: dict[str, str]) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set(tag))
    assert (error_code(exc), status(exc)) == ("InvalidTag", 400)


def test_longest_tag_is_accepted(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=tag_set({"k" * 128: "v" * 256}))
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k")) == {"k" * 128: "v" * 256}


@pytest.mark.moto_diverges(reason="moto accepts duplicate tag keys in PutObjectTagging")
def test_duplicate_tag_keys(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    duplicated = {"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]}
    with pytest.raises(ClientError) as exc:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging=duplicated)
    assert (error_code(exc), status(exc)) == ("InvalidTag", 400)
    assert exc.value.response["Error"]["Message"] == "Cannot provide multiple Tags with the same key"


@pytest.mark.parametrize("header", ["a=1&a=2", "="])
@pytest.mark.moto_diverges(reason="moto does not validate the x-amz-tagging header")
def test_malformed_tagging_header(s3: Any, bucket: str, header: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging=header)
    assert (error_code(exc), status(exc)) == ("InvalidArgument", 400)


def test_too_many_tags_in_header(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="&".join(f"k{i}=v" for i in range(11)))
    assert (error_code(exc), status(exc)) == ("BadRequest", 400)


@pytest.mark.moto_diverges(reason="moto answers NoSuchVersion for a delete marker's version id")
def test_tagging_of_delete_marker_version(s3: Any, versioned_bucket: str) -> None:
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.get_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=marker)
    assert (error_code(exc), status(exc)) == ("MethodNotAllowed", 405)


def test_bucket_tagging(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as missing:
        s3.get_bucket_tagging(Bucket=bucket)
    assert (error_code(missing), status(missing)) == ("NoSuchTagSet", 404)
    s3.put_bucket_tagging(Bucket=bucket, Tagging=tag_set({"cost-center": "42", "env": "test"}))
    assert as_dict(s3.get_bucket_tagging(Bucket=bucket)) == {"cost-center": "42", "env": "test"}
    assert s3.delete_bucket_tagging(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as deleted:
        s3.get_bucket_tagging(Bucket=bucket)
    assert error_code(deleted) == "NoSuchTagSet"


def test_bucket_tagging_allows_fifty_tags(s3: Any, bucket: str) -> None:
    s3.put_bucket_tagging(Bucket=bucket, Tagging=tag_set({f"k{i}": "v" for i in range(50)}))
    assert len(s3.get_bucket_tagging(Bucket=bucket)["TagSet"]) == 50


def test_bucket_tagging_duplicate_keys(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "1"},
                                                                 {"Key": "a", "Value": "2"}]})
    assert (error_code(exc), status(exc)) == ("InvalidTag", 400)


def test_bucket_tagging_of_missing_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_tagging(Bucket="no-such-bucket-here")
    assert (error_code(exc), status(exc)) == ("NoSuchBucket", 404)


def test_put_object_tag_with_reserved_prefix(s3: Any, bucket: str) -> None:
    """PutObject's `x-amz-tagging` refuses an `aws:` key with its own message (AWS-recorded:
    moto's aws_verified `test_put_object_with_tagging`, tests/test_s3/test_s3_tagging.py, asserts this message); PutObjectTagging
    keeps "System tags cannot be added/updated by requester"."""
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="aws:owner=me")
    assert error_code(exc) == "InvalidTag"
    assert exc.value.response["Error"]["Message"] == "Your TagKey cannot be prefixed with aws:"
