"""UpdateObjectEncryption through boto3, as botocore's model documents it (the AWS API reference):
SSE-S3 or SSE-KMS objects move to SSE-KMS with a full key ARN of the bucket owner's account; the
object's data, ETag and Last-Modified stay. moto 5 does not implement it."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

NO_MOTO = "moto 5 does not implement UpdateObjectEncryption"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _update(s3: Any, bucket: str, arn: str = KEY, **extra: Any) -> Any:
    return s3.update_object_encryption(Bucket=bucket, Key="k", ObjectEncryption={"SSEKMS": {"KMSKeyArn": arn, **extra}})


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_sse_s3_to_sse_kms(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    before = s3.head_object(Bucket=bucket, Key="k")
    _update(s3, bucket, BucketKeyEnabled=True)
    after = s3.head_object(Bucket=bucket, Key="k")
    assert (after["ServerSideEncryption"], after["SSEKMSKeyId"], after["BucketKeyEnabled"]) == ("aws:kms", KEY, True)
    assert (after["ETag"], after["LastModified"]) == (before["ETag"], before["LastModified"])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"


@pytest.mark.moto_diverges(reason=NO_MOTO)
@pytest.mark.parametrize(("arn", "code"), [
    ("1234abcd-12ab-34cd-56ef-1234567890ab", "InvalidRequest"),  # a key id, not an ARN
    ("arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab", "AccessDenied"),  # other account
])
def test_key_refused(s3: Any, bucket: str, arn: str, code: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    with pytest.raises(ClientError) as exc:
        _update(s3, bucket, arn)
    assert error_code(exc) == code
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "AES256"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_sse_c_object_refused(s3: Any, bucket: str) -> None:
    secret = b"k" * 32
    sse_c = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(secret).decode(),
             "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(secret).digest()).decode()}
    s3.put_object(Bucket=bucket, Key="k", Body=b"data", **sse_c)
    with pytest.raises(ClientError) as exc:
        _update(s3, bucket)
    assert error_code(exc) == "InvalidRequest"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_missing_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        _update(s3, bucket)
    assert error_code(exc) == "NoSuchKey"
