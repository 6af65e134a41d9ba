"""Version ids S3 never issued against ids it issued whose version is gone, on GET, HEAD, DeleteObject,
DeleteObjects and CopyObject.

S3 checks a version id's structure before it looks for the version: a well-formed id it never issued is
400 InvalidArgument "Invalid version id specified" (DeleteObjects: a per-key NoSuchVersion), while an id it
issued whose version has been removed is deleted again (204, `Deleted`) or not found (404 NoSuchVersion).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

#: The id LocalStack's AWS-validated tests send: 32 characters, never issued by any bucket.
NEVER_ISSUED = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"
NO_SUCH_VERSION = "The specified version does not exist."


def status(exc: pytest.ExceptionInfo[Any]) -> int:
    return int(exc.value.response["ResponseMetadata"]["HTTPStatusCode"])


def removed_version(s3: Any, bucket: str, key: str = "k") -> str:
    """The id of a version that existed and was deleted for good (the key keeps a newer version)."""
    gone = s3.put_object(Bucket=bucket, Key=key, Body=b"old")["VersionId"]
    s3.put_object(Bucket=bucket, Key=key, Body=b"new")
    s3.delete_object(Bucket=bucket, Key=key, VersionId=gone)
    return str(gone)


def assert_invalid_version(exc: pytest.ExceptionInfo[Any], version_id: str) -> None:
    assert (error_code(exc), status(exc)) == ("InvalidArgument", 400)
    error = exc.value.response["Error"]
    assert error["Message"] == "Invalid version id specified"
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("versionId", version_id)


@pytest.mark.moto_diverges(reason="moto answers 204 to deleting a version id it never issued")
@pytest.mark.parametrize("versioned", [False, True], ids=["unversioned", "versioned"])
def test_delete_object_of_a_never_issued_id_is_invalid_argument(s3: Any, versioned: bool) -> None:
    """AWS-recorded: LocalStack `test_s3_api.py::TestS3ObjectCRUD::test_delete_object`
    ("delete-nonexistent-object-versionid") and `test_delete_object_versioned` ("delete-with-bad-version":
    a real id with its last four characters changed)."""
    s3.create_bucket(Bucket="ids")
    if versioned:
        s3.put_bucket_versioning(Bucket="ids", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="ids", Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket="ids", Key="k", VersionId=NEVER_ISSUED)
    assert_invalid_version(exc, NEVER_ISSUED)
    assert "x-amz-version-id" not in exc.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert s3.get_object(Bucket="ids", Key="k")["Body"].read() == b"x"  # nothing changed


@pytest.mark.moto_diverges(reason="moto answers 204 to deleting a version id it never issued")
def test_delete_object_of_an_altered_issued_id_is_invalid_argument(s3: Any, versioned_bucket: str) -> None:
    """LocalStack's "delete-with-bad-version": an issued id with its tail changed was never issued."""
    issued = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")["VersionId"]
    altered = issued[:-4] + ("ABCD" if issued[-4:] != "ABCD" else "WXYZ")
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=altered)
    assert_invalid_version(exc, altered)


def test_delete_object_of_a_removed_version_is_idempotent(s3: Any, versioned_bucket: str) -> None:
    """An issued id whose version is gone is deleted again: 204, the id echoed. AWS-recorded: moto
    `test_s3_lock.py::test_locked_object_governance_mode[bypass]` (aws_verified: a second delete of the
    same version is `Deleted`)."""
    gone = removed_version(s3, versioned_bucket)
    again = s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=gone)
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert again["VersionId"] == gone


@pytest.mark.moto_diverges(reason="moto answers NoSuchVersion for a version id it never issued")
@pytest.mark.parametrize("versioned", [False, True], ids=["unversioned", "versioned"])
def test_get_and_head_of_a_never_issued_id_are_invalid_argument(s3: Any, versioned: bool) -> None:
    """AWS-recorded: LocalStack `test_s3_api.py::TestS3ObjectCRUD::test_get_object_with_version_unversioned_bucket`
    ("get-obj-with-version"); `null` still reads the null version there."""
    s3.create_bucket(Bucket="ids")
    if versioned:
        s3.put_bucket_versioning(Bucket="ids", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="ids", Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket="ids", Key="k", VersionId=NEVER_ISSUED)
    assert_invalid_version(exc, NEVER_ISSUED)
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket="ids", Key="k", VersionId=NEVER_ISSUED)
    assert (error_code(head), status(head)) == ("400", 400)  # a HEAD error has no body
    if not versioned:
        assert s3.get_object(Bucket="ids", Key="k", VersionId="null")["Body"].read() == b"x"


@pytest.mark.moto_diverges(reason="moto's NoSuchVersion error names no VersionId")
def test_get_and_head_of_a_removed_version_are_no_such_version(s3: Any, versioned_bucket: str) -> None:
    """AWS-recorded: LocalStack `test_s3_api.py::TestS3ObjectCRUD::test_delete_object_versioned`
    ("get-deleted-object-with-version": 404 NoSuchVersion, no version headers)."""
    gone = removed_version(s3, versioned_bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=gone)
    assert (error_code(exc), status(exc)) == ("NoSuchVersion", 404)
    assert exc.value.response["Error"]["VersionId"] == gone
    assert "x-amz-version-id" not in exc.value.response["ResponseMetadata"]["HTTPHeaders"]
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=gone)
    assert (error_code(head), status(head)) == ("404", 404)


@pytest.mark.moto_diverges(reason="moto reports a version id it never issued as Deleted")
def test_delete_objects_of_never_issued_ids_are_no_such_version(s3: Any, versioned_bucket: str) -> None:
    """Per key NoSuchVersion, for an existing key and a missing one, and nothing changes. AWS-recorded:
    LocalStack `test_s3_api.py::TestS3ObjectCRUD::test_delete_objects_versioned`
    ("delete-objects-wrong-version-id") and `test_delete_objects` (unversioned bucket)."""
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")
    response = s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "k", "VersionId": NEVER_ISSUED}, {"Key": "missing", "VersionId": NEVER_ISSUED}]})
    assert "Deleted" not in response
    assert sorted(response["Errors"], key=lambda e: e["Key"]) == [
        {"Key": "k", "VersionId": NEVER_ISSUED, "Code": "NoSuchVersion", "Message": NO_SUCH_VERSION},
        {"Key": "missing", "VersionId": NEVER_ISSUED, "Code": "NoSuchVersion", "Message": NO_SUCH_VERSION},
    ]
    assert len(s3.list_object_versions(Bucket=versioned_bucket)["Versions"]) == 1


def test_delete_objects_of_a_removed_version_is_deleted(s3: Any, versioned_bucket: str) -> None:
    """AWS-recorded: moto `test_s3_lock.py::test_locked_object_governance_mode[bypass]` (aws_verified)."""
    gone = removed_version(s3, versioned_bucket)
    response = s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [{"Key": "k", "VersionId": gone}]})
    assert response["Deleted"] == [{"Key": "k", "VersionId": gone}]
    assert "Errors" not in response


@pytest.mark.moto_diverges(reason="moto answers NoSuchVersion for a copy source version id it never issued")
def test_copy_source_of_a_never_issued_id_is_invalid_argument(s3: Any, versioned_bucket: str) -> None:
    """Inferred, not recorded: S3's check is structural, so it applies where a copy names a version too."""
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=versioned_bucket, Key="dest",
                       CopySource={"Bucket": versioned_bucket, "Key": "k", "VersionId": NEVER_ISSUED})
    assert (error_code(exc), status(exc)) == ("InvalidArgument", 400)
