"""PutBucketDefaultStorageClass / GetBucketDefaultStorageClass: the class of objects written without one
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketDefaultStorageClass.html)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

moto_lacks = pytest.mark.moto_diverges(reason="moto (5.2.6) does not implement the default storage class")


def default_of(s3: Any, bucket: str) -> str:
    return s3.get_bucket_default_storage_class(Bucket=bucket)["DefaultStorageClassConfiguration"]["DefaultStorageClass"]


def set_default(s3: Any, bucket: str, storage_class: str) -> None:
    s3.put_bucket_default_storage_class(Bucket=bucket,
                                        DefaultStorageClassConfiguration={"DefaultStorageClass": storage_class})


@moto_lacks
def test_a_new_bucket_answers_standard(s3: Any, bucket: str) -> None:
    assert default_of(s3, bucket) == "STANDARD"


@moto_lacks
def test_objects_written_without_a_class_get_the_default_and_earlier_ones_keep_theirs(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="before", Body=b"x")
    set_default(s3, bucket, "INTELLIGENT_TIERING")
    assert default_of(s3, bucket) == "INTELLIGENT_TIERING"
    s3.put_object(Bucket=bucket, Key="after", Body=b"x")
    s3.put_object(Bucket=bucket, Key="explicit", Body=b"x", StorageClass="STANDARD_IA")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "before"})
    upload = s3.create_multipart_upload(Bucket=bucket, Key="multipart")
    assert s3.head_object(Bucket=bucket, Key="after")["StorageClass"] == "INTELLIGENT_TIERING"
    assert s3.head_object(Bucket=bucket, Key="copied")["StorageClass"] == "INTELLIGENT_TIERING"
    assert s3.head_object(Bucket=bucket, Key="explicit")["StorageClass"] == "STANDARD_IA"
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="before")  # STANDARD is never sent
    listed = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["UploadId"], u["StorageClass"]) for u in listed] == [(upload["UploadId"], "INTELLIGENT_TIERING")]
    set_default(s3, bucket, "STANDARD")  # there is no delete: STANDARD reverts it
    s3.put_object(Bucket=bucket, Key="reverted", Body=b"x")
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="reverted")


@moto_lacks
@pytest.mark.parametrize("storage_class", ["GLACIER", "standard", ""])
def test_a_class_the_model_does_not_allow_is_malformed_and_changes_nothing(s3: Any, bucket: str,
                                                                           storage_class: str) -> None:
    with pytest.raises(ClientError) as exc:
        set_default(s3, bucket, storage_class)
    assert error_code(exc) == "MalformedXML"
    assert default_of(s3, bucket) == "STANDARD"


def test_a_missing_bucket_is_no_such_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_default_storage_class(Bucket="no-such-bucket-here")
    assert error_code(exc) == "NoSuchBucket"
