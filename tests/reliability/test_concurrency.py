"""Concurrency: threads sharing one fake and one boto3 client (which boto3 documents as thread-safe).

Threads start each round together at a barrier, so their requests really overlap. Afterwards nothing
is lost or duplicated: every version id handed out is unique and stored, the counts add up, and each
read and listing taken during the run shows a state that existed (a key listed once, in order, and a
history that is a consistent older view of the final one). s3transfer's own thread pools are covered
by concurrent multipart uploads to one key.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.model import ObjectVersion

pytestmark = pytest.mark.fake_only

THREADS = 8
ROUNDS = 40
KEYS = [f"k{n}" for n in range(6)]
BUCKET = "shared"
MIB = 1024 * 1024


@dataclass
class Seen:
    """What one thread was told: ids it created, bodies it read, listings it took."""

    put_ids: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    marker_ids: dict[str, str] = field(default_factory=dict)
    reads: list[tuple[str, str, bytes]] = field(default_factory=list)
    #: (Versions, DeleteMarkers) of each ListObjectVersions, as (key, version id, IsLatest).
    version_listings: list[tuple[list[tuple[str, str, bool]], ...]] = field(default_factory=list)
    key_listings: list[list[str]] = field(default_factory=list)


def run_threads(work: Callable[[int, threading.Barrier], Any], threads: int = THREADS) -> list[Any]:
    """Run `work(n, barrier)` on `threads` threads at once; re-raise the first exception."""
    barrier = threading.Barrier(threads, timeout=60)
    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(work, n, barrier) for n in range(threads)]
        return [future.result() for future in futures]


@pytest.fixture
def fake() -> Any:
    with S3Fake() as fake:
        yield fake


@pytest.fixture
def client(fake: S3Fake) -> Any:
    # Enough connections for every thread, and no retries: a throttled or failed call must show up.
    return fake.client(config=Config(max_pool_connections=THREADS * 2, retries={"max_attempts": 1}))


def test_threads_share_a_versioned_bucket(fake: S3Fake, client: Any) -> None:
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})

    def work(n: int, barrier: threading.Barrier) -> Seen:
        seen = Seen()
        for i in range(ROUNDS):
            barrier.wait()
            key = KEYS[(n + i) % len(KEYS)]
            step = (n + i) % 4
            if step == 0:
                body = f"{n}-{i}".encode()
                version_id = client.put_object(Bucket=BUCKET, Key=key, Body=body)["VersionId"]
                assert version_id not in seen.put_ids
                seen.put_ids[version_id] = (key, body)
            elif step == 1:
                try:
                    got = client.get_object(Bucket=BUCKET, Key=key)
                except ClientError as error:
                    assert error.response["Error"]["Code"] == "NoSuchKey"
                else:
                    seen.reads.append((got["VersionId"], key, got["Body"].read()))
            elif step == 2:
                batch = [{"Key": KEYS[(n + i + j) % len(KEYS)]} for j in range(3)]
                result = client.delete_objects(Bucket=BUCKET, Delete={"Objects": batch})
                assert "Errors" not in result
                assert sorted(d["Key"] for d in result["Deleted"]) == sorted(o["Key"] for o in batch)
                for deleted in result["Deleted"]:
                    assert deleted["DeleteMarker"] is True
                    seen.marker_ids[deleted["DeleteMarkerVersionId"]] = deleted["Key"]
            else:
                listing = client.list_object_versions(Bucket=BUCKET)
                assert listing["IsTruncated"] is False
                seen.version_listings.append(
                    tuple(
                        [(e["Key"], e["VersionId"], e["IsLatest"]) for e in listing.get(kind, [])]
                        for kind in ("Versions", "DeleteMarkers")
                    )
                )
                seen.key_listings.append(
                    [c["Key"] for c in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
                )
        return seen

    results: list[Seen] = run_threads(work)

    puts = {vid: put for seen in results for vid, put in seen.put_ids.items()}
    markers = {vid: key for seen in results for vid, key in seen.marker_ids.items()}
    put_count = sum(len(seen.put_ids) for seen in results)
    marker_count = sum(len(seen.marker_ids) for seen in results)
    assert (put_count, marker_count) == (THREADS * ROUNDS // 4, THREADS * ROUNDS // 4 * 3)
    # Every id handed out is unique, across threads and across objects and markers.
    assert len(puts) == put_count and len(markers) == marker_count and not puts.keys() & markers.keys()

    bucket = fake.store.bucket(BUCKET)
    final = {key: bucket.versions(key) for key in KEYS}
    stored = {v.version_id: v for versions in final.values() for v in versions}
    assert len(stored) == sum(len(versions) for versions in final.values()) == put_count + marker_count
    for version_id, (key, body) in puts.items():
        version = stored[version_id]
        assert isinstance(version, ObjectVersion) and (version.key, version.body) == (key, body)
    for version_id, key in markers.items():
        assert stored[version_id].is_delete_marker and stored[version_id].key == key

    # Reads saw a version that was put, with that version's bytes.
    for version_id, key, body in (read for seen in results for read in seen.reads):
        assert puts[version_id] == (key, body)
    # Nothing removes a version in this run, so every listing taken during it shows each key's final
    # history minus the versions added later: its oldest entries, newest first, the first one latest.
    for listed_versions, listed_markers in (listing for seen in results for listing in seen.version_listings):
        for entries in (listed_versions, listed_markers):
            keys = [key for key, _, _ in entries]
            assert keys == sorted(keys)
        for key in {key for key, _, _ in listed_versions + listed_markers}:
            history = [v.version_id for v in final[key]]
            listed = {vid: latest for k, vid, latest in listed_versions + listed_markers if k == key}
            older = history[len(history) - len(listed) :]
            assert set(listed) == set(older)
            assert [vid for k, vid, _ in listed_versions if k == key] == [vid for vid in older if vid in puts]
            assert [vid for k, vid, _ in listed_markers if k == key] == [
                vid for vid in older if vid in markers
            ]
            assert [vid for vid, latest in listed.items() if latest] == older[:1]
    for keys in (keys for seen in results for keys in seen.key_listings):
        assert keys == sorted(set(keys))


def test_threads_write_and_batch_delete_distinct_keys(fake: S3Fake, client: Any) -> None:
    """Unversioned: each thread writes its own keys, then deletes every other one in batches."""
    client.create_bucket(Bucket=BUCKET)
    per_thread = 150

    def work(n: int, barrier: threading.Barrier) -> None:
        keys = [f"t{n}/{i:04d}" for i in range(per_thread)]
        barrier.wait()
        for key in keys:
            client.put_object(Bucket=BUCKET, Key=key, Body=key.encode())
        barrier.wait()
        doomed = keys[::2]
        for start in range(0, len(doomed), 25):
            batch = doomed[start : start + 25]
            result = client.delete_objects(
                Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
            )
            assert "Errors" not in result and "Deleted" not in result

    run_threads(work)
    listed = [
        obj["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        for obj in page.get("Contents", [])
    ]
    expected = sorted(f"t{n}/{i:04d}" for n in range(THREADS) for i in range(1, per_thread, 2))
    assert listed == expected
    bucket = fake.store.bucket(BUCKET)
    assert bucket.object_count() == len(expected) == THREADS * per_thread // 2
    assert all(bucket.current(key).body == key.encode() for key in expected)  # type: ignore[union-attr]


def multipart_etag(data: bytes, part_size: int) -> str:
    digests = b"".join(hashlib.md5(data[i : i + part_size]).digest() for i in range(0, len(data), part_size))
    return f'"{hashlib.md5(digests).hexdigest()}-{-(-len(data) // part_size)}"'


def test_concurrent_threaded_uploads_to_one_key(fake: S3Fake, client: Any) -> None:
    """Four s3transfer uploads of one key at once, each on its own 4-thread pool of 5 MiB parts: every
    upload becomes one whole version, and no version mixes parts of two uploads."""
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
    payloads = [os.urandom(11 * MIB) for _ in range(4)]

    def work(n: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        client.upload_fileobj(io.BytesIO(payloads[n]), BUCKET, "big", Config=config)

    run_threads(work, threads=len(payloads))
    versions = fake.store.bucket(BUCKET).versions("big")
    assert len(versions) == len(payloads) and len({v.version_id for v in versions}) == len(payloads)
    bodies = sorted(v.body for v in versions if isinstance(v, ObjectVersion))
    assert bodies == sorted(payloads)
    for version in versions:
        assert isinstance(version, ObjectVersion)
        assert version.parts == (5 * MIB, 5 * MIB, 1 * MIB)
        assert version.etag == multipart_etag(version.body, 5 * MIB)
    assert len(fake.store.bucket(BUCKET).uploads) == 0
    assert len(fake.calls.of("UploadPart")) == 3 * len(payloads)

    # And a threaded ranged download of the newest version gets its exact bytes back.
    out = io.BytesIO()
    client.download_fileobj(BUCKET, "big", out, Config=config)
    newest = versions[0]
    assert isinstance(newest, ObjectVersion) and out.getvalue() == newest.body
