"""Fixtures for the HTTP door: a fake served on loopback, a boto3 client speaking HTTP to it, and raw
connections for what no SDK sends."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from pytest_s3fake import S3Fake
from pytest_s3fake.server import S3Server


@pytest.fixture
def fake() -> S3Fake:
    """A fake that is not active in-process: everything reaches it over HTTP."""
    return S3Fake()


@pytest.fixture
def server(fake: S3Fake) -> Iterator[S3Server]:
    with fake.serve() as running:
        yield running


def http_client(server: S3Server, **config: Any) -> Any:
    options: dict[str, Any] = {"s3": {"addressing_style": "path"}, "retries": {"max_attempts": 3, "mode": "standard"}}
    options.update(config)
    return boto3.client("s3", endpoint_url=server.endpoint_url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing", config=Config(**options))


@pytest.fixture
def client(server: S3Server) -> Any:
    return http_client(server)


@pytest.fixture
def raw(server: S3Server) -> Iterator[http.client.HTTPConnection]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    yield connection
    connection.close()
