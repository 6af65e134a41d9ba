"""Async clients against the fake: aiobotocore, aioboto3 and s3fs, in-process.

These tests need aiobotocore and pytest-asyncio, which pin their own botocore; they run in a separate
environment (`.ci/aio`). Where either is missing, the whole directory skips.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, NoReturn

import botocore.retries.standard
import botocore.retryhandler
import pytest

aiobotocore_session = pytest.importorskip("aiobotocore.session")
aiobotocore_httpsession = pytest.importorskip("aiobotocore.httpsession")
pytest_asyncio = pytest.importorskip("pytest_asyncio")


class RealHTTPError(AssertionError):
    """aiobotocore tried to open a real connection: a request fell through the fake."""


@pytest.fixture(autouse=True)
def _no_real_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any aiobotocore request that reaches its HTTP session: the fake must answer (or refuse) all."""

    async def send(self: Any, request: Any) -> NoReturn:
        raise RealHTTPError(f"a request reached aiohttp: {request.method} {request.url}")

    monkeypatch.setattr(aiobotocore_httpsession.AIOHTTPSession, "send", send)


@pytest.fixture(scope="session")
def aio_session() -> Any:
    """One AioSession for the run: it loads botocore's models once; clients are still made per test."""
    return aiobotocore_session.get_session()


@pytest_asyncio.fixture
async def aio_s3(s3fake: Any, aio_session: Any) -> AsyncIterator[Any]:
    """An aiobotocore S3 client, made while the fake is active, closed after the test."""
    async with aio_session.create_client("s3", region_name=s3fake.region) as client:
        yield client


@pytest.fixture(autouse=True)
def backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays botocore's retry modes computed, recorded and then skipped, so retry tests run fast.

    Legacy mode (the default) and standard mode each compute a delay per retry; both are patched before
    any client is made (the fixture is autouse), and the client then sleeps 0 s.
    """
    delays: list[float] = []
    legacy = botocore.retryhandler.delay_exponential
    standard = botocore.retries.standard.ExponentialBackoff.delay_amount

    def legacy_delay(base: Any, growth_factor: float, attempts: int) -> float:
        delays.append(legacy(base, growth_factor, attempts))
        return 0.0

    def standard_delay(self: Any, context: Any) -> float:
        delays.append(standard(self, context))
        return 0.0

    monkeypatch.setattr(botocore.retryhandler, "delay_exponential", legacy_delay)
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", standard_delay)
    return delays
