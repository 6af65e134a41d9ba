"""S3's default checksum: a FULL_OBJECT CRC64NVME for every object stored without a checksum.

Values and shapes from LocalStack's AWS-validated snapshots: `test_s3_checksum_no_automatic_sdk_calculation`
(HeadObject, GetObjectAttributes and CopyObject of an object PUT without a checksum, body `test data..`),
`test_complete_multipart_parts_checksum_default` (a multipart upload created without an algorithm, body
`aaa`), `test_post_object_with_file_as_string` (ListObjects' `ChecksumAlgorithm: [CRC64NVME]`).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake.ids import etag as md5_etag
from pytest_s3fake.model import ObjectVersion
from tests.conftest import Backend, error_code

#: A client that sends no checksum unless the operation requires one, as older SDKs and plain HTTP do.
WHEN_REQUIRED = Config(request_checksum_calculation="when_required")


@pytest.fixture
def plain(backend: Backend, bucket: str) -> Any:
    if backend.fake is not None:
        return backend.fake.client(config=WHEN_REQUIRED)
    return boto3.client("s3", region_name="us-east-1", config=WHEN_REQUIRED)


@pytest.mark.moto_diverges(reason="moto stores no checksum for a PutObject sent without one")
def test_put_without_a_checksum_gets_crc64nvme(plain: Any, bucket: str) -> None:
    plain.put_object(Bucket=bucket, Key="k", Body=b"test data..")
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == "qUVrWYOrIAM="
    assert head["ChecksumType"] == "FULL_OBJECT"
    got = plain.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["ChecksumCRC64NVME"] == "qUVrWYOrIAM="
    assert got["Body"].read() == b"test data.."
    attributes = plain.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["Checksum"])
    assert attributes["Checksum"] == {"ChecksumCRC64NVME": "qUVrWYOrIAM=", "ChecksumType": "FULL_OBJECT"}


@pytest.mark.moto_diverges(reason="moto stores no checksum for a PutObject sent without one")
def test_copy_keeps_the_default_checksum(plain: Any, bucket: str) -> None:
    plain.put_object(Bucket=bucket, Key="k", Body=b"test data..")
    copied = plain.copy_object(Bucket=bucket, Key="dest", CopySource={"Bucket": bucket, "Key": "k"})
    assert copied["CopyObjectResult"]["ChecksumCRC64NVME"] == "qUVrWYOrIAM="
    assert copied["CopyObjectResult"]["ChecksumType"] == "FULL_OBJECT"
    attributes = plain.get_object_attributes(Bucket=bucket, Key="dest", ObjectAttributes=["Checksum"])
    assert attributes["Checksum"] == {"ChecksumCRC64NVME": "qUVrWYOrIAM=", "ChecksumType": "FULL_OBJECT"}


@pytest.mark.moto_diverges(reason="moto lists no checksum algorithm for a PutObject sent without one")
def test_listing_shows_the_default_algorithm(plain: Any, bucket: str) -> None:
    plain.put_object(Bucket=bucket, Key="k", Body=b"test data..")
    (entry,) = plain.list_objects_v2(Bucket=bucket)["Contents"]
    assert entry["ChecksumAlgorithm"] == ["CRC64NVME"]
    assert entry["ChecksumType"] == "FULL_OBJECT"
    (version,) = plain.list_object_versions(Bucket=bucket)["Versions"]
    assert version["ChecksumAlgorithm"] == ["CRC64NVME"]


@pytest.mark.moto_diverges(reason="moto computes CRC32 under the CRC64NVME name without awscrt")
def test_multipart_without_an_algorithm_gets_a_full_object_crc64nvme(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    # The client sends its CRC32 for the part; an upload created without an algorithm keeps none of it.
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"aaa")
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == "Rnr2/5P7Gsk="
    assert head["ChecksumType"] == "FULL_OBJECT"
    attributes = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["Checksum", "ObjectParts"])
    assert attributes["Checksum"] == {"ChecksumCRC64NVME": "Rnr2/5P7Gsk=", "ChecksumType": "FULL_OBJECT"}


def test_a_sent_checksum_is_kept_and_no_default_added(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"test", ChecksumAlgorithm="CRC32")
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == put["ChecksumCRC32"]
    assert "ChecksumCRC64NVME" not in head


def test_without_checksum_mode_no_checksum_is_returned(plain: Any, bucket: str) -> None:
    plain.put_object(Bucket=bucket, Key="k", Body=b"test data..")
    head = plain.head_object(Bucket=bucket, Key="k")
    assert "ChecksumCRC64NVME" not in head and "ChecksumType" not in head


@pytest.mark.fake_only
def test_a_seeded_version_gets_the_default_on_first_read(backend: Backend, plain: Any, bucket: str) -> None:
    """A version put into the store directly, without checksums, has the default computed when first read."""
    assert backend.fake is not None
    store_bucket = backend.fake.store.bucket(bucket)
    version = ObjectVersion("k", store_bucket.next_version_id(), b"test data..", md5_etag(b"test data.."),
                            backend.fake.store.clock.now())
    store_bucket.add(version)
    assert not version.checksums
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == "qUVrWYOrIAM="
    assert dict(version.checksums) == {"CRC64NVME": "qUVrWYOrIAM="}
    assert version.checksum_type == "FULL_OBJECT"


@pytest.mark.moto_diverges(reason="moto accepts part checksums and any checksum type on such a completion")
def test_completing_an_upload_without_an_algorithm_with_checksums_is_refused(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_complete_multipart_parts_checksum_default: part checksums are InvalidPart,
    a ChecksumType is the `null checksum mode` InvalidRequest; the upload then completes without them."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"aaa",
                          ChecksumAlgorithm="SHA256")
    with_checksum = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]}
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=with_checksum)
    assert error_code(exc) == "InvalidPart"
    plain_parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}
    for kind in ("FULL_OBJECT", "COMPOSITE"):
        with pytest.raises(ClientError) as exc:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=plain_parts,
                                         ChecksumType=kind)
        assert error_code(exc) == "InvalidRequest"
        assert "created using the null checksum mode" in exc.value.response["Error"]["Message"]
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=plain_parts)
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == "Rnr2/5P7Gsk="
