"""GetPart: one part of an upload in progress or completed (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPart.html)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

pytestmark = pytest.mark.moto_diverges(reason="moto (5.2.6) does not implement GetPart")

FIVE_MIB = 5 * 1024 * 1024


def start(s3: Any, bucket: str, key: str = "big") -> str:
    return str(s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"])


def test_a_part_in_progress_is_read_whole_or_by_range(s3: Any, bucket: str) -> None:
    upload_id = start(s3, bucket)
    etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2, Body=b"0123456789")["ETag"]
    part = s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2)
    assert part["Body"].read() == b"0123456789"
    assert (part["ETag"], part["ContentLength"], part["MultipartUploadStatus"]) == (etag, 10, "IN_PROGRESS")
    ranged = s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2, Range="bytes=2-4")
    assert ranged["Body"].read() == b"234"
    assert ranged["ContentRange"] == "bytes 2-4/10"
    assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_a_part_never_uploaded_is_no_such_part(s3: Any, bucket: str) -> None:
    upload_id = start(s3, bucket)
    s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=3)
    assert error_code(exc) == "NoSuchPart"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_parts_of_a_completed_upload_come_from_the_object(s3: Any, bucket: str) -> None:
    upload_id = start(s3, bucket)
    first = b"a" * FIVE_MIB
    parts = [{"PartNumber": 1, "ETag": s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1,
                                                      Body=first)["ETag"]},
             {"PartNumber": 2, "ETag": s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2,
                                                      Body=b"tail")["ETag"]}]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id,
                                        MultipartUpload={"Parts": parts})
    second = s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2)
    assert second["Body"].read() == b"tail"
    assert (second["ETag"], second["MultipartUploadStatus"]) == (done["ETag"], "COMPLETED")
    assert s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1)["Body"].read() == first
    with pytest.raises(ClientError) as exc:
        s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=3)
    assert error_code(exc) == "NoSuchPart"
    s3.put_object(Bucket=bucket, Key="big", Body=b"overwritten")  # the upload's object is gone
    with pytest.raises(ClientError) as exc:
        s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2)
    assert error_code(exc) == "NoSuchUpload"


def test_an_unknown_upload_or_another_key_is_no_such_upload(s3: Any, bucket: str) -> None:
    upload_id = start(s3, bucket)
    s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=b"x")
    for key, uid in (("big", "not-an-upload"), ("other", upload_id)):
        with pytest.raises(ClientError) as exc:
            s3.get_part(Bucket=bucket, Key=key, UploadId=uid, PartNumber=1)
        assert error_code(exc) == "NoSuchUpload"


def test_a_part_number_out_of_range_is_invalid_argument(s3: Any, bucket: str) -> None:
    upload_id = start(s3, bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=10_001)
    assert error_code(exc) == "InvalidArgument"
