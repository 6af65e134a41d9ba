"""Conditional writes and deletes: If-Match / If-None-Match on PutObject, CompleteMultipartUpload, DeleteObject.

Behaviour confirmed against AWS-recorded sources: ceph s3-tests `test_delete_object_if_match_good/_failed`,
`test_put_object_ifmatch_failed`, `test_put_object_ifmatch_nonexisted_failed` (412, and 404 NoSuchKey for a
missing key), LocalStack's AWS-validated `TestS3ObjectWritePrecondition` snapshots (validated 2026-02; named
in each test), and the AWS user guide pages on conditional writes and deletes.
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
    assert exc.value.response["Error"]["Header"] == "If-None-Match"
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


def test_delete_if_match_star_deletes_an_existing_key(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.delete_object(Bucket=bucket, Key="k", IfMatch="*")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.moto_diverges(reason="moto (5.2.6) deletes nothing and answers 204 to If-Match on a missing key")
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


def parts_of(s3: Any, bucket: str, key: str, upload: str) -> dict[str, Any]:
    part = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=b"test")
    return {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}


@pytest.mark.moto_diverges(reason="moto compares If-Match: * as a literal ETag on PutObject")
def test_put_if_match_star_is_not_implemented(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_put_object_if_match_validation: `If-Match: *` on a write is 501."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfMatch="*")
    assert error_code(exc) == "NotImplemented"
    assert exc.value.response["Error"]["Header"] == "If-Match"
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"one"


@pytest.mark.moto_diverges(reason="moto evaluates both conditions")
def test_put_with_both_conditions_is_not_implemented(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_put_object_if_match_and_if_none_match_validation."""
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", IfNoneMatch="*", IfMatch="abcdef")
    assert error_code(exc) == "NotImplemented"
    assert exc.value.response["Error"]["Header"] == "If-Match,If-None-Match"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.moto_diverges(reason="moto accepts If-Match: * and If-None-Match with an ETag on CopyObject")
def test_copy_conditions_are_validated_like_put(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_copy_object_precondition_write_validation: all three are 501."""
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"source")["ETag"]
    source = {"Bucket": bucket, "Key": "src"}
    for conditions, header in (({"IfNoneMatch": etag}, "If-None-Match"), ({"IfMatch": "*"}, "If-Match"),
                               ({"IfMatch": "*", "IfNoneMatch": etag}, "If-Match,If-None-Match")):
        with pytest.raises(ClientError) as exc:
            s3.copy_object(Bucket=bucket, Key="dest", CopySource=source, **conditions)
        assert error_code(exc) == "NotImplemented"
        assert exc.value.response["Error"]["Header"] == header
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["src"]


def test_put_if_match_over_a_delete_marker_is_no_such_key(s3: Any, versioned_bucket: str) -> None:
    """LocalStack AWS-validated test_put_object_if_match_versioned_bucket: a current delete marker is 404."""
    etag = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"test")["ETag"]
    s3.delete_object(Bucket=versioned_bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"again", IfMatch=etag)
    assert error_code(exc) == "NoSuchKey"


@pytest.mark.moto_diverges(reason="moto does not detect writes between CreateMultipartUpload and Complete")
def test_complete_if_match_after_an_identical_put_is_a_conflict(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_multipart_if_match_with_put_identical: even identical bytes written
    after CreateMultipartUpload make the conditional completion 409; a new upload then succeeds."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"test")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=etag)
    assert error_code(exc) == "ConditionalRequestConflict"
    assert status(exc) == 409
    assert exc.value.response["Error"]["Condition"] == "If-Match"
    assert exc.value.response["Error"]["Key"] == "k"
    assert s3.head_object(Bucket=bucket, Key="k")["ETag"] == etag  # nothing changed
    assert len(s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)["Parts"]) == 1
    again = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=again,
                                        MultipartUpload=parts_of(s3, bucket, "k", again), IfMatch=etag)
    assert done["ETag"].endswith('-1"')


@pytest.mark.moto_diverges(reason="moto ignores If-Match on CompleteMultipartUpload")
def test_complete_if_match_evaluates_the_etag_before_the_conflict(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_multipart_if_match_with_put: the old ETag is 412, the new one 409."""
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    second = s3.put_object(Bucket=bucket, Key="k", Body=b"test2")["ETag"]
    for etag, code in ((first, "PreconditionFailed"), (second, "ConditionalRequestConflict")):
        with pytest.raises(ClientError) as exc:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts,
                                         IfMatch=etag)
        assert error_code(exc) == code


@pytest.mark.moto_diverges(reason="moto ignores If-Match on CompleteMultipartUpload")
def test_complete_if_match_after_a_delete_is_no_such_key(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_multipart_if_match_with_delete: 404, then 409 once the key is back."""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=etag)
    assert error_code(exc) == "NoSuchKey"
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=etag)
    assert error_code(exc) == "ConditionalRequestConflict"


@pytest.mark.moto_diverges(reason="moto does not detect writes between CreateMultipartUpload and Complete")
def test_complete_if_none_match_after_a_delete_is_a_conflict(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_multipart_if_none_match_with_delete: 412 while the key exists; after
    the delete the condition holds, but the key changed since the upload began: 409."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    assert error_code(exc) == "PreconditionFailed"
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    assert error_code(exc) == "ConditionalRequestConflict"
    assert exc.value.response["Error"]["Condition"] == "If-None-Match"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_complete_if_none_match_on_a_key_written_during_the_upload_is_412(s3: Any, bucket: str) -> None:
    """LocalStack AWS-validated test_multipart_if_none_match_with_put: the failed condition comes first."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    s3.put_object(Bucket=bucket, Key="k", Body=b"during", IfNoneMatch="*")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    assert error_code(exc) == "PreconditionFailed"


def test_unconditional_complete_after_a_write_succeeds(s3: Any, bucket: str) -> None:
    """Only a conditional completion checks for a write since CreateMultipartUpload."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = parts_of(s3, bucket, "k", upload)
    s3.put_object(Bucket=bucket, Key="k", Body=b"during")
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"test"
