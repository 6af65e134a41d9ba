"""`x-amz-expiration` on PutObject, GetObject and HeadObject for objects a lifecycle rule expires.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3.py::TestS3BucketLifecycle
(aws.validated): test_bucket_lifecycle_configuration_object_expiry, ..._object_expiry_versioned,
test_object_expiry_after_bucket_lifecycle_configuration, test_bucket_lifecycle_multiple_rules,
test_bucket_lifecycle_object_size_rules, test_bucket_lifecycle_tag_rules,
test_lifecycle_expired_object_delete_marker; the date is LastModified plus Days, rounded up to the next
midnight UTC (LocalStack's add_expiration_days_to_datetime, ceph test_lifecycle_expiration_header_put).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

HEADER = re.compile(r'expiry-date="(.+)", rule-id="(.+)"')


def _lifecycle(s3: Any, bucket: str, *rules: dict[str, Any]) -> None:
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": list(rules)})


def _parsed(answer: dict[str, Any]) -> tuple[datetime, str] | None:
    header = answer.get("Expiration")
    if header is None:
        return None
    match = HEADER.fullmatch(header)
    assert match is not None, header
    return parsedate_to_datetime(match.group(1)), match.group(2)


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_days_rounded_up_to_midnight(s3: Any, bucket: str) -> None:
    """..._object_expiry: on Put, Head and Get; expiry is midnight UTC, Days + 1 after the day written."""
    _lifecycle(s3, bucket, {"ID": "rule_number_one", "Filter": {"Prefix": ""}, "Status": "Enabled",
                            "Expiration": {"Days": 7}})
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"test")
    head = s3.head_object(Bucket=bucket, Key="k")
    get = s3.get_object(Bucket=bucket, Key="k")
    expected = head["LastModified"].astimezone(timezone.utc).replace(hour=0, minute=0, second=0) + timedelta(days=8)
    for answer in (put, head, get):
        assert _parsed(answer) == (expected, "rule_number_one")


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_existing_objects_get_it_once_configured(s3: Any, bucket: str) -> None:
    """test_object_expiry_after_bucket_lifecycle_configuration: no header before the rule, then on Head."""
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="k", Body=b"test")
    _lifecycle(s3, bucket, {"ID": "rule3", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 7}})
    assert _parsed(s3.head_object(Bucket=bucket, Key="k"))[1] == "rule3"  # type: ignore[index]


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_the_first_matching_rule_names_itself(s3: Any, bucket: str) -> None:
    """test_bucket_lifecycle_multiple_rules: with equal days, the first matching rule; no match, no header."""
    _lifecycle(s3, bucket, *[{"ID": rule_id, "Filter": {"Prefix": prefix}, "Status": "Enabled",
                              "Expiration": {"Days": 7}}
                             for rule_id, prefix in (("rule_one", "testobject"), ("rule_two", "test"),
                                                     ("rule_three", "t"))])
    assert _parsed(s3.put_object(Bucket=bucket, Key="testobject-expiry", Body=b"x"))[1] == "rule_one"  # type: ignore[index]
    assert _parsed(s3.put_object(Bucket=bucket, Key="test-one-rule", Body=b"x"))[1] == "rule_two"  # type: ignore[index]
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="no-rules", Body=b"x")


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_size_filters(s3: Any, bucket: str) -> None:
    """test_bucket_lifecycle_object_size_rules."""
    _lifecycle(s3, bucket,
               {"ID": "rule_one", "Filter": {"ObjectSizeGreaterThan": 20}, "Status": "Enabled", "Expiration": {"Days": 7}},
               {"ID": "rule_two", "Filter": {"ObjectSizeLessThan": 10}, "Status": "Enabled", "Expiration": {"Days": 7}})
    assert _parsed(s3.put_object(Bucket=bucket, Key="a", Body=b"a" * 22))[1] == "rule_one"  # type: ignore[index]
    assert _parsed(s3.put_object(Bucket=bucket, Key="b", Body=b"a" * 5))[1] == "rule_two"  # type: ignore[index]
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="c", Body=b"a" * 15)


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_tag_filters(s3: Any, bucket: str) -> None:
    """test_bucket_lifecycle_tag_rules: a Tag filter, an And of two tags; other tags or none, no header."""
    _lifecycle(s3, bucket,
               {"ID": "rule_one", "Filter": {"Tag": {"Key": "testlifecycle", "Value": "positive"}},
                "Status": "Enabled", "Expiration": {"Days": 7}},
               {"ID": "rule_two", "Filter": {"And": {"Tags": [{"Key": "testlifecycle", "Value": "positive"},
                                                              {"Key": "testlifecycletwo", "Value": "positive-two"}]}},
                "Status": "Enabled", "Expiration": {"Days": 7}})
    put = s3.put_object(Bucket=bucket, Key="a", Body=b"x", Tagging="testlifecycle=positive&testlifecycletwo=positivetwo")
    assert _parsed(put)[1] == "rule_one"  # type: ignore[index]
    assert _parsed(s3.get_object(Bucket=bucket, Key="a"))[1] == "rule_one"  # type: ignore[index]
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="b", Body=b"x", Tagging="testlifecycle2=positivetwo")
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="c", Body=b"x")


def test_not_for_a_delete_marker_rule(s3: Any, bucket: str) -> None:
    """test_lifecycle_expired_object_delete_marker: an ExpiredObjectDeleteMarker rule sends no header."""
    _lifecycle(s3, bucket, {"ID": "rule-marker", "Filter": {}, "Status": "Enabled",
                            "Expiration": {"ExpiredObjectDeleteMarker": True}})
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="k", Body=b"test")
    assert "Expiration" not in s3.head_object(Bucket=bucket, Key="k")


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_versioned_only_without_version_id(s3: Any, versioned_bucket: str) -> None:
    """..._object_expiry_versioned: a noncurrent version, or any version named by versionId, gets none."""
    _lifecycle(s3, versioned_bucket, {"ID": "rule2", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 3},
                                      "NoncurrentVersionExpiration": {"NoncurrentDays": 1}})
    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"test")["VersionId"]
    second = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"test")["VersionId"]
    assert "Expiration" not in s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=first)
    assert "Expiration" not in s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=second)
    assert _parsed(s3.head_object(Bucket=versioned_bucket, Key="k"))[1] == "rule2"  # type: ignore[index]


def test_not_for_a_disabled_rule(s3: Any, bucket: str) -> None:
    """A Disabled rule does nothing, so it expires nothing."""
    _lifecycle(s3, bucket, {"ID": "off", "Filter": {}, "Status": "Disabled", "Expiration": {"Days": 3}})
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="k", Body=b"test")


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_date_rule(s3: Any, bucket: str) -> None:
    """A Date rule names its date."""
    when = datetime(2031, 1, 1, tzinfo=timezone.utc)
    _lifecycle(s3, bucket, {"ID": "d", "Filter": {}, "Status": "Enabled", "Expiration": {"Date": when}})
    assert _parsed(s3.put_object(Bucket=bucket, Key="k", Body=b"test")) == (when, "d")


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_copy_and_multipart_too(s3: Any, bucket: str) -> None:
    """CopyObject and CompleteMultipartUpload answer it as PutObject does (botocore's model gives both
    outputs `Expiration` from `x-amz-expiration`)."""
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {"Prefix": "new/"}, "Status": "Enabled", "Expiration": {"Days": 2}})
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    copied = s3.copy_object(Bucket=bucket, Key="new/copy", CopySource={"Bucket": bucket, "Key": "src"})
    assert _parsed(copied)[1] == "r"  # type: ignore[index]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="new/mpu")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="new/mpu", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="new/mpu", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert _parsed(done)[1] == "r"  # type: ignore[index]


@pytest.mark.moto_diverges(reason="moto sends no x-amz-expiration")
def test_follows_tags_set_later(s3: Any, bucket: str) -> None:
    """ceph test_lifecycle_expiration_header_tags_head (runs on AWS): tags set by PutObjectTagging after
    the upload decide whether a tag rule expires the object."""
    _lifecycle(s3, bucket, {"ID": "rule1", "Filter": {"Tag": {"Key": "key1", "Value": "tag1"}}, "Status": "Enabled",
                            "Expiration": {"Days": 1}})
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "key1", "Value": "tag1"}]})
    assert _parsed(s3.head_object(Bucket=bucket, Key="k"))[1] == "rule1"  # type: ignore[index]
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "key1", "Value": "tag2"}]})
    assert "Expiration" not in s3.head_object(Bucket=bucket, Key="k")
