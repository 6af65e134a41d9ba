"""The request head, checked with Hypothesis: whatever bytes arrive as a request line and header section,
the server answers with an HTTP status line (an S3 `<Error>` document when it refuses them) and goes on
serving; no store changes unless the request was a well-formed PutObject."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.server import S3Server

_FAKE = S3Fake()
_FAKE.create_bucket("bkt")

_NAME = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=":"), min_size=1,
                max_size=20)
_LINE = st.one_of(
    st.tuples(_NAME, st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60)).map(
        lambda field: f"{field[0]}: {field[1]}".encode("latin-1")),
    st.binary(max_size=80).filter(lambda b: b"\n" not in b),  # anything at all on one line
    st.sampled_from([b" folded", b"\tfolded", b"Content-Length: -1", b"Content-Length: x",
                     b"Expect: 100-continue", b"Connection: close", b"Transfer-Encoding: chunked"]))
_REQUEST_LINE = st.one_of(
    st.sampled_from([b"GET /bkt HTTP/1.1", b"PUT /bkt/k HTTP/1.1", b"GET / HTTP/1.0", b"HEAD /bkt/k HTTP/1.1",
                     b"GET /bkt HTTP/2.0", b"GET /bkt", b"BREW /pot HTTP/1.1", b""]),
    st.binary(max_size=60).filter(lambda b: b"\n" not in b))


@pytest.fixture(scope="module")
def served() -> Iterator[S3Server]:
    with _FAKE.serve() as server:  # one server for every example
        yield server


def _exchange(server: S3Server, data: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # no more bytes: a request waiting for a body ends incomplete
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


@settings(max_examples=150, deadline=None)
@given(request_line=_REQUEST_LINE, lines=st.lists(_LINE, max_size=8))
def test_any_head_gets_an_http_answer_and_the_server_keeps_serving(served: S3Server, request_line: bytes,
                                                                   lines: list[bytes]) -> None:
    before = sorted(_FAKE.store.bucket("bkt").live_keys())
    answer = _exchange(served, b"\r\n".join([request_line, *lines]) + b"\r\n\r\n")
    assert answer == b"" or answer.startswith(b"HTTP/1.1 ")  # nothing, for a PUT whose body never came
    if answer.startswith((b"HTTP/1.1 4", b"HTTP/1.1 5")) and not answer.startswith(b"HTTP/1.1 404"):
        assert b"<Error><Code>" in answer or b"HEAD" in request_line
        assert sorted(_FAKE.store.bucket("bkt").live_keys()) == before
    healthy = http.client.HTTPConnection(served.host, served.port, timeout=10)
    healthy.request("GET", "/bkt?list-type=2")
    assert healthy.getresponse().status == 200
    healthy.close()
