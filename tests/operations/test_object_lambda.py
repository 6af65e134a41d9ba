"""WriteGetObjectResponse: an Object Lambda function's answer is accepted and kept in the journal."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake


def test_the_answer_is_in_the_journal(s3fake: S3Fake, s3fake_client: Any) -> None:
    answer = s3fake_client.write_get_object_response(
        RequestRoute="io-route", RequestToken="token", Body=b"TRANSFORMED", StatusCode=200,
        ContentType="text/plain", Metadata={"source": "lambda"})
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    written = s3fake.calls.of("WriteGetObjectResponse")[-1]
    assert written.body == b"TRANSFORMED"
    assert written.headers["x-amz-request-route"] == "io-route"
    assert written.headers["x-amz-fwd-status"] == "200"
    assert written.headers["x-amz-fwd-header-content-type"] == "text/plain"
    assert written.headers["x-amz-meta-source"] == "lambda"
    assert s3fake_client.list_buckets()["Buckets"] == []  # it names no bucket, and makes none


def test_an_error_answer_is_accepted(s3fake: S3Fake, s3fake_client: Any) -> None:
    s3fake_client.write_get_object_response(RequestRoute="io-route", RequestToken="token", StatusCode=403,
                                            ErrorCode="AccessDenied", ErrorMessage="no")
    written = s3fake.calls.of("WriteGetObjectResponse")[-1]
    assert (written.headers["x-amz-fwd-status"], written.headers["x-amz-fwd-error-code"]) == ("403", "AccessDenied")


@pytest.mark.parametrize("status", [99, 600])
def test_a_status_that_is_no_http_status_is_invalid_argument(s3fake_client: Any, status: int) -> None:
    with pytest.raises(ClientError) as exc:
        s3fake_client.write_get_object_response(RequestRoute="io-route", RequestToken="token", StatusCode=status)
    error = exc.value.response["Error"]
    assert (error["Code"], error["ArgumentName"]) == ("InvalidArgument", "x-amz-fwd-status")


def test_faults_apply(s3fake: S3Fake, s3fake_client: Any) -> None:
    s3fake.faults.add("WriteGetObjectResponse", "InternalError", times=5)
    with pytest.raises(ClientError) as exc:
        s3fake_client.write_get_object_response(RequestRoute="io-route", RequestToken="token", Body=b"x")
    assert exc.value.response["Error"]["Code"] == "InternalError"
