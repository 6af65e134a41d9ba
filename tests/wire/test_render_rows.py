"""`Response.xml_rows` writes flat items section by section: texts escaped, None and missing fields out."""

from __future__ import annotations

import xmltodict
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.wire import S3_NS, Response, Row

FIELDS = ("Key", "VersionId", "Code")
TEXT = st.lists(st.sampled_from([*"ab <>&\"'\r\n\t/é", "]]>", "\u00a0"]), max_size=5).map("".join)
ROWS = st.lists(st.lists(st.none() | TEXT, min_size=1, max_size=3).map(tuple), max_size=4)


@settings(max_examples=300, deadline=None)
@given(deleted=ROWS, errors=ROWS)
def test_rows_read_back_as_written(deleted: list[Row], errors: list[Row]) -> None:
    response = Response.xml_rows("DeleteResult", [("Deleted", FIELDS, deleted), ("Error", FIELDS, errors)])
    assert response.headers["Content-Type"] == "application/xml"
    doc = xmltodict.parse(response.body, force_list=("Deleted", "Error"), strip_whitespace=False)
    doc = doc["DeleteResult"]
    assert doc.pop("@xmlns") == S3_NS
    for name, rows in (("Deleted", deleted), ("Error", errors)):
        items = doc.pop(name, [])
        assert len(items) == len(rows)
        for item, row in zip(items, rows, strict=True):
            # xmltodict reads an empty text element as None, like one left out
            written = zip(FIELDS, row, strict=False)  # a row may stop early
            expected = {field: text or None for field, text in written if text is not None}
            assert {field: text or None for field, text in (item or {}).items()} == expected
    assert not doc


def test_a_key_with_markup_and_a_carriage_return_survives() -> None:
    body = Response.xml_rows("DeleteResult", [("Deleted", FIELDS, [("a&<b>\r",), ("k", None, "x")])]).body
    assert body == (f'<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="{S3_NS}">'
                    "<Deleted><Key>a&amp;&lt;b&gt;&#13;</Key></Deleted>"
                    "<Deleted><Key>k</Key><Code>x</Code></Deleted></DeleteResult>").encode()
