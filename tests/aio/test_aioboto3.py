"""aioboto3 clients and resources against the fake, in-process."""

from __future__ import annotations

import io
from typing import Any

import pytest

aioboto3 = pytest.importorskip("aioboto3")
pytest.importorskip("pytest_asyncio")

from pytest_s3fake import S3Fake  # noqa: E402

pytestmark = [pytest.mark.asyncio, pytest.mark.fake_only]


@pytest.fixture(scope="module")
def session() -> Any:
    return aioboto3.Session(region_name="us-east-1")


async def test_client_transfers_and_errors(session: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    async with session.client("s3") as s3:
        await s3.upload_fileobj(io.BytesIO(b"uploaded" * 1000), bucket, "up")
        sink = io.BytesIO()
        await s3.download_fileobj(bucket, "up", sink)
        assert sink.getvalue() == b"uploaded" * 1000

        with pytest.raises(s3.exceptions.NoSuchKey):
            await s3.get_object(Bucket=bucket, Key="missing")
    assert s3fake.store.bucket(bucket).current("up").body == b"uploaded" * 1000
    assert s3fake.calls.operations()[:1] == ["PutObject"]


async def test_resource_objects_and_collections(session: Any, s3fake: S3Fake) -> None:
    async with session.resource("s3") as s3:
        bucket = await s3.create_bucket(Bucket="resource-bucket")
        for name in ("a/1", "a/2", "b/1"):
            await bucket.put_object(Key=name, Body=name.encode())

        obj = await s3.Object("resource-bucket", "a/2")
        got = await obj.get()
        assert await got["Body"].read() == b"a/2"
        assert await obj.content_length == 3

        keys = [summary.key async for summary in bucket.objects.filter(Prefix="a/")]
        assert keys == ["a/1", "a/2"]

        await bucket.objects.all().delete()
        assert [summary.key async for summary in bucket.objects.all()] == []
    assert s3fake.store.bucket("resource-bucket").is_empty()
    (delete,) = s3fake.calls.of("DeleteObjects")
    assert sorted(o["Key"] for o in delete.objects) == ["a/1", "a/2", "b/1"]


async def test_resource_empties_a_versioned_bucket(session: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    name = s3fake_bucket(versioning=True)
    async with session.resource("s3") as s3:
        bucket = await s3.Bucket(name)
        for _ in range(3):
            await bucket.put_object(Key="k", Body=b"v")
        await (await s3.Object(name, "k")).delete()  # a delete marker on top
        versions = [v async for v in bucket.object_versions.all()]
        assert len(versions) == 4

        await bucket.object_versions.all().delete()
        assert [v async for v in bucket.object_versions.all()] == []
        await bucket.delete()
    assert s3fake.store.get_bucket(name) is None
