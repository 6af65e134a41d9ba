"""Error paths an application meets, on the fake and on moto: missing buckets, keys, versions and uploads,
conditions, ranges, non-empty buckets. Each call answers with the same code and HTTP status on both.
"""

from __future__ import annotations

import pytest

from tests.differential.transcript import Recorder, assert_same_transcripts

BUCKET = "errors-bucket"
MISSING = "no-such-bucket-here"
#: Well-formed (32 URL-safe characters) but never issued: S3 answers GET, HEAD and DeleteObject with 400
#: InvalidArgument and DeleteObjects with NoSuchVersion (LocalStack `test_s3_api.py::TestS3ObjectCRUD::
#: test_delete_object` and `test_delete_objects`, aws.validated); moto calls it NoSuchVersion or deleted.
UNKNOWN_VERSION = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH"


def error_paths(s3: Recorder) -> None:
    # Buckets that do not exist.
    s3.call("head_bucket", Bucket=MISSING)
    s3.call("list_objects_v2", Bucket=MISSING)
    s3.call("get_object", Bucket=MISSING, Key="k")
    s3.call("put_object", Bucket=MISSING, Key="k", Body=b"x")
    s3.call("delete_objects", Bucket=MISSING, Delete={"Objects": [{"Key": "k"}]})
    s3.call("get_bucket_versioning", Bucket=MISSING)
    s3.call("delete_bucket", Bucket=MISSING)

    s3.call("create_bucket", Bucket=BUCKET)
    s3.call("put_bucket_versioning", Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    etag = s3.call("put_object", Bucket=BUCKET, Key="k", Body=b"0123456789")["ETag"]

    # Keys, versions and tag sets that do not exist.
    s3.call("get_object", Bucket=BUCKET, Key="missing")
    s3.call("head_object", Bucket=BUCKET, Key="missing")
    s3.call("get_object_tagging", Bucket=BUCKET, Key="missing")
    s3.call("copy_object", Bucket=BUCKET, Key="copy", CopySource={"Bucket": BUCKET, "Key": "missing"})
    s3.call("get_object", Bucket=BUCKET, Key="k", VersionId=UNKNOWN_VERSION)
    s3.call("head_object", Bucket=BUCKET, Key="k", VersionId=UNKNOWN_VERSION)
    s3.call("get_bucket_tagging", Bucket=BUCKET)

    # Conditions and ranges.
    s3.call("get_object", Bucket=BUCKET, Key="k", IfMatch='"0123456789abcdef0123456789abcdef"')
    s3.call("get_object", Bucket=BUCKET, Key="k", IfNoneMatch=etag)
    s3.call("head_object", Bucket=BUCKET, Key="k", IfNoneMatch=etag)
    s3.call("put_object", Bucket=BUCKET, Key="k", Body=b"again", IfNoneMatch="*")
    s3.call("get_object", Bucket=BUCKET, Key="k", Range="bytes=100-200")
    s3.call("get_object", Bucket=BUCKET, Key="k", Range="bytes=8-")

    # Uploads that do not exist.
    s3.call("upload_part", Bucket=BUCKET, Key="k", UploadId="no-such-upload", PartNumber=1, Body=b"x")
    s3.call("list_parts", Bucket=BUCKET, Key="k", UploadId="no-such-upload")
    s3.call("abort_multipart_upload", Bucket=BUCKET, Key="k", UploadId="no-such-upload")
    s3.call("complete_multipart_upload", Bucket=BUCKET, Key="k", UploadId="no-such-upload",
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})

    # A well-formed version id that names nothing, in a versioned bucket: deleting a version is idempotent,
    # so DeleteObject answers 204 and DeleteObjects reports the key deleted (see docs/delete-objects.md).
    s3.call("delete_object", Bucket=BUCKET, Key="k", VersionId=UNKNOWN_VERSION)
    s3.call("delete_objects", Bucket=BUCKET, Delete={"Objects": [{"Key": "k", "VersionId": UNKNOWN_VERSION}]})

    # A bucket that still holds versions cannot be deleted, even once its keys are deleted.
    s3.call("delete_bucket", Bucket=BUCKET)
    s3.call("delete_object", Bucket=BUCKET, Key="k")
    s3.call("get_object", Bucket=BUCKET, Key="k")
    s3.call("delete_bucket", Bucket=BUCKET)
    s3.call("list_objects_v2", Bucket=BUCKET)


NEVER_ISSUED = "moto does not tell a version id it never issued from one it issued and removed"
EXPECTED: dict[int, str] = {
    14: NEVER_ISSUED, 15: NEVER_ISSUED, 27: NEVER_ISSUED, 28: NEVER_ISSUED,
    23: "moto raises KeyError (a 500) in UploadPart for an unknown upload id instead of NoSuchUpload",
    26: "moto raises KeyError (a 500) in CompleteMultipartUpload for an unknown upload id",
}


def test_error_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = assert_same_transcripts(error_paths, monkeypatch, EXPECTED)
    # The fake's own answers, so the test also says what S3 does where moto agrees.
    outcomes = [entry.get("error", "ok") for entry in transcript]
    assert outcomes == [
        "404", *["NoSuchBucket"] * 6, "ok", "ok", "ok",
        "NoSuchKey", "404", "NoSuchKey", "NoSuchKey", "InvalidArgument", "400", "NoSuchTagSet",
        "PreconditionFailed", "304", "304", "PreconditionFailed", "InvalidRange", "ok",
        *["NoSuchUpload"] * 4,
        "InvalidArgument", "ok", "BucketNotEmpty", "ok", "NoSuchKey", "BucketNotEmpty", "ok",
    ]
    asked = transcript[28]["params"]["Delete"]["Objects"][0]["VersionId"]  # normalized, like the answer
    assert transcript[28]["response"] == {"Errors": [{"Key": "k", "VersionId": asked, "Code": "NoSuchVersion",
                                                      "Message": "The specified version does not exist."}]}
