"""Hostile and malformed input through the wire: one table, one row per input.

Each row makes a real boto3 call, and a before-send hook of the test's own edits the signed request
(its body, headers or query) before our dispatcher answers it. Every row must get the error S3 answers
(code and HTTP status), as a botocore `ClientError` and never a Python traceback; and the store must be
exactly as it was. Rows whose code real S3's documentation does not state are marked `# unconfirmed`.
A few rows are inputs S3 ignores (an unparsable Range or date): they succeed and change nothing either.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake, checksums
from pytest_s3fake.model import ObjectVersion

pytestmark = pytest.mark.fake_only

B = "hostile"
LOCKED = "hostile-locked"
LONG_KEY = "k" * 1025
FUTURE = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")

Edit = Callable[[Any], None]


# --- editing the signed request ----------------------------------------------------------------------------


def put_header(request: Any, name: str, value: str) -> None:
    request.headers[name] = value  # a case-insensitive dict: this replaces botocore's value


def drop_integrity(request: Any) -> None:
    for name in list(request.headers.keys()):
        lower = name.lower()
        if lower.startswith("x-amz-checksum-") or lower in (
            "content-md5",
            "x-amz-sdk-checksum-algorithm",
            "x-amz-trailer",
        ):
            del request.headers[name]


def body(payload: bytes) -> Edit:
    """Replace the body, with a matching Content-MD5, so the XML (not the digest) is what S3 rejects."""

    def edit(request: Any) -> None:
        request.body = payload
        drop_integrity(request)
        put_header(request, "Content-MD5", base64.b64encode(hashlib.md5(payload).digest()).decode())
        put_header(request, "Content-Length", str(len(payload)))

    return edit


def header(name: str, value: str, *, integrity: bool = False) -> Edit:
    """Set one header; `integrity` replaces botocore's checksums by it (for Content-MD5 and checksum rows)."""

    def edit(request: Any) -> None:
        if integrity:
            drop_integrity(request)
        put_header(request, name, value)

    return edit


def headers(*edits: Edit) -> Edit:
    def edit(request: Any) -> None:
        for one in edits:
            one(request)

    return edit


def query(name: str, value: str) -> Edit:
    """Set one query parameter (replacing botocore's, if it sent one)."""

    def edit(request: Any) -> None:
        parts = urlsplit(request.url)
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
        params.append((name, value))
        request.url = urlunsplit(parts._replace(query=urlencode(params, quote_via=quote)))

    return edit


def md5_of(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


# --- bodies ---------------------------------------------------------------------------------------------


def delete_doc(*objects: str, extra: str = "") -> bytes:
    return (
        "<Delete>" + "".join(f"<Object><Key>{k}</Key></Object>" for k in objects) + extra + "</Delete>"
    ).encode()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(9))
    + b"]><Delete><Object><Key>&j;</Key></Object></Delete>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<Delete><Object><Key>&x;</Key></Object></Delete>"
)
PARAMETER_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY % p SYSTEM "http://169.254.169.254/"> %p;]>'
    b"<Delete><Object><Key>k</Key></Object></Delete>"
)
DEEP = b"<Delete><Object><Key>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Key></Object></Delete>"
DEEP_ROOT = b"<Delete>" * 100_000 + b"</Delete>" * 100_000
HUGE = delete_doc(*(f"key-{n:06d}" for n in range(100_000)))
VALID = delete_doc("k")


# --- calls ----------------------------------------------------------------------------------------------


def delete_objects(*keys: str) -> Callable[[Any], Any]:
    return lambda s3: s3.delete_objects(Bucket=B, Delete={"Objects": [{"Key": k} for k in keys]})


def put(key: str = "new", bucket: str = B, **kwargs: Any) -> Callable[[Any], Any]:
    return lambda s3: s3.put_object(Bucket=bucket, Key=key, Body=b"payload", **kwargs)


def get(key: str = "k", **kwargs: Any) -> Callable[[Any], Any]:
    return lambda s3: s3.get_object(Bucket=B, Key=key, **kwargs)


def copy(**kwargs: Any) -> Callable[[Any], Any]:
    return lambda s3: s3.copy_object(Bucket=B, Key="copy", CopySource={"Bucket": B, "Key": "k"}, **kwargs)


def list_v2(s3: Any) -> Any:
    return s3.list_objects_v2(Bucket=B)


def upload_id(s3: Any) -> str:
    return str(s3.list_multipart_uploads(Bucket=B)["Uploads"][0]["UploadId"])


def complete(s3: Any) -> Any:
    return s3.complete_multipart_upload(
        Bucket=B,
        Key="mp",
        UploadId=upload_id(s3),
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"x"'}]},
    )


def suspend(s3: Any) -> Any:
    return s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={"Status": "Suspended"})


def tag(s3: Any) -> Any:
    return s3.put_object_tagging(Bucket=B, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})


def lock_headers(mode: str, until: str) -> Edit:
    return headers(
        header("x-amz-object-lock-mode", mode),
        header("x-amz-object-lock-retain-until-date", until),
        header("Content-MD5", md5_of(b"payload"), integrity=True),
    )


@dataclass(frozen=True)
class Row:
    id: str
    operation: str
    call: Callable[[Any], Any]
    edit: Edit | None
    #: The S3 error code, or "" for an input S3 ignores (the call succeeds with `status`).
    code: str
    status: int
    #: DeleteObjects answers 200 and reports `code` in the one key's `<Error>`.
    per_key: bool = False


DOS, PUT, GET, LIST, COPY = "DeleteObjects", "PutObject", "GetObject", "ListObjectsV2", "CopyObject"
MALFORMED, BAD_ARGUMENT = ("MalformedXML", 400), ("InvalidArgument", 400)
BAD_REQUEST = ("InvalidRequest", 400)
DEL = delete_objects("k")
MD5_PAYLOAD = header("Content-MD5", md5_of(b"payload"), integrity=True)
VERSIONING = "PutBucketVersioning"

# fmt: off
ROWS = [
    # --- DeleteObjects: the XML document ---
    Row("not-xml", DOS, DEL, body(b"this is not XML"), *MALFORMED),
    Row("truncated-xml", DOS, DEL, body(VALID[: len(VALID) // 2]), *MALFORMED),
    Row("empty-body", DOS, DEL, body(b""), "MissingRequestBodyError", 400),  # unconfirmed
    Row("two-roots", DOS, DEL, body(VALID + VALID), *MALFORMED),
    Row("huge-100000-keys", DOS, DEL, body(HUGE), *MALFORMED),
    Row("1001-keys", DOS, delete_objects(*(f"k{n}" for n in range(1001))), None, *MALFORMED),
    Row("no-objects", DOS, DEL, body(b"<Delete><Quiet>true</Quiet></Delete>"), *MALFORMED),
    Row("deeply-nested-key", DOS, DEL, body(DEEP), *MALFORMED),
    Row("deeply-nested-root", DOS, DEL, body(DEEP_ROOT), *MALFORMED),
    Row("billion-laughs", DOS, DEL, body(BILLION_LAUGHS), *MALFORMED),
    Row("external-entity", DOS, DEL, body(EXTERNAL_ENTITY), *MALFORMED),
    Row("parameter-entity", DOS, DEL, body(PARAMETER_ENTITY), *MALFORMED),
    Row("invalid-utf8", DOS, DEL, body(b"<Delete><Object><Key>\xff\xfe\xc3</Key></Object></Delete>"),
        *MALFORMED),
    Row("invalid-xml-char", DOS, DEL, body(b"<Delete><Object><Key>a\x01b</Key></Object></Delete>"),
        *MALFORMED),
    Row("wrong-namespace-prefix", DOS, DEL,
        body(b'<x:Delete xmlns:x="urn:x"><x:Object><x:Key>k</x:Key></x:Object></x:Delete>'), *MALFORMED),
    Row("wrong-root", DOS, DEL, body(b"<Remove><Object><Key>k</Key></Object></Remove>"),
        *MALFORMED),
    Row("wrong-object-element", DOS, DEL, body(b"<Delete><Obj><Key>k</Key></Obj></Delete>"),
        *MALFORMED),
    Row("wrong-key-element", DOS, DEL, body(b"<Delete><Object><Name>k</Name></Object></Delete>"),
        *MALFORMED),
    Row("key-with-children", DOS, DEL, body(b"<Delete><Object><Key><k>v</k></Key></Object></Delete>"),
        *MALFORMED),
    Row("empty-key", DOS, DEL, body(delete_doc("")), *MALFORMED),  # unconfirmed
    Row("quiet-not-boolean", DOS, DEL, body(delete_doc("k", extra="<Quiet>maybe</Quiet>")),
        *MALFORMED),
    # unconfirmed: S3 may fail the whole request rather than the one key
    Row("1025-byte-key", DOS, delete_objects(LONG_KEY), None, "KeyTooLongError", 200, per_key=True),
    # --- DeleteObjects: headers ---
    Row("md5-not-base64", DOS, DEL, header("Content-MD5", "not base64!", integrity=True),
        "InvalidDigest", 400),
    Row("md5-15-bytes", DOS, DEL, header("Content-MD5", base64.b64encode(b"x" * 15).decode(),
                                                     integrity=True), "InvalidDigest", 400),
    Row("md5-mismatch", DOS, DEL, header("Content-MD5", md5_of(b"other"), integrity=True),
        "BadDigest", 400),
    Row("no-integrity-header", DOS, DEL, drop_integrity, *BAD_REQUEST),
    Row("crc32-malformed", DOS, DEL, header("x-amz-checksum-crc32", "!!!!", integrity=True),
        *BAD_REQUEST),
    Row("sha256-mismatch", DOS, DEL, header("x-amz-checksum-sha256", base64.b64encode(b"\0" * 32).decode(),
                                                        integrity=True), "BadDigest", 400),
    Row("mfa-garbage", DOS, DEL, header("x-amz-mfa", "garbage"), *BAD_ARGUMENT),  # unconfirmed
    Row("mfa-five-digits", DOS, DEL, header("x-amz-mfa", "arn:mfa 12345"),
        *BAD_ARGUMENT),  # unconfirmed
    Row("mfa-letters", DOS, DEL, header("x-amz-mfa", "arn:mfa abcdef"),
        *BAD_ARGUMENT),  # unconfirmed
    Row("bypass-without-object-lock", DOS, DEL, header("x-amz-bypass-governance-retention", "true"),
        *BAD_ARGUMENT),
    # --- DeleteObject ---
    Row("delete-bad-version", "DeleteObject", lambda s3: s3.delete_object(Bucket=B, Key="k", VersionId="v"),
        query("versionId", "not a version id"), *BAD_ARGUMENT),
    Row("delete-mfa-no-serial", "DeleteObject", lambda s3: s3.delete_object(Bucket=B, Key="k"),
        header("x-amz-mfa", "123456"), *BAD_ARGUMENT),  # unconfirmed
    Row("delete-1025-byte-key", "DeleteObject", lambda s3: s3.delete_object(Bucket=B, Key=LONG_KEY), None,
        "KeyTooLongError", 400),
    # --- PutObject: key and headers ---
    Row("put-1025-byte-key", PUT, put(LONG_KEY), None, "KeyTooLongError", 400),
    Row("put-1026-utf8-bytes", PUT, put("é" * 513), None, "KeyTooLongError", 400),
    Row("put-md5-not-base64", PUT, put(), header("Content-MD5", "%%%", integrity=True), "InvalidDigest", 400),
    Row("put-md5-mismatch", PUT, put(), header("Content-MD5", md5_of(b"other"), integrity=True),
        "BadDigest", 400),
    Row("put-crc32-malformed", PUT, put(), header("x-amz-checksum-crc32", "not-a-crc", integrity=True),
        *BAD_REQUEST),
    Row("put-crc32-mismatch", PUT, put(), header("x-amz-checksum-crc32", "AAAAAA==", integrity=True),
        "BadDigest", 400),
    Row("put-two-checksums", PUT, put(),
        headers(header("x-amz-checksum-crc32", checksums.compute("CRC32", b"payload"), integrity=True),
                header("x-amz-checksum-sha1", checksums.compute("SHA1", b"payload"))), *BAD_REQUEST),
    Row("put-declared-algorithm-without-value", PUT, put(),
        header("x-amz-sdk-checksum-algorithm", "CRC32", integrity=True), *BAD_REQUEST),
    Row("put-storage-class", PUT, put(), header("x-amz-storage-class", "BOGUS"), "InvalidStorageClass", 400),
    Row("put-metadata-too-large", PUT, put(), header("x-amz-meta-big", "x" * 3000), "MetadataTooLarge", 400),
    Row("put-tagging-duplicate", PUT, put(), header("x-amz-tagging", "a=1&a=2"), *BAD_ARGUMENT),
    Row("put-tagging-reserved", PUT, put(), header("x-amz-tagging", "aws:x=1"), "InvalidTag", 400),
    Row("put-if-none-match-etag", PUT, put(), header("If-None-Match", '"abc"'), "NotImplemented", 501),
    Row("put-if-match-missing-key", PUT, put(), header("If-Match", '"abc"'), "NoSuchKey", 404),
    Row("put-lock-on-plain-bucket", PUT, put(), lock_headers("GOVERNANCE", FUTURE), *BAD_REQUEST),
    Row("put-lock-date-garbage", PUT, put(bucket=LOCKED), lock_headers("GOVERNANCE", "not-a-date"),
        *BAD_ARGUMENT),
    Row("put-lock-date-in-past", PUT, put(bucket=LOCKED), lock_headers("GOVERNANCE", "2001-01-01T00:00:00Z"),
        *BAD_ARGUMENT),
    Row("put-lock-mode-unknown", PUT, put(bucket=LOCKED), lock_headers("FOREVER", FUTURE),
        *BAD_ARGUMENT),
    Row("put-lock-mode-without-date", PUT, put(bucket=LOCKED),
        headers(header("x-amz-object-lock-mode", "GOVERNANCE"), MD5_PAYLOAD), *BAD_ARGUMENT),
    Row("put-legal-hold-maybe", PUT, put(bucket=LOCKED),
        headers(header("x-amz-object-lock-legal-hold", "MAYBE"), MD5_PAYLOAD), *BAD_ARGUMENT),
    # --- GetObject: headers and query ---
    Row("get-range-past-end", GET, get(), header("Range", "bytes=100-200"), "InvalidRange", 416),
    Row("get-range-garbage-ignored", GET, get(), header("Range", "bytes=abc"), "", 200),
    Row("get-range-multi-ignored", GET, get(), header("Range", "bytes=0-0,2-3"), "", 200),
    Row("get-if-modified-since-ignored", GET, get(), header("If-Modified-Since", "yesterday"), "", 200),
    Row("get-if-unmodified-since-2000", GET, get(),
        header("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"), "PreconditionFailed", 412),
    Row("get-bad-version-id", GET, get(VersionId="v"), query("versionId", "../../etc"), *BAD_ARGUMENT),
    Row("get-part-number-zero", GET, get(PartNumber=1), query("partNumber", "0"), *BAD_ARGUMENT),
    Row("get-part-number-text", GET, get(PartNumber=1), query("partNumber", "one"), *BAD_ARGUMENT),
    Row("get-part-number-and-range", GET, get(PartNumber=1), header("Range", "bytes=0-1"),
        *BAD_REQUEST),
    Row("get-1025-byte-key", GET, get(LONG_KEY), None, "KeyTooLongError", 400),  # unconfirmed
    # --- listings: query parameters ---
    Row("max-keys-text", LIST, list_v2, query("max-keys", "ten"), *BAD_ARGUMENT),
    Row("max-keys-negative", LIST, list_v2, query("max-keys", "-1"), *BAD_ARGUMENT),
    Row("max-keys-over-int32", LIST, list_v2, query("max-keys", "2147483648"), *BAD_ARGUMENT),
    Row("max-keys-exponent-v1", "ListObjects", lambda s3: s3.list_objects(Bucket=B), query("max-keys", "1e3"),
        *BAD_ARGUMENT),
    Row("continuation-token-garbage", LIST, list_v2, query("continuation-token", "garbage=="),
        *BAD_ARGUMENT),
    Row("encoding-type-base64", LIST, list_v2, query("encoding-type", "base64"), *BAD_ARGUMENT),
    Row("version-marker-alone", "ListObjectVersions", lambda s3: s3.list_object_versions(Bucket=B),
        query("version-id-marker", "null"), *BAD_ARGUMENT),
    # --- CopyObject: x-amz-copy-source and directives ---
    Row("copy-source-empty", COPY, copy(), header("x-amz-copy-source", ""), *BAD_ARGUMENT),
    Row("copy-source-bucket-only", COPY, copy(), header("x-amz-copy-source", B), *BAD_ARGUMENT),
    Row("copy-source-no-key", COPY, copy(), header("x-amz-copy-source", f"{B}/missing"), "NoSuchKey", 404),
    Row("copy-source-missing-bucket", COPY, copy(), header("x-amz-copy-source", "no-such-bucket/k"),
        "NoSuchBucket", 404),
    Row("copy-source-bad-version-id", COPY, copy(), header("x-amz-copy-source", f"{B}/k?versionId=bogus"),
        *BAD_ARGUMENT),
    Row("copy-source-bad-escape", COPY, copy(), header("x-amz-copy-source", f"{B}/%ZZ%FF"), "NoSuchKey", 404),
    Row("copy-metadata-directive", COPY, copy(), header("x-amz-metadata-directive", "MERGE"),
        *BAD_ARGUMENT),
    Row("copy-source-if-match", COPY, copy(), header("x-amz-copy-source-if-match", '"nope"'),
        "PreconditionFailed", 412),
    # --- other XML bodies ---
    Row("versioning-status-on", VERSIONING, suspend,
        body(b"<VersioningConfiguration><Status>On</Status></VersioningConfiguration>"), *MALFORMED),
    Row("versioning-billion-laughs", VERSIONING, suspend,
        body(BILLION_LAUGHS.replace(b"Delete", b"VersioningConfiguration")), *MALFORMED),
    Row("tagging-not-xml", "PutObjectTagging", tag, body(b'{"TagSet": []}'), *MALFORMED),
    Row("complete-upload-not-xml", "CompleteMultipartUpload", complete, body(b"<CompleteMultipartUpload"),
        *MALFORMED),
    Row("complete-upload-wrong-element", "CompleteMultipartUpload", complete,
        body(b"<CompleteMultipartUpload><Chunk><PartNumber>1</PartNumber></Chunk></CompleteMultipartUpload>"),
        *MALFORMED),
]
# fmt: on


# --- the store before and after ---------------------------------------------------------------------------


def snapshot(fake: S3Fake) -> list[Any]:
    """Everything a request could change: buckets, settings, every version's data, uploads and parts."""
    state: list[Any] = []
    for bucket in fake.store.buckets():
        keys = []
        for key in bucket.all_keys():
            keys.append(
                (
                    key,
                    [
                        (
                            v.version_id,
                            v.body,
                            v.etag,
                            dict(v.metadata),
                            dict(v.headers),
                            dict(v.tags),
                            v.content_type,
                            v.storage_class,
                            v.retention_mode,
                            v.retain_until,
                            v.legal_hold,
                        )
                        if isinstance(v, ObjectVersion)
                        else (v.version_id, "delete marker")
                        for v in bucket.versions(key)
                    ],
                )
            )
        uploads = [
            (u.upload_id, u.key, sorted((n, p.etag) for n, p in u.parts.items()))
            for u in bucket.uploads.after()
        ]
        state.append(
            (
                bucket.name,
                bucket.versioning,
                bucket.mfa_delete,
                bucket.object_lock_enabled,
                bucket.lock_default,
                dict(bucket.tags),
                keys,
                uploads,
            )
        )
    return state


@pytest.fixture(scope="module")
def s3() -> Any:
    # Checksums only where S3 requires them, so PutObject bodies stay plain bytes a hook can read;
    # no retries, so every row is one attempt.
    config = Config(request_checksum_calculation="when_required", retries={"total_max_attempts": 1})
    return S3Fake().client(config=config)


@pytest.fixture
def fake(s3: Any) -> Iterator[S3Fake]:
    with S3Fake() as fake:
        fake.create_bucket(B, versioning=True)
        fake.store.put_object(B, "k", b"first")
        fake.store.put_object(B, "k", b"data")
        fake.store.put_object(B, "gone", b"x")
        s3.delete_object(Bucket=B, Key="gone")
        s3.create_multipart_upload(Bucket=B, Key="mp")
        s3.upload_part(Bucket=B, Key="mp", UploadId=upload_id(s3), PartNumber=1, Body=b"part")
        fake.create_bucket(LOCKED, object_lock=True)
        fake.store.put_object(LOCKED, "held", b"held", legal_hold=True)
        yield fake


@contextmanager
def edited(s3: Any, operation: str, edit: Edit | None) -> Iterator[None]:
    """Run `edit` on the signed request of `operation`; returning None lets our dispatcher answer it."""

    def hook(request: Any, **kwargs: Any) -> None:
        if edit is not None:
            edit(request)

    event = f"before-send.s3.{operation}"
    s3.meta.events.register_first(event, hook)
    try:
        yield
    finally:
        s3.meta.events.unregister(event, hook)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_hostile_input(s3: Any, fake: S3Fake, row: Row) -> None:
    before = snapshot(fake)
    calls = len(fake.calls)
    with edited(s3, row.operation, row.edit):
        if row.code and not row.per_key:
            with pytest.raises(ClientError) as excinfo:
                row.call(s3)
            response = excinfo.value.response
            assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == (
                row.code,
                row.status,
            )
        else:
            response = row.call(s3)
            assert response["ResponseMetadata"]["HTTPStatusCode"] == row.status
            if row.per_key:
                assert [error["Code"] for error in response["Errors"]] == [row.code]
                assert "Deleted" not in response
    assert snapshot(fake) == before
    # The journal recorded the attempt as answered: an S3 error code, never a crash.
    answered = [call for call in fake.calls[calls:] if call.operation == row.operation]
    assert [call.error_code for call in answered] == [row.code if row.code and not row.per_key else None]


def test_retain_until_date_without_zone_is_utc(s3: Any, fake: S3Fake) -> None:
    """A date with no zone (boto3 always sends one; a raw request may not) is read as UTC, so the
    delete it protects is refused by Object Lock rather than failing on a naive/aware comparison."""
    edit = lock_headers("GOVERNANCE", "2099-01-01T00:00:00")
    with edited(s3, "PutObject", edit):
        version_id = put(bucket=LOCKED)(s3)["VersionId"]
    stored = fake.store.bucket(LOCKED).version("new", version_id)
    assert isinstance(stored, ObjectVersion)
    assert stored.retain_until == datetime(2099, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=LOCKED, Key="new", VersionId=version_id)
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"


def test_row_ids_are_unique() -> None:
    assert len({row.id for row in ROWS}) == len(ROWS)
