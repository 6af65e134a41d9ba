"""Signed aws-chunked bodies (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`): with `verify_signatures=True`
every chunk's signature is checked, chained from the seed signature in the Authorization header.

The vectors are AWS's own worked examples: "Signature Calculations for the Authorization Header: Transferring
Payload in Multiple Chunks" (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html, 64 KiB + 1 KiB
of "a", seed 4f232c43...) and "Signature calculations for trailing headers"
(https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html, seed 106e2a8a..., a CRC32C
trailer). The Java, Go and CLI SDKs send such bodies over plain HTTP.
"""

from __future__ import annotations

import http.client
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.errors.codes import SignatureDoesNotMatch
from pytest_s3fake.sigv4 import Signatures

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NOW = datetime(2013, 5, 24, 0, 0, 10, tzinfo=timezone.utc)
URL = "https://s3.amazonaws.com/examplebucket/chunkObject.txt"

PLAIN = {
    "seed": "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
    "chunks": ("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
               "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
               "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"),
    "signed": "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
              "x-amz-decoded-content-length;x-amz-storage-class",
    "trailer": b"\r\n",
}
TRAILED = {
    "seed": "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e",
    "chunks": ("b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
               "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
               "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"),
    "signed": "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
              "x-amz-storage-class;x-amz-trailer",
    "trailer": b"x-amz-checksum-crc32c:sOO8/Q==\r\n"
               b"x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n",
}


def _headers(example: dict[str, object]) -> dict[str, str]:
    trailed = example is TRAILED
    headers = {
        "host": "s3.amazonaws.com", "x-amz-date": "20130524T000000Z", "x-amz-storage-class": "REDUCED_REDUNDANCY",
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" + ("-TRAILER" if trailed else ""),
        "content-encoding": "aws-chunked", "x-amz-decoded-content-length": "66560",
        "authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20130524/us-east-1/s3/aws4_request,"
                         f"SignedHeaders={example['signed']},Signature={example['seed']}",
    }
    headers["x-amz-trailer" if trailed else "content-length"] = "x-amz-checksum-crc32c" if trailed else "66824"
    return headers


def _body(example: dict[str, object], chunks: tuple[str, ...] | None = None) -> bytes:
    first, second, last = chunks or example["chunks"]  # type: ignore[misc]
    return (f"10000;chunk-signature={first}\r\n".encode() + b"a" * 65536 + b"\r\n"
            + f"400;chunk-signature={second}\r\n".encode() + b"a" * 1024 + b"\r\n"
            + f"0;chunk-signature={last}\r\n".encode() + example["trailer"])  # type: ignore[operator]


def _signatures() -> Signatures:
    signatures = Signatures()
    signatures.add(ACCESS_KEY, SECRET_KEY)
    return signatures


@pytest.mark.parametrize("example", [PLAIN, TRAILED], ids=["chunks", "chunks-and-trailer"])
def test_aws_documented_chunked_uploads_verify(example: dict[str, object]) -> None:
    _signatures().verify("PUT", URL, _headers(example), NOW, "us-east-1", _body(example))


@pytest.mark.parametrize("example", [PLAIN, TRAILED], ids=["chunks", "chunks-and-trailer"])
def test_chunks_out_of_order_do_not_verify(example: dict[str, object]) -> None:
    first, second, last = example["chunks"]  # type: ignore[misc]
    with pytest.raises(SignatureDoesNotMatch):
        _signatures().verify("PUT", URL, _headers(example), NOW, "us-east-1", _body(example, (second, first, last)))


def test_a_changed_trailer_does_not_verify() -> None:
    body = _body(TRAILED).replace(b"sOO8/Q==", b"AAAAAA==")
    with pytest.raises(SignatureDoesNotMatch) as error:
        _signatures().verify("PUT", URL, _headers(TRAILED), NOW, "us-east-1", body)
    assert error.value.fields["StringToSign"].startswith("AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n")


@settings(max_examples=60, deadline=None)
@given(position=st.integers(0, 66559), replacement=st.integers(0, 255).filter(lambda b: b != ord("a")))
def test_any_changed_data_byte_fails_its_chunk(position: int, replacement: int) -> None:
    body = bytearray(_body(PLAIN))
    header = len(b"10000;chunk-signature=") + 64 + 2
    offset = header + position if position < 65536 else (
        header + 65536 + 2 + len(b"400;chunk-signature=") + 64 + 2 + position - 65536)
    assert body[offset] == ord("a")
    body[offset] = replacement
    with pytest.raises(SignatureDoesNotMatch):
        _signatures().verify("PUT", URL, _headers(PLAIN), NOW, "us-east-1", bytes(body))


def _put_over_http(fake: S3Fake, body: bytes) -> tuple[int, bytes]:
    headers = {("Host" if name == "host" else name): value for name, value in _headers(PLAIN).items()}
    with fake.serve() as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        connection.request("PUT", "/examplebucket/chunkObject.txt", body=body, headers=headers)
        response = connection.getresponse()
        result = response.status, response.read()
        connection.close()
    return result


def _signed_fake() -> S3Fake:
    fake = S3Fake(verify_signatures=True, clock="frozen", clock_start=NOW)
    fake.add_credentials(ACCESS_KEY, SECRET_KEY)
    fake.create_bucket("examplebucket")
    return fake


def test_the_documented_upload_stores_its_payload_over_http() -> None:
    fake = _signed_fake()
    status, _ = _put_over_http(fake, _body(PLAIN))
    assert status == 200
    stored = fake.store.bucket("examplebucket").current("chunkObject.txt")
    assert stored is not None and stored.body == b"a" * 66560 and stored.storage_class == "REDUCED_REDUNDANCY"


def test_a_tampered_chunk_is_refused_over_http_and_stores_nothing() -> None:
    fake = _signed_fake()
    status, body = _put_over_http(fake, _body(PLAIN).replace(b"a" * 8, b"b" * 8, 1))
    assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body
    assert fake.store.bucket("examplebucket").current("chunkObject.txt") is None


def test_without_verification_chunk_signatures_are_not_checked() -> None:
    fake = S3Fake(clock="frozen", clock_start=NOW)
    fake.create_bucket("examplebucket")
    status, _ = _put_over_http(fake, _body(PLAIN).replace(b"a" * 8, b"b" * 8, 1))
    assert status == 200


def _signed_put(server_url: str, signed_body: bytes) -> dict[str, str]:
    """Headers botocore's own SigV4 signer gives a PUT of `signed_body` (payload hash included)."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="PUT", url=f"{server_url}/b/k", data=signed_body)
    request.context["payload_signing_enabled"] = True
    S3SigV4Auth(Credentials("testing", "testing"), "s3", "us-east-1").add_auth(request)
    return dict(request.headers.items())


def test_a_body_that_is_not_the_signed_payload_hash_is_refused() -> None:
    """S3 answers 400 XAmzContentSHA256Mismatch, with ClientComputedContentSHA256 and
    S3ComputedContentSHA256, when x-amz-content-sha256 names another body than the one sent
    (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html; error list in
    https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)."""
    fake = S3Fake(verify_signatures=True)
    fake.create_bucket("b")
    with fake.serve() as server:
        for body, expected in ((b"tampered", 400), (b"original", 200)):
            headers = _signed_put(server.endpoint_url, b"original")
            connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
            connection.request("PUT", "/b/k", body=body, headers=headers)
            response = connection.getresponse()
            text = response.read()
            connection.close()
            assert response.status == expected, text
            if expected == 400:
                assert b"<Code>XAmzContentSHA256Mismatch</Code>" in text
                assert fake.store.bucket("b").current("k") is None
    stored = fake.store.bucket("b").current("k")
    assert stored is not None and stored.body == b"original"
