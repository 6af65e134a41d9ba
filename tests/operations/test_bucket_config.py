"""Requester Pays: PutBucketRequestPayment / GetBucketRequestPayment through a real boto3 client."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


@pytest.mark.moto_diverges(reason="moto answers GetBucketRequestPayment without a Payer")
def test_new_bucket_is_paid_by_its_owner(s3: Any, bucket: str) -> None:
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"


@pytest.mark.moto_diverges(reason="moto answers GetBucketRequestPayment without a Payer")
def test_requester_pays_round_trip(s3: Any, bucket: str) -> None:
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "Requester"
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "BucketOwner"})
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"


@pytest.mark.fake_only
def test_payer_is_stored_on_the_bucket(backend: Any, bucket: str) -> None:
    backend.client.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    assert backend.fake.store.bucket(bucket).request_payer == "Requester"


@pytest.mark.moto_diverges(reason="moto stores any Payer string")
def test_unknown_payer_is_malformed_xml(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Nobody"})
    assert error_code(exc) == "MalformedXML"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_missing_bucket(s3: Any) -> None:
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.get_bucket_request_payment(Bucket="no-such-bucket")


@pytest.mark.moto_diverges(reason="moto ignores ExpectedBucketOwner")
def test_expected_bucket_owner_of_another_account_is_denied(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"},
                                      ExpectedBucketOwner="999999999999")
    assert error_code(exc) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_request_payment(Bucket=bucket, ExpectedBucketOwner="999999999999")
    assert error_code(exc) == "AccessDenied"
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"


# --- server access logging (LocalStack tests/aws/services/s3/test_s3.py::TestS3BucketLogging, aws.validated)


@pytest.mark.moto_diverges(reason="moto requires log-delivery ACL grants on the target, which AWS no longer does")
def test_logging_is_off_by_default_and_round_trips(s3: Any, bucket: str) -> None:
    """LocalStack test_put_bucket_logging and test_put_bucket_logging_accept_wrong_grants."""
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    s3.create_bucket(Bucket="log-target")
    enabled = {"TargetBucket": "log-target", "TargetPrefix": "log", "TargetGrants": [
        {"Grantee": {"URI": "http://acs.amazonaws.com/groups/s3/LogDelivery", "Type": "Group"}, "Permission": "WRITE"}]}
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": enabled})
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == enabled
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={})
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)


@pytest.mark.moto_diverges(reason="moto's InvalidTargetBucketForLogging has no TargetBucket")
def test_logging_to_a_missing_bucket(s3: Any, bucket: str) -> None:
    """LocalStack test_put_bucket_logging_wrong_target (put-bucket-logging-non-existent-bucket)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "no-such-target", "TargetPrefix": "log"}})
    assert error_code(exc) == "InvalidTargetBucketForLogging"
    assert exc.value.response["Error"]["TargetBucket"] == "no-such-target"


@pytest.mark.moto_diverges(reason="moto answers CrossLocationLoggingProhibited with another status and fields")
def test_logging_to_another_region(s3: Any, bucket: str) -> None:
    """LocalStack test_put_bucket_logging_wrong_target (put-bucket-logging-different-regions): 403, the
    code spelled as S3 sends it, naming the target's location."""
    s3.create_bucket(Bucket="west-target", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "west-target", "TargetPrefix": "log"}})
    assert error_code(exc) == "CrossLocationLoggingProhibitted"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert exc.value.response["Error"]["TargetBucketLocation"] == "us-west-2"


# --- Transfer Acceleration (LocalStack test_s3_api.py::TestS3BucketAccelerateConfiguration, aws.validated)


def test_accelerate_round_trip(s3: Any, bucket: str) -> None:
    """LocalStack test_bucket_acceleration_configuration_crud: no Status until set."""
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    for status in ("Enabled", "Suspended"):
        s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": status})
        assert s3.get_bucket_accelerate_configuration(Bucket=bucket)["Status"] == status


@pytest.mark.parametrize("status", ["enabled", "random"])
def test_accelerate_status_is_case_sensitive(s3: Any, bucket: str, status: str) -> None:
    """LocalStack test_bucket_acceleration_configuration_exc (lowercase, random)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": status})
    assert error_code(exc) == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto checks the status first")
def test_accelerate_refuses_dotted_bucket_names(s3: Any) -> None:
    """LocalStack test_bucket_acceleration_configuration_exc (dot-bucket): checked before the status."""
    s3.create_bucket(Bucket="with.dots")
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_accelerate_configuration(Bucket="with.dots", AccelerateConfiguration={"Status": "random"})
    assert error_code(exc) == "InvalidRequest"
    assert exc.value.response["Error"]["Message"] == (
        "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names")
