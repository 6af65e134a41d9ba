"""SelectObjectContent answers as AWS answered in moto's `aws_verified` tests
(getmoto/moto tests/test_s3/test_s3_select.py): exact Records payloads and Stats byte counts.
moto implements only `count(*)` and `SELECT *` of these, so the other halves are fake only."""

from __future__ import annotations

import bz2
import gzip
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code
from tests.operations.select.helpers import select

SIMPLE_JSON = {"a1": "b1", "a2": "b2", "a3": None}
NESTED_JSON = {"a1": {"b1": "b2"}, "a2": [True, False], "a3": True, "a4": [1, 5]}
EXTENSIVE_JSON = [{"staff": [{"name": "Janelyn M", "city": "Chicago", "kids": [{"Name": "Josh"}, {"Name": "Jay"}]},
                             {"name": "Stacy P", "city": "Seattle", "kids": {"Name": "Josh"}}], "country": "USA"}]
LONG_JSON = "".join(json.dumps({"a": {f"b{i}": "s"}, "c": f"d{i}"}) for i in range(5))
SIMPLE_CSV = "a,b,c\ne,r,f\ny,u,i\nq,w,y"
DOCUMENT = {"JSON": {"Type": "DOCUMENT"}}
COMMA = {"JSON": {"RecordDelimiter": ","}}


def test_select_all_of_a_json_document(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="simple.json", Body=json.dumps(SIMPLE_JSON))
    data, events = select(s3, bucket, "simple.json", "SELECT * FROM S3Object", DOCUMENT, COMMA)
    assert data == b'{"a1":"b1","a2":"b2","a3":null},'
    assert {"End": {}} == events[-1]
    assert set(events[-2]["Stats"]["Details"]) == {"BytesScanned", "BytesProcessed", "BytesReturned"}


def test_count_of_a_json_document_and_its_stats(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="simple.json", Body=json.dumps(SIMPLE_JSON))
    _, events = select(s3, bucket, "simple.json", "SELECT count(*) FROM S3Object", DOCUMENT, COMMA)
    assert {"Records": {"Payload": b'{"_1":1},'}} in events
    assert {"Stats": {"Details": {"BytesScanned": 36, "BytesProcessed": 36, "BytesReturned": 9}}} in events


@pytest.mark.fake_only
def test_count_as_alias(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="simple.json", Body=json.dumps(SIMPLE_JSON))
    data, _ = select(s3, bucket, "simple.json", "SELECT count(*) as cnt FROM S3Object", DOCUMENT, COMMA)
    assert data == b'{"cnt":1},'


def test_count_csv_with_header_and_default_delimiter(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="simple_csv", Body=SIMPLE_CSV)
    inputs = {"CSV": {"FileHeaderInfo": "USE", "FieldDelimiter": ","}}
    assert select(s3, bucket, "simple_csv", "SELECT count(*) FROM S3Object", inputs, COMMA)[0] == b'{"_1":3},'
    assert select(s3, bucket, "simple_csv", "SELECT count(*) FROM S3Object", inputs, {"JSON": {}})[0] == b'{"_1":3}\n'


@pytest.mark.fake_only
def test_from_a_path_that_names_nothing_is_an_empty_record(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="extensive.json", Body=json.dumps(EXTENSIVE_JSON))
    data, _ = select(s3, bucket, "extensive.json", "select * from s3object[*].staff[*] s", DOCUMENT, COMMA)
    assert data == b"{},"


@pytest.mark.fake_only
def test_a_document_that_is_a_list_is_one_record(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="extensive.json", Body=json.dumps(EXTENSIVE_JSON))
    data, _ = select(s3, bucket, "extensive.json", "select * from s3object s", DOCUMENT, COMMA)
    assert data.endswith(b",")
    assert json.loads(data[:-1]) == {"_1": EXTENSIVE_JSON}


def test_nested_document(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="nested.json", Body=json.dumps(NESTED_JSON))
    data, _ = select(s3, bucket, "nested.json", "select * from s3object s", DOCUMENT, COMMA)
    assert json.loads(data[:-1]) == NESTED_JSON


@pytest.mark.fake_only
def test_subdocuments_of_concatenated_documents(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="long.json", Body=LONG_JSON.encode())
    data, events = select(s3, bucket, "long.json", "select * from s3object[*].a", DOCUMENT, COMMA)
    assert data == b"".join(b'{"b%d":"s"},' % i for i in range(5))
    assert events[1]["Stats"]["Details"] == {"BytesScanned": 145, "BytesProcessed": 145, "BytesReturned": 55}


@pytest.mark.fake_only
def test_where_over_concatenated_documents(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="long.json", Body=LONG_JSON.encode())
    data, events = select(s3, bucket, "long.json", "select * from s3object[*] s where s.c = 'd2'", DOCUMENT, COMMA)
    assert data == b'{"a":{"b2":"s"},"c":"d2"},'
    assert events[1]["Stats"]["Details"] == {"BytesScanned": 145, "BytesProcessed": 145, "BytesReturned": 26}


@pytest.mark.parametrize(("compression", "compress"), [("GZIP", gzip.compress), ("BZIP2", bz2.compress)])
def test_compressed_json(s3: Any, bucket: str, compression: str, compress: Any) -> None:
    s3.put_object(Bucket=bucket, Key="j", Body=compress(json.dumps(NESTED_JSON).encode()))
    inputs = {"JSON": {"Type": "DOCUMENT"}, "CompressionType": compression}
    assert select(s3, bucket, "j", "SELECT count(*) FROM S3Object", inputs, COMMA)[0] == b'{"_1":1},'


def test_bzipped_csv_to_csv(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="csv.bz2", Body=bz2.compress(SIMPLE_CSV.encode()))
    inputs = {"CSV": {}, "CompressionType": "BZIP2"}
    custom = {"CSV": {"RecordDelimiter": "_", "FieldDelimiter": ":"}}
    assert select(s3, bucket, "csv.bz2", "SELECT count(*) FROM S3Object", inputs, custom)[0] == b"4_"
    assert select(s3, bucket, "csv.bz2", "SELECT count(*) FROM S3Object", inputs, {"CSV": {}})[0] == b"4\n"
    assert select(s3, bucket, "csv.bz2", "SELECT * FROM S3Object", inputs, {"CSV": {}})[0] == (
        b"a,b,c\ne,r,f\ny,u,i\nq,w,y\n")
    colons = {"CSV": {"RecordDelimiter": "\n", "FieldDelimiter": ":"}}
    assert select(s3, bucket, "csv.bz2", "SELECT * FROM S3Object", inputs, colons)[0] == (
        b"a:b:c\ne:r:f\ny:u:i\nq:w:y\n")


def test_unknown_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "unknown", "SELECT count(*) FROM S3Object", {"CSV": {}, "CompressionType": "BZIP2"},
               {"CSV": {"RecordDelimiter": "\n", "FieldDelimiter": ":"}})
    assert error_code(exc) == "NoSuchKey"
    assert exc.value.response["Error"]["Message"] == "The specified key does not exist."
    assert exc.value.response["Error"]["Key"] == "unknown"
