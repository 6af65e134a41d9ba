"""The three backends a workload runs on: pytest-s3fake, moto's `mock_aws`, and the floor.

Each backend gives a boto3 client and untimed seeding helpers. Seeding goes straight to the backend's
store (our `Store`, moto's `s3_backends`), so a 100,000-key bucket costs nothing in the timed part.
The floor answers from a `before-send` handler registered first on the client, returning a precomputed
`AWSResponse`: what botocore itself costs for the call, with no emulation at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse

from pytest_s3fake import S3Fake

REGION = "us-east-1"
ACCOUNT = "123456789012"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

#: A floor handler: botocore's prepared request in, the response S3 would send out.
Answer = Callable[[Any], AWSResponse]


def new_client() -> Any:
    return boto3.client("s3", region_name=REGION, **CREDENTIALS)


def moto_available() -> bool:
    try:
        import moto  # noqa: F401
    except ImportError:
        return False
    return True


class Backend:
    """One backend for one workload: opened once, activated around each timed round."""

    name = ""

    def open(self) -> None:
        """Make the backend's state and a client; nothing here is timed."""

    def close(self) -> None:
        """Drop the state."""

    def activate(self) -> None:
        """Route the client's requests to this backend (just before the timed part)."""

    def deactivate(self) -> None:
        """Stop routing (just after the timed part)."""

    client: Any = None

    def create_bucket(self, name: str, *, versioned: bool = False) -> None:
        """Seed an empty bucket."""

    def put_objects(self, bucket: str, keys: Iterable[str], body: bytes) -> None:
        """Seed objects (one version each)."""

    def respond(self, operation: str, answer: Answer) -> None:
        """Floor only: answer `operation` with `answer`; the emulating backends ignore it."""

    def life(self) -> None:
        """One test's life: start, make a client, create a bucket, put, delete, stop."""
        raise NotImplementedError


class Ours(Backend):
    name = "ours"

    def open(self) -> None:
        self.fake = S3Fake(region=REGION, account_id=ACCOUNT)
        self.client = self.fake.client()

    def close(self) -> None:
        self.fake.stop()

    def activate(self) -> None:
        self.fake.start()

    def deactivate(self) -> None:
        self.fake.stop()

    def create_bucket(self, name: str, *, versioned: bool = False) -> None:
        self.fake.store.create_bucket(name, versioning=versioned)

    def put_objects(self, bucket: str, keys: Iterable[str], body: bytes) -> None:
        put = self.fake.store.put_object
        for key in keys:
            put(bucket, key, body)

    def life(self) -> None:
        with S3Fake() as fake:
            client = fake.client()
            client.create_bucket(Bucket="life")
            client.put_object(Bucket="life", Key="k", Body=b"x")
            client.delete_object(Bucket="life", Key="k")


class Moto(Backend):
    name = "moto"

    def open(self) -> None:
        from moto import mock_aws
        from moto.s3.models import s3_backends

        self.mock = mock_aws()
        self.mock.start(reset=True)
        self.backend = s3_backends[ACCOUNT]["aws"]
        self.client = new_client()
        self.mock.stop(remove_data=False)

    def close(self) -> None:
        self.mock.start(reset=True)  # drop the buckets, so the next workload starts clean
        self.mock.stop()

    def activate(self) -> None:
        self.mock.start(reset=False)

    def deactivate(self) -> None:
        self.mock.stop(remove_data=False)

    def create_bucket(self, name: str, *, versioned: bool = False) -> None:
        self.backend.create_bucket(name, REGION)
        if versioned:
            self.backend.put_bucket_versioning(name, "Enabled")

    def put_objects(self, bucket: str, keys: Iterable[str], body: bytes) -> None:
        put = self.backend.put_object
        for key in keys:
            put(bucket, key, body)

    def life(self) -> None:
        from moto import mock_aws

        with mock_aws():
            client = new_client()
            client.create_bucket(Bucket="life")
            client.put_object(Bucket="life", Key="k", Body=b"x")
            client.delete_object(Bucket="life", Key="k")


class _Body(io.BytesIO):
    """A response body botocore reads whole (`stream()`) or as a StreamingBody (`read(n)`)."""

    def stream(self, amt: int = 65536, decode_content: bool | None = None) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


def aws_response(url: str, status: int, headers: dict[str, str], body: bytes = b"") -> AWSResponse:
    """A fresh AWSResponse over precomputed parts, with the headers S3 puts on every answer."""
    full = {
        "x-amz-request-id": "0123456789ABCDEF",
        "x-amz-id-2": "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4",
        "Date": "Mon, 01 Jun 2026 12:00:00 GMT",
        "Server": "AmazonS3",
        **headers,
    }
    full.setdefault("Content-Length", str(len(body)))
    return AWSResponse(url, status, full, _Body(body))


class Floor(Backend):
    """botocore alone: every call answered by a precomputed response from a first-registered handler."""

    name = "floor"

    def open(self) -> None:
        self.client = new_client()

    def respond(self, operation: str, answer: Answer) -> None:
        def handler(request: Any, **kwargs: Any) -> AWSResponse:
            return answer(request)

        self.client.meta.events.register_first(
            f"before-send.s3.{operation}", handler, unique_id=f"bench-floor-{operation}"
        )

    def life(self) -> None:
        client = new_client()
        events = client.meta.events
        events.register_first("before-send.s3.CreateBucket",
                              lambda request, **kw: aws_response(request.url, 200, {"Location": "/life"}))
        events.register_first("before-send.s3.PutObject", lambda request, **kw: aws_response(
            request.url, 200, {"ETag": '"9dd4e461268c8034f5c8564e155c67a6"',
                               "x-amz-server-side-encryption": "AES256"}))
        events.register_first("before-send.s3.DeleteObject", lambda request, **kw: aws_response(request.url, 204, {}))
        client.create_bucket(Bucket="life")
        client.put_object(Bucket="life", Key="k", Body=b"x")
        client.delete_object(Bucket="life", Key="k")


def backends(*, with_moto: bool) -> list[Backend]:
    """Fresh backends in their base order (the runner rotates the order every round)."""
    chosen: list[Backend] = [Ours()]
    if with_moto:
        chosen.append(Moto())
    chosen.append(Floor())
    return chosen
