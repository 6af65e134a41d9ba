"""Encryption: default bucket encryption, SSE-KMS headers, and SSE-C keys on reads, copies and parts.

Codes, messages and echoed headers follow LocalStack's AWS-validated snapshots (recorded 2026-02-21):
test_s3_api.snapshot.json TestS3BucketEncryption (test_s3_default_bucket_encryption, ..._exc, ..._sse_s3,
..._sse_kms, ..._sse_kms_aws_managed_key) and test_s3.snapshot.json TestS3SSECEncryption
(test_put_object_validation_sse_c, test_object_retrieval_sse_c, test_copy_object_with_sse_c,
test_multipart_upload_sse_c, test_multipart_upload_sse_c_validation).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

KEY = "k" * 32
OTHER_KEY = "o" * 32
SSE_C = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": KEY}


def md5_of(key: str) -> str:
    return base64.b64encode(hashlib.md5(key.encode()).digest()).decode()


def status(exc: pytest.ExceptionInfo[Any]) -> int:
    return int(exc.value.response["ResponseMetadata"]["HTTPStatusCode"])


@pytest.mark.moto_diverges(reason="moto answers GetBucketEncryption of a new bucket with an error")
def test_default_is_sse_s3(s3: Any, bucket: str) -> None:
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ServerSideEncryption"] == "AES256"


@pytest.mark.moto_diverges(reason="moto answers GetBucketEncryption after Delete with an error")
def test_delete_returns_to_sse_s3(s3: Any, bucket: str) -> None:
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]})
    assert s3.delete_bucket_encryption(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    s3.delete_bucket_encryption(Bucket=bucket)
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule == {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}


def test_default_kms_applies_to_new_objects(s3: Any, bucket: str) -> None:
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "my-key"},
         "BucketKeyEnabled": True}]})
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "my-key"}
    assert rule["BucketKeyEnabled"] is True


@pytest.mark.moto_diverges(reason="moto does not apply the bucket's default encryption to new objects")
def test_default_kms_echoed_on_put_and_read(s3: Any, bucket: str) -> None:
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "my-key"},
         "BucketKeyEnabled": True}]})
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert (put["ServerSideEncryption"], put["BucketKeyEnabled"]) == ("aws:kms", True)
    assert put["SSEKMSKeyId"].startswith("arn:aws:kms:us-east-1:") and put["SSEKMSKeyId"].endswith(":key/my-key")
    for got in (s3.head_object(Bucket=bucket, Key="k"), s3.get_object(Bucket=bucket, Key="k")):
        assert (got["ServerSideEncryption"], got["SSEKMSKeyId"], got["BucketKeyEnabled"]) == (
            "aws:kms", put["SSEKMSKeyId"], True)


def test_no_rule_is_malformed_xml(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": []})
    assert error_code(exc) == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto does not check the encryption rule")
@pytest.mark.parametrize(("rules", "code"), [
    ([{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}] * 2, "MalformedXML"),
    ([{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "k"}}], "InvalidArgument"),
])
def test_invalid_rules(s3: Any, bucket: str, rules: list[Any], code: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": rules})
    assert error_code(exc) == code
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0][
        "ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}


@pytest.mark.moto_diverges(reason="moto's CopyObject answers without ServerSideEncryption")
def test_kms_headers_on_put_copy_and_multipart(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="key-1")
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"].endswith("key-1")
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "aws:kms"
    copy = s3.copy_object(Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k"})
    assert copy["ServerSideEncryption"] == "AES256"  # encryption is not copied
    created = s3.create_multipart_upload(Bucket=bucket, Key="m", ServerSideEncryption="aws:kms", SSEKMSKeyId="key-2")
    assert created["ServerSideEncryption"] == "aws:kms" and created["SSEKMSKeyId"].endswith("key-2")


@pytest.mark.moto_diverges(reason="moto stores SSE-C objects without the key's MD5 and reads them without a key")
def test_sse_c_object_needs_its_key(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"secret data", **SSE_C)
    assert (put["SSECustomerAlgorithm"], put["SSECustomerKeyMD5"]) == ("AES256", md5_of(KEY))
    assert "ServerSideEncryption" not in put
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k")
    assert (error_code(exc), status(exc)) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k", SSECustomerAlgorithm="AES256", SSECustomerKey=OTHER_KEY)
    assert (error_code(exc), status(exc)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="k")
    assert status(exc) == 400
    got = s3.get_object(Bucket=bucket, Key="k", Range="bytes=0-5", **SSE_C)
    assert got["Body"].read() == b"secret" and got["SSECustomerKeyMD5"] == md5_of(KEY)
    assert s3.head_object(Bucket=bucket, Key="k", **SSE_C)["SSECustomerAlgorithm"] == "AES256"


@pytest.mark.moto_diverges(reason="moto does not validate SSE-C headers")
@pytest.mark.parametrize(("extra", "code", "message"), [
    ({"ServerSideEncryption": "AES256", **SSE_C}, "InvalidArgument",
     "Server Side Encryption with Customer provided key is incompatible with the encryption method specified"),
    ({"SSECustomerAlgorithm": "KMS", "SSECustomerKey": KEY}, "InvalidEncryptionAlgorithmError",
     "The Encryption request you specified is not valid. Supported value: AES256."),
    ({"SSECustomerAlgorithm": "AES256", "SSECustomerKey": "short"}, "InvalidArgument",
     "The secret key was invalid for the specified algorithm."),
    # With an MD5 given, botocore sends the key as is: base64 it here.
    ({"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(KEY.encode()).decode(),
      "SSECustomerKeyMD5": md5_of(OTHER_KEY)},
     "InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided."),
])
def test_sse_c_validation_on_put(s3: Any, bucket: str, extra: dict[str, Any], code: str, message: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", **extra)
    assert (error_code(exc), exc.value.response["Error"]["Message"]) == (code, message)
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="k")


@pytest.mark.moto_diverges(reason="moto does not model SSE-C")
def test_copy_of_sse_c_source(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", **SSE_C)
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k"})
    assert error_code(exc) == "InvalidRequest"
    plain = s3.copy_object(Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k"},
                           CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=KEY)
    assert plain["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="c")["Body"].read() == b"x"
    again = s3.copy_object(Bucket=bucket, Key="d", CopySource={"Bucket": bucket, "Key": "k"},
                           CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=KEY, **SSE_C)
    assert again["SSECustomerKeyMD5"] == md5_of(KEY)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="d")
    assert error_code(exc) == "InvalidRequest"


@pytest.mark.moto_diverges(reason="moto does not model SSE-C")
def test_sse_c_multipart_parts_need_the_same_key(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m", **SSE_C)
    assert upload["SSECustomerKeyMD5"] == md5_of(KEY)
    uid = upload["UploadId"]
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1, Body=b"x")
    assert exc.value.response["Error"]["Message"].startswith("The multipart upload initiate requested encryption.")
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1, Body=b"x",
                       SSECustomerAlgorithm="AES256", SSECustomerKey=OTHER_KEY)
    assert exc.value.response["Error"]["Message"] == "The provided encryption parameters did not match the ones used originally."
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1, Body=b"x", **SSE_C)
    assert part["SSECustomerKeyMD5"] == md5_of(KEY)
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=uid,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="m")
    assert error_code(exc) == "InvalidRequest"
    assert s3.get_object(Bucket=bucket, Key="m", **SSE_C)["Body"].read() == b"x"


@pytest.mark.moto_diverges(reason="moto does not model SSE-C")
def test_plain_upload_refuses_sse_c_parts(s3: Any, bucket: str) -> None:
    uid = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1, Body=b"x", **SSE_C)
    assert error_code(exc) == "InvalidRequest"
    s3.put_object(Bucket=bucket, Key="src", Body=b"x" * 10, **SSE_C)
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "src"})
    assert error_code(exc) == "InvalidRequest"
    copied = s3.upload_part_copy(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1,
                                 CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange="bytes=0-3",
                                 CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=KEY)
    assert copied["ServerSideEncryption"] == "AES256"


@pytest.mark.moto_diverges(reason="moto does not model SSE-C")
def test_key_on_an_object_that_is_not_sse_c(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k", **SSE_C)
    assert error_code(exc) == "InvalidRequest"


@pytest.mark.fake_only
def test_bad_sse_headers_on_put(backend: Any, bucket: str) -> None:
    s3 = backend.client
    for kwargs in ({"ServerSideEncryption": "ROT13"}, {"SSEKMSKeyId": "key-1"},
                   {"ServerSideEncryption": "AES256", "SSEKMSKeyId": "key-1"}):
        with pytest.raises(ClientError) as exc:
            s3.put_object(Bucket=bucket, Key="k", Body=b"x", **kwargs)
        assert error_code(exc) == "InvalidArgument"
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="k")
    assert status(exc) == 404


@pytest.mark.fake_only
def test_encryption_is_kept_in_the_versions_stored_headers(backend: Any, bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    s3.put_object(Bucket=bucket, Key="kms", Body=b"x", ServerSideEncryption="aws:kms", BucketKeyEnabled=True)
    assert dict(fake.store.bucket(bucket).current("plain").headers) == {}
    stored = fake.store.bucket(bucket).current("kms").headers
    assert stored["x-amz-server-side-encryption"] == "aws:kms"
    assert stored["x-amz-server-side-encryption-bucket-key-enabled"] == "true"
