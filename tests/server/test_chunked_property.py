"""Chunked transfer encoding, checked with Hypothesis: however a body is split into chunks (and with or
without chunk extensions), the object stored is the body sent."""

from __future__ import annotations

import http.client

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake

_FAKE = S3Fake()
_FAKE.create_bucket("bkt")


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(st.binary(min_size=1, max_size=300), max_size=8), extension=st.booleans())
def test_chunked_body_round_trips(parts: list[bytes], extension: bool) -> None:
    framed = b"".join(b"%x%s\r\n%s\r\n" % (len(p), b";ext=1" if extension else b"", p) for p in parts)
    with _FAKE.serve() as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        connection.putrequest("PUT", "/bkt/k")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders(framed + b"0\r\n\r\n")
        response = connection.getresponse()
        response.read()
        connection.close()
    assert response.status == 200
    stored = _FAKE.store.bucket("bkt").current("k")
    assert stored is not None and stored.body == b"".join(parts)
