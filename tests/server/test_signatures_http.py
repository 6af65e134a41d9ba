"""SigV4 verification over the HTTP door: the same check as in-process (attempt.respond), seen by boto3
and by a plain HTTP client on a presigned URL."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.server import S3Server


@pytest.fixture
def signed_server() -> Iterator[tuple[S3Fake, S3Server]]:
    fake = S3Fake(verify_signatures=True)
    fake.create_bucket("b")
    with fake.serve() as server:
        yield fake, server


def client(server: S3Server, secret: str = "testing", key: str = "testing") -> Any:
    return boto3.client("s3", endpoint_url=server.endpoint_url, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                      retries={"max_attempts": 1}))


def test_known_pair_verifies_over_http(signed_server: tuple[S3Fake, S3Server]) -> None:
    fake, server = signed_server
    client(server).put_object(Bucket="b", Key="a b/c+d.txt", Body=b"v", Metadata={"m": "x  y"})
    assert fake.store.bucket("b").current("a b/c+d.txt") is not None
    assert client(server).list_objects_v2(Bucket="b", Prefix="a b/")["KeyCount"] == 1


def test_wrong_secret_over_http(signed_server: tuple[S3Fake, S3Server]) -> None:
    fake, server = signed_server
    with pytest.raises(ClientError) as exc:
        client(server, secret="wrong").put_object(Bucket="b", Key="k", Body=b"v")
    assert exc.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert exc.value.response["Error"]["CanonicalRequest"].startswith("PUT\n/b/k\n")
    assert fake.store.bucket("b").current("k") is None


def test_unknown_key_over_http(signed_server: tuple[S3Fake, S3Server]) -> None:
    _, server = signed_server
    with pytest.raises(ClientError) as exc:
        client(server, key="AKIDNOPE").list_objects_v2(Bucket="b")
    assert exc.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_presigned_get_and_put_then_expired(signed_server: tuple[S3Fake, S3Server]) -> None:
    fake, server = signed_server
    put = client(server).generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=30)
    request = urllib.request.Request(put, data=b"payload", method="PUT")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    get = client(server).generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=30)
    with urllib.request.urlopen(get) as response:
        assert response.read() == b"payload"
    fake.clock.advance(seconds=3600)  # far past: the URL was signed at the wall clock
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(get)
    assert exc.value.code == 403
    body = exc.value.read()
    assert b"<Code>AccessDenied</Code>" in body and b"Request has expired" in body
