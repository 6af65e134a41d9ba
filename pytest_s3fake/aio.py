"""Answering aiobotocore clients (and aioboto3, s3fs on top of them) in-process.

aiobotocore's `AioSession` registers botocore's built-in handlers too, so the one dispatcher of
`transport.py` sees every aio request on `before-send`. Its `AioHierarchicalEmitter` awaits whatever a
handler returns, and its endpoint then expects an `AioAWSResponse`: `await response.content` reads
`raw.read()`, and a streaming body (GetObject's `Body`) reads `raw.content.read(n)`, asks
`raw.content.at_eof()` and names `raw.url` in errors, as on an aiohttp `ClientResponse`. Request bodies
can be async too: with flexible checksums aiobotocore wraps the payload in an `AioAwsChunkedWrapper`
(aws-chunked framing, CRC32 trailer) whose `read()` is a coroutine.

The answer itself is the sync path's, byte for byte: the body is awaited here, then `attempt.respond`
builds the Request, applies faults, runs the handler and records the journal; an injected latency is
awaited with `asyncio.sleep`, so other tasks run meanwhile.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from pytest_s3fake import attempt
from pytest_s3fake.wire import read_body

if TYPE_CHECKING:
    import pytest

    from pytest_s3fake.fake import S3Fake


class _Content:
    """The part of aiohttp's `StreamReader` that aiobotocore's `AioStreamingBody` uses."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    async def read(self, n: int = -1) -> bytes:
        """Up to `n` bytes (all that is left when `n` is negative), b"" at the end."""
        start = self._pos
        end = len(self._data) if n is None or n < 0 else min(len(self._data), start + n)
        self._pos = end
        return self._data[start:end]

    def at_eof(self) -> bool:
        return self._pos >= len(self._data)

    async def iter_chunks(self) -> AsyncIterator[tuple[bytes, bool]]:
        """The rest of the body as (chunk, end of HTTP chunk) pairs: what aiobotocore's `AioEventStream`
        reads a SelectObjectContent event stream from."""
        while not self.at_eof():
            yield await self.read(65536), True


class RawResponse:
    """Stands in for aiohttp's `ClientResponse` as `AioAWSResponse.raw`.

    aiobotocore 3 reads `content.read(n)`, `content.at_eof()` and `url`; aiobotocore 2's `StreamingBody`
    is a proxy of the raw response itself, so it also calls `at_eof()`, `close()` and `async with` on it.
    """

    def __init__(self, url: str, status: int, data: bytes) -> None:
        self.url = url
        self.status = status
        self.content = _Content(data)
        self.closed = False

    async def read(self) -> bytes:
        """The rest of the body (what `await AioAWSResponse.content` reads)."""
        return await self.content.read()

    def at_eof(self) -> bool:
        return self.content.at_eof()

    def close(self) -> None:
        self.closed = True

    release = close

    async def __aenter__(self) -> RawResponse:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()


async def read_async_body(body: object) -> bytes:
    """The request body as bytes, awaiting `read()` where it is a coroutine (AioAwsChunkedWrapper, or a
    caller's async file object); everything else goes through `wire.read_body`."""
    read = getattr(body, "read", None)
    if read is None:
        return read_body(body)
    data = read()
    return read_body(await data if inspect.isawaitable(data) else data)


async def answer_async(fake: S3Fake, operation: str, aws_request: Any) -> Any:
    """Answer one aio HTTP attempt from `fake` with an `AioAWSResponse` whose body reads asynchronously."""
    from aiobotocore.awsrequest import AioAWSResponse

    body = await read_async_body(aws_request.body)
    request = attempt.Incoming(aws_request.method, aws_request.url, aws_request.headers, body)
    reply = attempt.respond(fake, operation, request)
    if reply.delay:
        await _sleep(reply.delay)  # an injected latency delays this task, not the event loop
    if reply.error is not None:
        raise reply.error.with_traceback(None)
    response = reply.response
    assert response is not None
    raw = RawResponse(aws_request.url, response.status, bytes(response.body))  # a range's view, copied
    return AioAWSResponse(aws_request.url, response.status, dict(response.headers), raw)


async def _sleep(seconds: float) -> None:
    """Sleep in whatever event loop runs the client: asyncio's, or trio's (aiobotocore's httpx backend
    runs on trio too, through anyio, which httpx depends on)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        import anyio  # no asyncio loop: trio, which only anyio-based stacks (httpx) run on

        await anyio.sleep(seconds)
    else:
        await asyncio.sleep(seconds)


class _RecordedAsyncSleep:
    """Stands in for the `asyncio` module inside aiobotocore 2's endpoint: `sleep` records, then yields."""

    def __init__(self, delays: list[float]) -> None:
        self.delays = delays

    async def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


def skip_backoff(monkeypatch: pytest.MonkeyPatch, delays: list[float]) -> None:
    """For `s3fake_no_backoff`: aiobotocore's retries record their back-off in `delays` instead of waiting.

    Does nothing where aiobotocore is not installed. aiobotocore 3 sleeps through `AioEndpoint._sleep`
    (and its httpx backend through `AnyioEndpoint._sleep`, with anyio), aiobotocore 2 through
    `asyncio.sleep` in its endpoint module; adaptive mode's async token bucket is told it never has to
    wait, as botocore's is.
    """
    try:
        import aiobotocore.endpoint
        import aiobotocore.retries.bucket
    except ImportError:
        return

    async def record(endpoint: Any, seconds: float) -> None:
        delays.append(seconds)

    endpoints = [cls for cls in vars(aiobotocore.endpoint).values()
                 if isinstance(cls, type) and issubclass(cls, aiobotocore.endpoint.AioEndpoint)
                 and "_sleep" in vars(cls)]
    if endpoints:
        for endpoint_cls in endpoints:
            monkeypatch.setattr(endpoint_cls, "_sleep", record)
    else:
        monkeypatch.setattr(aiobotocore.endpoint, "asyncio", _RecordedAsyncSleep(delays))
    monkeypatch.setattr(aiobotocore.retries.bucket.AsyncTokenBucket, "_sleep_amount", lambda self, amount: 0.0,
                        raising=False)
