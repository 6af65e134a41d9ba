"""The one-pass writer behind `Response.xml` writes exactly what `xmltodict.unparse` writes, or steps aside."""

from __future__ import annotations

from typing import Any

import xmltodict
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.wire import Response
from pytest_s3fake.xmlcodec import S3_NS
from pytest_s3fake.xmlrender import Repeated, _unparse_plain

NAMES = st.sampled_from(["Key", "Size", "Contents", "IsTruncated", "Owner", "a-b", "x.y"])
TEXT = st.lists(st.sampled_from([*list("ab <>&\"'\r\n\t/é"), "\x01", "]]>", ""]), max_size=5).map("".join)
SCALARS = st.one_of(TEXT, st.integers(-5, 10**12), st.booleans(), st.none(), st.floats(allow_nan=False))
ODD = st.sampled_from([b"bytes", {"k": "v"}, ("t",), "#comment"])


def content(plain: bool) -> st.SearchStrategy[Any]:
    keys = NAMES if plain else NAMES | st.sampled_from(["@id", "#text", "#comment", "bad name", "@xmlns", "1st"])
    leaves = SCALARS if plain else SCALARS | ODD
    if plain:  # dicts whose values are scalars, dicts, or lists of those: what handlers build
        return st.recursive(leaves, lambda inner: st.dictionaries(keys, inner | st.lists(inner, max_size=3),
                                                                  max_size=4), max_leaves=12)
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
                        max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(plain=st.booleans(), data=st.data())
def test_writer_matches_xmltodict(plain: bool, data: st.DataObject) -> None:
    value = data.draw(content(plain))
    doc = {"Root": value}
    try:
        expected: Any = xmltodict.unparse(doc, encoding="UTF-8")
    except Exception as error:
        expected = error
    fast = _unparse_plain(doc)
    if fast is not None:
        assert fast == expected
    elif plain and not isinstance(value, list):  # a list at the root would be several documents
        raise AssertionError(f"plain content went to xmltodict: {doc!r}")


def test_listing_page_is_identical_and_repeated_names_interleave() -> None:
    version, marker = Repeated("Version"), Repeated("DeleteMarker")
    content = {"IsTruncated": True, "Name": "b", "MaxKeys": 1000, "Prefix": "", "CommonPrefixes": [],
               marker: {"Key": "a&b", "IsLatest": True},
               version: {"Key": "a&b", "Size": 3, "Owner": {"ID": "x"}},
               Repeated("Version"): {"Key": "c"},
               "Contents": [{"Key": f"k/{i}", "ETag": '"e"', "StorageClass": "STANDARD"} for i in range(3)]}
    doc = {"ListVersionsResult": {"@xmlns": S3_NS, **content}}
    fast = _unparse_plain(doc)
    assert fast is not None
    assert fast == xmltodict.unparse(doc, encoding="UTF-8")
    assert Response.xml("ListVersionsResult", content).body == fast.encode()
    assert "<DeleteMarker><Key>a&amp;b</Key><IsLatest>true</IsLatest></DeleteMarker><Version>" in fast


def test_attributes_and_text_are_identical() -> None:
    for value in ({"@id": 'q"\'<&\n', "@n": None, "@b": False, "#text": "t&", "Key": ["1", None]},
                  {"@xmlns": S3_NS, "#text": None, "Key": ""}, {"#text": "", "Size": 0.5}):
        doc = {"Root": value}
        fast = _unparse_plain(doc)
        assert fast is not None
        assert fast == xmltodict.unparse(doc, encoding="UTF-8")
