"""Archived objects through boto3: what GET, HEAD, CopyObject and UploadPartCopy answer before a restore.

AWS recordings: LocalStack tests/aws/services/s3/test_s3.py::TestS3::test_put_object_storage_class
(aws.validated; snapshot: GET of GLACIER and DEEP_ARCHIVE is 403 InvalidObjectState "The operation is not
valid for the object's storage class" with a StorageClass element, GLACIER_IR reads at once) and moto's
test_s3_storageclass.py; the copy message as AWS answers it in LocalStack's provider and in users' reports
(epam/cloud-pipeline#2813).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

ARCHIVE_MESSAGE = "The operation is not valid for the object's storage class"


@pytest.mark.parametrize("storage_class", ["GLACIER", "DEEP_ARCHIVE"])
def test_get_of_an_archived_object_is_invalid_object_state(s3: Any, bucket: str, storage_class: str) -> None:
    """LocalStack test_put_object_storage_class[GLACIER-False] / [DEEP_ARCHIVE-False] snapshots."""
    s3.put_object(Bucket=bucket, Key="cold", Body=b"body-test", StorageClass=storage_class)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"], error["StorageClass"]) == (
        "InvalidObjectState", ARCHIVE_MESSAGE, storage_class)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


@pytest.mark.parametrize("storage_class", ["GLACIER", "DEEP_ARCHIVE"])
def test_head_of_an_archived_object_answers(s3: Any, bucket: str, storage_class: str) -> None:
    """HEAD works on an archive and names its class (AWS CLI transcript in candide-guevara/btrfs_to_glacier's
    aws_s3_storage tests: `head-object` of a GLACIER key shows StorageClass, and no Restore before one)."""
    s3.put_object(Bucket=bucket, Key="cold", Body=b"body-test", StorageClass=storage_class)
    head = s3.head_object(Bucket=bucket, Key="cold")
    assert head["StorageClass"] == storage_class and head["ContentLength"] == 9
    assert "Restore" not in head
    attributes = s3.get_object_attributes(Bucket=bucket, Key="cold", ObjectAttributes=["StorageClass"])
    assert attributes["StorageClass"] == storage_class


@pytest.mark.parametrize("storage_class", ["GLACIER_IR", "STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA"])
def test_other_classes_read_at_once(s3: Any, bucket: str, storage_class: str) -> None:
    """LocalStack test_put_object_storage_class[GLACIER_IR-True] and the other retrievable classes."""
    s3.put_object(Bucket=bucket, Key="warm", Body=b"body-test", StorageClass=storage_class)
    got = s3.get_object(Bucket=bucket, Key="warm")
    assert got["Body"].read() == b"body-test" and got["StorageClass"] == storage_class


def test_listing_shows_the_class_of_an_archive(s3: Any, bucket: str) -> None:
    """LocalStack TestS3DeepArchive::test_storage_class_deep_archive: listings show DEEP_ARCHIVE."""
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="DEEP_ARCHIVE")
    [entry] = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert entry["StorageClass"] == "DEEP_ARCHIVE" and "RestoreStatus" not in entry


@pytest.mark.moto_diverges(reason="moto answers ObjectNotInActiveTierError for an archived copy source")
@pytest.mark.parametrize("storage_class", ["GLACIER", "DEEP_ARCHIVE"])
def test_copy_from_an_archive_is_invalid_object_state(s3: Any, bucket: str, storage_class: str) -> None:
    """CopyObject's source must be restored first (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html);
    S3 answers 403 InvalidObjectState "Operation is not valid for the source object's storage class"."""
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass=storage_class)
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "cold"})
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"], error["StorageClass"]) == (
        "InvalidObjectState", "Operation is not valid for the source object's storage class", storage_class)
    with pytest.raises(ClientError) as missing:
        s3.head_object(Bucket=bucket, Key="copy")
    assert error_code(missing) == "404"


@pytest.mark.fake_only
def test_upload_part_copy_from_an_archive_is_invalid_object_state(backend: Any, bucket: str) -> None:
    """UploadPartCopy reads its source as CopyObject does."""
    s3 = backend.client
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "cold"})
    assert error_code(exc) == "InvalidObjectState"
    assert s3.list_parts(Bucket=bucket, Key="big", UploadId=upload).get("Parts", []) == []


def test_copy_into_an_archive_class_is_allowed(s3: Any, bucket: str) -> None:
    """Writing to GLACIER by copy works (the source is readable); the copy is then archived."""
    s3.put_object(Bucket=bucket, Key="warm", Body=b"x")
    s3.copy_object(Bucket=bucket, Key="cold", CopySource={"Bucket": bucket, "Key": "warm"}, StorageClass="GLACIER")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    assert error_code(exc) == "InvalidObjectState"
