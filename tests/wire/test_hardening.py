"""Regression tests for issue 13 items 1, 2, 4 and 8: bad values and documents answer S3 errors (never a
Python exception) and change nothing; the journal sees keys as the handler does; bodies are read in
sized pieces; aws-chunked framing is decided by `x-amz-content-sha256`, not Content-Encoding alone."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.bodies import decode_aws_chunked, read_body
from pytest_s3fake.values import byte_range_spec, parse_boolean, parse_integer, parse_timestamp

pytestmark = pytest.mark.fake_only
B = "hard"


@pytest.fixture
def fake() -> Iterator[S3Fake]:
    with S3Fake() as fake:
        fake.create_bucket(B, versioning=True)
        fake.create_bucket("locked", object_lock=True)
        fake.store.put_object(B, "k", b"data")
        yield fake


@pytest.fixture
def s3(fake: S3Fake) -> Any:
    return fake.client(config=Config(request_checksum_calculation="when_required", retries={"total_max_attempts": 1}))


def edit_body(s3: Any, operation: str, payload: bytes) -> None:
    def hook(request: Any, **kwargs: Any) -> None:
        request.body = payload
        for name in list(request.headers.keys()):
            if name.lower().startswith("x-amz-checksum-") or name.lower() in ("x-amz-sdk-checksum-algorithm",):
                del request.headers[name]
        request.headers["Content-MD5"] = base64.b64encode(hashlib.md5(payload).digest()).decode()

    s3.meta.events.register_first(f"before-send.s3.{operation}", hook)


def edit_header(s3: Any, operation: str, name: str, value: str) -> None:
    def hook(request: Any, **kwargs: Any) -> None:
        request.headers[name] = value

    s3.meta.events.register_first(f"before-send.s3.{operation}", hook)


def error_code(call: Any) -> str:
    with pytest.raises(ClientError) as excinfo:
        call()
    return str(excinfo.value.response["Error"]["Code"])


def state(fake: S3Fake) -> Any:
    return [
        (b.name, b.versioning, b.mfa_delete, b.lock_default,
         [(k, [(v.version_id, getattr(v, "body", None), dict(getattr(v, "tags", {}))) for v in b.versions(k)])
          for k in b.all_keys()])
        for b in fake.store.buckets()
    ]


# --- item 1: odd encodings, numbers, text where an element belongs -----------------------------------------

CALLS = {
    "DeleteObjects": lambda s3: s3.delete_objects(Bucket=B, Delete={"Objects": [{"Key": "k"}]}),
    "PutBucketVersioning": lambda s3: s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={"Status": "Enabled"}),
    "PutObjectTagging": lambda s3: s3.put_object_tagging(Bucket=B, Key="k", Tagging={"TagSet": []}),
    "CreateBucket": lambda s3: s3.create_bucket(Bucket="new-bucket"),
}
DOCS = {
    "DeleteObjects": "<Delete><Object><Key>k</Key></Object></Delete>",
    "PutBucketVersioning": "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
    "PutObjectTagging": "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>",
    "CreateBucket": "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint>"
                    "</CreateBucketConfiguration>",
}


@pytest.mark.parametrize("encoding", ["bogus", "utf-32", "rot13", "idna", "utf-8-sig"])
@pytest.mark.parametrize("operation", sorted(CALLS))
def test_odd_xml_encoding_is_malformed_xml(fake: S3Fake, s3: Any, operation: str, encoding: str) -> None:
    before = state(fake)
    edit_body(s3, operation, f'<?xml version="1.0" encoding="{encoding}"?>{DOCS[operation]}'.encode())
    assert error_code(lambda: CALLS[operation](s3)) == "MalformedXML"
    assert state(fake) == before


def lock_doc(days: str) -> bytes:
    return (f"<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>"
            f"<Mode>GOVERNANCE</Mode><Days>{days}</Days></DefaultRetention></Rule></ObjectLockConfiguration>").encode()


@pytest.mark.parametrize("days", ["²", "--5", "9" * 5000, "٥", "5_0", "99999999999"])
def test_lock_days_not_a_number_is_malformed_xml(fake: S3Fake, s3: Any, days: str) -> None:
    edit_body(s3, "PutObjectLockConfiguration", lock_doc(days))
    call = lambda: s3.put_object_lock_configuration(  # noqa: E731
        Bucket="locked", ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"})
    assert error_code(call) == "MalformedXML"
    assert fake.store.bucket("locked").lock_default is None


def test_lock_days_negative_is_invalid_argument(s3: Any) -> None:
    edit_body(s3, "PutObjectLockConfiguration", lock_doc("-5"))
    call = lambda: s3.put_object_lock_configuration(  # noqa: E731
        Bucket="locked", ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"})
    assert error_code(call) == "InvalidArgument"


@pytest.mark.parametrize("value", ["²", "--5", "9" * 5000, "٥"])
@pytest.mark.parametrize("param,call", [
    ("max-parts", lambda s3: s3.list_parts(Bucket=B, Key="k", UploadId="u")),
    ("max-uploads", lambda s3: s3.list_multipart_uploads(Bucket=B)),
    ("max-buckets", lambda s3: s3.list_buckets()),
    ("partNumber", lambda s3: s3.get_object(Bucket=B, Key="k")),
])
def test_query_number_is_invalid_argument(s3: Any, param: str, call: Any, value: str) -> None:
    def hook(request: Any, **kwargs: Any) -> None:
        sep = "&" if "?" in request.url else "?"
        request.url += f"{sep}{param}={value}"

    s3.meta.events.register_first("before-send.s3", hook)
    with pytest.raises(ClientError) as excinfo:
        call(s3)
    error = excinfo.value.response["Error"]
    if param == "max-parts" and error["Code"] == "NoSuchUpload":
        return  # the upload is looked up first
    assert error["Code"] == "InvalidArgument"


@pytest.mark.parametrize("value", ["bytes=²-3", "bytes=--5", "bytes=0-" + "9" * 5000, "bytes=٥-"])
def test_range_of_odd_digits_is_ignored_or_in_range(s3: Any, value: str) -> None:
    """An unparsable Range is ignored (the whole object); a huge last offset is clipped."""
    edit_header(s3, "GetObject", "Range", value)
    assert s3.get_object(Bucket=B, Key="k")["Body"].read() == b"data"


@pytest.mark.parametrize("value", ["bytes=²-3", "bytes=0-" + "9" * 5000, "bytes=--5"])
def test_copy_source_range_of_odd_digits(fake: S3Fake, s3: Any, value: str) -> None:
    upload = s3.create_multipart_upload(Bucket=B, Key="mp")["UploadId"]
    edit_header(s3, "UploadPartCopy", "x-amz-copy-source-range", value)
    code = error_code(lambda: s3.upload_part_copy(Bucket=B, Key="mp", UploadId=upload, PartNumber=1,
                                                  CopySource={"Bucket": B, "Key": "k"}))
    assert code in ("InvalidArgument", "InvalidRange")


@pytest.mark.parametrize("value", ["attempt=²; max=3", "attempt=" + "9" * 5000, "attempt=--5"])
def test_odd_attempt_header_is_attempt_one(fake: S3Fake, s3: Any, value: str) -> None:
    edit_header(s3, "HeadObject", "amz-sdk-request", value)
    s3.head_object(Bucket=B, Key="k")
    assert fake.calls[-1].attempt == 1


def test_complete_part_number_not_a_number_is_malformed_xml(s3: Any) -> None:
    upload = s3.create_multipart_upload(Bucket=B, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=B, Key="mp", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    doc = f"<CompleteMultipartUpload><Part><PartNumber>²</PartNumber><ETag>{etag}</ETag></Part>" \
          "</CompleteMultipartUpload>"
    edit_body(s3, "CompleteMultipartUpload", doc.encode())
    assert error_code(lambda: s3.complete_multipart_upload(
        Bucket=B, Key="mp", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})) == "MalformedXML"


@pytest.mark.parametrize("doc", [
    "<Tagging><TagSet>x</TagSet></Tagging>",
    "<Tagging><TagSet></TagSet><TagSet></TagSet></Tagging>",
    "<Tagging><TagSet><Tag>x</Tag></TagSet></Tagging>",
])
def test_text_where_an_element_belongs_is_malformed_xml(fake: S3Fake, s3: Any, doc: str) -> None:
    before = state(fake)
    edit_body(s3, "PutObjectTagging", doc.encode())
    assert error_code(lambda: CALLS["PutObjectTagging"](s3)) == "MalformedXML"
    assert state(fake) == before


def test_acl_list_as_text_is_malformed_xml(s3: Any) -> None:
    edit_body(s3, "PutBucketAcl", b"<AccessControlPolicy><AccessControlList>x</AccessControlList>"
                                  b"</AccessControlPolicy>")
    assert error_code(lambda: s3.put_bucket_acl(Bucket=B, AccessControlPolicy={"Owner": {"ID": "x"}})) \
        == "MalformedXML"


def test_values_reader() -> None:
    assert [parse_integer(t) for t in ("12", "-3", "007", "²", "٥", " 5", "5_0", "+5")] == [
        12, -3, 7, None, None, None, None, None]
    assert parse_integer("9" * 5000) == 10**30
    assert [parse_boolean(t) for t in ("true", " FALSE ", "yes")] == [True, False, None]
    assert parse_timestamp("2030-02-30T00:00:00Z") is None
    assert parse_timestamp("2030-01-01T02:00:00+02:00") == parse_timestamp("2030-01-01T00:00:00.000Z")
    assert byte_range_spec("bytes=-5") == (None, 5)
    assert byte_range_spec("bytes=²-3") is None


# --- item 2: non-text values, and the journal's keys -----------------------------------------------------


def test_element_as_tag_value_is_malformed_xml_and_stores_nothing(fake: S3Fake, s3: Any) -> None:
    before = state(fake)
    edit_body(s3, "PutObjectTagging",
              b"<Tagging><TagSet><Tag><Key>a</Key><Value><x>1</x></Value></Tag></TagSet></Tagging>")
    assert error_code(lambda: CALLS["PutObjectTagging"](s3)) == "MalformedXML"
    assert state(fake) == before
    assert s3.get_object_tagging(Bucket=B, Key="k")["TagSet"] == []


def test_journal_keeps_delete_objects_keys_exactly(fake: S3Fake, s3: Any) -> None:
    s3.delete_objects(Bucket=B, Delete={"Objects": [{"Key": " sp "}, {"Key": "k"}]})
    assert fake.calls[-1].keys == [" sp ", "k"]


# --- item 4: sized reads ---------------------------------------------------------------------------------


class SizedOnly(io.BytesIO):
    """A stream that refuses `read()` without a size, as a guard against the quadratic drain."""

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size > 0, "read() without a size"
        return super().read(size)


def test_read_body_reads_in_sized_pieces() -> None:
    data = bytes(range(256)) * 20_000
    assert read_body(SizedOnly(data)) == data


def test_decode_aws_chunked_roundtrip() -> None:
    frames = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (b"a" * 5, b"b" * 70_000)) + b"0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n"
    assert decode_aws_chunked(frames) == (b"a" * 5 + b"b" * 70_000, {"x-amz-checksum-crc32": "AAAA"})


def test_default_checksum_put_object_of_several_chunks(fake: S3Fake) -> None:
    data = b"z" * (3 * 1024 * 1024 + 17)
    fake.client().put_object(Bucket=B, Key="big", Body=io.BytesIO(data))
    assert fake.store.bucket(B).current("big").body == data  # type: ignore[union-attr]


# --- item 8: aws-chunked by x-amz-content-sha256 -------------------------------------------------------------


def test_content_encoding_aws_chunked_on_a_plain_body_is_stored_as_is(fake: S3Fake, s3: Any) -> None:
    edit_header(s3, "PutObject", "Content-Encoding", "gzip, aws-chunked")
    s3.put_object(Bucket=B, Key="gz", Body=b"not chunked at all")
    version = fake.store.bucket(B).current("gz")
    assert version.body == b"not chunked at all"  # type: ignore[union-attr]
    assert s3.head_object(Bucket=B, Key="gz")["ContentEncoding"] == "gzip"
