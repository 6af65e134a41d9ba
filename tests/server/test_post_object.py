"""PostObject over HTTP: browser form uploads as boto3's generate_presigned_post builds them.

Behaviour from the POST Object reference and policy pages (RESTObjectPOST.html,
sigv4-HTTPPOSTConstructPolicy.html): 204 by default, success_action_status 200/201, success_action_redirect
as a 303, `${filename}`, and the policy's eq / starts-with / content-length-range conditions.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from pytest_s3fake import S3Fake
from pytest_s3fake.server import S3Server


@pytest.fixture
def served() -> Iterator[tuple[S3Fake, S3Server, Any]]:
    fake = S3Fake()
    fake.create_bucket("forms")
    with fake.serve() as server:
        client = boto3.client("s3", endpoint_url=server.endpoint_url, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing",
                              config=Config(s3={"addressing_style": "path"}))
        yield fake, server, client


def post(url: str, fields: dict[str, str], filename: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    boundary = "----s3fakeboundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: text/plain\r\n\r\n".encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    target = urlsplit(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    conn.request("POST", target.path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = conn.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return result


def test_presigned_post_with_filename_default_204(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, _, client = served
    form = client.generate_presigned_post("forms", "uploads/${filename}",
                                          Conditions=[["starts-with", "$key", "uploads/"]])
    status, headers, _ = post(form["url"], form["fields"], "photo.txt", b"hello")
    assert status == 204
    version = fake.store.bucket("forms").current("uploads/photo.txt")
    assert version is not None and headers["etag"]


def test_success_action_status_201_and_redirect(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, _, client = served
    form = client.generate_presigned_post("forms", "a", Fields={"success_action_status": "201"},
                                          Conditions=[{"success_action_status": "201"}])
    status, _, body = post(form["url"], form["fields"], "x", b"1")
    assert status == 201 and b"<Key>a</Key>" in body
    form = client.generate_presigned_post("forms", "b", Fields={"success_action_redirect": "http://example.test/ok"},
                                          Conditions=[{"success_action_redirect": "http://example.test/ok"}])
    status, headers, _ = post(form["url"], form["fields"], "x", b"2")
    assert status == 303 and headers["location"].startswith("http://example.test/ok?bucket=forms&key=b&etag=")
    assert list(fake.store.bucket("forms").live_keys()) == ["a", "b"]


def test_file_over_content_length_range_is_refused(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, _, client = served
    form = client.generate_presigned_post("forms", "big", Conditions=[["content-length-range", 1, 4]])
    status, _, body = post(form["url"], form["fields"], "x", b"too large")
    assert status == 400 and b"<Code>EntityTooLarge</Code>" in body
    assert fake.store.bucket("forms").current("big") is None


def test_condition_not_met_is_access_denied(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, _, client = served
    form = client.generate_presigned_post("forms", "k", Conditions=[["starts-with", "$key", "only/"]])
    status, _, body = post(form["url"], form["fields"], "x", b"1")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body and b"Policy Condition failed" in body
    assert fake.store.bucket("forms").current("k") is None


def test_expired_policy(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, _, client = served
    form = client.generate_presigned_post("forms", "k", ExpiresIn=10)
    fake.clock.advance(seconds=3600)
    status, _, body = post(form["url"], form["fields"], "x", b"1")
    assert status == 403 and b"Policy expired" in body
    assert fake.store.bucket("forms").current("k") is None


def test_policy_signature_verified_when_on() -> None:
    fake = S3Fake(verify_signatures=True)
    fake.create_bucket("forms")
    with fake.serve() as server:
        def presign(secret: str) -> Any:
            client = boto3.client("s3", endpoint_url=server.endpoint_url, region_name="us-east-1",
                                  aws_access_key_id="testing", aws_secret_access_key=secret,
                                  config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))
            return client.generate_presigned_post("forms", "k")

        bad = presign("wrong")
        status, _, body = post(bad["url"], bad["fields"], "x", b"1")
        assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body
        assert fake.store.bucket("forms").current("k") is None
        good = presign("testing")
        assert post(good["url"], good["fields"], "x", b"1")[0] == 204
        assert fake.store.bucket("forms").current("k") is not None


def test_garbage_form_is_malformed_post_request(served: tuple[S3Fake, S3Server, Any]) -> None:
    fake, server, _ = served
    target = urlsplit(server.endpoint_url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    conn.request("POST", "/forms", b"\x00\xffnot a form", {"Content-Type": "multipart/form-data; boundary=zz"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 400 and b"<Code>MalformedPOSTRequest</Code>" in body
    assert list(fake.store.bucket("forms").live_keys()) == []


def test_post_without_a_checksum_answers_the_default(served: tuple[S3Fake, S3Server, Any]) -> None:
    """LocalStack's AWS-validated test_post_object_default_checksum: the 204 carries `x-amz-checksum-crc64nvme`
    and `x-amz-checksum-type: FULL_OBJECT`, and HeadObject with ChecksumMode=ENABLED shows the same value."""
    _, _, client = served
    form = client.generate_presigned_post("forms", "checked", Conditions=[{"bucket": "forms"}])
    status, headers, _ = post(form["url"], form["fields"], "f.txt", b"test data..")
    assert status == 204
    assert headers["x-amz-checksum-crc64nvme"] == "qUVrWYOrIAM="
    assert headers["x-amz-checksum-type"] == "FULL_OBJECT"
    head = client.head_object(Bucket="forms", Key="checked", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == headers["x-amz-checksum-crc64nvme"]
