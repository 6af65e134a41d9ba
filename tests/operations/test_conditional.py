"""Conditional writes and deletes: If-Match / If-None-Match on PutObject, CompleteMultipartUpload, DeleteObject.

Behaviour confirmed against AWS-recorded sources: ceph s3-tests `test_delete_object_if_match_good/_failed`,
`test_put_object_ifmatch_failed`, `test_put_object_ifmatch_nonexisted_failed` (412, and 404 NoSuchKey for a
missing key), and the AWS user guide pages on conditional writes and deletes.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def status(exc: pytest.ExceptionInfo[Any]) -> int:
    return int(exc.value.response["ResponseMetadata"]["HTTPStatusCode"])


def test_put_if_match_replaces_only_the_matching_etag(s3: Any, bucket: str) -> None:
    """ceph s3-tests test_put_object_ifmatch_good/_failed: a wrong ETag is 412 and keeps the object."""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["ETag"]
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfMatch='"00000000000000000000000000000000"')
    assert error_code(exc) == "PreconditionFailed"
    assert status(exc) == 412
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"one"
    s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two"


def test_put_if_match_on_missing_key_is_no_such_key(s3: Any, bucket: str) -> None:
    """ceph s3-tests test_put_object_ifmatch_nonexisted_failed: If-Match on a missing key is 404 NoSuchKey."""
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", IfMatch='"abc"')
    assert error_code(exc) == "NoSuchKey"


@pytest.mark.moto_diverges(reason="moto accepts any If-None-Match value on PutObject")
def test_put_if_none_match_with_an_etag_is_not_implemented(s3: Any, bucket: str) -> None:
    """S3 implements only `If-None-Match: *` for writes; an ETag value answers 501 NotImplemented."""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["ETag"]
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfNoneMatch=etag)
    assert error_code(exc) == "NotImplemented"
    assert status(exc) == 501
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"one"


@pytest.mark.moto_diverges(reason="moto ignores If-Match on CompleteMultipartUpload")
def test_complete_multipart_if_match(s3: Any, bucket: str) -> None:
    """CompleteMultipartUpload honours If-Match like PutObject: 412 on a wrong ETag, the upload stays open."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"two")
    parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch='"0000000000000000"'
        )
    assert error_code(exc) == "PreconditionFailed"
    etag = s3.head_object(Bucket=bucket, Key="k")["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two"


def test_delete_if_match_wrong_etag_is_412_and_keeps_the_object(s3: Any, bucket: str) -> None:
    """ceph s3-tests test_delete_object_if_match_failed: 412 PreconditionFailed, the object stays."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=bucket, Key="k", IfMatch="ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert error_code(exc) == "PreconditionFailed"
    assert status(exc) == 412
    assert exc.value.response["Error"].get("Condition") == "If-Match"
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"one"


def test_delete_if_match_right_etag_deletes(s3: Any, bucket: str) -> None:
    """ceph s3-tests test_delete_object_if_match_good: the matching ETag deletes the object."""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["ETag"]
    s3.delete_object(Bucket=bucket, Key="k", IfMatch=etag)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.moto_diverges(reason="moto compares If-Match: * as a literal ETag on DeleteObject")
def test_delete_if_match_star_deletes_an_existing_key(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.delete_object(Bucket=bucket, Key="k", IfMatch="*")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_delete_if_match_on_missing_key_is_no_such_key(s3: Any, bucket: str) -> None:
    """AWS conditional deletes: If-Match on a key that does not exist is 404 NoSuchKey (not the usual 204)."""
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=bucket, Key="missing", IfMatch="*")
    assert error_code(exc) == "NoSuchKey"
    assert status(exc) == 404


@pytest.mark.moto_diverges(reason="moto ignores If-Match on DeleteObject")
def test_delete_if_match_on_delete_marker_is_412(s3: Any, versioned_bucket: str) -> None:
    """A current delete marker has no ETag to match: 412, and no second delete marker is added."""
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"one")
    s3.delete_object(Bucket=versioned_bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=versioned_bucket, Key="k", IfMatch="*")
    assert error_code(exc) == "PreconditionFailed"
    assert len(s3.list_object_versions(Bucket=versioned_bucket)["DeleteMarkers"]) == 1


@pytest.mark.fake_only
def test_delete_version_with_if_match_is_not_implemented(s3: Any, versioned_bucket: str) -> None:
    """If-Match applies to the current version; with a versionId S3 answers 501 and keeps the version."""
    put = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"one")
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=put["VersionId"], IfMatch=put["ETag"])
    assert error_code(exc) == "NotImplemented"
    assert s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=put["VersionId"])["Body"].read() == b"one"
