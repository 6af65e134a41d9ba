"""The wire layer: botocore's prepared request in, `Request`/`Response` dataclasses, errors out.

XML stops here: handlers get and give plain dicts, lists and tuples (the XML codec, `xmlcodec.py` reading
and `xmlrender.py` writing, is imported by this module only), and every S3 error becomes an `<Error>`
document only in `error_response`. Bodies (streams, aws-chunked framing, digests) are read by `bodies.py`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from pytest_s3fake import shapes, values, xmlcodec, xmlrender
from pytest_s3fake.bodies import Digests, decode_aws_chunked, is_aws_chunked, read_body, read_chunked_frames
from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import InvalidURI, MissingRequestBodyError
from pytest_s3fake.xmlcodec import S3_NS as S3_NS
from pytest_s3fake.xmlcodec import Row as Row
from pytest_s3fake.xmlcodec import parse_xml as parse_xml
from pytest_s3fake.xmlrender import Repeated as Repeated

XML_CONTENT_TYPE = "application/xml"

#: Called by DeleteObjects for each key; returns the injected per-key error, if any (see faults.py).
KeyFault = Callable[[str], "S3Error | None"]


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
        body = xmlrender.unparse({root: {"@xmlns": S3_NS, **(content or {})}})
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
        body = xmlrender.render_rows(root, sections)
        return cls(200, {**(headers or {}), "Content-Type": XML_CONTENT_TYPE}, body)


def error_response(error: S3Error, *, method: str, request_id: str, host_id: str) -> Response:
    """The `<Error>` document S3 sends for `error`; HEAD answers carry the status and headers only."""
    headers = dict(error.headers)
    if method == "HEAD" or error.status == 304:
        return Response(error.status, headers, b"", error.code)
    content: dict[str, str] = {"Code": error.code, "Message": error.message}
    # Fields echo the request (a key, an upload id); XML 1.0 cannot carry a NUL or most controls at
    # all, so those are replaced, and the client can still parse the error.
    content.update({name: xmlrender.xml_safe(value) for name, value in error.fields.items()})
    content["RequestId"] = request_id
    content["HostId"] = host_id
    body = xmlrender.unparse({"Error": content})
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
