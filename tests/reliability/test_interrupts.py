"""An exception at any line of the model, mid-request, leaves the previous state or the finished one.

For each call below, the test counts the lines of `pytest_s3fake/model/` the call executes, then runs it
again once per line, raising KeyboardInterrupt (via `sys.settrace`) just before that line. Afterwards the
bucket's invariants hold (`Bucket.check_invariants`), the store equals its state before the call or
after an uninterrupted one, and the store lock is free. The counts are in docs/reliability.md.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import pytest_s3fake.model as model_package
from pytest_s3fake import S3Fake
from pytest_s3fake.model import Store

pytestmark = pytest.mark.fake_only

MODEL_DIR = str(Path(model_package.__file__).parent)
Setup = Callable[[S3Fake, Any], Any]
Call = Callable[[Any, Any], Any]


def snapshot(store: Store) -> Any:
    """Everything a request can change, as plain values (ids and bodies, indexes, uploads)."""
    state = []
    for bucket in store.buckets():
        keys = {
            key: [(v.version_id, v.is_delete_marker, getattr(v, "body", None)) for v in bucket.versions(key)]
            for key in bucket.all_keys()
        }
        uploads = [(u.upload_id, sorted(u.parts)) for u in bucket.uploads.after()]
        state.append((bucket.name, bucket.versioning, keys, list(bucket.live_keys()), uploads))
    return state


class Interrupter:
    """A tracer that raises KeyboardInterrupt before the `at`-th model line (or only counts, at -1)."""

    def __init__(self, at: int) -> None:
        self.at, self.seen, self.fired = at, 0, False

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.startswith(MODEL_DIR):
            return None
        return self.local

    def local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event != "line" or self.fired:
            return None if self.fired else self.local
        if self.seen == self.at:
            self.fired = True
            sys.settrace(None)
            raise KeyboardInterrupt(f"injected at model line {self.seen}")
        self.seen += 1
        return self.local


def lock_is_free(store: Store) -> bool:
    free: list[bool] = []

    def probe() -> None:
        got = store.lock.acquire(blocking=False)
        free.append(got)
        if got:
            store.lock.release()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return free == [True]


def run(setup: Setup, call: Call, at: int) -> tuple[int, bool, Any, S3Fake]:
    fake = S3Fake().start()
    try:
        client = fake.client()
        ctx = setup(fake, client)
        tracer = Interrupter(at)
        sys.settrace(tracer)
        try:
            call(client, ctx)
        except KeyboardInterrupt:
            pass
        finally:
            sys.settrace(None)
        return tracer.seen, tracer.fired, ctx, fake
    finally:
        fake.stop()


def keys(n: int) -> list[str]:
    return [f"k{i}" for i in range(n)]


def seed_plain(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("b")
    for key in keys(4):
        fake.store.put_object("b", key, key.encode())


def seed_versioned(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("b", versioning=True)
    for key in keys(3):
        fake.store.put_object("b", key, b"1")
        fake.store.put_object("b", key, b"2")


def seed_suspended(fake: S3Fake, client: Any) -> None:
    seed_versioned(fake, client)
    fake.store.put_object("b", "k0", b"null")  # still Enabled: made before the switch
    fake.store.bucket("b").versioning = "Suspended"
    fake.store.put_object("b", "k1", b"null")


def first_version(fake: S3Fake, key: str) -> str:
    return fake.store.bucket("b").versions(key)[-1].version_id


def seed_upload(fake: S3Fake, client: Any) -> Any:
    seed_versioned(fake, client)
    upload = client.create_multipart_upload(Bucket="b", Key="k0")["UploadId"]
    etag = client.upload_part(Bucket="b", Key="k0", UploadId=upload, PartNumber=1, Body=b"p")["ETag"]
    return upload, etag


def delete_plain(client: Any, ctx: Any) -> None:
    client.delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in ["k0", "k2", "zz"]]})


def delete_versioned(client: Any, ctx: Any) -> None:
    client.delete_objects(Bucket="b", Delete={"Objects": [{"Key": "k1"}]})


def delete_version_ids(client: Any, ctx: Any) -> None:
    client.delete_objects(Bucket="b", Delete={"Objects": [{"Key": "k2", "VersionId": ctx}]})


def complete(client: Any, ctx: Any) -> None:
    upload, etag = ctx
    client.complete_multipart_upload(
        Bucket="b", Key="k0", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]}
    )


SCENARIOS: dict[str, tuple[Setup, Call]] = {
    "DeleteObjects-unversioned": (seed_plain, delete_plain),
    "DeleteObjects-versioned-marker": (seed_versioned, delete_versioned),
    "DeleteObjects-versioned-version-id": (
        lambda f, c: (seed_versioned(f, c), first_version(f, "k2"))[1],
        delete_version_ids,
    ),
    "DeleteObjects-suspended": (seed_suspended, delete_versioned),
    "DeleteObject-unversioned": (seed_plain, lambda c, x: c.delete_object(Bucket="b", Key="k1")),
    "DeleteObject-versioned": (seed_versioned, lambda c, x: c.delete_object(Bucket="b", Key="k1")),
    "DeleteObject-version-id": (
        lambda f, c: (seed_versioned(f, c), first_version(f, "k1"))[1],
        lambda c, x: c.delete_object(Bucket="b", Key="k1", VersionId=x),
    ),
    "DeleteObject-suspended": (seed_suspended, lambda c, x: c.delete_object(Bucket="b", Key="k1")),
    "PutObject-unversioned": (seed_plain, lambda c, x: c.put_object(Bucket="b", Key="k1", Body=b"new")),
    "PutObject-new-key": (seed_plain, lambda c, x: c.put_object(Bucket="b", Key="new", Body=b"new")),
    "PutObject-versioned": (seed_versioned, lambda c, x: c.put_object(Bucket="b", Key="k1", Body=b"n")),
    "PutObject-suspended": (seed_suspended, lambda c, x: c.put_object(Bucket="b", Key="k1", Body=b"n")),
    "CopyObject": (
        seed_versioned,
        lambda c, x: c.copy_object(Bucket="b", Key="k9", CopySource={"Bucket": "b", "Key": "k1"}),
    ),
    "CopyObject-unversioned": (
        seed_plain,
        lambda c, x: c.copy_object(Bucket="b", Key="k0", CopySource={"Bucket": "b", "Key": "k1"}),
    ),
    "CompleteMultipartUpload": (seed_upload, complete),
}

#: Interrupt points tried per scenario, filled as the tests run (printed by the last test).
TRIED: dict[str, int] = {}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_an_interrupt_at_any_model_line_leaves_before_or_after(name: str) -> None:
    setup, call = SCENARIOS[name]
    fake = S3Fake().start()
    try:
        setup(fake, fake.client())
        before = snapshot(fake.store)
    finally:
        fake.stop()
    lines, fired, _, done = run(setup, call, -1)
    assert not fired and lines > 0
    after = snapshot(done.store)
    assert after != before, "the call changed nothing: the scenario tests nothing"
    for at in range(lines):
        _, fired, _, fake = run(setup, call, at)
        assert fired, f"line {at} of {lines} was never reached"
        for bucket in fake.store.buckets():
            bucket.check_invariants()
        state = snapshot(fake.store)
        assert state in (before, after), f"{name}: interrupted at model line {at}, the state is torn"
        assert lock_is_free(fake.store)
    TRIED[name] = lines
    print(f"\n{name}: {lines} interrupt points")
