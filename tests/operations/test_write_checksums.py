"""The checksum a write answers with: the one the client sent, else S3's default FULL_OBJECT CRC64NVME.

Sources (LocalStack's AWS-validated tests, snapshots recorded 2026-02-21, in
tests/aws/services/s3/test_s3.snapshot.json; and botocore's S3 model, which is the API reference):
- PutObjectOutput's ChecksumCRC64NVME "is present if the object was uploaded with the CRC64NVME checksum
  algorithm, or if it was uploaded without a checksum (and Amazon S3 added the default checksum ...)";
  UploadPartOutput's checksums are present "only ... if the checksum was provided in the request".
- `test_put_object_checksum[CRC32|SHA1|SHA256]`: a PutObject with another algorithm answers that one and
  `ChecksumType: FULL_OBJECT` only, and HeadObject with ChecksumMode=ENABLED shows the same.
- `test_s3_checksum_no_automatic_sdk_calculation`: body `test data..` has CRC64NVME `qUVrWYOrIAM=`.
- `test_complete_multipart_parts_checksum_default`: an upload created without an algorithm completes with
  `ChecksumCRC64NVME` (`Rnr2/5P7Gsk=` for `aaa`) and `ChecksumType: FULL_OBJECT` in the XML.
- `test_s3_multipart_upload_sse`: under SSE-KMS Complete's answer has no checksum; GetObject has the default.
- `test_multipart_upload_sse_c`: an SSE-C upload created without an algorithm has no checksum at all.
- `test_put_object_default_checksum_with_sse_c`: a single SSE-C PUT without a checksum has the default.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.conftest import Backend

WHEN_REQUIRED = Config(request_checksum_calculation="when_required")
SSE_C = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": "k" * 32}
DATA, DATA_CRC64NVME = b"test data..", "qUVrWYOrIAM="
#: The validated snapshot's values for DATA, by algorithm.
SENT = {"CRC32": "cZWHwQ==", "SHA1": "B++3uSfJMSHWToQMQ1g6lIJY5Eo=",
        "SHA256": "2l26x0trnT0r2AvakoFk2MB7eKVKzYESLMxSAKAzoik="}


@pytest.fixture
def plain(backend: Backend, bucket: str) -> Any:
    """A client that sends no checksum unless the operation requires one (as plain HTTP and older SDKs)."""
    if backend.fake is not None:
        return backend.fake.client(config=WHEN_REQUIRED)
    return boto3.client("s3", region_name="us-east-1", config=WHEN_REQUIRED)


def checksum_fields(response: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in response.items() if name.startswith("Checksum")}


@pytest.mark.moto_diverges(reason="moto answers no checksum for a PutObject sent without one")
def test_put_without_a_checksum_answers_the_default(plain: Any, bucket: str) -> None:
    put = plain.put_object(Bucket=bucket, Key="k", Body=DATA)
    assert checksum_fields(put) == {"ChecksumCRC64NVME": DATA_CRC64NVME, "ChecksumType": "FULL_OBJECT"}
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == checksum_fields(put)
    got = plain.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(got) == checksum_fields(put)


@pytest.mark.moto_diverges(reason="moto answers no ChecksumType to a PutObject")
@pytest.mark.parametrize("algorithm", sorted(SENT))
def test_put_with_another_algorithm_answers_only_that_one(s3: Any, bucket: str, algorithm: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=DATA, ChecksumAlgorithm=algorithm)
    assert checksum_fields(put) == {f"Checksum{algorithm}": SENT[algorithm], "ChecksumType": "FULL_OBJECT"}
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == checksum_fields(put)


@pytest.mark.moto_diverges(reason="moto answers no checksum for a PutObject sent without one")
def test_sse_c_put_without_a_checksum_answers_the_default(plain: Any, bucket: str) -> None:
    put = plain.put_object(Bucket=bucket, Key="k", Body=DATA, **SSE_C)
    assert checksum_fields(put) == {"ChecksumCRC64NVME": DATA_CRC64NVME, "ChecksumType": "FULL_OBJECT"}
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED", **SSE_C)
    assert checksum_fields(head) == checksum_fields(put)


def upload_one_part(client: Any, bucket: str, **create: Any) -> dict[str, Any]:
    upload = client.create_multipart_upload(Bucket=bucket, Key="k", **create)["UploadId"]
    extra = {name: value for name, value in create.items() if name.startswith("SSECustomer")}
    part = client.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"aaa", **extra)
    assert "ChecksumCRC64NVME" not in part  # a part answers only a checksum it was sent
    completed: dict[str, Any] = client.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]},
        **extra)
    return completed


@pytest.mark.moto_diverges(reason="moto answers no checksum for an upload created without an algorithm")
def test_complete_without_an_algorithm_answers_the_default(plain: Any, bucket: str) -> None:
    completed = upload_one_part(plain, bucket)
    assert checksum_fields(completed) == {"ChecksumCRC64NVME": "Rnr2/5P7Gsk=", "ChecksumType": "FULL_OBJECT"}
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == checksum_fields(completed)
    got = plain.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(got) == checksum_fields(completed)


@pytest.mark.moto_diverges(reason="moto stores no default checksum for a multipart upload")
def test_complete_under_kms_answers_no_checksum_but_keeps_one(plain: Any, bucket: str) -> None:
    completed = upload_one_part(plain, bucket, ServerSideEncryption="aws:kms")
    assert completed["ServerSideEncryption"] == "aws:kms"
    assert checksum_fields(completed) == {}
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == {"ChecksumCRC64NVME": "Rnr2/5P7Gsk=", "ChecksumType": "FULL_OBJECT"}


def test_sse_c_upload_without_an_algorithm_has_no_checksum(plain: Any, bucket: str) -> None:
    completed = upload_one_part(plain, bucket, **SSE_C)
    assert checksum_fields(completed) == {}
    got = plain.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED", **SSE_C)
    assert checksum_fields(got) == {}
    assert got["Body"].read() == b"aaa"


@pytest.mark.moto_diverges(reason="moto answers no checksum for an upload created without an algorithm")
def test_sse_c_upload_copy_gets_the_default(plain: Any, bucket: str) -> None:
    """A copy is a new object written without a checksum: S3's default applies (CopyObjectResult's
    ChecksumCRC64NVME: "present ... if the object was uploaded without a checksum")."""
    upload_one_part(plain, bucket, **SSE_C)
    copied = plain.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "k"},
                               CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey="k" * 32)
    assert checksum_fields(copied["CopyObjectResult"]) == {"ChecksumCRC64NVME": "Rnr2/5P7Gsk=",
                                                           "ChecksumType": "FULL_OBJECT"}


@pytest.mark.moto_diverges(reason="moto answers no checksum to CompleteMultipartUpload")
@pytest.mark.parametrize("kind", ["COMPOSITE", "FULL_OBJECT"])
def test_complete_with_an_algorithm_answers_it_and_no_default(s3: Any, bucket: str, kind: str) -> None:
    """LocalStack AWS-validated test_complete_multipart_parts_checksum_composite / _full_object[CRC32]."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC32",
                                        ChecksumType=kind)["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"aaa",
                          ChecksumAlgorithm="CRC32")
    completed = s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]}]})
    fields = checksum_fields(completed)
    assert set(fields) == {"ChecksumCRC32", "ChecksumType"}
    assert fields["ChecksumType"] == kind
    assert fields["ChecksumCRC32"].endswith("-1") == (kind == "COMPOSITE")
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == fields


def _with_headers(client: Any, headers: dict[str, str]) -> Any:
    def add(request: Any, **_: Any) -> None:
        for name, value in headers.items():
            request.headers[name] = value

    client.meta.events.register("before-sign.s3.PutObject", add)
    return client


@pytest.mark.moto_diverges(reason="moto answers no checksum for a PutObject sent without one")
@pytest.mark.parametrize("algorithm", ["SHA256", "TEST"])
def test_an_algorithm_named_without_a_value_gets_the_default(plain: Any, bucket: str, algorithm: str) -> None:
    """test_s3_checksum_no_automatic_sdk_calculation: `x-amz-checksum-algorithm` alone (even `TEST`) on a
    PutObject is accepted and the object gets the default (HeadObject `head-obj-only-checksum-algo`)."""
    client = _with_headers(plain, {"x-amz-checksum-algorithm": algorithm})
    put = client.put_object(Bucket=bucket, Key="k", Body=DATA)
    assert checksum_fields(put) == {"ChecksumCRC64NVME": DATA_CRC64NVME, "ChecksumType": "FULL_OBJECT"}
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == checksum_fields(put)


@pytest.mark.moto_diverges(reason="moto keeps no checksum sent as a plain header")
def test_a_sent_value_wins_over_a_named_algorithm(plain: Any, bucket: str) -> None:
    """The same recording's `head-obj-diff-checksum-algo`: `x-amz-checksum-algorithm: SHA1` beside an
    `x-amz-checksum-sha256` value stores the SHA256."""
    client = _with_headers(plain, {"x-amz-checksum-algorithm": "SHA1", "x-amz-checksum-sha256": SENT["SHA256"]})
    client.put_object(Bucket=bucket, Key="k", Body=DATA)
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert checksum_fields(head) == {"ChecksumSHA256": SENT["SHA256"], "ChecksumType": "FULL_OBJECT"}


@pytest.mark.fake_only
def test_part_read_of_a_multipart_object_sends_no_whole_object_checksum(s3: Any, bucket: str) -> None:
    """The object's checksum does not describe one part's bytes; botocore with awscrt would refuse it."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    etags = [s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=n, Body=body)["ETag"]
             for n, body in ((1, b"a" * 5 * 1024 * 1024), (2, b"tail"))]
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": n, "ETag": etag} for n, etag in enumerate(etags, 1)]})
    part = s3.get_object(Bucket=bucket, Key="m", PartNumber=2, ChecksumMode="ENABLED")
    assert part["Body"].read() == b"tail"
    assert not [name for name in part["ResponseMetadata"]["HTTPHeaders"] if name.startswith("x-amz-checksum-")]
    whole = s3.head_object(Bucket=bucket, Key="m", ChecksumMode="ENABLED")
    assert any(name.startswith("x-amz-checksum-") for name in whole["ResponseMetadata"]["HTTPHeaders"])


@pytest.mark.fake_only
@pytest.mark.parametrize("algorithm", ["SHA256", "CRC32"])
def test_part_read_of_an_upload_with_an_algorithm_sends_that_parts_checksum(s3: Any, bucket: str,
                                                                            algorithm: str) -> None:
    """As ceph s3-tests' multipart_checksum_3parts_helper expects of S3: GetObject/HeadObject with
    `partNumber` answer the part's own checksum and the object's checksum type (botocore validates the
    part's bytes against it), and GetPart of the completed upload too."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m", ChecksumAlgorithm=algorithm)["UploadId"]
    sent = [s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=n, Body=body, ChecksumAlgorithm=algorithm)
            for n, body in ((1, b"a" * 5 * 1024 * 1024), (2, b"tail"))]
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": n, "ETag": r["ETag"], f"Checksum{algorithm}": r[f"Checksum{algorithm}"]}
        for n, r in enumerate(sent, 1)]})
    for number, response in enumerate(sent, 1):
        part = s3.get_object(Bucket=bucket, Key="m", PartNumber=number, ChecksumMode="ENABLED")
        part["Body"].read()
        assert checksum_fields(part) == {f"Checksum{algorithm}": response[f"Checksum{algorithm}"],
                                         "ChecksumType": "COMPOSITE"}
        head = s3.head_object(Bucket=bucket, Key="m", PartNumber=number, ChecksumMode="ENABLED")
        assert head[f"Checksum{algorithm}"] == response[f"Checksum{algorithm}"]
    assert "ChecksumType" not in s3.head_object(Bucket=bucket, Key="m", PartNumber=1)  # only when asked for
    got = s3.get_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=2, ChecksumMode="ENABLED")
    assert got["Body"].read() == b"tail"
    assert got[f"Checksum{algorithm}"] == sent[1][f"Checksum{algorithm}"]
