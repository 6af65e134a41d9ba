"""Async clients against the fake: aiobotocore, aioboto3 and s3fs, in-process.

These tests need aiobotocore (which pins its own botocore) and pytest-asyncio; they run in separate
environments (`.ci/aio`). Where they are missing, each module skips itself with `pytest.importorskip`:
a skip raised here, in the conftest, would abort `pytest tests/aio` instead of skipping it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, NoReturn

import pytest

try:
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # every module here skips itself then, so the async fixture is never used
    async_fixture = pytest.fixture


class RealHTTPError(AssertionError):
    """aiobotocore tried to open a real connection: a request fell through the fake."""


@pytest.fixture(autouse=True)
def _no_real_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any aiobotocore request that reaches its HTTP session: the fake must answer (or refuse) all."""

    from aiobotocore.httpsession import AIOHTTPSession

    async def send(self: Any, request: Any) -> NoReturn:
        raise RealHTTPError(f"a request reached aiohttp: {request.method} {request.url}")

    monkeypatch.setattr(AIOHTTPSession, "send", send)


@pytest.fixture(scope="session")
def aio_session() -> Any:
    """One AioSession for the run: it loads botocore's models once; clients are still made per test."""
    from aiobotocore.session import get_session

    return get_session()


@async_fixture
async def aio_s3(s3fake: Any, aio_session: Any) -> AsyncIterator[Any]:
    """An aiobotocore S3 client, made while the fake is active, closed after the test."""
    async with aio_session.create_client("s3", region_name=s3fake.region) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_backoff(s3fake_no_backoff: list[float]) -> None:
    """Retries in every test here happen at once: the plugin's fixture covers aiobotocore's retries too."""
