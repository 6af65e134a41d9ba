"""The wire layer: botocore's prepared request in, `Request`/`Response` dataclasses, errors out.

XML stops here: handlers get and give plain dicts, lists and tuples (the XML codec, `xmlcodec.py`, is
imported by this module only), and every S3 error becomes an `<Error>` document only in `error_response`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from pytest_s3fake import checksums, shapes, values, xmlcodec
from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import InvalidRequest, InvalidURI, MissingRequestBodyError
from pytest_s3fake.xmlcodec import S3_NS as S3_NS
from pytest_s3fake.xmlcodec import Repeated as Repeated
from pytest_s3fake.xmlcodec import Row as Row
from pytest_s3fake.xmlcodec import parse_xml as parse_xml

XML_CONTENT_TYPE = "application/xml"

#: Called by DeleteObjects for each key; returns the injected per-key error, if any (see faults.py).
KeyFault = Callable[[str], "S3Error | None"]


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


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP attempt, as S3 would see it: operation, addressing, query, headers and decoded body."""

    operation: str
    method: str
    url: str
    bucket: str | None
    key: str | None
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes
    attempt: int = 1
    key_fault: KeyFault | None = field(default=None, compare=False, repr=False)
    digests: Digests = field(default_factory=Digests, compare=False, repr=False)

    def header(self, name: str, default: str | None = None) -> str | None:
        """A request header by its lower-case name."""
        return self.headers.get(name, default)

    @property
    def version_id(self) -> str | None:
        return self.query.get("versionId")

    def checksum(self, algorithm: str) -> str:
        """The body's base64 checksum with `algorithm` (one of `checksums.ALGORITHMS`, or "MD5"),
        computed once per request however many checks ask."""
        return self.digests.get(algorithm, self.body)

    def etag(self) -> str:
        """The ETag S3 gives this body as a single-part object: the quoted MD5 hex digest."""
        return f'"{base64.b64decode(self.checksum("MD5")).hex()}"'

    def xml(self, root: str, force_list: Iterable[str] = (), *, keep_whitespace: bool = False) -> dict[str, Any]:
        """The body parsed as the XML document `root`; MalformedXML when it is not one.

        The document is checked against the operation's input shape in botocore's model (`shapes.py`):
        lists are lists, numbers, booleans and timestamps typed, anything that does not fit MalformedXML.
        Elements named in `force_list` always come back as lists, so one `<Object>` and many read alike.
        `keep_whitespace` keeps text exactly (object keys may start or end with spaces); containers then
        also carry the whitespace between their elements under `#text`.
        """
        if not self.body.strip():
            raise MissingRequestBodyError()
        content = xmlcodec.parse_root(self.body, root, force_list, keep_whitespace=keep_whitespace)
        return shapes.check_document(self.operation, content)

    def xml_records(
        self, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...] = (), *,
        keep_whitespace: bool = False,
    ) -> tuple[list[Row], Row]:
        """A `root` document holding repeated flat `item` records: one `Row` per record, its texts in
        the order of `fields`, and one `Row` of the root's `scalars` (None: absent, or an empty element).

        The same texts as reading `self.xml(root, force_list=(item,))`: other names are ignored, and an
        item that is not an element of its own, or a field or scalar that is not text, is MalformedXML.
        """
        if not self.body.strip():
            raise MissingRequestBodyError()
        return xmlcodec.parse_records(self.body, root, item, fields, scalars, keep_whitespace=keep_whitespace)


@dataclass(frozen=True, slots=True)
class Response:
    """What a handler answers: status, the headers it sets, and the body bytes."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    #: A memoryview for a range of a stored body, which is sent without copying it; `bytes(body)` where
    #: a door needs bytes.
    body: bytes | memoryview = b""
    #: Set by `error_response`, so the journal knows the code even for a HEAD error (no body).
    error_code: str | None = None

    @classmethod
    def xml(
        cls, root: str, content: Mapping[str, Any] | None, *, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        """An XML response with S3's namespace on the root element."""
        body = xmlcodec.unparse({root: {"@xmlns": S3_NS, **(content or {})}})
        return cls(status, {**(headers or {}), "Content-Type": XML_CONTENT_TYPE}, body)

    @classmethod
    def empty(cls, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
        return cls(status, dict(headers or {}), b"")

    @classmethod
    def xml_rows(
        cls, root: str, sections: Iterable[tuple[str, tuple[str, ...], Sequence[Row]]], *,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """An XML response whose root holds flat items, section by section: for each `(name, fields,
        rows)`, one `<name>` per row with `<field>text</field>` for each text that is not None (a row may
        stop early). Written in one pass, for answers of many items (DeleteObjects: up to 1000)."""
        body = xmlcodec.render_rows(root, sections)
        return cls(200, {**(headers or {}), "Content-Type": XML_CONTENT_TYPE}, body)


def error_response(error: S3Error, *, method: str, request_id: str, host_id: str) -> Response:
    """The `<Error>` document S3 sends for `error`; HEAD answers carry the status and headers only."""
    headers = dict(error.headers)
    if method == "HEAD" or error.status == 304:
        return Response(error.status, headers, b"", error.code)
    content: dict[str, str] = {"Code": error.code, "Message": error.message}
    # Fields echo the request (a key, an upload id); XML 1.0 cannot carry a NUL or most controls at
    # all, so those are replaced, and the client can still parse the error.
    content.update({name: xmlcodec.xml_safe(value) for name, value in error.fields.items()})
    content["RequestId"] = request_id
    content["HostId"] = host_id
    body = xmlcodec.unparse({"Error": content})
    headers["Content-Type"] = XML_CONTENT_TYPE
    return Response(error.status, headers, body, error.code)


# --- reading botocore's prepared request ------------------------------------------------------------


def split_url(url: str) -> tuple[str | None, str | None, dict[str, str]]:
    """(bucket, key, query) from a path-style or virtual-hosted-style S3 URL.

    Virtual-hosted: `https://bucket.s3.region.amazonaws.com/key` (also `bucket.localhost`). Path-style:
    `https://s3.region.amazonaws.com/bucket/key` or any custom endpoint. Keys are percent-decoded as UTF-8,
    so `/`, spaces and unicode survive exactly.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket in the host
        raise InvalidURI(uri=url) from None
    path = parts.path
    bucket: str | None
    marker = host.find(".s3.") if ".s3." in host else host.find(".s3-")
    if marker > 0:
        bucket, rest = host[:marker], path[1:]
    elif host.endswith(".localhost"):
        bucket, rest = host[: -len(".localhost")], path[1:]
    else:
        bucket, sep, rest = path[1:].partition("/")
        bucket = unquote(bucket) or None
        if not sep:
            rest = ""
    key = unquote(rest) if rest else None
    return bucket, key, split_query(parts.query)


def botocore_addressing(aws_request: Any, bucket: str | None, key: str | None) -> tuple[str | None, str | None]:
    """(bucket, key) as botocore addressed them: the `Bucket` it was called with (in the request context),
    and the key after it in a path-style URL or the whole path in a virtual-hosted one. So any custom
    endpoint works (`https://caf-o.s3-ext.jc.rl.ac.uk`, R2, MinIO-style hosts), not only host names
    `split_url` recognises. Without a `Bucket` parameter (ListBuckets, the HTTP door) the URL decides."""
    context = getattr(aws_request, "context", None)
    params = context.get("input_params") if isinstance(context, dict) else None
    named = params.get("Bucket") if isinstance(params, dict) else None
    if not isinstance(named, str) or not named or ":" in named or named == bucket:
        return bucket, key
    parts = urlsplit(aws_request.url)
    host, path = (parts.hostname or "").lower(), parts.path
    if host.startswith(named.lower() + "."):  # virtual-hosted: the whole path is the key
        rest = path[1:]
    else:
        first, _, rest = path[1:].partition("/")
        if unquote(first) != named:
            return bucket, key
    return named, unquote(rest) if rest else None


def split_query(query: str) -> dict[str, str]:
    """Query parameters, percent-decoded; a bare `?delete` becomes `{"delete": ""}`."""
    out: dict[str, str] = {}
    if not query:
        return out
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        out[unquote(name)] = unquote(value)
    return out


def read_headers(raw: Mapping[str, Any]) -> dict[str, str]:
    """Headers with lower-case names and str values (botocore encodes values to UTF-8 bytes).

    botocore's `HeadersDict` answers `items()` through a case-insensitive key object per lookup (about
    7 µs for a PutObject's 13 headers, a tenth of our whole answer); its own dict is read directly when
    it has one, names taken with `str()` as botocore gives them (tests/wire/test_urls.py compares both)."""
    inner = getattr(raw, "_dict", None)
    pairs = ((str(name), value) for name, value in inner.items()) if type(inner) is dict else raw.items()
    return {
        name.lower(): value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        for name, value in pairs
    }


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
            raise InvalidRequest("Invalid chunked upload: truncated chunk header")
        size_text = body[position:end].split(b";", 1)[0].strip()
        if not size_text or len(size_text) > 16 or size_text.strip(b"0123456789abcdefABCDEF"):
            raise InvalidRequest("Invalid chunked upload: bad chunk size")
        size = int(size_text, 16)
        position = end + 2
        if size == 0:
            break
        if position + size + 2 > total or body[position + size: position + size + 2] != b"\r\n":
            raise InvalidRequest("Invalid chunked upload: truncated chunk")
        pieces.append(view[position: position + size])
        position += size + 2
    trailers: dict[str, str] = {}
    for raw_line in body[position:].split(b"\r\n"):
        if raw_line:
            name, _, value = raw_line.decode("utf-8", "replace").partition(":")
            trailers[name.strip().lower()] = value.strip()
    payload = b"".join(pieces)
    del pieces, view
    return payload, trailers


def read_chunked_frames(body: object) -> tuple[bytes, dict[str, str], Digests | None] | None:
    """(payload, trailers, digests known of the payload) from botocore's `AwsChunkedWrapper`, without joining the framed body into one
    buffer; None for any other body, or a wrapper already part read, which `read_body` and
    `decode_aws_chunked` then handle.

    The payload is read from the stream the wrapper frames (`_beneath`), when its trailer is a checksum
    botocore computes: that skips botocore's framing, and a caller's `io.BytesIO` hands over its bytes
    without a copy. Otherwise the wrapper's frames are unframed one by one into one buffer."""
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
        size_text = frame[:end].split(b";", 1)[0].strip() if end > 0 else b""
        if not size_text or len(size_text) > 16 or size_text.strip(b"0123456789abcdefABCDEF"):
            seen.append(frame)
            break
        size = int(size_text, 16)
        if size == 0:
            trailers: dict[str, str] = {}
            for raw_line in b"".join([frame, *frames])[end + 2:].split(b"\r\n"):
                if raw_line:
                    name, _, value = raw_line.decode("utf-8", "replace").partition(":")
                    trailers[name.strip().lower()] = value.strip()
            return buffer.getvalue(), trailers, None
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


def attempt_number(headers: Mapping[str, str]) -> int:
    """Which retry attempt this is, from botocore's `amz-sdk-request: attempt=N; max=M` header."""
    for part in headers.get("amz-sdk-request", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "attempt":
            number = values.parse_integer(value)
            return number if number is not None and 1 <= number <= _MAX_ATTEMPT else 1
    return 1


#: No retry mode makes more attempts than this; a larger number in the header is not botocore's.
_MAX_ATTEMPT = 10_000


def build_request(operation: str, aws_request: Any) -> Request:
    """A `Request` from botocore's `AWSPreparedRequest`: URL split, headers decoded, body de-chunked."""
    bucket, key, query = split_url(aws_request.url)
    bucket, key = botocore_addressing(aws_request, bucket, key)
    headers = read_headers(aws_request.headers)
    chunked = is_aws_chunked(headers)
    framed = read_chunked_frames(aws_request.body) if chunked else None
    digests = None
    if framed is not None:
        body, trailers, digests = framed
        headers.update(trailers)
    else:
        body = read_body(aws_request.body)
        if chunked:
            body, trailers = decode_aws_chunked(body)
            headers.update(trailers)
    encodings = [e.strip() for e in headers.get("content-encoding", "").split(",") if e.strip()]
    if "aws-chunked" in encodings:  # a transfer framing, never part of the object's own encoding
        remaining = [e for e in encodings if e != "aws-chunked"]
        if remaining:
            headers["content-encoding"] = ",".join(remaining)
        else:
            headers.pop("content-encoding")
    return Request(
        operation=operation,
        method=aws_request.method,
        url=aws_request.url,
        bucket=bucket,
        key=key,
        query=query,
        headers=headers,
        body=body,
        attempt=attempt_number(headers),
        digests=digests or Digests(),
    )
