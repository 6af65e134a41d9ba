"""`Request.xml_records` answers exactly what reading xmltodict's shape answers, fast path or not:
the same texts, as rows in the order of the names asked for (None for an absent or empty element)."""

from __future__ import annotations

from typing import Any

import botocore.handlers
import botocore.session
import pytest
import xmltodict
from botocore.serialize import create_serializer
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.errors.codes import MalformedXML, MissingRequestBodyError
from pytest_s3fake.wire import Request
from pytest_s3fake.xmlcodec import _records_compact, _records_plain

FIELDS = ("Key", "VersionId", "ETag")
SCALARS = ("Quiet",)
TEXT = st.lists(st.sampled_from([*list("ab  \n\t/é>\"'"), "&amp;", "&lt;", "&#13;", "&#10;", "\xa0"]), max_size=4)


def request(body: bytes) -> Request:
    return Request("DeleteObjects", "POST", "https://b.s3.amazonaws.com/?delete", "b", None, {}, {}, body)


def reference(body: bytes, strip: bool) -> Any:
    """What the contract says, read from xmltodict itself: (records, scalars), or the error class."""
    try:
        doc = xmltodict.parse(body, force_list=("Object",), disable_entities=True, strip_whitespace=strip)
    except Exception:
        return MalformedXML
    if not isinstance(doc, dict) or set(doc) != {"Delete"}:
        return MalformedXML
    content = doc["Delete"] or {}
    if not isinstance(content, dict):
        return MalformedXML
    records = []
    for obj in content.get("Object", ()):
        if not isinstance(obj, dict):
            return MalformedXML
        records.append({name: obj[name] for name in FIELDS if name in obj})
    scalars = {name: content[name] for name in SCALARS if name in content}
    for found in [*records, scalars]:
        if not all(value is None or isinstance(value, str) for value in found.values()):
            return MalformedXML
    return [row(record, FIELDS) for record in records], row(scalars, SCALARS)


def row(found: dict[str, Any], names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(found.get(name) for name in names)


def answer(body: bytes, strip: bool) -> Any:
    try:
        return request(body).xml_records("Delete", "Object", FIELDS, SCALARS, keep_whitespace=not strip)
    except MalformedXML:
        return MalformedXML


@st.composite
def leaves(draw: st.DrawFn, plain: bool, names: tuple[str, ...]) -> str:
    """A field or scalar element; `plain` ones use only what the fast path reads, others now and then not."""
    name = draw(st.sampled_from(names if plain else [*names, "Other"]))
    attr = "" if plain else draw(st.sampled_from(["", ' id="1"', ' xml:lang="en"']))
    inner = draw(st.sampled_from(["text", "text", "empty"] if plain else ["text", "empty", "child"]))
    if inner == "empty":
        return draw(st.sampled_from([f"<{name}{attr}/>", f"<{name}{attr}></{name}>"]))
    content = "<Key>x</Key>" if inner == "child" else "".join(draw(TEXT))
    return f"<{name}{attr}>{content}</{name}>"


@st.composite
def documents(draw: st.DrawFn, plain: bool) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1 if plain else 0, 4))):
        kinds = ["object", "object", "scalar", "space"] if plain else ["object", "scalar", "space", "comment"]
        kind = draw(st.sampled_from(kinds))
        if kind == "object":
            attr = "" if plain else draw(st.sampled_from(["", ' id="1"']))
            fields = st.lists(leaves(plain, FIELDS), min_size=1 if plain else 0, max_size=3)
            inner = "".join(draw(fields.filter(lambda f: not plain or len({x[:4] for x in f}) == len(f))))
            space = draw(st.sampled_from(["", "\n  "] if plain else ["", "x"]))
            parts.append(f"<Object{attr}>{space}{inner}</Object>")
        elif kind == "scalar" and not (plain and any(part.startswith("<Quiet") for part in parts)):
            parts.append(draw(leaves(plain, SCALARS)))
        elif kind == "space":
            parts.append("\n  ")
        elif kind == "comment":
            parts.append("<!-- c -->")
    root = "Delete" if plain else draw(st.sampled_from(["Delete", "Other"]))
    xmlns = draw(st.sampled_from(["", ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', *([] if plain else [' xmlns=""'])]))
    prolog = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n']))
    tail = "" if plain else draw(st.sampled_from(["", "<", "&bad;"]))
    return f"{prolog}<{root}{xmlns}>{''.join(parts)}{tail}</{root}>".encode()


@settings(max_examples=500, deadline=None)
@given(plain=st.booleans(), data=st.data(), strip=st.booleans())
def test_records_match_the_dict_shape(plain: bool, data: st.DataObject, strip: bool) -> None:
    body = data.draw(documents(plain))
    if plain and b"<Object" in body:
        assert _records_plain(body, "Delete", "Object", FIELDS, SCALARS, strip=strip) is not None, body
    assert answer(body, strip) == reference(body, strip)


def test_botocore_shaped_body_takes_the_fast_path() -> None:
    body = (
        b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key> a&amp;b&#xD;&#xA; </Key></Object>'
        b"<Object><Key>k</Key><VersionId>v</VersionId><ETag>&quot;e&quot;</ETag></Object><Quiet>true</Quiet></Delete>"
    )
    expected = ([(" a&b\r\n ", None, None), ("k", "v", '"e"')], ("true",))
    assert _records_plain(body, "Delete", "Object", FIELDS, SCALARS, strip=False) == expected
    assert answer(body, strip=False) == expected == reference(body, strip=False)


_DELETE_MODEL = botocore.session.get_session().get_service_model("s3").operation_model("DeleteObjects")
#: Key text: mostly what the compact reader takes as is, now and then what it leaves to a parser.
KEY_TEXT = st.lists(st.sampled_from([*"ab/ .-_~\té字", "\n", "\r", "&", "<", ">", "]]>", "\x85", "\ufeff"]), max_size=6).map("".join)


def botocore_body(objects: list[dict[str, Any]], quiet: bool | None) -> bytes:
    """The body a boto3 client sends: botocore's rest-xml serializer, then its CR/LF escaping handler."""
    delete: dict[str, Any] = {"Objects": objects}
    if quiet is not None:
        delete["Quiet"] = quiet
    params = create_serializer("rest-xml").serialize_to_request({"Bucket": "b", "Delete": delete}, _DELETE_MODEL)
    botocore.handlers.escape_xml_payload(params)
    body: bytes = params["body"]
    return body


@settings(max_examples=300, deadline=None)
@given(
    objects=st.lists(
        st.fixed_dictionaries({"Key": KEY_TEXT.filter(bool)}, optional={"VersionId": KEY_TEXT, "ETag": KEY_TEXT, "Size": st.integers(0, 9)}),
        min_size=1, max_size=12,
    ),
    quiet=st.none() | st.booleans(),
    strip=st.booleans(),
)
def test_what_botocore_sends_reads_as_the_dict_shape(objects: list[dict[str, Any]], quiet: bool | None, strip: bool) -> None:
    body = botocore_body(objects, quiet)
    compact = _records_compact(body, "Delete", "Object", FIELDS, SCALARS, strip=strip)
    texts = [text for obj in objects for name, text in obj.items() if name in FIELDS]
    # botocore writes an object's members in the order the caller gave them; Key, VersionId, ETag is
    # the model's order and the usual one, and the one the compact reader knows.
    in_order = all([name for name in obj if name in FIELDS] == [name for name in FIELDS if name in obj]
                   for obj in objects)
    if in_order and b"<Size>" not in body and not any(c in text for text in texts for c in "\r\n&<>"):
        assert compact is not None, body  # the compact reader takes what botocore writes
    if compact is not None:
        assert compact == reference(body, strip)
    assert answer(body, strip) == reference(body, strip)


def test_the_compact_reader_leaves_the_rest_to_a_parser() -> None:
    for body in [
        b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object>',  # unclosed
        b"<Delete><Object><Key>a]]>b</Key></Object></Delete>",         # "]]>" is not character data
        b"<Delete><Object><Key>a\xff</Key></Object></Delete>",        # not UTF-8
        b"<Delete><Object><Key>a\r</Key></Object></Delete>",           # a raw CR reads as LF
        b"<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object></Delete>",  # a scalar first
        b"<Delete> <Object><Key>a</Key></Object></Delete>",             # whitespace between elements
        b'<Delete xmlns="urn:other"><Object><Key>a</Key></Object></Delete>',  # another namespace
    ]:
        assert _records_compact(body, "Delete", "Object", FIELDS, SCALARS, strip=False) is None, body
        assert answer(body, strip=False) == reference(body, strip=False)


@pytest.mark.parametrize("body", [
    b"<Delete><Object/></Delete>",                              # an item with no fields
    b"<Delete><Object>k</Object></Delete>",                     # an item that is text
    b"<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>",  # a repeated field
    b"<Delete><Object><Key><Key>a</Key></Key></Object></Delete>",   # a field with children
    b'<Delete><Object><Key id="1">a</Key></Object></Delete>',      # a field with an attribute
    b"<Delete><Quiet>a</Quiet><Quiet>b</Quiet></Delete>",           # a repeated scalar
    b"<Other><Object><Key>a</Key></Object></Other>",                # another root
    b"<Delete><Object><Key>\x01</Key></Object></Delete>",           # a character XML cannot carry
])
def test_what_the_dict_shape_refuses_is_malformed(body: bytes) -> None:
    assert reference(body, strip=False) is MalformedXML
    with pytest.raises(MalformedXML):
        request(body).xml_records("Delete", "Object", FIELDS, SCALARS, keep_whitespace=True)


def test_an_empty_body_is_missing_request_body() -> None:
    with pytest.raises(MissingRequestBodyError):
        request(b"").xml_records("Delete", "Object", FIELDS)
