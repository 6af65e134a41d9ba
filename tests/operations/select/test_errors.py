"""S3 Select's errors (the "List of SELECT Object Content Error Codes" on
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): a bad request or query is an XML
error before any event; a data error met while reading ends the stream with an error event after the
records before it, which botocore raises as `EventStreamError` while the caller iterates."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from botocore.exceptions import ClientError, EventStreamError

from tests.conftest import error_code
from tests.operations.select.helpers import CSV_OUT, CSV_USE, PEOPLE, select

pytestmark = pytest.mark.fake_only  # moto answers only count(*) and SELECT *


@pytest.fixture
def people(s3: Any, bucket: str) -> str:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    return "p.csv"


@pytest.mark.parametrize(("expression", "code"), [
    ("SELECT * S3Object", "ParseUnexpectedToken"),
    ("SELECT s.name", "ParseSelectMissingFrom"),
    ("SELECT FROM S3Object", "ParseEmptySelect"),
    ("SELECT *, s.name FROM S3Object s", "ParseAsteriskIsNotAloneInSelectList"),
    ("SELECT * FROM S3Object s WHERE", "ParseExpectedExpression"),
    ("SELECT * FROM S3Object s WHERE s.a = 'open", "ParseUnexpectedToken"),
    ("SELECT * FROM S3Object s WHERE s.a # 1", "LexerInvalidChar"),
    ("SELECT * FROM Other", "ParseUnexpectedToken"),
    ("SELECT * FROM S3Object s LIMIT -1", "EvaluatorNegativeLimit"),
    ("SELECT * FROM S3Object s ORDER BY s.a", "UnsupportedSyntax"),
    ("SELECT DISTINCT s.a FROM S3Object s", "UnsupportedSyntax"),
    ("SELECT CAST(s.a AS BLOB) FROM S3Object s", "ParseExpectedTypeName"),
    ("SELECT CAST(s.a) FROM S3Object s", "ParseCastArity"),
    ("SELECT NOSUCH(s.a) FROM S3Object s", "UnsupportedFunction"),
    ("SELECT LOWER(s.a, s.b) FROM S3Object s", "EvaluatorInvalidArguments"),
    ("SELECT SUM(*) FROM S3Object s", "ParseUnsupportedCallWithStar"),
    ("SELECT COUNT(s.a, s.b) FROM S3Object s", "ParseNonUnaryAgregateFunctionCall"),
    ("SELECT s.name, COUNT(*) FROM S3Object s", "UnsupportedSqlStructure"),
    ("SELECT * FROM S3Object s WHERE COUNT(*) > 1", "UnsupportedSqlOperation"),
    ("SELECT s._0 FROM S3Object s", "InvalidColumnIndex"),
    ("SELECT * FROM S3Object s WHERE s.name LIKE 'a' ESCAPE 'xy'", "EvaluatorLikePatternInvalidEscapeSequence"),
])
def test_bad_sql_is_an_xml_error(s3: Any, bucket: str, people: str, expression: str, code: str) -> None:
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, people, expression)
    assert not isinstance(exc.value, EventStreamError)
    assert error_code(exc) == code
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(("change", "code"), [
    ({"ExpressionType": "XPATH"}, "InvalidExpressionType"),
    ({"Expression": ""}, "MissingRequiredParameter"),
    ({"InputSerialization": {"CSV": {}, "JSON": {}}}, "ObjectSerializationConflict"),
    ({"OutputSerialization": {"CSV": {}, "JSON": {}}}, "ObjectSerializationConflict"),
    ({"InputSerialization": {"CompressionType": "NONE"}}, "InvalidDataSource"),
    ({"OutputSerialization": {}}, "MissingRequiredParameter"),
    ({"InputSerialization": {"CSV": {}, "CompressionType": "ZSTD"}}, "InvalidCompressionFormat"),
    ({"InputSerialization": {"CSV": {"FileHeaderInfo": "FIRST"}}}, "InvalidFileHeaderInfo"),
    ({"InputSerialization": {"JSON": {"Type": "ARRAY"}}}, "InvalidJsonType"),
    ({"OutputSerialization": {"CSV": {"QuoteFields": "NEVER"}}}, "InvalidQuoteFields"),
])
def test_bad_request_parameters(s3: Any, bucket: str, people: str, change: dict[str, Any], code: str) -> None:
    params: dict[str, Any] = {"Bucket": bucket, "Key": people, "Expression": "SELECT * FROM S3Object",
                              "ExpressionType": "SQL", "InputSerialization": CSV_USE, "OutputSerialization": CSV_OUT}
    params.update(change)
    with pytest.raises(ClientError) as exc:
        s3.select_object_content(**params)
    assert error_code(exc) == code


def test_missing_bucket_and_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        select(s3, "no-such-bucket-here", "k", "SELECT * FROM S3Object")
    assert error_code(exc) == "NoSuchBucket"
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "k", "SELECT * FROM S3Object")
    assert error_code(exc) == "NoSuchKey"


def test_cast_failing_part_way_ends_the_stream_after_the_records_before_it(s3: Any, bucket: str) -> None:
    body = b"n\n" + b"".join(b"%d\n" % i for i in range(5)) + b"oops\n7\n"
    s3.put_object(Bucket=bucket, Key="n.csv", Body=body)
    response = s3.select_object_content(
        Bucket=bucket, Key="n.csv", Expression="SELECT CAST(s.n AS INT) FROM S3Object s", ExpressionType="SQL",
        InputSerialization=CSV_USE, OutputSerialization=CSV_OUT)
    received = []
    with pytest.raises(EventStreamError) as exc:
        for event in response["Payload"]:
            received.append(event)
    assert error_code(exc) == "CastFailed"
    assert b"".join(e["Records"]["Payload"] for e in received if "Records" in e) == b"0\n1\n2\n3\n4\n"
    assert not any("Stats" in e or "End" in e for e in received)


def test_empty_csv_field_does_not_cast_to_int(s3: Any, bucket: str, people: str) -> None:
    """The common S3 Select surprise: CAST('' AS INT) fails; filter empty fields first."""
    with pytest.raises(EventStreamError) as exc:
        select(s3, bucket, people, "SELECT s.name FROM S3Object s WHERE CAST(s.age AS INT) > 0")
    assert error_code(exc) == "CastFailed"


@pytest.mark.parametrize(("body", "inputs", "code"), [
    (b'a,"open\n', {"CSV": {"AllowQuotedRecordDelimiter": True}}, "CSVParsingError"),
    (b'{"a": 1}\n{"a": ', {"JSON": {"Type": "LINES"}}, "JSONParsingError"),
    (b"not gzip at all", {"CSV": {}, "CompressionType": "GZIP"}, "TruncatedInput"),
    (gzip.compress(b"a,b\n", mtime=0)[:-6], {"CSV": {}, "CompressionType": "GZIP"}, "TruncatedInput"),
])
def test_bad_data_is_an_error_event(s3: Any, bucket: str, body: bytes, inputs: dict[str, Any], code: str) -> None:
    s3.put_object(Bucket=bucket, Key="bad", Body=body)
    with pytest.raises(EventStreamError) as exc:
        select(s3, bucket, "bad", "SELECT * FROM S3Object", inputs=inputs)
    assert error_code(exc) == code


def test_sse_c_object_needs_its_key(s3: Any, bucket: str) -> None:
    import base64
    import hashlib

    key = b"k" * 32
    sse = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(key).decode(),
           "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(key).digest()).decode()}
    s3.put_object(Bucket=bucket, Key="enc.csv", Body=PEOPLE, **sse)
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "enc.csv", "SELECT * FROM S3Object")
    assert error_code(exc) == "InvalidRequest"
    data, _ = select(s3, bucket, "enc.csv", "SELECT COUNT(*) FROM S3Object", **sse)
    assert data == b"4\n"


@pytest.mark.parametrize(("expression", "code"), [
    ("SELECT * FROM S3Object s WHERE " + "(" * 5000 + "1 = 1" + ")" * 5000, "MaxOperatorsExceeded"),
    ("SELECT * FROM S3Object s WHERE " + "NOT " * 5000 + "s.a = 1", "MaxOperatorsExceeded"),
    ("SELECT " + "LOWER(" * 2000 + "s.a" + ")" * 2000 + " FROM S3Object s", "MaxOperatorsExceeded"),
    ("SELECT * FROM S3Object s WHERE " + " AND ".join(["s.a = 1"] * 3000), "MaxOperatorsExceeded"),
    ("SELECT * FROM S3Object s WHERE s.a = '" + "x" * (256 * 1024) + "'", "ExpressionTooLong"),
])
def test_expressions_too_complex_or_long(s3: Any, bucket: str, people: str, expression: str, code: str) -> None:
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, people, expression)
    assert error_code(exc) == code


def test_the_largest_expression_allowed_evaluates(s3: Any, bucket: str, people: str) -> None:
    """200 operators and 32 levels of parentheses still run (the limits only stop Python's stack overflowing)."""
    chain = " OR ".join(f"s.name = 'n{i}'" for i in range(99)) + " OR s.name = 'bob'"
    data, _ = select(s3, bucket, people, f"SELECT s.name FROM S3Object s WHERE {chain}")
    assert data == b"bob\n"
    nested = "(" * 31 + "s.name = 'bob'" + ")" * 31
    assert select(s3, bucket, people, f"SELECT s.name FROM S3Object s WHERE {nested}")[0] == b"bob\n"


@pytest.mark.fake_only(reason="moto selects from archived objects without a restore")
def test_an_archived_object_is_selected_from_only_once_restored(s3: Any, bucket: str, s3fake: Any) -> None:
    """Select reads the object's data, so a GLACIER object answers 403 InvalidObjectState as GetObject
    does (https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html: "you cannot
    query objects stored in GLACIER or DEEP_ARCHIVE" without restoring them first)."""
    s3.put_object(Bucket=bucket, Key="cold.csv", Body=PEOPLE, StorageClass="GLACIER")
    with pytest.raises(ClientError) as exc:
        select(s3, bucket, "cold.csv", "SELECT * FROM S3Object")
    assert error_code(exc) == "InvalidObjectState"
    s3.restore_object(Bucket=bucket, Key="cold.csv", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Expedited"}})
    s3fake.clock.advance(minutes=6)
    records, _ = select(s3, bucket, "cold.csv", "SELECT COUNT(*) FROM S3Object", outputs=CSV_OUT)
    assert records.strip() == str(PEOPLE.count(b"\n") - 1).encode()
