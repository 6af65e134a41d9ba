"""A multipart upload's life on the fake and on moto: parts, a part copy, listings, completion, aborts.

Composite and full-object checksums are left out: moto computes neither (tests/operations/test_multipart.py
covers them on the fake against S3's documented values).
"""

from __future__ import annotations

import pytest

from tests.differential.transcript import Recorder, assert_same_transcripts

BUCKET = "uploads"
PART = 5 * 1024 * 1024  # S3's minimum size for every part but the last


def multipart(s3: Recorder) -> None:
    s3.call("create_bucket", Bucket=BUCKET)
    s3.call("put_object", Bucket=BUCKET, Key="seed.bin", Body=b"s" * PART)
    upload = s3.call("create_multipart_upload", Bucket=BUCKET, Key="big.bin", ContentType="application/x-big",
                     Metadata={"origin": "scenario"})["UploadId"]
    other = s3.call("create_multipart_upload", Bucket=BUCKET, Key="abandoned.bin")["UploadId"]
    s3.call("list_multipart_uploads", Bucket=BUCKET)

    first = s3.call("upload_part", Bucket=BUCKET, Key="big.bin", UploadId=upload, PartNumber=1, Body=b"a" * PART)
    # The same part number again replaces the part.
    first = s3.call("upload_part", Bucket=BUCKET, Key="big.bin", UploadId=upload, PartNumber=1, Body=b"b" * PART)
    second = s3.call("upload_part_copy", Bucket=BUCKET, Key="big.bin", UploadId=upload, PartNumber=2,
                     CopySource={"Bucket": BUCKET, "Key": "seed.bin"})
    third = s3.call("upload_part", Bucket=BUCKET, Key="big.bin", UploadId=upload, PartNumber=3, Body=b"tail")
    fourth = s3.call("upload_part", Bucket=BUCKET, Key="big.bin", UploadId=upload, PartNumber=4, Body=b"end")
    s3.call("list_parts", Bucket=BUCKET, Key="big.bin", UploadId=upload)
    page = s3.call("list_parts", Bucket=BUCKET, Key="big.bin", UploadId=upload, MaxParts=2)
    s3.call("list_parts", Bucket=BUCKET, Key="big.bin", UploadId=upload,
            PartNumberMarker=page["NextPartNumberMarker"])

    parts = [{"PartNumber": 1, "ETag": first["ETag"]},
             {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]},
             {"PartNumber": 3, "ETag": third["ETag"]}]
    # Failed completions leave the upload in progress.
    s3.call("complete_multipart_upload", Bucket=BUCKET, Key="big.bin", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}, *parts[1:]]})
    s3.call("complete_multipart_upload", Bucket=BUCKET, Key="big.bin", UploadId=upload, MultipartUpload={
        "Parts": [parts[0], {"PartNumber": 5, "ETag": third["ETag"]}]})
    s3.call("complete_multipart_upload", Bucket=BUCKET, Key="big.bin", UploadId=upload,
            MultipartUpload={"Parts": [parts[2], {"PartNumber": 4, "ETag": fourth["ETag"]}]})
    s3.call("list_parts", Bucket=BUCKET, Key="big.bin", UploadId=upload, MaxParts=1)
    s3.call("complete_multipart_upload", Bucket=BUCKET, Key="big.bin", UploadId=upload,
            MultipartUpload={"Parts": parts})

    s3.call("head_object", Bucket=BUCKET, Key="big.bin")
    s3.call("head_object", Bucket=BUCKET, Key="big.bin", PartNumber=3)
    s3.call("get_object", Bucket=BUCKET, Key="big.bin", Range=f"bytes={2 * PART - 2}-{2 * PART + 1}")
    s3.call("get_object", Bucket=BUCKET, Key="big.bin", PartNumber=2)
    s3.call("list_parts", Bucket=BUCKET, Key="big.bin", UploadId=upload)
    s3.call("list_multipart_uploads", Bucket=BUCKET)

    s3.call("abort_multipart_upload", Bucket=BUCKET, Key="abandoned.bin", UploadId=other)
    s3.call("list_multipart_uploads", Bucket=BUCKET)
    s3.call("head_object", Bucket=BUCKET, Key="abandoned.bin")
    s3.call("list_objects_v2", Bucket=BUCKET)


UPLOAD_ORDER = ("moto lists uploads in creation order, S3 by key; moto's Initiator ID is not the owner's "
                "canonical id, which S3 reports for an account principal")
EXPECTED: dict[int, str] = {
    4: UPLOAD_ORDER,
    17: "moto sends x-amz-version-id: null on an unversioned bucket, and an http, global-endpoint Location",
    23: UPLOAD_ORDER,
}


def test_multipart_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = assert_same_transcripts(multipart, monkeypatch, EXPECTED)
    failed = [(entry["operation"], entry["error"], entry["status"]) for entry in transcript if "error" in entry]
    assert failed == [
        ("complete_multipart_upload", "InvalidPart", 400),
        ("complete_multipart_upload", "InvalidPart", 400),
        ("complete_multipart_upload", "EntityTooSmall", 400),
        ("list_parts", "NoSuchUpload", 404),
        ("head_object", "404", 404),
    ]
