"""s3fs (fsspec) against the fake, in-process: the filesystem API that pandas, dask, zarr and dvc use.

s3fs caches filesystem instances (and each instance caches listings), so every test makes its own with
`skip_instance_cache=True`. Its sync API runs aiobotocore on fsspec's IO thread; the fake answers there too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

s3fs = pytest.importorskip("s3fs")
pytest.importorskip("pytest_asyncio")  # for the asynchronous=True test

from pytest_s3fake import S3Fake  # noqa: E402

pytestmark = pytest.mark.fake_only


@pytest.fixture
def fs(s3fake: S3Fake) -> Iterator[Any]:
    """A fresh S3FileSystem for this test: no instance shared with another test through s3fs's cache."""
    filesystem = s3fs.S3FileSystem(skip_instance_cache=True)
    yield filesystem
    filesystem.invalidate_cache()


def seed_versions(s3fake: S3Fake, bucket: str, keys: int, versions_each: int) -> None:
    for i in range(keys):
        for v in range(versions_each):
            s3fake.store.put_object(bucket, f"data/{i:04}.bin", f"{i}-{v}".encode())


def test_pipe_cat_ls_find_info(fs: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    fs.pipe({f"{bucket}/a/1.txt": b"one", f"{bucket}/a/2.txt": b"two", f"{bucket}/a/b/3.txt": b"three",
             f"{bucket}/top.txt": b"top"})

    assert fs.cat(f"{bucket}/a/1.txt") == b"one"
    assert fs.cat([f"{bucket}/a/2.txt", f"{bucket}/top.txt"]) == {f"{bucket}/a/2.txt": b"two",
                                                                  f"{bucket}/top.txt": b"top"}
    assert fs.cat_file(f"{bucket}/a/b/3.txt", start=1, end=3) == b"hr"
    assert fs.ls(bucket) == [f"{bucket}/a", f"{bucket}/top.txt"]
    assert fs.ls(f"{bucket}/a", detail=False) == [f"{bucket}/a/1.txt", f"{bucket}/a/2.txt", f"{bucket}/a/b"]
    assert fs.find(bucket) == [f"{bucket}/a/1.txt", f"{bucket}/a/2.txt", f"{bucket}/a/b/3.txt",
                               f"{bucket}/top.txt"]
    info = fs.info(f"{bucket}/a/b/3.txt")
    assert (info["type"], info["size"]) == ("file", 5)
    assert fs.isdir(f"{bucket}/a/b") and not fs.exists(f"{bucket}/nope")
    with fs.open(f"{bucket}/a/1.txt", "rb") as f:
        assert f.read() == b"one"

    with pytest.raises(FileNotFoundError):
        fs.cat(f"{bucket}/missing")


def test_rm_recursive_prefix_on_a_plain_bucket(fs: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    fs.pipe({f"{bucket}/d/{i}": b"x" for i in range(5)} | {f"{bucket}/keep": b"k"})
    fs.rm(f"{bucket}/d", recursive=True)

    assert fs.find(bucket) == [f"{bucket}/keep"]
    assert list(s3fake.store.bucket(bucket).all_keys()) == ["keep"]
    # s3fs also deletes the "directory" key itself; S3 reports a missing key as deleted.
    (delete,) = s3fake.calls.of("DeleteObjects")
    assert delete.quiet and sorted(o["Key"] for o in delete.objects) == ["d"] + [f"d/{i}" for i in range(5)]


def test_rm_recursive_bucket_sends_concurrent_quiet_batches_of_1000(
    fs: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket()
    seed_versions(s3fake, bucket, keys=2500, versions_each=1)
    fs.rm(bucket, recursive=True)

    # 2500 keys plus the "directory" `data` s3fs infers: three batches, sent up to three at a time.
    batches = s3fake.calls.of("DeleteObjects")
    assert sorted(len(call.objects) for call in batches) == [501, 1000, 1000]
    assert all(call.quiet and call.status == 200 for call in batches)
    sent = sorted(o["Key"] for call in batches for o in call.objects)
    assert sent == ["data"] + [f"data/{i:04}.bin" for i in range(2500)]
    # s3fs removes the bucket itself last, once it is empty.
    assert s3fake.calls.operations()[-1] == "DeleteBucket"
    assert s3fake.store.get_bucket(bucket) is None


def test_rm_recursive_empties_a_versioned_bucket_of_more_than_1000_versions(
    fs: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket(versioning=True)
    seed_versions(s3fake, bucket, keys=700, versions_each=3)  # 2100 versions
    fs.rm(bucket, recursive=True)

    # s3fs sees versioning Enabled, pages ListObjectVersions (1000 a page) and deletes each page by
    # version id, so no delete markers are left behind and DeleteBucket succeeds.
    pages = s3fake.calls.of("ListObjectVersions")
    batches = s3fake.calls.of("DeleteObjects")
    assert len(pages) == math.ceil(2100 / 1000)
    assert [len(call.objects) for call in batches] == [1000, 1000, 100]
    assert all(call.quiet and all("VersionId" in o for o in call.objects) for call in batches)
    assert s3fake.calls.operations()[-1] == "DeleteBucket"
    assert s3fake.store.get_bucket(bucket) is None


def test_rm_prefix_on_a_versioned_bucket_leaves_delete_markers(
    fs: Any, s3fake: S3Fake, s3fake_bucket: Any
) -> None:
    bucket = s3fake_bucket(versioning=True)
    seed_versions(s3fake, bucket, keys=3, versions_each=2)
    fs.rm(f"{bucket}/data", recursive=True)

    assert fs.find(bucket) == []
    stored = s3fake.store.bucket(bucket)
    # Every key keeps its versions under a new delete marker. The "directory" key s3fs also deletes
    # did not exist, so in a versioned bucket it gets a delete marker of its own, as on S3.
    assert list(stored.all_keys()) == ["data", "data/0000.bin", "data/0001.bin", "data/0002.bin"]
    assert [v.is_delete_marker for v in stored.versions("data")] == [True]
    for key in ["data/0000.bin", "data/0001.bin", "data/0002.bin"]:
        assert [v.is_delete_marker for v in stored.versions(key)] == [True, False, False], key  # newest first


def test_version_aware_filesystem_reads_old_versions(s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket(versioning=True)
    fs = s3fs.S3FileSystem(skip_instance_cache=True, version_aware=True)
    fs.pipe(f"{bucket}/k", b"first")
    fs.pipe(f"{bucket}/k", b"second")

    versions = fs.object_version_info(f"{bucket}/k")
    assert [v["IsLatest"] for v in versions] == [True, False]
    assert fs.cat(f"{bucket}/k", version_id=versions[1]["VersionId"]) == b"first"
    assert fs.cat(f"{bucket}/k") == b"second"


def test_faults_reach_s3fs_through_aiobotocore_retries(fs: Any, s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    fs.pipe(f"{bucket}/k", b"data")
    fault = s3fake.faults.add("GetObject", ["SlowDown", "InternalError", None])
    assert fs.cat(f"{bucket}/k") == b"data"
    assert fault.hits == 2
    assert [c.status for c in s3fake.calls.of("GetObject")] == [503, 500, 200]


def test_cached_instances_keep_listings_until_the_cache_is_cleared(s3fake: S3Fake) -> None:
    """Why tests should not share `fsspec.filesystem("s3")` (what pandas and dask call) across fakes."""
    fsspec = pytest.importorskip("fsspec")
    s3fs.S3FileSystem.clear_instance_cache()
    with S3Fake() as first:
        first.create_bucket("b")
        first.store.put_object("b", "old.csv", b"1")
        cached = fsspec.filesystem("s3")
        assert cached.ls("b", detail=False) == ["b/old.csv"]
    with S3Fake() as second:
        second.create_bucket("b")
        second.store.put_object("b", "new.csv", b"2")
        # The same instance comes back, still answering from the first fake's listing: the new file
        # "does not exist", because s3fs trusts its cached listing of the parent.
        assert fsspec.filesystem("s3") is cached
        assert cached.ls("b", detail=False) == ["b/old.csv"]
        with pytest.raises(FileNotFoundError):
            cached.cat("b/new.csv")
        s3fs.S3FileSystem.clear_instance_cache()
        fresh = fsspec.filesystem("s3")
        assert fresh.ls("b", detail=False) == ["b/new.csv"]
        assert fresh.cat("b/new.csv") == b"2"
    s3fs.S3FileSystem.clear_instance_cache()


@pytest.mark.asyncio
async def test_async_filesystem(s3fake: S3Fake, s3fake_bucket: Any) -> None:
    bucket = s3fake_bucket()
    fs = s3fs.S3FileSystem(skip_instance_cache=True, asynchronous=True)
    session = await fs.set_session()
    try:
        await fs._pipe_file(f"{bucket}/a/k", b"async")
        assert await fs._cat_file(f"{bucket}/a/k") == b"async"
        assert await fs._ls(bucket, detail=False) == [f"{bucket}/a"]
        await fs._rm(f"{bucket}/a", recursive=True)
        assert await fs._find(bucket) == []
    finally:
        await session.close()
