"""The wire layer: botocore's prepared request in, `Request`/`Response` dataclasses, XML via xmltodict.

XML stops here: handlers get and give plain dicts and lists, never xmltodict's raw output without
`force_list`, and every S3 error becomes an `<Error>` document only in `error_response`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape, quoteattr

import xmltodict

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import InvalidRequest, InvalidURI, MalformedXML, MissingRequestBodyError

S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"
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

    def header(self, name: str, default: str | None = None) -> str | None:
        """A request header by its lower-case name."""
        return self.headers.get(name, default)

    @property
    def version_id(self) -> str | None:
        return self.query.get("versionId")

    def xml(self, root: str, force_list: Iterable[str] = (), *, keep_whitespace: bool = False) -> dict[str, Any]:
        """The body parsed as the XML document `root`; MalformedXML when it is not one.

        Elements named in `force_list` always come back as lists, so one `<Object>` and many read alike.
        `keep_whitespace` keeps text exactly (object keys may start or end with spaces); containers then
        also carry the whitespace between their elements under `#text`.
        """
        if not self.body.strip():
            raise MissingRequestBodyError()
        doc = parse_xml(self.body, force_list, keep_whitespace=keep_whitespace)
        if not isinstance(doc, dict) or set(doc) != {root}:
            raise MalformedXML()
        content = doc[root]
        if content is None:
            return {}
        if not isinstance(content, dict):
            raise MalformedXML()
        return content

    def xml_records(
        self, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...] = (), *,
        keep_whitespace: bool = False,
    ) -> tuple[list[dict[str, str | None]], dict[str, str | None]]:
        """A `root` document holding repeated flat `item` records: each record's `fields`, and the
        root's `scalars`, as xmltodict would give them (text, or None for an empty element).

        Same answers as reading `self.xml(root, force_list=(item,))`: other names are ignored, and an
        item that is not an element of its own, or a field or scalar that is not text, is MalformedXML.
        A plain document is read from C ElementTree in one pass (DeleteObjects: 1000 records in about
        0.6 ms, against 2.5 ms through the dict shape); anything else takes the dict shape.
        """
        fast = _records_plain(self.body, root, item, fields, scalars, strip=not keep_whitespace)
        if fast is not None:
            return fast
        content = self.xml(root, force_list=(item,), keep_whitespace=keep_whitespace)
        records = []
        for obj in content.get(item, ()):
            if not isinstance(obj, dict):
                raise MalformedXML()
            records.append(_text_fields(obj, fields))
        return records, _text_fields(content, scalars)


def _text_fields(content: dict[str, Any], names: tuple[str, ...]) -> dict[str, str | None]:
    found = {name: content[name] for name in names if name in content}
    if not all(value is None or isinstance(value, str) for value in found.values()):
        raise MalformedXML()
    return found


def _records_plain(
    body: bytes, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...], *, strip: bool
) -> tuple[list[dict[str, str | None]], dict[str, str | None]] | None:
    """`Request.xml_records` straight from C ElementTree, for documents `_parse_plain` would take and
    whose elements are all known, attribute-free and where expected; None for anything else."""
    if b"<!" in body or b"xmlns:" in body or body.count(b"<?") > 1 or body.count(b"xmlns") > 1:
        return None
    try:
        doc = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    namespace = doc.tag[: doc.tag.find("}") + 1]  # "{uri}", or "" when there is none
    if doc.tag != namespace + root or doc.attrib or not len(doc) or (not namespace and b"xmlns" in body):
        return None  # (a root without elements is None or text in the dict shape)
    item_tag = namespace + item
    field_names = {namespace + name: name for name in fields}
    scalar_names = {namespace + name: name for name in scalars}
    records: list[dict[str, str | None]] = []
    found: dict[str, str | None] = {}
    for child in doc:
        if child.tag == item_tag:
            record: dict[str, str | None] = {}
            for leaf in child:
                name = field_names.get(leaf.tag)
                if name is None or name in record or len(leaf) or leaf.keys():
                    return None
                record[name] = leaf.text
            if not record or child.keys():
                return None  # a leaf item, or attributes: the dict shape decides
            records.append(record)
        else:
            name = scalar_names.get(child.tag)
            if name is None or name in found or len(child) or child.keys():
                return None
            found[name] = child.text
    if strip:  # as xmltodict strips leaves: whitespace-only text becomes None
        records = [{name: _stripped(text) for name, text in record.items()} for record in records]
        found = {name: _stripped(text) for name, text in found.items()}
    return records, found


def _stripped(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def parse_xml(body: bytes, force_list: Iterable[str] = (), *, keep_whitespace: bool = False) -> Any:
    """xmltodict.parse that turns every malformation (and any entity declaration) into MalformedXML."""
    names = tuple(force_list)
    fast = _parse_plain(body, names, strip=not keep_whitespace)
    if fast is not None:
        return fast
    try:
        return xmltodict.parse(body, force_list=names, disable_entities=True, strip_whitespace=not keep_whitespace)
    except (ValueError, UnicodeError, ExpatError):
        raise MalformedXML() from None


class _NotPlain(Exception):
    """The document uses XML that only xmltodict's own handler reproduces exactly."""


def _parse_plain(body: bytes, force_list: tuple[str, ...], *, strip: bool) -> Any:
    """Exactly what `xmltodict.parse` returns for a plain document, built from C ElementTree; else None.

    xmltodict calls into Python for every element and text run (about 8 ms for a 1000-key DeleteObjects
    body, more than our whole handler); ElementTree builds the tree in C and the walk costs a third of
    that. Anything else (DOCTYPE, comments, CDATA, PIs, prefixes, a second `xmlns`) and every malformed
    document goes to xmltodict, so errors stay xmltodict's. tests/wire/test_parse_plain.py compares both.
    """
    if b"<!" in body or b"xmlns:" in body or body.count(b"<?") > 1 or body.count(b"xmlns") > 1:
        return None
    walk = _PlainWalk(force_list, strip)
    try:
        name, value = walk.element(ElementTree.fromstring(body), "")
    except (ElementTree.ParseError, _NotPlain, RecursionError):
        return None
    if b"xmlns" in body and not walk.declared:
        return None  # `xmlns=""`, or "xmlns" in text: ElementTree cannot say where it stood
    return {name: [value] if name in force_list else value}


class _PlainWalk:
    """Turns an ElementTree element into xmltodict's shape: `@attr` first, children in order (repeated
    names become lists, `force_list` names always are), then `#text`; a leaf is its text or None."""

    def __init__(self, force_list: tuple[str, ...], strip: bool) -> None:
        self.force_list = force_list
        self.strip = strip
        self.declared = False
        self._names: dict[str, tuple[str, str]] = {}

    def _name(self, tag: str) -> tuple[str, str]:
        name = self._names.get(tag)
        if name is None:
            namespace, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
            name = self._names[tag] = (namespace, local)
        return name

    def element(self, elem: ElementTree.Element, parent_ns: str) -> tuple[str, Any]:
        namespace, tag = self._name(elem.tag)
        item: dict[str, Any] | None = None
        if elem.attrib:
            if any(attr[0] == "{" for attr in elem.attrib):
                raise _NotPlain
            item = {"@" + attr: text for attr, text in elem.attrib.items()}
        if namespace != parent_ns:
            if item is not None:
                raise _NotPlain  # where `xmlns` stood among the other attributes is lost
            item = {"@xmlns": namespace}
            self.declared = True
        data = elem.text
        if len(elem):
            item = {} if item is None else item
            chunks = [data] if data is not None else []
            for child in elem:
                child_ns, name = self._name(child.tag)
                if child_ns == namespace and not child.attrib and not len(child):
                    value: Any = child.text  # a leaf: its text (stripped below when it is a str)
                    if value is not None and self.strip:
                        value = value.strip() or None
                else:
                    name, value = self.element(child, namespace)
                existing = item.get(name, _ABSENT)
                if existing is _ABSENT:
                    item[name] = [value] if name in self.force_list else value
                elif isinstance(existing, list):
                    existing.append(value)
                else:
                    item[name] = [existing, value]
                if child.tail is not None:
                    chunks.append(child.tail)
            data = "".join(chunks) or None
        if self.strip and data:
            data = data.strip() or None
        if item is None:
            return tag, data
        if data:
            item["#text"] = data
        return tag, item


_ABSENT = object()


class Repeated(str):
    """An element name that may be used as several keys of one content dict, so that differently named
    elements interleave in document order (ListObjectVersions mixes `<Version>` and `<DeleteMarker>`
    newest first): each instance is a distinct key that renders as its text."""

    __slots__ = ()

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass(frozen=True, slots=True)
class Response:
    """What a handler answers: status, the headers it sets, and the body bytes."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: Set by `error_response`, so the journal knows the code even for a HEAD error (no body).
    error_code: str | None = None

    @classmethod
    def xml(
        cls, root: str, content: Mapping[str, Any] | None, *, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        """An XML response with S3's namespace on the root element."""
        doc = {root: {"@xmlns": S3_NS, **(content or {})}}
        text = _unparse_plain(doc)
        body = (text if text is not None else xmltodict.unparse(doc, encoding="UTF-8")).encode()
        return cls(status, {**(headers or {}), "Content-Type": XML_CONTENT_TYPE}, body)

    @classmethod
    def empty(cls, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
        return cls(status, dict(headers or {}), b"")

    @classmethod
    def xml_items(
        cls, root: str, items: Iterable[tuple[str, Mapping[str, str]]], *, headers: Mapping[str, str] | None = None
    ) -> Response:
        """An XML response whose root holds flat `<name><field>text</field>...</name>` items, in order.

        Rendered in one pass: DeleteObjects answers up to 1000 items, where `xmltodict.unparse` would cost
        more than botocore's own work. CR is written as `&#13;`, so a key holding one survives the parse.
        """
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<', root, ' xmlns="', S3_NS, '">']
        append = parts.append
        for name, fields in items:
            append(f"<{name}>")
            for tag, text in fields.items():
                append(f"<{tag}>{xml_text(text) if _NEEDS_ESCAPE(text) else text}</{tag}>")
            append(f"</{name}>")
        append(f"</{root}>")
        body = "".join(parts).encode("utf-8")
        return cls(200, {**(headers or {}), "Content-Type": XML_CONTENT_TYPE}, body)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")


def _unparse_plain(doc: Mapping[str, Any]) -> str | None:
    """Exactly what `xmltodict.unparse(doc, encoding="UTF-8")` returns, for plain content; else None.

    xmltodict drives a SAX generator call by call (26 ms for a 1000-key listing page, more than
    botocore's own parse of it); this writes the same characters in one pass. Plain content is dicts,
    lists, str, int, float, bool and None under simple element names; anything else (a comment key, an
    `@xmlns` dict, another type) goes to xmltodict. tests/wire/test_unparse_plain.py compares both.
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    try:
        for name, value in doc.items():
            if isinstance(value, (list, tuple)):
                raise _NotPlain  # several roots, which xmltodict refuses
            _emit_plain(name, value, out)
    except _NotPlain:
        return None
    return "".join(out)


def _plain_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise _NotPlain


#: Element names already checked against `_NAME` (plain `str` only: `Repeated` names hash by identity).
_PLAIN_NAMES: set[str] = set()


def _plain_name(name: Any) -> None:
    if name not in _PLAIN_NAMES:
        if not isinstance(name, str) or not _NAME.match(name):
            raise _NotPlain
        if type(name) is str:
            _PLAIN_NAMES.add(name)


def _emit_plain(name: Any, value: Any, out: list[str]) -> None:
    _plain_name(name)
    values = value if isinstance(value, (list, tuple)) else (value,)
    for item in values:
        if type(item) is str:
            out.append(f"<{name}>{escape(item)}</{name}>")
        elif item is None:
            out.append(f"<{name}></{name}>")
        elif isinstance(item, dict):
            attrs, text, children = [], None, []
            for key, child in item.items():
                if key == "#text":
                    text = None if child is None else _plain_text(child)
                elif isinstance(key, str) and key.startswith("@"):
                    if not _NAME.match(key[1:]) or isinstance(child, dict):
                        raise _NotPlain
                    attrs.append(f" {key[1:]}={quoteattr('' if child is None else _plain_text(child))}")
                elif not (isinstance(child, list) and not child):  # xmltodict drops empty lists
                    children.append((key, child))
            out.append(f"<{name}{''.join(attrs)}>")
            for key, child in children:
                if type(child) is str:  # the common leaf, written here rather than in a call
                    _plain_name(key)
                    out.append(f"<{key}>{escape(child)}</{key}>")
                else:
                    _emit_plain(key, child, out)
            out.append(f"{escape(text) if text else ''}</{name}>")
        elif isinstance(item, (list, tuple, bytes, bytearray, memoryview)):
            raise _NotPlain
        else:
            out.append(f"<{name}>{escape(_plain_text(item))}</{name}>")


#: Whether `xml_text` would change a text: most have nothing to escape, and one search beats four replaces.
_NEEDS_ESCAPE = re.compile("[&<>\r]").search


def xml_text(text: str) -> str:
    """`text` escaped as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def error_response(error: S3Error, *, method: str, request_id: str, host_id: str) -> Response:
    """The `<Error>` document S3 sends for `error`; HEAD answers carry the status and headers only."""
    headers = dict(error.headers)
    if method == "HEAD" or error.status == 304:
        return Response(error.status, headers, b"", error.code)
    content: dict[str, str] = {"Code": error.code, "Message": error.message}
    content.update(error.fields)
    content["RequestId"] = request_id
    content["HostId"] = host_id
    body = xmltodict.unparse({"Error": content}, encoding="UTF-8").encode()
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
    """Headers with lower-case names and str values (botocore encodes values to UTF-8 bytes)."""
    return {
        name.lower(): value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        for name, value in raw.items()
    }


def read_body(body: object) -> bytes:
    """The request body as bytes, whether botocore gave bytes, str, None or a stream."""
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
    data = read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """Decode an `aws-chunked` body into (payload, trailing headers).

    Framing: `<hex size>[;chunk-signature=...]\\r\\n<data>\\r\\n` ... `0\\r\\n` then trailer lines
    `name:value\\r\\n` and a final `\\r\\n`. botocore sends this for flexible checksums in a trailer.
    """
    stream = io.BytesIO(body)
    out = bytearray()
    while True:
        line = stream.readline()
        if not line.endswith(b"\r\n"):
            raise InvalidRequest("Invalid chunked upload: truncated chunk header")
        size_text = line[:-2].split(b";", 1)[0]
        try:
            size = int(size_text, 16)
        except ValueError:
            raise InvalidRequest("Invalid chunked upload: bad chunk size") from None
        if size == 0:
            break
        chunk = stream.read(size)
        if len(chunk) != size or stream.read(2) != b"\r\n":
            raise InvalidRequest("Invalid chunked upload: truncated chunk")
        out += chunk
    trailers: dict[str, str] = {}
    for raw_line in stream.read().split(b"\r\n"):
        if raw_line:
            name, _, value = raw_line.decode("utf-8", "replace").partition(":")
            trailers[name.strip().lower()] = value.strip()
    return bytes(out), trailers


def attempt_number(headers: Mapping[str, str]) -> int:
    """Which retry attempt this is, from botocore's `amz-sdk-request: attempt=N; max=M` header."""
    for part in headers.get("amz-sdk-request", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "attempt" and value.isdigit():
            return int(value)
    return 1


def build_request(operation: str, aws_request: Any) -> Request:
    """A `Request` from botocore's `AWSPreparedRequest`: URL split, headers decoded, body de-chunked."""
    bucket, key, query = split_url(aws_request.url)
    headers = read_headers(aws_request.headers)
    body = read_body(aws_request.body)
    encodings = [e.strip() for e in headers.get("content-encoding", "").split(",") if e.strip()]
    if "aws-chunked" in encodings:
        body, trailers = decode_aws_chunked(body)
        headers.update(trailers)
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
    )
