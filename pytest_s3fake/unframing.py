"""Unsigned aws-chunked bodies read from a stream (the HTTP door's socket) and unframed as they arrive.

`STREAMING-UNSIGNED-PAYLOAD-TRAILER` is what the SDKs send by default (pyarrow, the JS, Java and Go SDKs,
the CLI): chunks without signatures, the body's checksum in a trailer. Each chunk is read straight into
the payload's final buffer and hashed for the ETag as it comes, so a 10 MB part is copied once and never
held framed, where the whole-body decoder (`bodies.decode_aws_chunked`) read it, joined it and hashed it
after. (Hashing on a second thread instead measured no faster on two cores: the client needs the other.) Both give the same payload, trailers and errors (tests/server/test_unframing_property.py).
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable
from typing import Protocol

from pytest_s3fake.bodies import (
    _BAD_SIZE,
    _TRUNCATED_CHUNK,
    _TRUNCATED_HEADER,
    Unframed,
    _chunk_size,
    _trailers,
)
from pytest_s3fake.errors.codes import InvalidRequest

#: The framing S3 reads without chunk signatures: the body's own checksum comes in a trailer.
UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
#: The largest payload buffer made ahead from `x-amz-decoded-content-length` (S3's largest part).
MAX_DECLARED = 5 << 30
_DRAIN = 1 << 20


class Stream(Protocol):
    """What the reader needs of a body stream: the socket's buffered reader, or `TransferChunks`."""

    def read(self, size: int, /) -> bytes: ...

    def readline(self, limit: int, /) -> bytes: ...

    def readinto(self, view: memoryview, /) -> int: ...


def read_unsigned_chunked(stream: Stream, length: int | None, declared: int | None) -> Unframed | None:
    """Read exactly `length` bytes of unsigned aws-chunked framing from `stream`, unframing and hashing
    each chunk as it comes; None when the stream ends first. With `length` None (a chunked transfer
    coding carries the framing) the stream's end is the body's. `declared` is the payload's size as the
    client declared it (`x-amz-decoded-content-length`), used to size the buffer; it is not trusted.

    Malformed framing does not stop the reading: the rest of the `length` bytes is drained (the
    connection stays usable) and the Unframed carries the InvalidRequest `decode_aws_chunked` gives."""
    payload = _Payload(declared)
    try:
        return _unframe(stream, length, payload)
    finally:
        payload.close()


def _unframe(stream: Stream, length: int | None, payload: _Payload) -> Unframed | None:
    md5 = hashlib.md5()
    bounded = length is not None
    remaining = length if length is not None else 1 << 62

    def drain(message: str) -> Unframed | None:
        nonlocal remaining
        while remaining > 0:
            piece = stream.read(min(remaining, _DRAIN))
            if not piece:
                if bounded:
                    return None
                break
            remaining -= len(piece)
        return Unframed(b"", {}, None, InvalidRequest(message))

    while True:
        line = _crlf_line(stream.readline, min(remaining, 4096))
        remaining -= len(line)
        if not line.endswith(b"\r\n"):
            return None if bounded and not line and remaining > 0 else drain(_TRUNCATED_HEADER)
        size = _chunk_size(line[:-2])
        if size is None:
            return drain(_BAD_SIZE)
        if size == 0:
            break
        if bounded and size + 2 > remaining:
            return drain(_TRUNCATED_CHUNK)
        piece = payload.read_chunk(stream, size)
        got = len(piece)
        md5.update(piece)  # as it arrives: hashing the whole payload after it cost a second pass
        _release(piece)
        if got != size:
            return None if bounded else drain(_TRUNCATED_CHUNK)
        end = stream.read(2)
        remaining -= size + len(end)
        if end != b"\r\n":
            return None if bounded and len(end) < 2 else drain(_TRUNCATED_CHUNK)
    if bounded:
        block = stream.read(remaining) if remaining > 0 else b""
        if len(block) != remaining:
            return None
    else:  # trailer lines to the empty one, or to the end of the stream
        lines = []
        while (line := stream.readline(4096)) and line != b"\r\n":
            lines.append(line)
        block = b"".join(lines)
    digest = base64.b64encode(md5.digest()).decode()
    return Unframed(payload.value(), _trailers(block), digest)


def _fill(readinto: Callable[[memoryview], int], view: memoryview) -> int:
    """Read into all of `view` unless the stream ends first; how many bytes were read."""
    filled = 0
    while filled < len(view):
        count = readinto(view[filled:])
        if not count:
            break
        filled += count
    return filled


def _crlf_line(readline: Callable[[int], bytes], limit: int) -> bytes:
    """A line ended by CRLF (a bare LF does not end it, as in `decode_aws_chunked`), of at most `limit` bytes."""
    line = readline(limit)
    while line.endswith(b"\n") and not line.endswith(b"\r\n") and len(line) < limit:
        more = readline(limit - len(line))
        if not more:
            break
        line += more
    return line


class _Payload:
    """The payload's bytes, read in place: with a declared size, chunks are read straight into a `BytesIO`
    made that size ahead, whose `getvalue()` then hands the buffer over without a copy. Without one (or
    past it: the declaration is the client's word) chunks are read and copied in."""

    __slots__ = ("_buffer", "_extra", "_in_view", "_size", "_view")

    def __init__(self, declared: int | None) -> None:
        self._buffer = io.BytesIO()
        self._size = 0
        self._in_view = 0
        self._extra: list[bytes] = []
        self._view: memoryview | None = None
        if declared is not None and 0 < declared <= MAX_DECLARED:
            self._buffer.seek(declared - 1)
            self._buffer.write(b"\0")
            self._view = self._buffer.getbuffer()

    def read_chunk(self, stream: Stream, size: int) -> bytes | memoryview:
        """The next `size` bytes of payload read from `stream` (fewer only where it ended), kept."""
        if self._view is not None and not self._extra and self._size + size <= len(self._view):
            view = self._view[self._size: self._size + size]
            got = _fill(stream.readinto, view)
            self._size += got
            self._in_view = self._size
            if got == size:
                return view
            short = view[:got]
            view.release()
            return short
        data = stream.read(size)
        if self._view is not None:
            self._extra.append(data)
        else:
            self._buffer.write(data)
        self._size += len(data)
        return data

    def value(self) -> bytes:
        """The payload; every view of it handed out must be released first."""
        self.close()
        if self._extra:  # more than declared
            return self._buffer.getvalue()[: self._in_view] + b"".join(self._extra)
        self._buffer.truncate(self._size)  # fewer than declared
        return self._buffer.getvalue()

    def close(self) -> None:
        if self._view is not None:
            self._view.release()
            self._view = None


def _release(piece: bytes | memoryview) -> None:
    if type(piece) is memoryview:
        piece.release()
