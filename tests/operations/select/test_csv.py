"""CSV input and output options of SelectObjectContent
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVInput.html, API_CSVOutput.html)."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from tests.operations.select.helpers import CSV_USE, JSON_OUT, PEOPLE, rows, select

pytestmark = pytest.mark.fake_only  # moto answers only count(*) and SELECT *


def test_header_use_names_columns(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    assert rows(s3, bucket, "p.csv", "SELECT s.name, s.CITY FROM S3Object s WHERE s.city = 'Paris'") == [
        "alice,Paris", "carol,Paris"]
    assert rows(s3, bucket, "p.csv", 'SELECT s."name" FROM S3Object s LIMIT 1') == ["alice"]
    # A quoted name is case sensitive: "NAME" names no column.
    assert rows(s3, bucket, "p.csv", 'SELECT s."NAME" FROM S3Object s LIMIT 1') == [""]


def test_header_ignore_and_none(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    ignore = {"CSV": {"FileHeaderInfo": "IGNORE"}}
    assert rows(s3, bucket, "p.csv", "SELECT s._1 FROM S3Object s", inputs=ignore) == ["alice", "bob", "carol", "dave"]
    none = {"CSV": {"FileHeaderInfo": "NONE"}}
    assert rows(s3, bucket, "p.csv", "SELECT _3 FROM S3Object LIMIT 2", inputs=none) == ["city", "Paris"]
    # Positions still work with a header in use; past the row's end is MISSING, written empty.
    assert rows(s3, bucket, "p.csv", "SELECT s._2, s._9 FROM S3Object s LIMIT 1") == ["30,"]


def test_select_star_as_json_uses_header_names_or_positions(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    data, _ = select(s3, bucket, "p.csv", "SELECT * FROM S3Object LIMIT 1", outputs=JSON_OUT)
    assert data == b'{"name":"alice","age":"30","city":"Paris"}\n'
    data, _ = select(s3, bucket, "p.csv", "SELECT * FROM S3Object LIMIT 1", inputs={"CSV": {}}, outputs=JSON_OUT)
    assert data == b'{"_1":"name","_2":"age","_3":"city"}\n'


def test_delimiters_quotes_and_comments(s3: Any, bucket: str) -> None:
    body = b"# a comment line\nk;v\n'a;b';1\n'it''s';2\n# another\nplain;3\n"
    s3.put_object(Bucket=bucket, Key="q.csv", Body=body)
    inputs = {"CSV": {"FileHeaderInfo": "USE", "FieldDelimiter": ";", "QuoteCharacter": "'",
                      "QuoteEscapeCharacter": "'"}}
    data, _ = select(s3, bucket, "q.csv", "SELECT s.k, s.v FROM S3Object s", inputs=inputs, outputs=JSON_OUT)
    assert data.decode().splitlines() == ['{"k":"a;b","v":"1"}', '{"k":"it\'s","v":"2"}', '{"k":"plain","v":"3"}']


def test_custom_comment_character_and_record_delimiter(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="r.csv", Body=b"a,1|%skip,9|#kept,2|")
    inputs = {"CSV": {"RecordDelimiter": "|", "Comments": "%"}}
    assert rows(s3, bucket, "r.csv", "SELECT * FROM S3Object", inputs=inputs) == ["a,1", "#kept,2"]


def test_quoted_record_delimiter_needs_the_option(s3: Any, bucket: str) -> None:
    from botocore.exceptions import ClientError

    s3.put_object(Bucket=bucket, Key="m.csv", Body=b'id,text\n1,"two\nlines"\n2,one\n')
    allowed = {"CSV": {"FileHeaderInfo": "USE", "AllowQuotedRecordDelimiter": True}}
    data, _ = select(s3, bucket, "m.csv", "SELECT s.text FROM S3Object s", inputs=allowed, outputs=JSON_OUT)
    assert data == b'{"text":"two\\nlines"}\n{"text":"one"}\n'
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "m.csv", "SELECT s.text FROM S3Object s")
    assert exc.value.response["Error"]["Code"] == "CSVEscapingRecordDelimiter"


def test_escape_character_other_than_the_quote(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="e.csv", Body=b'"say \\"hi\\"",x\n')
    inputs = {"CSV": {"QuoteEscapeCharacter": "\\"}}
    data, _ = select(s3, bucket, "e.csv", "SELECT s._1 FROM S3Object s", inputs=inputs, outputs=JSON_OUT)
    assert data == b'{"_1":"say \\"hi\\""}\n'


def test_output_quoting(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="o.csv", Body=b'a,"b,c","say ""x"""\n')
    data, _ = select(s3, bucket, "o.csv", "SELECT * FROM S3Object", inputs={"CSV": {}})
    assert data == b'a,"b,c","say ""x"""\n'
    always = {"CSV": {"QuoteFields": "ALWAYS", "FieldDelimiter": "\t", "RecordDelimiter": "|\n"}}
    data, _ = select(s3, bucket, "o.csv", "SELECT * FROM S3Object", inputs={"CSV": {}}, outputs=always)
    assert data == b'"a"\t"b,c"\t"say ""x"""|\n'
    escaped = {"CSV": {"QuoteEscapeCharacter": "\\", "QuoteCharacter": "'"}}
    s3.put_object(Bucket=bucket, Key="o2.csv", Body=b"it's,x\n")
    data, _ = select(s3, bucket, "o2.csv", "SELECT * FROM S3Object", inputs={"CSV": {"QuoteCharacter": "|"}},
                     outputs=escaped)
    assert data == b"'it\\'s',x\n"


def test_gzip_csv(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv.gz", Body=gzip.compress(PEOPLE))
    inputs = {**CSV_USE, "CompressionType": "GZIP"}
    data, events = select(s3, bucket, "p.csv.gz", "SELECT s.name FROM S3Object s WHERE s.age > 29", inputs=inputs)
    assert data == b"alice\ncarol\n"
    size = s3.head_object(Bucket=bucket, Key="p.csv.gz")["ContentLength"]
    assert events[-2]["Stats"]["Details"] == {"BytesScanned": size, "BytesProcessed": len(PEOPLE),
                                               "BytesReturned": len(data)}
