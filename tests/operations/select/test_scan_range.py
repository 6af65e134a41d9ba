"""ScanRange (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ScanRange.html): the records that start
within the byte range, read to their end; `End` alone is the last N bytes; only uncompressed CSV and
JSON LINES."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.select.scan import bounds, records_in
from tests.conftest import error_code
from tests.operations.select.helpers import PEOPLE, rows, select

pytestmark = pytest.mark.fake_only

BODY = b"aa,1\nbbbb,2\ncc,3\n"  # records start at 0, 5 and 12


@pytest.mark.parametrize(("scan", "expected"), [
    ({"Start": 0, "End": 0}, ["aa,1"]),
    ({"Start": 1, "End": 5}, ["bbbb,2"]),  # starts inside aa,1: that one belongs to the range before
    ({"Start": 5, "End": 11}, ["bbbb,2"]),
    ({"Start": 5, "End": 12}, ["bbbb,2", "cc,3"]),
    ({"Start": 13}, []),
    ({"Start": 6}, ["cc,3"]),
    ({"End": 5}, ["cc,3"]),  # the last 5 bytes
    ({"Start": 0, "End": 10_000}, ["aa,1", "bbbb,2", "cc,3"]),
])
def test_records_that_start_in_the_range(s3: Any, bucket: str, scan: dict[str, int], expected: list[str]) -> None:
    s3.put_object(Bucket=bucket, Key="r.csv", Body=BODY)
    assert rows(s3, bucket, "r.csv", "SELECT * FROM S3Object", inputs={"CSV": {}}, ScanRange=scan) == expected


def test_header_names_columns_in_every_range(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    assert rows(s3, bucket, "p.csv", "SELECT s.name FROM S3Object s", ScanRange={"Start": 0, "End": 29}) == [
        "alice", "bob"]
    assert rows(s3, bucket, "p.csv", "SELECT s.name FROM S3Object s", ScanRange={"Start": 30}) == ["carol", "dave"]


def test_json_lines(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="l.json", Body=b'{"n":1}\n{"n":2}\n{"n":3}\n')
    assert rows(s3, bucket, "l.json", "SELECT s.n FROM S3Object s", inputs={"JSON": {"Type": "LINES"}},
                ScanRange={"Start": 3, "End": 9}) == ["2"]


@pytest.mark.parametrize(("body", "inputs", "scan", "code"), [
    (BODY, {"CSV": {}}, {"Start": 9, "End": 3}, "InvalidScanRange"),
    (gzip.compress(BODY, mtime=0), {"CSV": {}, "CompressionType": "GZIP"}, {"Start": 0}, "UnsupportedScanRangeInput"),
    (b'{"a": 1}', {"JSON": {"Type": "DOCUMENT"}}, {"Start": 0}, "UnsupportedScanRangeInput"),
    (BODY, {"CSV": {"AllowQuotedRecordDelimiter": True}}, {"Start": 0}, "UnsupportedScanRangeInput"),
])
def test_refused_ranges(s3: Any, bucket: str, body: bytes, inputs: dict[str, Any], scan: dict[str, int],
                        code: str) -> None:
    s3.put_object(Bucket=bucket, Key="x", Body=body)
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "x", "SELECT * FROM S3Object", inputs=inputs, ScanRange=scan)
    assert error_code(exc) == code


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(alphabet="ab,", max_size=5), max_size=8), cuts=st.lists(st.integers(0, 60), max_size=4))
def test_consecutive_ranges_split_records_exactly_once(lines: list[str], cuts: list[int]) -> None:
    data = "".join(line + "\n" for line in lines).encode()
    edges = sorted({0, *[c for c in cuts if c < len(data)]})
    pieces = []
    for index, first in enumerate(edges):
        last = edges[index + 1] - 1 if index + 1 < len(edges) else len(data) - 1
        pieces.append(records_in(data, b"\n", *bounds(len(data), first, last)))
    assert b"".join(pieces) == data
