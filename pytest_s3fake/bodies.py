"""Request bodies as botocore hands them over: streams drained, aws-chunked framing decoded, digests kept."""

from __future__ import annotations

import base64
import hashlib
import io
import threading
from collections.abc import Callable, Mapping
from typing import Any

from pytest_s3fake import checksums
from pytest_s3fake.errors.codes import InvalidRequest


class Digests:
    """The digests of one body, each computed at most once: a 1 GB body's MD5 takes about 1.5 s, and a
    PutObject needs it for Content-MD5 and for the ETag. Tied to the body it was computed over, so a
    Request made by `dataclasses.replace` with another body recomputes."""

    __slots__ = ("_md5", "body", "values")

    def __init__(self, body: bytes | None = None, values: dict[str, str] | None = None) -> None:
        self.body = body
        self.values: dict[str, str] = values or {}
        self._md5: tuple[Any, threading.Thread] | None = None

    def start_md5(self) -> None:
        """Begin the body's MD5 on another thread, to overlap the checksum pass the caller makes next
        (hashlib and zlib both release the GIL on large buffers); `get("MD5")` waits for it."""
        md5 = hashlib.md5()
        thread = threading.Thread(target=md5.update, args=(self.body,), name="s3fake-md5", daemon=True)
        thread.start()
        self._md5 = (md5, thread)

    def get(self, algorithm: str, body: bytes) -> str:
        if self.body is not body:
            self.body, self.values, self._md5 = body, {}, None
        value = self.values.get(algorithm)
        if value is None:
            if algorithm == "MD5" and self._md5 is not None:
                md5, thread = self._md5
                thread.join()
                value = base64.b64encode(md5.digest()).decode()
            elif algorithm == "MD5":
                value = checksums.content_md5(body)
            else:
                value = checksums.compute(algorithm, body)
            self.values[algorithm] = value
        return value


#: How much `read_body` asks a stream for at a time: botocore's aws-chunked frames are 1 MiB of payload.
_READ_SIZE = 1 << 20


def read_body(body: object) -> bytes:
    """The request body as bytes, whether botocore gave bytes, str, None or a stream.

    A stream is read in sized pieces into one growing buffer (`_drain`). botocore's `AwsChunkedWrapper`
    (its default for PutObject: a CRC32 trailer) grows one buffer chunk by chunk when `read()` is given
    no size, which is quadratic in the body (a 1 GB PutObject never finished); in pieces it is linear."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    read = getattr(body, "read", None)
    if read is None:
        return b"".join(body)  # type: ignore[arg-type]
    return _drain(read)


def _drain(read: Callable[[int], Any]) -> bytes:
    """Everything `read` gives, in sized reads, as one bytes object.

    The pieces go into one `io.BytesIO`, whose buffer grows in place and is handed out by `getvalue()`
    without a copy, so the peak is the body plus one piece (a list of pieces joined at the end holds
    the body twice). A stream that gives it all in one piece is answered with that piece."""
    first = read(_READ_SIZE)
    if isinstance(first, str):
        first = first.encode("utf-8")
    if not first:
        return b""
    second = read(_READ_SIZE)
    if not second:
        return first if type(first) is bytes else bytes(first)
    buffer = io.BytesIO()
    buffer.write(first)
    del first
    piece = second
    while piece:
        buffer.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        piece = read(_READ_SIZE)
    return buffer.getvalue()


def decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """Decode an `aws-chunked` body into (payload, trailing headers).

    Framing: `<hex size>[;chunk-signature=...]\\r\\n<data>\\r\\n` ... `0\\r\\n` then trailer lines
    `name:value\\r\\n` and a final `\\r\\n`. botocore sends this for flexible checksums in a trailer.
    Read in one pass over the body, chunks taken as views and joined once (linear in the size).
    """
    view = memoryview(body)
    pieces: list[memoryview] = []
    position, total = 0, len(body)
    while True:
        end = body.find(b"\r\n", position, position + 4096)
        if end < 0:
            raise InvalidRequest(_TRUNCATED_HEADER)
        size = _chunk_size(body[position:end])
        if size is None:
            raise InvalidRequest(_BAD_SIZE)
        position = end + 2
        if size == 0:
            break
        if position + size + 2 > total or body[position + size: position + size + 2] != b"\r\n":
            raise InvalidRequest(_TRUNCATED_CHUNK)
        pieces.append(view[position: position + size])
        position += size + 2
    trailers = _trailers(body[position:])
    payload = b"".join(pieces)
    del pieces, view
    return payload, trailers


_TRUNCATED_HEADER = "Invalid chunked upload: truncated chunk header"
_BAD_SIZE = "Invalid chunked upload: bad chunk size"
_TRUNCATED_CHUNK = "Invalid chunked upload: truncated chunk"


def _chunk_size(header: bytes) -> int | None:
    """The payload size a chunk header (`<hex size>[;chunk-signature=...]`) gives; None when it is not
    one to 16 hex digits."""
    text = header.split(b";", 1)[0].strip()
    if not text or len(text) > 16 or text.strip(b"0123456789abcdefABCDEF"):
        return None
    return int(text, 16)


def _trailers(block: bytes) -> dict[str, str]:
    """The trailing headers after the last (empty) chunk: `name:value` lines, names in lower case."""
    trailers: dict[str, str] = {}
    for raw_line in block.split(b"\r\n"):
        if raw_line:
            name, _, value = raw_line.decode("utf-8", "replace").partition(":")
            trailers[name.strip().lower()] = value.strip()
    return trailers


def read_chunked_frames(body: object) -> tuple[bytes, dict[str, str], Digests | None] | None:
    """(payload, trailers, digests known of the payload) from botocore's `AwsChunkedWrapper`, or from a
    body a door already unframed (`Unframed`), without joining the framed body into one buffer; None for
    any other body, or a wrapper already part read, which `read_body` and `decode_aws_chunked` then handle.

    The payload is read from the stream the wrapper frames (`_beneath`), when its trailer is a checksum
    botocore computes: that skips botocore's framing, and a caller's `io.BytesIO` hands over its bytes
    without a copy. Otherwise the wrapper's frames are unframed one by one into one buffer."""
    if type(body) is Unframed:
        if body.error is not None:
            raise body.error
        return body.payload, body.trailers, body.digests
    if type(body).__name__ != "AwsChunkedWrapper" or getattr(body, "_remaining", None) != b"":
        return None
    if getattr(body, "_complete", True):
        return None
    beneath = _beneath(body)
    if beneath is not None:
        return beneath
    buffer = io.BytesIO()
    frames = iter(body)  # type: ignore[call-overload]  # each item is one whole frame, or the trailer
    seen: list[bytes] = []  # the frames read, kept only while they are botocore's exact framing
    for frame in frames:
        end = frame.find(b"\r\n", 0, 4096)
        size = _chunk_size(frame[:end]) if end > 0 else None
        if size is None:
            seen.append(frame)
            break
        if size == 0:
            return buffer.getvalue(), _trailers(b"".join([frame, *frames])[end + 2:]), None
        if len(frame) != end + 2 + size + 2 or frame[-2:] != b"\r\n":
            seen.append(frame)
            break
        buffer.write(memoryview(frame)[end + 2: end + 2 + size])
    # Not framed as botocore frames: the general reader, over what was read and what is left.
    rest = b"".join([*seen, *frames])
    return (*decode_aws_chunked(_reframe(buffer.getvalue()) + rest), None)


def _reframe(payload: bytes) -> bytes:
    """`payload` as one aws-chunked frame (what the frames already unframed stood for)."""
    return b"%x\r\n%s\r\n" % (len(payload), payload) if payload else b""


#: botocore's checksum names in a trailer, as our algorithm names.
_TRAILER_ALGORITHMS = {checksums.header_name(a): a for a in checksums.ALGORITHMS}


def _beneath(wrapper: Any) -> tuple[bytes, dict[str, str], Digests] | None:
    """The payload straight from the stream an untouched `AwsChunkedWrapper` frames, with the trailer
    botocore would send (its checksum computed here, over the same bytes, once); None when the trailer
    is not one of botocore's own checksums of an algorithm S3 knows.

    botocore computes the trailer as it frames, so the value is the one it would have sent; handlers
    then find the checksum already known (`Request.checksum`) and do not compute it again."""
    raw = getattr(wrapper, "_raw", None)
    checksum_cls = getattr(wrapper, "_checksum_cls", None)
    name = str(getattr(wrapper, "_checksum_name", ""))
    if checksum_cls is None or getattr(checksum_cls, "__module__", "") != "botocore.httpchecksum" or raw is None:
        return None
    algorithm = _TRAILER_ALGORITHMS.get(name.lower())
    if algorithm is None or not callable(getattr(raw, "read", None)):
        return None
    payload = raw.read() if type(raw) is io.BytesIO else _drain(raw.read)
    if not isinstance(payload, bytes):
        payload = bytes(payload)
    wrapper._complete = True  # drained, as botocore's own frames would have left it
    digests = Digests(payload)
    if len(payload) >= _OVERLAP_MD5:
        digests.start_md5()  # the ETag's MD5 alongside the trailer's checksum: about 1.3x faster on 2 cores
    value = digests.get(algorithm, payload)
    return payload, {name.lower(): value}, digests


#: From this size a body's MD5 runs on a second thread while its trailer checksum is computed.
_OVERLAP_MD5 = 4 << 20


def is_aws_chunked(headers: Mapping[str, str]) -> bool:
    """Whether the body is aws-chunked framing, decided as S3 decides: by `x-amz-content-sha256`
    (`STREAMING-...`) or `x-amz-decoded-content-length`, not by `Content-Encoding`, which also names
    the object's own encodings (`gzip, aws-chunked` on a body that is plain gzip is stored as is)."""
    return headers.get("x-amz-content-sha256", "").startswith("STREAMING-") or (
        "x-amz-decoded-content-length" in headers
    )


class Unframed:
    """An aws-chunked body a door decoded while it read it (`unframing.read_unsigned_chunked`): the
    payload, the trailing headers and the payload's MD5, or the framing error to answer.
    `build_request` takes it as it takes botocore's framed stream (`read_chunked_frames`)."""

    __slots__ = ("digests", "error", "payload", "trailers")

    def __init__(self, payload: bytes, trailers: dict[str, str], md5: str | None,
                 error: InvalidRequest | None = None) -> None:
        self.payload, self.trailers, self.error = payload, trailers, error
        self.digests = Digests(payload, {"MD5": md5} if md5 is not None else None)
