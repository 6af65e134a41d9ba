"""Fuzzing the request parser: whatever bytes, URL or headers arrive, `wire` answers or raises an S3Error.

Random bytes rarely get past an XML parser's first byte, so bodies are also assembled from XML tokens
(DOCTYPEs, entities, CDATA, namespaces, stray bytes) to reach the deeper paths. A failure prints the
input that broke the parser; derandomized, so CI runs the same inputs every time.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.bodies import decode_aws_chunked
from pytest_s3fake.errors import S3Error
from pytest_s3fake.wire import Request, build_request, split_url

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

XML_TOKENS = [
    "<Delete>",
    "</Delete>",
    "<Object>",
    "</Object>",
    "<Key>",
    "</Key>",
    "<VersionId>",
    "</VersionId>",
    "<Quiet>",
    "</Quiet>",
    "true",
    "k",
    " ",
    "\n",
    "&amp;",
    "&lt;",
    "&#13;",
    "&#xFFFF;",
    "&#0;",
    "&x;",
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="latin-1"?>',
    "<?pi x?>",
    '<!DOCTYPE Delete [<!ENTITY x "yy">]>',
    '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://x/"> %p;]>',
    "<![CDATA[<Key>]]>",
    "<!-- c -->",
    ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"',
    ' xmlns=""',
    ' xmlns:s3="urn:x"',
    "<s3:Object>",
    "</s3:Object>",
    ' a="1"',
    "<Object/>",
    "<Key/>",
    "\u00e9",
    "\udcff",
    "\x01",
    "\ufeff",
    ">",
    "<",
    "/",
    "=",
]
XML_BODIES = st.lists(st.sampled_from(XML_TOKENS), max_size=30).map(
    lambda tokens: "".join(tokens).encode("utf-8", "surrogateescape")
)
BODIES = st.one_of(st.binary(max_size=300), XML_BODIES)
CHUNKED = st.lists(
    st.one_of(
        st.binary(max_size=20),
        st.sampled_from(
            [
                b"0\r\n",
                b"\r\n",
                b"5\r\nhello\r\n",
                b"5;chunk-signature=ab\r\n",
                b"ff\r\n",
                b"-1\r\n",
                b"x-amz-checksum-crc32:AAAAAA==\r\n",
                b"1_0\r\n",
                b"\xff:\xfe\r\n",
            ]
        ),
    ),
    max_size=8,
).map(b"".join)
HOSTS = st.sampled_from(
    [
        "s3.amazonaws.com",
        "b.s3.us-east-1.amazonaws.com",
        "b.localhost",
        "localhost:4566",
        "[::1]",
        "[bad",
        "b.s3-website.eu-west-1.amazonaws.com",
        "xn--ls8h.s3.amazonaws.com",
        "",
    ]
)
PATHS = st.lists(st.sampled_from([*"ab/%?&=#;.~ é\x00", "%2F", "%FF", "%zz"]), max_size=30).map("".join)
URLS = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}://{host}/{path}",
        st.sampled_from(["https", "http", ""]),
        HOSTS,
        PATHS,
    ),
    st.text(max_size=60),
)
HEADER_NAMES = st.sampled_from(
    [
        "Content-Encoding",
        "content-encoding",
        "amz-sdk-request",
        "Content-MD5",
        "x-amz-mfa",
        "X-Amz-Meta-ü",
        "Range",
    ]
)
HEADER_VALUES = st.one_of(
    st.sampled_from(
        ["aws-chunked", "aws-chunked, gzip", "gzip,aws-chunked", "attempt=x; max", "attempt=2; max=3", ""]
    ),
    st.text(max_size=20),
    st.binary(max_size=20),
)
HEADERS = st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=4)


def request(body: bytes) -> Request:
    return Request("DeleteObjects", "POST", "https://s3.amazonaws.com/b?delete", "b", None, {}, {}, body)


@FUZZ
@given(url=URLS)
def test_split_url(url: str) -> None:
    try:
        bucket, key, query = split_url(url)
    except S3Error:
        return
    assert bucket is None or isinstance(bucket, str)
    assert key is None or isinstance(key, str)
    assert all(isinstance(name, str) and isinstance(value, str) for name, value in query.items())


@FUZZ
@given(
    url=URLS,
    headers=HEADERS,
    body=st.one_of(BODIES, CHUNKED, st.none()),
    method=st.sampled_from(["GET", "PUT"]),
)
def test_build_request(url: str, headers: dict[str, str | bytes], body: bytes | None, method: str) -> None:
    prepared = SimpleNamespace(url=url, headers=headers, body=body, method=method)
    try:
        req = build_request("PutObject", prepared)
    except S3Error:
        return
    assert isinstance(req.body, bytes) and req.attempt >= 1
    assert all(name == name.lower() for name in req.headers)


@FUZZ
@given(body=CHUNKED)
def test_decode_aws_chunked(body: bytes) -> None:
    try:
        payload, trailers = decode_aws_chunked(body)
    except S3Error:
        return
    assert len(payload) <= len(body)
    assert all(name == name.strip().lower() for name in trailers)


@FUZZ
@given(body=BODIES, keep_whitespace=st.booleans())
def test_request_xml(body: bytes, keep_whitespace: bool) -> None:
    try:
        content = request(body).xml("Delete", force_list=("Object",), keep_whitespace=keep_whitespace)
    except S3Error:
        return
    assert isinstance(content, dict)
    assert isinstance(content.get("Object", []), list)


@FUZZ
@given(body=BODIES, keep_whitespace=st.booleans())
def test_request_xml_records(body: bytes, keep_whitespace: bool) -> None:
    try:
        records, scalars = request(body).xml_records(
            "Delete", "Object", ("Key", "VersionId"), ("Quiet",), keep_whitespace=keep_whitespace
        )
    except S3Error:
        return
    assert all(len(record) == 2 and all(value is None or isinstance(value, str) for value in record)
               for record in records)
    assert len(scalars) == 1 and all(value is None or isinstance(value, str) for value in scalars)


@pytest.mark.parametrize("url", ["https://[bad/b/k", "http://[::1/x", "https://b]/k"])
def test_unparsable_urls_are_s3_errors(url: str) -> None:
    """Hosts that `urllib` itself cannot parse: an S3 error (InvalidURI), never a ValueError."""
    with pytest.raises(S3Error) as excinfo:
        split_url(url)
    assert excinfo.value.code == "InvalidURI"
