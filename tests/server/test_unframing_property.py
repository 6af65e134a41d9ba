"""Unsigned aws-chunked bodies unframed as they arrive (`unframing.read_unsigned_chunked`, through
`chunked.TransferChunks` when a chunked transfer coding carries them), checked with Hypothesis against the
whole-body decoder the in-process door uses: the same payload and trailers, or the same InvalidRequest,
whatever the framing and however the transfer coding splits it; the MD5 is the payload's."""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import itertools
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.bodies import Unframed, decode_aws_chunked
from pytest_s3fake.errors import S3Error
from pytest_s3fake.model import ObjectVersion
from pytest_s3fake.server.chunked import Incomplete, TransferChunks
from pytest_s3fake.unframing import UNSIGNED_TRAILER, read_unsigned_chunked


def frame(chunks: list[bytes], trailers: dict[str, str]) -> bytes:
    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
    return body + b"0\r\n" + b"".join(f"{k}:{v}\r\n".encode() for k, v in trailers.items()) + b"\r\n"


def transfer_chunked(data: bytes, cuts: list[int]) -> bytes:
    """`data` in a chunked transfer coding, split at `cuts`."""
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    pieces = [data[a:b] for a, b in itertools.pairwise(points) if b > a]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def expected(framed: bytes) -> tuple[bytes, dict[str, str]] | str:
    try:
        return decode_aws_chunked(framed)
    except S3Error as error:
        return str(error.message)


def outcome(result: Unframed | None) -> tuple[bytes, dict[str, str]] | str:
    assert result is not None
    if result.error is not None:
        return str(result.error.message)
    assert result.digests.values["MD5"] == base64.b64encode(hashlib.md5(result.payload).digest()).decode()
    return result.payload, result.trailers


_CHUNKS = st.lists(st.binary(min_size=1, max_size=200), max_size=6)
_TRAILERS = st.dictionaries(st.sampled_from(["x-amz-checksum-crc32", "x-amz-checksum-sha256", "x-other"]),
                            st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12),
                            max_size=2)
_MUTATION = st.one_of(st.none(), st.tuples(st.sampled_from(["cut", "flip"]), st.integers(0, 10_000),
                                           st.integers(0, 255)))


def mutated(framed: bytes, mutation: tuple[str, int, int] | None) -> bytes:
    if mutation is None or not framed:
        return framed
    kind, at, byte = mutation
    at %= len(framed)
    return framed[:at] if kind == "cut" else framed[:at] + bytes([byte]) + framed[at + 1:]


#: The payload size a client declares (`x-amz-decoded-content-length`): none, the truth, or a lie either way.
_DECLARED = st.one_of(st.none(), st.just(0), st.integers(-5, 5))


def declared_size(chunks: list[bytes], offset: int | None) -> int | None:
    return None if offset is None else max(0, sum(map(len, chunks)) + offset)


@settings(max_examples=300, deadline=None)
@given(chunks=_CHUNKS, trailers=_TRAILERS, mutation=_MUTATION, offset=_DECLARED)
def test_with_content_length_it_decodes_as_the_whole_body_decoder(chunks: list[bytes], trailers: dict[str, str],
                                                                  mutation: tuple[str, int, int] | None,
                                                                  offset: int | None) -> None:
    framed = mutated(frame(chunks, trailers), mutation)
    stream = io.BytesIO(framed + b"NEXT REQUEST")
    result = read_unsigned_chunked(stream, len(framed), declared_size(chunks, offset))
    assert outcome(result) == expected(framed)
    assert stream.read() == b"NEXT REQUEST"  # exactly Content-Length bytes read: keep-alive stays in step


@settings(max_examples=300, deadline=None)
@given(chunks=_CHUNKS, trailers=_TRAILERS, cuts=st.lists(st.integers(0, 10_000), max_size=6), offset=_DECLARED)
def test_inside_a_transfer_coding_it_decodes_as_the_whole_body_decoder(chunks: list[bytes], trailers: dict[str, str],
                                                                       cuts: list[int], offset: int | None) -> None:
    framed = frame(chunks, trailers)
    stream = io.BytesIO(transfer_chunked(framed, cuts) + b"NEXT")
    transfer = TransferChunks(stream)
    result = read_unsigned_chunked(transfer, None, declared_size(chunks, offset))
    transfer.finish()
    assert outcome(result) == expected(framed)
    assert stream.read() == b"NEXT"


@settings(max_examples=200, deadline=None)
@given(chunks=_CHUNKS, mutation=_MUTATION, cuts=st.lists(st.integers(0, 10_000), max_size=4))
def test_malformed_framing_inside_a_transfer_coding_is_the_same_error(chunks: list[bytes],
                                                                      mutation: tuple[str, int, int] | None,
                                                                      cuts: list[int]) -> None:
    framed = mutated(frame(chunks, {}), mutation)
    want = expected(framed)
    stream = io.BytesIO(transfer_chunked(framed, cuts) + b"NEXT")
    transfer = TransferChunks(stream)
    result = read_unsigned_chunked(transfer, None, sum(map(len, chunks)))
    transfer.finish()
    got = outcome(result)
    if isinstance(want, str) or isinstance(got, str):
        assert isinstance(got, str)  # an error either way (the messages may name another truncation)
    else:
        assert got == want
    assert stream.read() == b"NEXT"


def test_a_stream_that_ends_early_is_incomplete() -> None:
    framed = frame([b"abcdef"], {})
    for declared in (None, 6):
        assert read_unsigned_chunked(io.BytesIO(framed[:9]), len(framed), declared) is None
    with pytest.raises(Incomplete):
        read_unsigned_chunked(TransferChunks(io.BytesIO(b"10\r\n6\r\nabc")), None, 6)


# --- over HTTP: what pyarrow sends (chunked transfer coding, unsigned aws-chunked, a CRC32 trailer) -----

_FAKE = S3Fake()
_FAKE.create_bucket("bkt")


def put(connection: http.client.HTTPConnection, key: str, wire: bytes, *, chunked: bool, length: int) -> int:
    connection.putrequest("PUT", f"/bkt/{key}")
    connection.putheader("x-amz-content-sha256", UNSIGNED_TRAILER)
    connection.putheader("x-amz-trailer", "x-amz-checksum-crc32")
    connection.putheader("x-amz-decoded-content-length", str(length))
    connection.putheader("Content-Encoding", "aws-chunked")
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(len(wire)))
    connection.endheaders(wire)
    response = connection.getresponse()
    response.read()
    return response.status


@settings(max_examples=25, deadline=None)
@given(chunks=st.lists(st.binary(min_size=1, max_size=3000), min_size=1, max_size=5),
       cuts=st.lists(st.integers(0, 20_000), max_size=5), chunked=st.booleans())
def test_over_http_the_object_is_the_payload_and_the_connection_goes_on(chunks: list[bytes], cuts: list[int],
                                                                        chunked: bool) -> None:
    payload = b"".join(chunks)
    crc = base64.b64encode((zlib.crc32(payload) & 0xFFFFFFFF).to_bytes(4, "big")).decode()
    framed = frame(chunks, {"x-amz-checksum-crc32": crc})
    wire = transfer_chunked(framed, cuts) if chunked else framed
    with _FAKE.serve() as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        assert put(connection, "k", wire, chunked=chunked, length=len(payload)) == 200
        bad = framed.replace(b"\r\n", b"\r\nX", 1)  # the first chunk's data no longer fits its size
        assert put(connection, "bad", transfer_chunked(bad, cuts) if chunked else bad, chunked=chunked,
                   length=len(payload)) == 400
        assert put(connection, "k2", wire, chunked=chunked, length=len(payload)) == 200  # same connection
        connection.close()
    bucket = _FAKE.store.bucket("bkt")
    for key in ("k", "k2"):
        stored = bucket.current(key)
        assert isinstance(stored, ObjectVersion) and stored.body == payload
        assert stored.etag == f'"{hashlib.md5(payload).hexdigest()}"'
    assert bucket.current("bad") is None
    assert _FAKE.calls[-2].error_code == "InvalidRequest"


@pytest.mark.parametrize("chunked", [False, True])
def test_a_declared_size_larger_than_the_body_is_not_allocated(chunked: bool) -> None:
    """`x-amz-decoded-content-length` is the client's word: 4 GiB declared for 5 bytes costs no 4 GiB."""
    import tracemalloc

    fake = S3Fake()
    fake.create_bucket("bkt")
    framed = frame([b"hello"], {})
    with fake.serve() as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        tracemalloc.start()
        try:
            status = put(connection, "k", transfer_chunked(framed, [3]) if chunked else framed, chunked=chunked,
                         length=4 << 30)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        connection.close()
    assert status == 200
    stored = fake.store.bucket("bkt").current("k")
    assert isinstance(stored, ObjectVersion) and stored.body == b"hello"
    assert peak < 100 << 20
