"""aiobotocore 3's httpx backend (`AioConfig(http_session_cls=HttpxSession)`) against the fake: the same
answers, faults and retries as its default aiohttp backend. The fake answers on `before-send`, before
either HTTP session, so httpx never sends anything (its sending is patched to fail here)."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from typing import Any, NoReturn

import pytest

pytest.importorskip("pytest_asyncio")
httpxsession = pytest.importorskip("aiobotocore.httpxsession")
if pytest.importorskip("aiobotocore._httpx").httpx is None:
    pytest.skip("neither httpx2 nor httpx is installed", allow_module_level=True)

from aiobotocore.config import AioConfig  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from pytest_s3fake import S3Fake  # noqa: E402
from tests.aio.conftest import RealHTTPError, async_fixture  # noqa: E402

pytestmark = pytest.mark.fake_only


@pytest.fixture(autouse=True)
def _no_real_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    async def send(self: Any, request: Any) -> NoReturn:
        raise RealHTTPError(f"a request reached httpx: {request.method} {request.url}")

    monkeypatch.setattr(httpxsession.HttpxSession, "send", send)


@async_fixture
async def httpx_s3(s3fake: S3Fake, aio_session: Any) -> AsyncIterator[Any]:
    config = AioConfig(http_session_cls=httpxsession.HttpxSession)
    async with aio_session.create_client("s3", region_name=s3fake.region, config=config) as client:
        yield client


@pytest.mark.asyncio
async def test_objects_round_trip_and_stream(httpx_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    body = b"0123456789" * 1000
    await httpx_s3.put_object(Bucket=bucket, Key="k", Body=body, Metadata={"a": "b"})
    got = await httpx_s3.get_object(Bucket=bucket, Key="k")
    assert got["Metadata"] == {"a": "b"}
    chunks = [await got["Body"].read(4096)]
    chunks.append(await got["Body"].read())
    assert b"".join(chunks) == body
    head = await httpx_s3.head_object(Bucket=bucket, Key="k")
    assert head["ContentLength"] == len(body)
    listed = await httpx_s3.list_objects_v2(Bucket=bucket)
    assert [o["Key"] for o in listed["Contents"]] == ["k"]


@pytest.mark.asyncio
async def test_errors_and_batch_deletes(httpx_s3: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    with pytest.raises(httpx_s3.exceptions.NoSuchKey):
        await httpx_s3.get_object(Bucket=bucket, Key="missing")
    for key in "abc":
        s3fake.store.put_object(bucket, key, b"x")
    s3fake.faults.add("DeleteObjects", "AccessDenied", key="b")
    deleted = await httpx_s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in "abc"]})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["a", "c"]
    assert [e["Code"] for e in deleted["Errors"]] == ["AccessDenied"]


@pytest.mark.asyncio
async def test_retries_skip_their_backoff(
    httpx_s3: Any, s3fake: S3Fake, s3fake_bucket: Any, s3fake_no_backoff: list[float]
) -> None:
    # The httpx backend's endpoint sleeps with anyio, through its own `_sleep`: the fixture covers it too.
    bucket = s3fake_bucket()
    s3fake.faults.add("PutObject", ["SlowDown", "SlowDown", None])
    put = await httpx_s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert put["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(s3fake_no_backoff) == 2
    s3fake.faults.add("GetObject", "InternalError")
    with pytest.raises(ClientError):
        await httpx_s3.get_object(Bucket=bucket, Key="k")
    attempts = len(s3fake.calls.of("GetObject"))
    assert attempts > 1
    assert len(s3fake_no_backoff) == 2 + attempts - 1  # one back-off before each retry, none waited


@pytest.mark.skipif(importlib.util.find_spec("trio") is None, reason="trio is not installed")
def test_the_httpx_backend_on_trio(s3fake: S3Fake, aio_session: Any) -> None:
    """The httpx backend also runs on trio (through anyio); the fake answers there too, and an injected
    latency is slept with anyio, since there is no asyncio loop to ask."""
    import trio

    s3fake.create_bucket("b")
    s3fake.faults.add("PutObject", None, latency=0.05)

    async def main() -> bytes:
        config = AioConfig(http_session_cls=httpxsession.HttpxSession)
        async with aio_session.create_client("s3", region_name=s3fake.region, config=config) as client:
            await client.put_object(Bucket="b", Key="k", Body=b"on trio")
            got = await client.get_object(Bucket="b", Key="k")
            body: bytes = await got["Body"].read()
            return body

    assert trio.run(main) == b"on trio"
    assert [c.operation for c in s3fake.calls] == ["PutObject", "GetObject"]
