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
