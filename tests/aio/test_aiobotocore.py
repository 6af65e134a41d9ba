"""aiobotocore clients against the fake, in-process: the same answers, faults and journal as sync clients."""

from __future__ import annotations

import asyncio
import base64
import io
import zlib
from typing import Any

import pytest

pytest.importorskip("aiobotocore")
pytest.importorskip("pytest_asyncio")

from aiobotocore.awsrequest import AioAWSResponse
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, FlexibleChecksumError

from pytest_s3fake import S3Fake
from pytest_s3fake.transport import DISPATCHER, NetworkBlockedError, ServiceNotFakedError

pytestmark = [pytest.mark.asyncio, pytest.mark.fake_only]

BODY = b"The quick brown fox jumps over the lazy dog.\n" * 100


def crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


async def test_put_get_head_round_trip(aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    put = await aio_s3.put_object(Bucket=bucket, Key="a/b.txt", Body=BODY, ContentType="text/plain",
                                  Metadata={"owner": "me"})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert put["ETag"] == '"' + s3fake.store.bucket(bucket).current("a/b.txt").etag.strip('"') + '"'

    head = await aio_s3.head_object(Bucket=bucket, Key="a/b.txt")
    assert head["ContentLength"] == len(BODY)
    assert head["ContentType"] == "text/plain"
    assert head["Metadata"] == {"owner": "me"}
    assert head["ETag"] == put["ETag"]

    got = await aio_s3.get_object(Bucket=bucket, Key="a/b.txt")
    assert got["ContentLength"] == len(BODY)
    assert await got["Body"].read() == BODY


async def test_put_body_arrives_aws_chunked_with_crc32_trailer_and_is_decoded(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    put = await aio_s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    (call,) = s3fake.calls.of("PutObject")
    # aiobotocore streams the payload through AioAwsChunkedWrapper: the trailer names the checksum.
    assert call.headers["x-amz-trailer"] == "x-amz-checksum-crc32"
    assert call.headers["x-amz-decoded-content-length"] == str(len(BODY))
    assert call.body == BODY
    assert put["ChecksumCRC32"] == crc32(BODY)
    assert s3fake.store.bucket(bucket).current("k").body == BODY


class AsyncReader:
    """A caller's async file object (as aiofiles gives): `read()` is a coroutine."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


async def test_put_body_from_an_async_file_object(aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="k", Body=AsyncReader(BODY), ContentLength=len(BODY))
    assert s3fake.store.bucket(bucket).current("k").body == BODY
    assert s3fake.calls.of("PutObject")[0].headers["x-amz-checksum-crc32"] == crc32(BODY)


async def test_multipart_upload_parts_arrive_aws_chunked(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    part1, part2 = b"a" * (5 * 1024 * 1024), b"tail"
    upload = await aio_s3.create_multipart_upload(Bucket=bucket, Key="big", ChecksumAlgorithm="CRC32")
    etags = []
    for number, data in enumerate((part1, part2), start=1):
        part = await aio_s3.upload_part(Bucket=bucket, Key="big", UploadId=upload["UploadId"],
                                        PartNumber=number, Body=data, ChecksumAlgorithm="CRC32")
        assert part["ChecksumCRC32"] == crc32(data)
        etags.append({"PartNumber": number, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]})
    await aio_s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload["UploadId"],
                                           MultipartUpload={"Parts": etags})

    trailers = [c.headers.get("x-amz-trailer") for c in s3fake.calls.of("UploadPart")]
    assert trailers == ["x-amz-checksum-crc32"] * 2
    version = s3fake.store.bucket(bucket).current("big")
    assert version.body == part1 + part2 and version.parts == (len(part1), len(part2))
    got = await aio_s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert await got["Body"].read() == part2


async def test_get_body_reads_in_chunks_and_iterates(aio_s3: Any, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="k", Body=BODY)

    got = await aio_s3.get_object(Bucket=bucket, Key="k")
    body = got["Body"]
    first = await body.read(10)
    second = await body.read(7)
    rest = await body.read()
    assert (first, second) == (BODY[:10], BODY[10:17])
    assert first + second + rest == BODY
    assert await body.read(10) == b""

    got = await aio_s3.get_object(Bucket=bucket, Key="k")
    chunks = [chunk async for chunk in got["Body"].iter_chunks(1000)]
    assert [len(chunk) for chunk in chunks] == [1000] * 4 + [len(BODY) - 4000]
    assert b"".join(chunks) == BODY

    got = await aio_s3.get_object(Bucket=bucket, Key="k")
    async with got["Body"]:
        lines = [line async for line in got["Body"].iter_lines()]
    assert lines == [b"The quick brown fox jumps over the lazy dog."] * 100


async def test_ranged_get(aio_s3: Any, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    got = await aio_s3.get_object(Bucket=bucket, Key="k", Range="bytes=4-8")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == f"bytes 4-8/{len(BODY)}"
    data = await got["Body"].read()
    assert type(data) is bytes and data == b"quick"  # the handler's view of the stored body, as bytes


async def test_get_checksum_is_sent_and_verified(aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    got = await aio_s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc32(BODY)
    assert await got["Body"].read() == BODY

    # Tamper with the stored checksum: aiobotocore must notice, so it really checks what we send.
    s3fake.store.bucket(bucket).current("k").checksums = {"CRC32": crc32(b"something else")}
    got = await aio_s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    with pytest.raises(FlexibleChecksumError):
        await got["Body"].read()


async def test_errors_parse_as_on_aws(aio_s3: Any, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    with pytest.raises(aio_s3.exceptions.NoSuchKey) as excinfo:
        await aio_s3.get_object(Bucket=bucket, Key="missing")
    assert excinfo.value.response["Error"]["Code"] == "NoSuchKey"
    assert excinfo.value.response["Error"]["Key"] == "missing"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    with pytest.raises(ClientError) as excinfo:
        await aio_s3.head_object(Bucket=bucket, Key="missing")
    assert excinfo.value.response["Error"]["Code"] == "404"

    with pytest.raises(aio_s3.exceptions.NoSuchBucket):
        await aio_s3.put_object(Bucket="no-such-bucket", Key="k", Body=b"x")


async def test_slowdown_faults_are_consumed_by_async_retries(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any, s3fake_no_backoff: list[float]
) -> None:
    bucket = s3fake_bucket()
    fault = s3fake.faults.add("PutObject", ["SlowDown", "SlowDown", None])
    put = await aio_s3.put_object(Bucket=bucket, Key="k", Body=BODY)

    assert put["ResponseMetadata"]["RetryAttempts"] == 2
    assert fault.hits == 2
    assert len(s3fake_no_backoff) == 2
    calls = s3fake.calls.of("PutObject")
    assert [(c.attempt, c.status, c.error_code) for c in calls] == [
        (1, 503, "SlowDown"), (2, 503, "SlowDown"), (3, 200, None)]
    assert [c.faulted for c in calls] == [True, True, False]
    # Each retry re-sends the whole aws-chunked body, which the fake decodes again.
    assert all(c.body == BODY for c in calls)
    assert s3fake.store.bucket(bucket).current("k").body == BODY
    assert len(s3fake.store.bucket(bucket).versions("k")) == 1


async def test_retries_give_up_with_the_last_error(
    s3fake: S3Fake, s3fake_bucket: Any, aio_session: Any, s3fake_no_backoff: list[float]
) -> None:
    bucket = s3fake_bucket()
    s3fake.faults.add("GetObject", "SlowDown")
    config = Config(retries={"mode": "standard", "total_max_attempts": 2})
    async with aio_session.create_client("s3", region_name="us-east-1", config=config) as client:
        with pytest.raises(ClientError) as excinfo:
            await client.get_object(Bucket=bucket, Key="k")
    assert excinfo.value.response["Error"]["Code"] == "SlowDown"
    assert [c.attempt for c in s3fake.calls.of("GetObject")] == [1, 2]
    assert len(s3fake_no_backoff) == 1  # standard mode backed off once, without waiting


async def test_transport_fault_is_retried_like_a_dropped_connection(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any, s3fake_no_backoff: list[float]
) -> None:
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3fake.faults.add("GetObject", [EndpointConnectionError, None])
    got = await aio_s3.get_object(Bucket=bucket, Key="k")
    assert await got["Body"].read() == b"x"
    assert [(c.attempt, c.error_code) for c in s3fake.calls.of("GetObject")] == [
        (1, "EndpointConnectionError"), (2, None)]
    assert len(s3fake_no_backoff) == 1


async def test_latency_faults_wait_without_blocking_the_event_loop(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    fault = s3fake.faults.add("PutObject", None, key="slow", latency=0.5)
    loop = asyncio.get_running_loop()
    lags: list[float] = []

    async def heartbeat() -> None:  # how late the loop wakes a task that sleeps 10 ms at a time
        end = loop.time() + 0.8
        while loop.time() < end:
            before = loop.time()
            await asyncio.sleep(0.01)
            lags.append(loop.time() - before - 0.01)

    started = loop.time()
    await asyncio.gather(heartbeat(), aio_s3.put_object(Bucket=bucket, Key="slow", Body=b"x"))
    assert fault.hits == 1
    assert loop.time() - started >= 0.5  # the put really waited
    assert max(lags) < 0.25  # ...while the loop kept running (time.sleep would stall it for 0.5 s)
    assert s3fake.store.bucket(bucket).current("slow").body == b"x"


async def test_applied_fault_takes_effect_before_the_async_client_sees_it(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    s3fake.faults.add("PutObject", "ReadTimeoutError", times=1, applied=True)
    with pytest.raises(ClientError) as excinfo:
        await aio_s3.put_object(Bucket=bucket, Key="k", Body=b"v1", IfNoneMatch="*")
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"
    assert [c.error_code for c in s3fake.calls.of("PutObject")] == ["ReadTimeoutError", "PreconditionFailed"]


async def test_list_and_delete_objects(aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    await asyncio.gather(*(aio_s3.put_object(Bucket=bucket, Key=f"dir/{i:02}", Body=b"x") for i in range(12)))
    await aio_s3.put_object(Bucket=bucket, Key="top", Body=b"x")

    listed = await aio_s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [c["Key"] for c in listed["Contents"]] == ["top"]
    assert listed["CommonPrefixes"] == [{"Prefix": "dir/"}]

    paginator = aio_s3.get_paginator("list_objects_v2")
    pages = [page async for page in paginator.paginate(Bucket=bucket, Prefix="dir/",
                                                       PaginationConfig={"PageSize": 5})]
    assert [page["KeyCount"] for page in pages] == [5, 5, 2]

    asked = [f"dir/{i:02}" for i in range(12)] + ["absent"]
    deleted = await aio_s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key} for key in asked]})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == sorted(asked)
    assert "Errors" not in deleted
    assert list(s3fake.store.bucket(bucket).live_keys()) == ["top"]
    (call,) = s3fake.calls.of("DeleteObjects")
    assert len(call.objects) == 13 and not call.quiet


async def test_sync_client_inside_a_coroutine_gets_a_plain_response(
    aio_s3: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    seen: list[object] = []
    sync = s3fake.client()

    def record(http_response: object, **kwargs: Any) -> None:
        seen.append(http_response)

    sync.meta.events.register("after-call.s3.GetObject", record)
    aio_s3.meta.events.register("after-call.s3.GetObject", record)

    sync.put_object(Bucket=bucket, Key="k", Body=b"sync")  # a running loop must not fool the dispatcher
    assert sync.get_object(Bucket=bucket, Key="k")["Body"].read() == b"sync"
    got = await aio_s3.get_object(Bucket=bucket, Key="k")
    assert await got["Body"].read() == b"sync"

    assert [type(r) for r in seen] == [AWSResponse, AioAWSResponse]


async def test_other_services_are_refused_not_sent(s3fake: S3Fake, aio_session: Any) -> None:
    async with aio_session.create_client("sqs", region_name="us-east-1") as sqs:
        with pytest.raises(ServiceNotFakedError, match="refusing sqs ListQueues"):
            await sqs.list_queues()


async def test_no_network_mode_blocks_aio_clients_without_a_fake(
    monkeypatch: pytest.MonkeyPatch, aio_session: Any
) -> None:
    monkeypatch.setattr(DISPATCHER, "no_network", True)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    async with aio_session.create_client("s3", region_name="us-east-1") as client:
        with pytest.raises(NetworkBlockedError, match="s3 ListBuckets was called with no S3Fake active"):
            await client.list_buckets()


async def test_select_object_content_event_stream(aio_s3: Any, s3fake_bucket: Any) -> None:
    """aiobotocore reads the SelectObjectContent event stream with `async for` (docs/select.md)."""
    bucket = s3fake_bucket()
    await aio_s3.put_object(Bucket=bucket, Key="p.csv", Body=b"name,age\nann,31\nbo,12\n")
    response = await aio_s3.select_object_content(
        Bucket=bucket, Key="p.csv", ExpressionType="SQL", Expression="SELECT s.name FROM S3Object s WHERE s.age > 18",
        InputSerialization={"CSV": {"FileHeaderInfo": "USE"}}, OutputSerialization={"CSV": {}})
    events = [event async for event in response["Payload"]]
    assert b"".join(e["Records"]["Payload"] for e in events if "Records" in e) == b"ann\n"
    assert "End" in events[-1]
