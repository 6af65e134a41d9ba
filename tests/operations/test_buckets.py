"""CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation through a real boto3 client."""

from __future__ import annotations

from typing import Any

import boto3
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


# --- LocationConstraint ------------------------------------------------------------------------------


def regional_client(backend: Any, region: str) -> Any:
    """A client for another region's endpoint on the test's backend."""
    if backend.fake is not None:
        return backend.fake.client(region_name=region)
    return boto3.client("s3", region_name=region)


def test_us_east_1_bucket_has_null_location_and_region_header(s3: Any) -> None:
    response = s3.create_bucket(Bucket="east-bucket")
    assert response["Location"] == "/east-bucket"
    assert s3.get_bucket_location(Bucket="east-bucket")["LocationConstraint"] is None
    assert s3.head_bucket(Bucket="east-bucket")["BucketRegion"] == "us-east-1"


def test_regional_bucket_location_and_head_region(backend: Any) -> None:
    eu = regional_client(backend, "eu-west-1")
    eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert eu.get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"
    head = eu.head_bucket(Bucket="eu-bucket")
    assert head["BucketRegion"] == "eu-west-1"
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "eu-west-1"


def test_regional_endpoint_requires_a_location_constraint(backend: Any) -> None:
    eu = regional_client(backend, "eu-west-1")
    with pytest.raises(ClientError) as exc:
        eu.create_bucket(Bucket="eu-bucket")
    assert error_code(exc) == "IllegalLocationConstraintException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_regional_endpoint_rejects_another_regions_constraint(backend: Any) -> None:
    eu = regional_client(backend, "eu-west-1")
    with pytest.raises(ClientError) as exc:
        eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    assert error_code(exc) == "IllegalLocationConstraintException"
    assert "eu-west-2" in exc.value.response["Error"]["Message"]


def test_us_east_1_named_explicitly_is_invalid(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="east-bucket", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert error_code(exc) == "InvalidLocationConstraint"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.moto_diverges(reason="moto accepts a LocationConstraint that names no region")
def test_unknown_region_is_invalid_location_constraint(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="moon-bucket", CreateBucketConfiguration={"LocationConstraint": "moon-west-1"})
    assert error_code(exc) == "InvalidLocationConstraint"


def test_global_endpoint_creates_in_the_constraints_region(s3: Any) -> None:
    s3.create_bucket(Bucket="far-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
    assert s3.get_bucket_location(Bucket="far-bucket")["LocationConstraint"] == "ap-southeast-2"


# --- creating an existing bucket ----------------------------------------------------------------------


def test_recreating_own_bucket_in_us_east_1_answers_200(s3: Any) -> None:
    s3.create_bucket(Bucket="mine-bucket")
    s3.put_object(Bucket="mine-bucket", Key="k", Body=b"kept")
    response = s3.create_bucket(Bucket="mine-bucket")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert s3.get_object(Bucket="mine-bucket", Key="k")["Body"].read() == b"kept"


def test_recreating_own_bucket_elsewhere_is_bucket_already_owned_by_you(backend: Any) -> None:
    eu = regional_client(backend, "eu-west-1")
    config = {"LocationConstraint": "eu-west-1"}
    eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration=config)
    with pytest.raises(eu.exceptions.BucketAlreadyOwnedByYou) as exc:
        eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration=config)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert exc.value.response["Error"]["BucketName"] == "eu-bucket"


@pytest.mark.fake_only
def test_another_accounts_bucket_is_bucket_already_exists(backend: Any) -> None:
    assert backend.fake is not None
    backend.fake.store.create_bucket("taken-bucket", owner="999999999999")
    with pytest.raises(backend.client.exceptions.BucketAlreadyExists) as exc:
        backend.client.create_bucket(Bucket="taken-bucket")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert [b["Name"] for b in backend.client.list_buckets()["Buckets"]] == []


def test_object_lock_enabled_for_bucket_turns_on_versioning(s3: Any) -> None:
    s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    assert s3.get_bucket_versioning(Bucket="locked-bucket")["Status"] == "Enabled"
    config = s3.get_object_lock_configuration(Bucket="locked-bucket")["ObjectLockConfiguration"]
    assert config == {"ObjectLockEnabled": "Enabled"}


# --- DeleteBucket, ListBuckets --------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto adds no delete marker when the deleted key never existed")
def test_delete_bucket_refused_while_only_delete_markers_remain(s3: Any, versioned_bucket: str) -> None:
    version_id = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")["VersionId"]
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=version_id)
    marker_id = s3.delete_object(Bucket=versioned_bucket, Key="gone")["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=versioned_bucket)
    assert error_code(exc) == "BucketNotEmpty"
    s3.delete_object(Bucket=versioned_bucket, Key="gone", VersionId=marker_id)
    assert s3.delete_bucket(Bucket=versioned_bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_delete_missing_bucket(s3: Any) -> None:
    with pytest.raises(s3.exceptions.NoSuchBucket) as exc:
        s3.delete_bucket(Bucket="no-such-bucket")
    assert exc.value.response["Error"]["BucketName"] == "no-such-bucket"


@pytest.mark.moto_diverges(reason="moto lists buckets in creation order, S3 in name order")
def test_list_buckets_prefix_pages_and_regions(backend: Any) -> None:
    s3 = backend.client
    for name in ("app-one", "app-two", "app-three", "other-bucket"):
        s3.create_bucket(Bucket=name)
    first = s3.list_buckets(Prefix="app-", MaxBuckets=2)
    assert [b["Name"] for b in first["Buckets"]] == ["app-one", "app-three"]
    assert first["Prefix"] == "app-"
    assert {b["BucketRegion"] for b in first["Buckets"]} == {"us-east-1"}
    rest = s3.list_buckets(Prefix="app-", MaxBuckets=2, ContinuationToken=first["ContinuationToken"])
    assert [b["Name"] for b in rest["Buckets"]] == ["app-two"]
    assert "ContinuationToken" not in rest


# --- ExpectedBucketOwner --------------------------------------------------------------------------------

OTHER_ACCOUNT = "999999999999"


@pytest.mark.moto_diverges(reason="moto ignores ExpectedBucketOwner")
@pytest.mark.parametrize("call", [
    lambda s3, b, owner: s3.head_bucket(Bucket=b, ExpectedBucketOwner=owner),
    lambda s3, b, owner: s3.get_bucket_location(Bucket=b, ExpectedBucketOwner=owner),
    lambda s3, b, owner: s3.delete_bucket(Bucket=b, ExpectedBucketOwner=owner),
], ids=["HeadBucket", "GetBucketLocation", "DeleteBucket"])
def test_expected_bucket_owner_of_another_account_is_denied(s3: Any, bucket: str, call: Any) -> None:
    with pytest.raises(ClientError) as exc:
        call(s3, bucket, OTHER_ACCOUNT)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error_code(exc) in ("AccessDenied", "403")  # HEAD answers carry no body, so no code
    s3.head_bucket(Bucket=bucket, ExpectedBucketOwner="123456789012")


def test_head_bucket_content_type_is_xml(s3: Any) -> None:
    """HeadBucket's empty 200 is labelled `Content-Type: application/xml`, as issue 17 reports from a run
    against AWS (not yet confirmed from a recorded snapshot; see docs/differences.md)."""
    s3.create_bucket(Bucket="head-ct")
    headers = s3.head_bucket(Bucket="head-ct")["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/xml"


@pytest.mark.parametrize(("region", "constraint"), [
    ("eu-west-1", "bar"), ("us-west-2", "us-gov-east-2"), ("us-west-2", "us-east-2"), ("us-west-2", "eu-central-1"),
    ("us-west-2", "us-east-1"), ("us-west-1", "aws-global"), ("us-east-2", "EU"),
])
def test_regional_endpoint_refuses_any_other_constraint(backend: Any, region: str, constraint: str) -> None:
    """A regional endpoint answers IllegalLocationConstraintException for every constraint but its own
    region, known or not, naming it as sent. AWS-recorded: moto `test_s3.py::
    test_create_bucket_with_wrong_location_constraint` (aws_verified, from us-west-2); LocalStack
    `test_s3.py::TestS3::test_create_bucket_with_invalid_location_constraint[eu-west-1-bar]`,
    `test_bucket_constraint_aws_global[us-west-1]`, `test_create_bucket_with_eu_location_constraint_raises`."""
    client = regional_client(backend, region)
    with pytest.raises(ClientError) as exc:
        client.create_bucket(Bucket="wrong-place", CreateBucketConfiguration={"LocationConstraint": constraint})
    assert error_code(exc) == "IllegalLocationConstraintException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert exc.value.response["Error"]["Message"] == (
        f"The {constraint} location constraint is incompatible for the region specific endpoint this request "
        "was sent to.")


@pytest.mark.moto_diverges(reason="moto accepts a LocationConstraint that names no region")
@pytest.mark.parametrize("constraint", ["foo", "aws-global", "us-gov-east-2", "cn-north-1"])
def test_us_east_1_refuses_a_constraint_its_partition_does_not_know(s3: Any, constraint: str) -> None:
    """From us-east-1 a name that is no region of its partition is InvalidLocationConstraint, naming it.
    AWS-recorded: LocalStack `test_s3.py::TestS3::test_create_bucket_with_invalid_location_constraint
    [us-east-1-foo]` and `test_bucket_constraint_aws_global[us-east-1]`; other partitions' regions follow
    the same rule (not recorded: docs/differences.md)."""
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="wrong-place", CreateBucketConfiguration={"LocationConstraint": constraint})
    assert error_code(exc) == "InvalidLocationConstraint"
    assert exc.value.response["Error"]["LocationConstraint"] == constraint
    assert exc.value.response["Error"]["Message"] == "The specified location-constraint is not valid"
