"""URL splitting and request building: path-style and virtual-hosted-style, encodings, aws-chunked bodies."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.config import Config

from pytest_s3fake import S3Fake
from pytest_s3fake.bodies import decode_aws_chunked
from pytest_s3fake.errors import S3Error
from pytest_s3fake.wire import attempt_number, read_headers, split_query, split_url


@pytest.mark.parametrize(
    ("url", "bucket", "key"),
    [
        ("https://my-bucket.s3.amazonaws.com/a/b.txt", "my-bucket", "a/b.txt"),
        ("https://my.dotted.bucket.s3.eu-west-1.amazonaws.com/k", "my.dotted.bucket", "k"),
        ("https://my-bucket.s3-accelerate.amazonaws.com/k", "my-bucket", "k"),
        ("https://s3.amazonaws.com/my-bucket/a/b.txt", "my-bucket", "a/b.txt"),
        ("https://s3.us-west-2.amazonaws.com/my-bucket", "my-bucket", None),
        ("http://localhost:4566/my-bucket/x%20y", "my-bucket", "x y"),
        ("http://my-bucket.localhost:4566/x", "my-bucket", "x"),
        ("https://b1.s3.amazonaws.com/%E2%9C%93/%2Fslash//double", "b1", "\u2713//slash//double"),
        ("https://b1.s3.amazonaws.com/100%25%20off%3F%23", "b1", "100% off?#"),
        ("https://s3.amazonaws.com/", None, None),
    ],
)
def test_split_url(url: str, bucket: str | None, key: str | None) -> None:
    assert split_url(url)[:2] == (bucket, key)


def test_split_query_keeps_bare_names_and_decodes_values() -> None:
    assert split_query("delete") == {"delete": ""}
    assert split_query("versionId=a%2Bb&list-type=2&prefix=%E2%9C%93%20x") == {
        "versionId": "a+b",
        "list-type": "2",
        "prefix": "\u2713 x",
    }


def test_decode_aws_chunked_with_trailer() -> None:
    body = b"5\r\nhello\r\n6;chunk-signature=abc\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    payload, trailers = decode_aws_chunked(body)
    assert payload == b"hello world"
    assert trailers == {"x-amz-checksum-crc32": "DUoRhQ=="}


@pytest.mark.parametrize("body", [b"5\r\nhel", b"zz\r\nhello\r\n0\r\n\r\n", b"5\r\nhelloXX0\r\n\r\n"])
def test_decode_aws_chunked_rejects_broken_framing(body: bytes) -> None:
    with pytest.raises(S3Error) as exc:
        decode_aws_chunked(body)
    assert exc.value.code == "InvalidRequest"


def test_read_headers_reads_botocore_headers_as_their_public_interface_does() -> None:
    raw = HeadersDict({"X-Amz-Meta-Name": "caf\u00e9".encode(), "Content-Length": "3", "x-amz-date": b"20260101T000000Z"})
    raw["content-type"] = "text/plain"
    expected = {"x-amz-meta-name": "caf\u00e9", "content-length": "3", "x-amz-date": "20260101T000000Z",
                "content-type": "text/plain"}
    assert read_headers(raw) == expected
    assert read_headers(dict(raw.items())) == expected  # any other mapping goes through items()


def test_attempt_number_from_sdk_header() -> None:
    assert attempt_number({"amz-sdk-request": "attempt=3; max=5"}) == 3
    assert attempt_number({}) == 1


KEYS = ["plain", "dir/sub/file.txt", "with space", "ünïcødé/ключ/鍵", "a+b=c&d", "100%", "question?mark#hash",
        "//leading-slashes", "trailing/", "tab\tand~tilde", "emoji-\U0001f600", "semi;colon,comma"]


@pytest.mark.parametrize("style", ["path", "virtual"])
def test_keys_round_trip_through_both_addressing_styles(style: str) -> None:
    with S3Fake() as fake:
        client = fake.client(config=Config(s3={"addressing_style": style}))
        urls: list[str] = []
        client.meta.events.register_first("before-send.s3", lambda request, **kw: urls.append(request.url))
        client.create_bucket(Bucket="style-bucket")
        for key in KEYS:
            client.put_object(Bucket="style-bucket", Key=key, Body=key.encode())
        for key in KEYS:
            assert client.get_object(Bucket="style-bucket", Key=key)["Body"].read() == key.encode()
        stored = {k: fake.store.bucket("style-bucket").current(k) for k in KEYS}
        assert all(v is not None for v in stored.values())
        hosts = {url.split("/")[2] for url in urls}
        if style == "virtual":
            assert hosts == {"style-bucket.s3.amazonaws.com"}
        else:
            assert hosts == {"s3.amazonaws.com"}


def test_custom_endpoint_url_is_answered_too() -> None:
    with S3Fake() as fake:
        client: Any = fake.client(endpoint_url="http://localhost:9000")
        urls: list[str] = []
        client.meta.events.register_first("before-send.s3", lambda request, **kw: urls.append(request.url))
        client.create_bucket(Bucket="endpoint-bucket")
        client.put_object(Bucket="endpoint-bucket", Key="a/b c", Body=b"x")
        assert fake.store.bucket("endpoint-bucket").current("a/b c") is not None
        assert urls[-1] == "http://localhost:9000/endpoint-bucket/a/b%20c"


def test_streaming_put_is_decoded_from_aws_chunked(tmp_path: Any) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"0123456789" * 1000)
    with S3Fake() as fake:
        client = fake.client()
        client.create_bucket(Bucket="chunked-bucket")
        with path.open("rb") as handle:
            client.put_object(Bucket="chunked-bucket", Key="k", Body=handle)
        call = fake.calls.of("PutObject")[-1]
        assert "x-amz-trailer" in call.headers  # botocore sent the checksum as a trailer
        version = fake.store.bucket("chunked-bucket").current("k")
        assert version is not None and version.body == path.read_bytes()
        assert "CRC32" in version.checksums
