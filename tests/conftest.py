"""Test backends: each test that takes `s3` runs on the fake and on moto (when moto is installed).

- `@pytest.mark.fake_only`: the test inspects or configures the fake itself; it runs on the fake only.
- `@pytest.mark.moto_diverges(reason=...)`: moto is known to answer differently; its half is
  xfail(strict=True), so a moto fix gets noticed.
The fake half never needs moto: without moto installed the moto half skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from pytest_s3fake import S3Fake

BACKENDS = ("fake", "moto")


@dataclass
class Backend:
    name: str
    client: Any
    #: The S3Fake for the fake backend, None on moto.
    fake: S3Fake | None


@pytest.fixture(autouse=True, scope="session")
def _no_test_leaves_the_machine() -> Iterator[None]:
    """No test of this suite opens a connection to a non-loopback address (loopback stays allowed: the
    HTTP server tests use 127.0.0.1)."""
    from pytest_s3fake.netguard import Guard

    guard = Guard("this test suite never connects beyond loopback, but a test tried {address!r}")
    guard.on()
    yield
    guard.off()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    fake_only = metafunc.definition.get_closest_marker("fake_only") is not None
    names = ("fake",) if fake_only else BACKENDS
    diverges = metafunc.definition.get_closest_marker("moto_diverges")
    params = []
    for name in names:
        marks: list[Any] = [getattr(pytest.mark, name)]
        if name == "moto" and diverges is not None:
            marks.append(pytest.mark.xfail(strict=True, reason="moto: " + diverges.kwargs.get("reason", "")))
        params.append(pytest.param(name, marks=marks, id=name))
    metafunc.parametrize("backend", params, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    if request.param == "fake":
        fake: S3Fake = request.getfixturevalue("s3fake")
        yield Backend("fake", fake.client(), fake)
        return
    moto = pytest.importorskip("moto")
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        yield Backend("moto", boto3.client("s3", region_name="us-east-1"), None)


@pytest.fixture
def s3(backend: Backend) -> Any:
    """A boto3 S3 client on the test's backend."""
    return backend.client


@pytest.fixture
def bucket(s3: Any) -> str:
    """An empty, unversioned bucket made through the client."""
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture
def versioned_bucket(s3: Any) -> str:
    """An empty bucket with versioning Enabled, made through the client."""
    s3.create_bucket(Bucket="versioned-bucket")
    s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Enabled"})
    return "versioned-bucket"


def error_code(excinfo: pytest.ExceptionInfo[Any]) -> str:
    """The S3 error code of a raised ClientError."""
    return str(excinfo.value.response["Error"]["Code"])
