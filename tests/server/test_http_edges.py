"""What SDKs send that boto3 may not, and what no SDK should send: raw http.client and sockets."""

from __future__ import annotations

import http.client
import socket
from typing import Any

import pytest

from pytest_s3fake import S3Fake
from pytest_s3fake.model import ObjectVersion
from pytest_s3fake.server import S3Server
from pytest_s3fake.xmlcodec import parse_xml


def _error(response: http.client.HTTPResponse) -> dict[str, Any]:
    doc: dict[str, Any] = parse_xml(response.read())["Error"]
    return doc


def _raw(server: S3Server, data: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
            if b"</Error>" in b"".join(chunks):
                break
        return b"".join(chunks)


def test_keep_alive_serves_many_requests_on_one_connection(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    fake.create_bucket("bkt")
    for i in range(3):
        raw.request("PUT", f"/bkt/k{i}", body=b"v")
        assert raw.getresponse().read() == b""
    raw.request("GET", "/bkt/k2")
    response = raw.getresponse()
    assert (response.status, response.read()) == (200, b"v")


def test_virtual_host_style(fake: S3Fake, raw: http.client.HTTPConnection, server: S3Server) -> None:
    fake.create_bucket("bkt")
    raw.request("PUT", "/dir/key", body=b"vh", headers={"Host": f"bkt.localhost:{server.port}"})
    assert raw.getresponse().status == 200
    assert fake.store.bucket("bkt").current("dir/key").body == b"vh"  # type: ignore[union-attr]


def test_expect_100_continue(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b"hello")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 OK")
    assert fake.store.bucket("bkt").current("k").body == b"hello"  # type: ignore[union-attr]


def test_chunked_transfer_encoding(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    fake.create_bucket("bkt")
    raw.request("PUT", "/bkt/k", body=iter([b"hel", b"lo ", b"world"]), encode_chunked=True)
    assert raw.getresponse().status == 200
    assert fake.store.bucket("bkt").current("k").body == b"hello world"  # type: ignore[union-attr]


def test_aws_chunked_unsigned_trailer(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    """STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer, as the JS, Java and Go SDKs send it."""
    fake.create_bucket("bkt")
    body = b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"
    raw.request("PUT", "/bkt/k", body=body, headers={
        "Content-Encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": "5", "x-amz-trailer": "x-amz-checksum-crc32"})
    response = raw.getresponse()
    response.read()
    assert response.status == 200
    assert fake.store.bucket("bkt").current("k").body == b"hello"  # type: ignore[union-attr]


def test_head_sends_headers_only(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    fake.create_bucket("bkt")
    raw.request("PUT", "/bkt/k", body=b"12345")
    raw.getresponse().read()
    raw.request("HEAD", "/bkt/k")
    response = raw.getresponse()
    assert response.getheader("Content-Length") == "5"
    assert response.read() == b""
    raw.request("GET", "/bkt/k", headers={"Range": "bytes=1-2"})  # the connection is still in step
    response = raw.getresponse()
    assert (response.status, response.read()) == (206, b"23")


@pytest.mark.parametrize(("method", "path"), [("POST", "/bkt/k"), ("PATCH", "/bkt"), ("POST", "/")])
def test_unknown_route_is_method_not_allowed(fake: S3Fake, raw: http.client.HTTPConnection, method: str,
                                              path: str) -> None:
    fake.create_bucket("bkt")
    raw.request(method, path)
    response = raw.getresponse()
    error = _error(response)
    assert response.status == 405
    assert error["Code"] == "MethodNotAllowed" and error["Method"] == method
    assert fake.calls[-1].status == 405 and fake.calls[-1].operation == ""


def test_garbage_bytes_answer_400_xml(server: S3Server) -> None:
    answer = _raw(server, b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"<Code>BadRequest</Code>" in answer


def test_oversized_headers_are_refused(server: S3Server) -> None:
    answer = _raw(server, b"GET /bkt HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
    assert b"<Code>RequestHeaderSectionTooLarge</Code>" in answer
    answer = _raw(server, b"GET /bkt HTTP/1.1\r\nHost: x\r\n" + b"".join(
        b"X-H%d: %s\r\n" % (i, b"v" * 200) for i in range(90)) + b"\r\n")
    assert b"<Code>RequestHeaderSectionTooLarge</Code>" in answer


def assert_nothing_stored(fake: S3Fake, server: S3Server) -> None:
    """The server still serves, and the cut-off PutObject left no object and no journal entry."""
    after = http.client.HTTPConnection(server.host, server.port, timeout=5)  # still serving
    after.request("GET", "/bkt/k")
    assert after.getresponse().status == 404
    after.close()
    assert fake.store.bucket("bkt").current("k") is None
    assert fake.calls.of("PutObject") == []


def test_disconnect_mid_upload_stores_nothing(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"x" * 400)
    assert_nothing_stored(fake, server)


@pytest.mark.parametrize("framing", [b"Content-Length: 1000\r\n", b"Transfer-Encoding: chunked\r\n"])
def test_disconnect_mid_aws_chunked_upload_stores_nothing(fake: S3Fake, server: S3Server, framing: bytes) -> None:
    """The unsigned aws-chunked body (unframed as it arrives) cut off mid-chunk: nothing stored either."""
    fake.create_bucket("bkt")
    head = (b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n"
            b"x-amz-decoded-content-length: 900\r\n" + framing + b"\r\n")
    chunk = b"384\r\n" + b"x" * 400  # a 900-byte aws chunk, 400 bytes of it sent
    body = chunk if framing.startswith(b"Content-Length") else b"%x\r\n%s" % (len(chunk) + 600, chunk)
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(head + body)
    assert_nothing_stored(fake, server)


def test_idle_connection_is_closed() -> None:
    fake = S3Fake()
    with S3Server(fake, idle_timeout=0.2) as server, socket.create_connection((server.host, server.port)) as sock:
        sock.settimeout(10)  # a server that never closed it would raise TimeoutError here
        assert sock.recv(10) == b""  # the server closed it


def test_cors_preflight_without_configuration_is_403(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    fake.create_bucket("bkt")
    raw.request("OPTIONS", "/bkt/k", headers={"Origin": "http://app.test", "Access-Control-Request-Method": "PUT"})
    response = raw.getresponse()
    error = _error(response)
    assert response.status == 403 and error["Code"] == "AccessForbidden"
    # Recorded on AWS (LocalStack's test_cors snapshots): a bucket without CORS names the BUCKET.
    assert error["Method"] == "PUT" and error["ResourceType"] == "BUCKET"
    assert fake.calls[-1].operation == "Preflight"


def test_cors_preflight_from_bucket_rules(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    fake.create_bucket("bkt")
    fake.client(endpoint_url=f"http://{raw.host}:{raw.port}").put_bucket_cors(Bucket="bkt", CORSConfiguration={
        "CORSRules": [{"AllowedOrigins": ["http://*.test"], "AllowedMethods": ["PUT", "GET"],
                       "AllowedHeaders": ["*"], "MaxAgeSeconds": 300}]})
    raw.request("OPTIONS", "/bkt/k", headers={"Origin": "http://app.test", "Access-Control-Request-Method": "PUT",
                                              "Access-Control-Request-Headers": "content-type"})
    response = raw.getresponse()
    response.read()
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == "http://app.test"
    assert response.getheader("Access-Control-Allow-Methods") == "PUT, GET"
    assert response.getheader("Access-Control-Max-Age") == "300"
    raw.request("OPTIONS", "/bkt/k", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "PUT"})
    assert raw.getresponse().status == 403


def test_key_starting_with_slash_keeps_it_in_virtual_host_style(fake: S3Fake, raw: http.client.HTTPConnection,
                                                                 server: S3Server) -> None:
    """`//lead` is the key `/lead` of the bucket in the Host; http.server's own parser folded it into `/lead`."""
    fake.create_bucket("bkt")
    raw.request("PUT", "//lead", body=b"v", headers={"Host": f"bkt.localhost:{server.port}"})
    assert raw.getresponse().status == 200
    assert list(fake.store.bucket("bkt").live_keys()) == ["/lead"]


def test_header_line_without_colon_is_bad_request(fake: S3Fake, server: S3Server) -> None:
    answer = _raw(server, b"GET /bkt HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"<Code>BadRequest</Code>" in answer
    assert len(fake.calls) == 0


def test_folded_header_continues_the_previous_field(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    answer = _raw(server, b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nx-amz-meta-note: first\r\n  second\r\n"
                          b"Content-Length: 1\r\nConnection: close\r\n\r\nv")
    assert answer.startswith(b"HTTP/1.1 200")
    assert fake.store.bucket("bkt").current("k").metadata == {"note": "first second"}  # type: ignore[union-attr]


def test_http_1_0_closes_after_the_answer(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"GET /bkt/missing HTTP/1.0\r\nHost: x\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):  # ends only because the server closes the connection
            data += chunk
    assert data.startswith(b"HTTP/1.1 404") and b"<Code>NoSuchKey</Code>" in data


def test_big_range_is_served_whole_over_http(fake: S3Fake, raw: http.client.HTTPConnection) -> None:
    """A range over 1 MiB is written from a view of the stored bytes: every byte arrives, in order."""
    body = bytes(range(256)) * 20_000
    fake.create_bucket("bkt")
    raw.request("PUT", "/bkt/big", body=body)
    raw.getresponse().read()
    raw.request("GET", "/bkt/big", headers={"Range": "bytes=7-4000006"})
    response = raw.getresponse()
    assert (response.status, response.getheader("Content-Length")) == (206, "4000000")
    assert response.read() == body[7:4000007]


@pytest.mark.parametrize("host_prefixed", [True, False])
def test_write_get_object_response_is_routed_by_its_literal_path(fake: S3Fake, raw: http.client.HTTPConnection,
                                                                 server: S3Server, host_prefixed: bool) -> None:
    """botocore sends it to `ROUTE.<endpoint host>/WriteGetObjectResponse`, or to the endpoint itself with
    `inject_host_prefix=False`: both reach the operation (routes.py rule 6)."""
    host = f"io-route.localhost:{server.port}" if host_prefixed else f"127.0.0.1:{server.port}"
    raw.request("POST", "/WriteGetObjectResponse", body=b"TRANSFORMED", headers={
        "Host": host, "x-amz-request-route": "io-route", "x-amz-request-token": "t", "x-amz-fwd-status": "200"})
    response = raw.getresponse()
    assert (response.status, response.read()) == (200, b"")
    assert fake.calls[-1].operation == "WriteGetObjectResponse" and fake.calls[-1].body == b"TRANSFORMED"
    raw.request("POST", "/WriteGetObjectResponse", body=b"x", headers={"Host": host})  # no route header
    response = raw.getresponse()
    assert response.status == 405 and _error(response)["Code"] == "MethodNotAllowed"


@pytest.mark.parametrize("length", [b"-1", b"ten", b"1e3"])
def test_a_content_length_that_is_no_length_is_400_and_closes(fake: S3Fake, server: S3Server, length: bytes) -> None:
    """S3 answers 400 to a Content-Length of -1 (ceph s3-tests' test_object_create_bad_contentlength_negative,
    run against AWS); where such a body ends is unknown, so the connection is closed after the answer."""
    fake.create_bucket("bkt")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\nabc")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in head
    assert b"<Code>BadRequest</Code>" in body
    assert fake.store.bucket("bkt").current("k") is None


@pytest.mark.parametrize("value", ["Hello World\u00e9", "\u65e5\u672c\u8a9e"])
def test_metadata_beyond_ascii_is_the_same_text_through_both_doors(fake: S3Fake, server: S3Server, value: str) -> None:
    """botocore sends a value beyond ASCII as UTF-8 bytes; the server stores the same text the in-process
    door does, answers it as Latin-1 when it can (what a Python client reads back as the text it sent;
    ceph s3-tests' test_object_set_get_unicode_metadata) and as the UTF-8 bytes it came in as otherwise."""
    fake.create_bucket("bkt")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"PUT /bkt/k HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nx-amz-meta-m: " + value.encode() +
                     b"\r\nConnection: close\r\n\r\n")
        while sock.recv(65536):
            pass
    stored = fake.store.bucket("bkt").current("k")
    assert isinstance(stored, ObjectVersion) and stored.metadata == {"m": value}
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"HEAD /bkt/k HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    sent = value.encode("latin-1") if value.isascii() or max(map(ord, value)) < 256 else value.encode()
    assert b"x-amz-meta-m: " + sent + b"\r\n" in answer
