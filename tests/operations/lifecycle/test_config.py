"""Lifecycle configuration through boto3: Put/Get/DeleteBucketLifecycleConfiguration and the legacy
PutBucketLifecycle/GetBucketLifecycle, with S3's answers to bad rules.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3.py::TestS3BucketLifecycle
(aws.validated, with test_s3.snapshot.json) and in ceph s3-tests' lifecycle tests that are not
`fails_on_aws` (s3tests/functional/test_s3.py); each test names its source.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def _put(s3: Any, bucket: str, *rules: dict[str, Any], **kwargs: Any) -> Any:
    return s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": list(rules)},
                                                 **kwargs)


def _rule(**fields: Any) -> dict[str, Any]:
    return {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 7}, **fields}


def _error(s3: Any, bucket: str, *rules: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as exc:
        _put(s3, bucket, *rules)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 403)
    return error_code(exc), exc.value.response["Error"]["Message"]


def test_not_configured_then_set_then_deleted(s3: Any, bucket: str) -> None:
    """LocalStack test_delete_bucket_lifecycle_configuration: 404 NoSuchLifecycleConfiguration with the
    bucket name, delete 204 even when nothing is set, and the rule read back as sent."""
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(exc) == "NoSuchLifecycleConfiguration"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert exc.value.response["Error"]["Message"] == "The lifecycle configuration does not exist"
    assert exc.value.response["Error"]["BucketName"] == bucket
    assert s3.delete_bucket_lifecycle(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    rule = {"Expiration": {"Days": 7}, "ID": "wholebucket", "Filter": {"Prefix": ""}, "Status": "Enabled"}
    _put(s3, bucket, rule)
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == [rule]
    assert s3.delete_bucket_lifecycle(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(exc) == "NoSuchLifecycleConfiguration"


@pytest.mark.moto_diverges(reason="moto drops object size filters")
def test_every_kind_of_rule_reads_back(s3: Any, bucket: str) -> None:
    """LocalStack test_bucket_lifecycle_multiple_rules, _object_size_rules, _tag_rules,
    _configuration_date; ceph test_lifecycle_get, test_lifecycle_set_multipart: rules come back in order,
    as sent."""
    rules = [
        {"ID": "prefix", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 7}},
        {"ID": "size", "Filter": {"ObjectSizeGreaterThan": 20}, "Status": "Enabled", "Expiration": {"Days": 7}},
        {"ID": "tag", "Filter": {"Tag": {"Key": "k", "Value": "v"}}, "Status": "Disabled", "Expiration": {"Days": 1}},
        {"ID": "and", "Filter": {"And": {"Prefix": "a/", "Tags": [{"Key": "k", "Value": "v"}, {"Key": "k2", "Value": "v"}],
                                         "ObjectSizeLessThan": 100}},
         "Status": "Enabled", "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
                                              {"Days": 90, "StorageClass": "GLACIER"}]},
        {"ID": "date", "Filter": {}, "Status": "Enabled",
         "Expiration": {"Date": datetime(2030, 1, 1, tzinfo=timezone.utc)}},
        {"ID": "legacy-prefix", "Prefix": "old/", "Status": "Enabled",
         "NoncurrentVersionExpiration": {"NoncurrentDays": 60, "NewerNoncurrentVersions": 2},
         "NoncurrentVersionTransitions": [{"NoncurrentDays": 30, "StorageClass": "ONEZONE_IA"}]},
        {"ID": "uploads", "Filter": {"Prefix": "up/"}, "Status": "Enabled",
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2}},
        {"ID": "marker", "Filter": {}, "Status": "Enabled", "Expiration": {"ExpiredObjectDeleteMarker": True}},
    ]
    _put(s3, bucket, *rules)
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == rules


@pytest.mark.moto_diverges(reason="moto generates no rule ID")
def test_a_rule_without_id_gets_one(s3: Any, bucket: str) -> None:
    """ceph test_lifecycle_get_no_id (runs on AWS): each rule read back has an ID."""
    _put(s3, bucket, {"Expiration": {"Days": 31}, "Prefix": "test1/", "Status": "Enabled"},
         {"Expiration": {"Days": 120}, "Prefix": "test2/", "Status": "Enabled"})
    ids = [rule["ID"] for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]]
    assert len(ids) == 2 and all(ids) and ids[0] != ids[1]


@pytest.mark.moto_diverges(reason="moto does not answer the TransitionDefaultMinimumObjectSize header")
def test_transition_default_minimum_object_size(s3: Any, bucket: str) -> None:
    """LocalStack test_s3_transition_default_minimum_object_size: all_storage_classes_128K unless asked,
    echoed by Put and Get; another value is InvalidRequest."""
    assert _put(s3, bucket, _rule())["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["TransitionDefaultMinimumObjectSize"] == (
        "all_storage_classes_128K")
    answer = _put(s3, bucket, _rule(), TransitionDefaultMinimumObjectSize="varies_by_storage_class")
    assert answer["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["TransitionDefaultMinimumObjectSize"] == (
        "varies_by_storage_class")
    with pytest.raises(ClientError) as exc:
        _put(s3, bucket, _rule(), TransitionDefaultMinimumObjectSize="value")
    assert error_code(exc) == "InvalidRequest"
    assert exc.value.response["Error"]["Message"] == "Invalid TransitionDefaultMinimumObjectSize found: value"


def test_legacy_put_and_get(s3: Any, bucket: str) -> None:
    """The deprecated PutBucketLifecycle: a Prefix and one Transition per rule, read back by both Gets."""
    rule = {"ID": "old", "Prefix": "a/", "Status": "Enabled", "Expiration": {"Days": 60},
            "Transition": {"Days": 30, "StorageClass": "GLACIER"}}
    s3.put_bucket_lifecycle(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    assert s3.get_bucket_lifecycle(Bucket=bucket)["Rules"] == [rule]
    current = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert current["Transitions"] == [{"Days": 30, "StorageClass": "GLACIER"}]


def test_configuration_goes_with_the_bucket(s3: Any) -> None:
    """LocalStack test_delete_lifecycle_configuration_on_bucket_deletion."""
    s3.create_bucket(Bucket="reborn")
    _put(s3, "reborn", _rule())
    s3.delete_bucket(Bucket="reborn")
    s3.create_bucket(Bucket="reborn")
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_lifecycle_configuration(Bucket="reborn")
    assert error_code(exc) == "NoSuchLifecycleConfiguration"


# --- S3's answers to bad rules -----------------------------------------------------------------------

MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema"


@pytest.mark.parametrize("rule", [
    pytest.param({"ID": "r", "Status": "Enabled", "Expiration": {"Days": 7}}, id="no-filter-no-prefix"),
    pytest.param(_rule(Filter={"And": {"Prefix": "test"}, "Prefix": ""}), id="filter-and-plus-prefix"),
    pytest.param(_rule(Expiration={"Days": 1, "ExpiredObjectDeleteMarker": True}), id="marker-and-days"),
])
def test_malformed(s3: Any, bucket: str, rule: dict[str, Any]) -> None:
    """LocalStack test_put_bucket_lifecycle_conf_exc (missing-id/missing-filter, wrong-filter-and-plus-prefix,
    expired-delete-marker-and-days)."""
    assert _error(s3, bucket, rule) == ("MalformedXML", MALFORMED)


@pytest.mark.moto_diverges(reason="moto accepts these")
@pytest.mark.parametrize("rule", [
    pytest.param(_rule(Filter={"ObjectSizeGreaterThan": 500, "Prefix": ""}), id="filter-size-plus-prefix"),
    pytest.param(_rule(NoncurrentVersionExpiration={}), id="empty-noncurrent-expiration"),
    pytest.param(_rule(Prefix="x"), id="filter-and-rule-prefix"),
])
def test_malformed_moto_accepts(s3: Any, bucket: str, rule: dict[str, Any]) -> None:
    """LocalStack test_put_bucket_lifecycle_conf_exc (wrong-filter-and-and-object-size,
    missing-noncurrent-version-expiration-data); a Filter beside the rule's Prefix, as the first."""
    assert _error(s3, bucket, rule) == ("MalformedXML", MALFORMED)


@pytest.mark.moto_diverges(reason="moto does not check the Status enumeration")
@pytest.mark.parametrize("status", ["enabled", "disabled", "invalid"])
def test_invalid_status(s3: Any, bucket: str, status: str) -> None:
    """ceph test_lifecycle_invalid_status (runs on AWS): MalformedXML."""
    assert _error(s3, bucket, _rule(Status=status))[0] == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto does not check the Date")
def test_date_not_at_midnight(s3: Any, bucket: str) -> None:
    """LocalStack test_put_bucket_lifecycle_conf_exc (wrong-data-no-midnight)."""
    with pytest.raises(ClientError) as exc:
        _put(s3, bucket, _rule(Expiration={"Date": datetime(2023, 1, 1, 2, 2, tzinfo=timezone.utc)}))
    assert error_code(exc) == "InvalidArgument"
    assert exc.value.response["Error"]["Message"] == "'Date' must be at midnight GMT"
    assert exc.value.response["Error"]["ArgumentName"] == "Date"


@pytest.mark.moto_diverges(reason="moto accepts duplicate tag keys")
def test_duplicate_tag_keys(s3: Any, bucket: str) -> None:
    """LocalStack test_put_bucket_lifecycle_conf_exc (duplicate-tag-keys)."""
    rule = _rule(Filter={"And": {"Tags": [{"Key": "t", "Value": "a"}, {"Key": "t", "Value": "b"}]}})
    assert _error(s3, bucket, rule) == ("InvalidRequest", "Duplicate Tag Keys are not allowed.")


@pytest.mark.moto_diverges(reason="moto does not check rule IDs")
def test_id_too_long_and_repeated(s3: Any, bucket: str) -> None:
    """ceph test_lifecycle_id_too_long and test_lifecycle_same_id (both run on AWS): InvalidArgument."""
    code, message = _error(s3, bucket, _rule(ID="a" * 256))
    assert (code, message) == ("InvalidArgument", "ID length should not exceed allowed limit of 255")
    assert _error(s3, bucket, _rule(ID="same"), _rule(ID="same"))[0] == "InvalidArgument"
    _put(s3, bucket, _rule(ID="a" * 255))


@pytest.mark.moto_diverges(reason="moto accepts Days 0")
def test_expiration_days_zero(s3: Any, bucket: str) -> None:
    """ceph test_lifecycle_expiration_days0 (runs on AWS): InvalidArgument."""
    assert _error(s3, bucket, _rule(Expiration={"Days": 0}))[0] == "InvalidArgument"


@pytest.mark.moto_diverges(reason="moto accepts a rule without an action")
def test_rule_without_action(s3: Any, bucket: str) -> None:
    """A rule must have an action: InvalidRequest with AWS's message (as AWS answered it in
    crossplane-contrib/provider-aws#1337)."""
    rule = {"ID": "r", "Filter": {}, "Status": "Enabled"}
    assert _error(s3, bucket, rule) == ("InvalidRequest", "At least one action needs to be specified in a rule")


@pytest.mark.fake_only
@pytest.mark.parametrize(("fields", "code"), [
    pytest.param({"Transitions": [{"Days": 10, "StorageClass": "STANDARD_IA"}], "Expiration": {"Days": 100}},
                 "InvalidArgument", id="ia-under-30-days"),
    pytest.param({"NoncurrentVersionTransitions": [{"NoncurrentDays": 5, "StorageClass": "ONEZONE_IA"}],
                  "Expiration": {"Days": 100}}, "InvalidArgument", id="noncurrent-ia-under-30-days"),
    pytest.param({"Transitions": [{"Days": 60, "StorageClass": "STANDARD_IA"}, {"Days": 70, "StorageClass": "GLACIER"}],
                  "Expiration": {"Days": 100}}, "InvalidArgument", id="glacier-under-30-days-after-ia"),
    pytest.param({"Transitions": [{"Days": 60, "StorageClass": "GLACIER"}], "Expiration": {"Days": 30}},
                 "InvalidArgument", id="expiration-before-transition"),
    pytest.param({"Transitions": [{"Days": 60, "StorageClass": "GLACIER"}, {"Days": 90, "StorageClass": "GLACIER"}]},
                 "InvalidRequest", id="same-class-twice"),
    pytest.param({"Transitions": [{"StorageClass": "GLACIER"}]}, "MalformedXML", id="transition-without-days"),
    pytest.param({"NoncurrentVersionExpiration": {"NoncurrentDays": 0}}, "InvalidArgument", id="noncurrent-days-0"),
    pytest.param({"NoncurrentVersionExpiration": {"NoncurrentDays": 1, "NewerNoncurrentVersions": 101}},
                 "InvalidArgument", id="newer-noncurrent-over-100"),
    pytest.param({"Filter": {"Tag": {"Key": "k", "Value": "v"}}, "Expiration": {"Days": 1},
                  "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}, "InvalidRequest",
                 id="abort-uploads-with-tags"),
    pytest.param({"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 0}}, "InvalidArgument", id="abort-days-0"),
    pytest.param({"Filter": {"And": {"ObjectSizeGreaterThan": 10, "ObjectSizeLessThan": 10}}}, "InvalidArgument",
                 id="empty-size-range"),
])
def test_s3_constraints(s3: Any, bucket: str, fields: dict[str, Any], code: str) -> None:
    """The constraints of the S3 user guide (lifecycle-transition-general-considerations): the IA classes
    take objects after 30 days and keep them 30 more, colder classes later, expiration after transitions."""
    assert _error(s3, bucket, _rule(**fields))[0] == code


@pytest.mark.fake_only
def test_a_bad_configuration_keeps_the_previous_one(s3: Any, bucket: str) -> None:
    """A rejected Put changes nothing."""
    _put(s3, bucket, _rule(ID="kept"))
    _error(s3, bucket, _rule(ID="kept"), _rule(ID="kept"))
    assert [r["ID"] for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]] == ["kept"]


@pytest.mark.fake_only
def test_at_most_1000_rules(s3: Any, bucket: str) -> None:
    """S3 holds up to 1,000 rules per configuration."""
    rules = [_rule(ID=f"r{i}", Filter={"Prefix": f"p{i}/"}) for i in range(1001)]
    assert _error(s3, bucket, *rules)[0] == "InvalidRequest"
    _put(s3, bucket, *rules[:1000])
    assert len(s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]) == 1000


def test_expired_object_delete_marker_false_is_kept(s3: Any, bucket: str) -> None:
    """moto's test_lifecycle_with_eodm: ExpiredObjectDeleteMarker false alone is stored and read back."""
    _put(s3, bucket, _rule(Expiration={"ExpiredObjectDeleteMarker": False}))
    rule = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert rule["Expiration"] == {"ExpiredObjectDeleteMarker": False}
