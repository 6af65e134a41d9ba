"""The event stream itself: framing botocore checks (CRCs, headers), Records split into chunks, Progress
when asked for, and the same answer through the HTTP door."""

from __future__ import annotations

import struct
from binascii import crc32
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.eventstream import EventStreamBuffer

from pytest_s3fake import S3Fake
from pytest_s3fake.select import eventstream
from tests.operations.select.helpers import CSV_OUT, CSV_USE, PEOPLE, select

pytestmark = pytest.mark.fake_only


def test_messages_parse_with_botocores_decoder() -> None:
    buffer = EventStreamBuffer()
    buffer.add_data(b"".join([*eventstream.records(b"a,b\n"), eventstream.stats(10, 20, 4), eventstream.end()]))
    messages = list(buffer)
    assert [m.headers[":event-type"] for m in messages] == ["Records", "Stats", "End"]
    assert messages[0].headers == {":event-type": "Records", ":content-type": "application/octet-stream",
                                   ":message-type": "event"}
    assert messages[0].payload == b"a,b\n"
    assert b"<BytesProcessed>20</BytesProcessed>" in messages[1].payload
    assert messages[2].payload == b""


def test_prelude_and_message_crcs() -> None:
    raw = eventstream.end()
    total, headers_length, prelude_crc = struct.unpack(">III", raw[:12])
    assert total == len(raw)
    assert prelude_crc == crc32(raw[:8])
    assert struct.unpack(">I", raw[-4:])[0] == crc32(raw[:-4])
    assert 12 + headers_length + 4 == total  # End has no payload


def test_large_results_come_in_several_records_events(s3: Any, bucket: str) -> None:
    body = b"".join(b"row-%06d,%s\n" % (i, b"x" * 50) for i in range(3000))
    s3.put_object(Bucket=bucket, Key="big.csv", Body=body)
    data, events = select(s3, bucket, "big.csv", "SELECT * FROM S3Object", inputs={"CSV": {}})
    assert data == body
    chunks = [e for e in events if "Records" in e]
    assert len(chunks) == -(-len(body) // eventstream.RECORDS_CHUNK)
    assert events[-2]["Stats"]["Details"]["BytesReturned"] == len(body)


def test_progress_when_enabled(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    _, events = select(s3, bucket, "p.csv", "SELECT s.name FROM S3Object s", RequestProgress={"Enabled": True})
    kinds = [next(iter(e)) for e in events]
    assert kinds == ["Records", "Progress", "Stats", "End"]
    assert events[1]["Progress"]["Details"] == events[2]["Stats"]["Details"]
    _, events = select(s3, bucket, "p.csv", "SELECT s.name FROM S3Object s", RequestProgress={"Enabled": False})
    assert [next(iter(e)) for e in events] == ["Records", "Stats", "End"]


def test_no_matching_records_is_stats_and_end(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    data, events = select(s3, bucket, "p.csv", "SELECT * FROM S3Object s WHERE s.name = 'zed'")
    assert data == b""
    assert [next(iter(e)) for e in events] == ["Stats", "End"]


def test_through_the_http_door(s3fake: S3Fake, s3fake_server: Any) -> None:
    client = boto3.client("s3", endpoint_url=s3fake_server.endpoint_url, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing",
                          config=Config(s3={"addressing_style": "path"}))
    client.create_bucket(Bucket="http-bucket")
    client.put_object(Bucket="http-bucket", Key="p.csv", Body=PEOPLE)
    data, events = select(client, "http-bucket", "p.csv", "SELECT s.name FROM S3Object s WHERE s.city = 'Paris'",
                          CSV_USE, CSV_OUT)
    assert data == b"alice\ncarol\n"
    assert "End" in events[-1]
    assert s3fake.calls.of("SelectObjectContent")[0].status == 200
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as exc:
        select(client, "http-bucket", "p.csv", "SELECT s.name", CSV_USE, CSV_OUT)
    assert exc.value.response["Error"]["Code"] == "ParseSelectMissingFrom"
