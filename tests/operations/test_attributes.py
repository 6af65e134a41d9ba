"""GetObjectAttributes, per https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html:
only the attributes asked for, the ETag without quotes, ObjectParts of a multipart object paged by
MaxParts/PartNumberMarker, and a delete marker answered as GetObject answers it."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

ALL = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]


def test_single_put_object(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"hello", ChecksumAlgorithm="SHA256")
    out = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=ALL)
    assert out["ETag"] == put["ETag"].strip('"')
    assert out["ObjectSize"] == 5
    assert out["StorageClass"] == "STANDARD"
    assert out["Checksum"]["ChecksumSHA256"] == put["ChecksumSHA256"]
    assert "ObjectParts" not in out  # not a multipart object
    assert out["LastModified"] is not None


def test_only_the_asked_attributes(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    out = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["ObjectSize"])
    assert out["ObjectSize"] == 5
    assert not {"ETag", "StorageClass", "Checksum", "ObjectParts"} & set(out)


@pytest.mark.fake_only
def test_parts_are_paged(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    sizes = [5 * 1024 * 1024, 5 * 1024 * 1024, 7]
    parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=n,
                                                      Body=b"x" * size)["ETag"]}
             for n, size in enumerate(sizes, start=1)]
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": parts})
    first = s3.get_object_attributes(Bucket=bucket, Key="big", ObjectAttributes=["ObjectParts"], MaxParts=2)
    page = first["ObjectParts"]
    assert page["TotalPartsCount"] == 3 and page["IsTruncated"] is True and page["MaxParts"] == 2
    assert [(p["PartNumber"], p["Size"]) for p in page["Parts"]] == [(1, sizes[0]), (2, sizes[1])]
    rest = s3.get_object_attributes(Bucket=bucket, Key="big", ObjectAttributes=["ObjectParts"],
                                    PartNumberMarker=page["NextPartNumberMarker"])["ObjectParts"]
    assert rest["IsTruncated"] is False
    assert [(p["PartNumber"], p["Size"]) for p in rest["Parts"]] == [(3, 7)]


@pytest.mark.moto_diverges(reason="moto answers a delete marker's NoSuchKey without x-amz-delete-marker")
def test_versions_and_delete_markers(s3: Any, versioned_bucket: str) -> None:
    old = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"old")["VersionId"]
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"newer")
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")["VersionId"]
    out = s3.get_object_attributes(Bucket=versioned_bucket, Key="k", VersionId=old, ObjectAttributes=["ObjectSize"])
    assert out["ObjectSize"] == 3 and out["VersionId"] == old
    with pytest.raises(ClientError) as current:
        s3.get_object_attributes(Bucket=versioned_bucket, Key="k", ObjectAttributes=["ObjectSize"])
    assert error_code(current) == "NoSuchKey"
    assert current.value.response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-delete-marker") == "true"
    with pytest.raises(ClientError) as by_id:
        s3.get_object_attributes(Bucket=versioned_bucket, Key="k", VersionId=marker, ObjectAttributes=["ObjectSize"])
    assert error_code(by_id) == "MethodNotAllowed"


@pytest.mark.fake_only
def test_bad_attribute_name_and_missing_key(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as bad:
        s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["Colour"])
    assert error_code(bad) == "InvalidArgument"
    assert bad.value.response["Error"]["ArgumentName"] == "x-amz-object-attributes"
    with pytest.raises(ClientError) as missing:
        s3.get_object_attributes(Bucket=bucket, Key="nope", ObjectAttributes=["ETag"])
    assert error_code(missing) == "NoSuchKey"
