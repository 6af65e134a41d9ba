"""The ElementTree fast path of `parse_xml` returns exactly what xmltodict returns, or steps aside."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
import xmltodict
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.errors.codes import MalformedXML
from pytest_s3fake.xmlcodec import _parse_plain, parse_xml

NAMES = ["Object", "Key", "VersionId", "Quiet", "a", "b", "Delete"]
PLAIN_TEXT = st.lists(st.sampled_from([*list("ab  \n\n\t/é&<>\"'\r"), "\xa0", "&#13;"]), max_size=5).map("".join)
WILD_TEXT = st.sampled_from(["xmlns", "]]>", "&", "<", "&#0;", "&nbsp;"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@st.composite
def elements(draw: st.DrawFn, plain: bool, depth: int = 0) -> str:
    """An element; `plain` ones use only what the fast path handles, the others now and then do not."""
    name = draw(st.sampled_from(NAMES))
    attr_names = ["id", "type"] if plain else ["id", "xmlns", "xml:lang", "p:x"]
    attrs = draw(st.lists(st.sampled_from(attr_names), max_size=2, unique=True))
    rendered = "".join(f' {attr}="{_escape(draw(PLAIN_TEXT))}"' for attr in attrs)
    kinds = ["child", "text"] if plain else ["child", "text", "wild", "comment", "cdata"]
    parts: list[str] = []
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(kinds))
            if kind == "child":
                parts.append(draw(elements(plain, depth + 1)))
            elif kind == "text":
                parts.append(_escape(draw(PLAIN_TEXT)))
            elif kind == "wild":  # unescaped or odd text: often malformed on purpose
                parts.append(draw(WILD_TEXT))
            elif kind == "comment":
                parts.append("<!-- c -->")
            else:
                parts.append("<![CDATA[ x ]]>")
    return f"<{name}{rendered}>{''.join(parts)}</{name}>"


def xmltodict_or_error(body: bytes, force_list: tuple[str, ...], strip: bool) -> Any:
    try:
        return xmltodict.parse(body, force_list=force_list, disable_entities=True, strip_whitespace=strip)
    except Exception as error:
        return error


@settings(max_examples=400, deadline=None)
@given(
    plain=st.booleans(),
    root_data=st.data(),
    prolog=st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n', "<?xml version='1.0'?>"]),
    namespace=st.sampled_from(["", ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', ' xmlns=""']),
    force_list=st.lists(st.sampled_from(NAMES), max_size=3, unique=True).map(tuple),
    strip=st.booleans(),
)
def test_fast_path_matches_xmltodict(
    plain: bool, root_data: st.DataObject, prolog: str, namespace: str, force_list: tuple[str, ...], strip: bool
) -> None:
    root = root_data.draw(elements(plain))
    name_end = root.index(next(c for c in root if c in " >"))  # just after the root's name
    body = (prolog + root[:name_end] + namespace + root[name_end:]).encode()
    fast = _parse_plain(body, force_list, strip=strip)
    expected = xmltodict_or_error(body, force_list, strip)
    # A declared namespace next to other attributes loses its place in ElementTree; `xmlns=""` its element.
    if plain and (namespace == "" or (namespace != ' xmlns=""' and root[name_end] == ">")):
        assert fast is not None, body
    if fast is not None:
        assert fast == expected


@pytest.mark.parametrize("body", [
    b"<r><a> </a><a>\n</a><b/></r>",                         # whitespace-only leaves, an empty element
    b"<r> x <a>1</a> y <a id='2'>z</a>\t</r>",                # mixed content, repeated names, attributes
    b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>k</Key></Object></Delete>',
    b'<r><Object xmlns="urn:x"><Key> k </Key></Object></r>',  # a namespace declared below the root
    b"<Object>&#13;&#10;&amp;</Object>",                        # a force_list root
])
@pytest.mark.parametrize("strip", [True, False])
def test_chosen_documents(body: bytes, strip: bool) -> None:
    fast = _parse_plain(body, ("Object",), strip=strip)
    assert fast is not None
    assert fast == xmltodict.parse(body, force_list=("Object",), disable_entities=True, strip_whitespace=strip)


def _delete_body(keys: list[str]) -> bytes:
    """The body botocore itself serializes for DeleteObjects."""
    client = botocore.session.get_session().create_client(
        "s3", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    captured: list[bytes] = []

    def capture(request: Any, **kwargs: Any) -> None:
        captured.append(request.body)
        raise RuntimeError("captured")

    client.meta.events.register_first("before-send.s3.DeleteObjects", capture)
    with pytest.raises(RuntimeError, match="captured"):
        client.delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in keys], "Quiet": False})
    return captured[0]


def test_botocore_delete_body_takes_the_fast_path_and_matches() -> None:
    body = _delete_body([f"k/{i}" for i in range(50)] + [" spaced ", "a&b<c>", "cr\rlf\n", "é"])
    fast = _parse_plain(body, ("Object",), strip=False)
    assert fast is not None
    assert fast == xmltodict.parse(body, force_list=("Object",), disable_entities=True, strip_whitespace=False)
    assert [obj["Key"] for obj in fast["Delete"]["Object"]][-4:] == [" spaced ", "a&b<c>", "cr\rlf\n", "é"]


@pytest.mark.parametrize("body", [
    b"<a><b></a>",
    b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
    b"<a>&undefined;</a>",
    b"",
])
def test_malformed_documents_still_answer_malformed_xml(body: bytes) -> None:
    assert _parse_plain(body, (), strip=True) is None
    with pytest.raises(MalformedXML):
        parse_xml(body)


def test_prefixed_names_step_aside_to_xmltodict() -> None:
    body = b"<p:a q:x='1'><p:b>t</p:b></p:a>"
    assert _parse_plain(body, (), strip=True) is None
    assert parse_xml(body) == {"p:a": {"@q:x": "1", "p:b": "t"}}
