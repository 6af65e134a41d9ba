"""The bucket model on its own (model/bucket.py, model/versions.py): no botocore, no XML."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

import pytest

from pytest_s3fake.model import ENABLED, NULL, SUSPENDED, Bucket, DeleteMarker, ObjectVersion
from pytest_s3fake.model.versions import KeyHistory

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def bucket() -> Bucket:
    """An Enabled bucket whose version ids are v1, v2, ... in write order."""
    counter = itertools.count(1)
    return Bucket("b", "us-east-1", "123456789012", NOW, new_version_id=lambda: f"v{next(counter)}",
                  versioning=ENABLED)


def put(bucket: Bucket, key: str, body: bytes = b"x") -> ObjectVersion:
    version = ObjectVersion(key, bucket.next_version_id(), body, '"etag"', NOW)
    bucket.add(version)
    return version


def mark(bucket: Bucket, key: str) -> DeleteMarker:
    marker = DeleteMarker(key, bucket.next_version_id(), NOW)
    bucket.add(marker)
    return marker


def test_add_makes_the_newest_version_current(bucket: Bucket) -> None:
    first, second = put(bucket, "k", b"1"), put(bucket, "k", b"2")
    assert bucket.current("k") is second
    assert bucket.versions("k") == (second, first)
    assert bucket.version("k", first.version_id) is first
    assert (first.version_id, second.version_id) == ("v1", "v2")
    assert first.seq < second.seq


def test_unknown_key(bucket: Bucket) -> None:
    assert bucket.current("nope") is None
    assert bucket.versions("nope") == ()
    assert bucket.version("nope", "v1") is None
    assert bucket.seq_of("nope", "v1") is None
    assert bucket.remove("nope", "v1") is None
    assert bucket.is_empty()


def test_remove_makes_the_previous_version_current(bucket: Bucket) -> None:
    first, second = put(bucket, "k"), put(bucket, "k")
    assert bucket.remove("k", second.version_id) is second
    assert bucket.current("k") is first
    assert bucket.remove("k", "v99") is None
    assert bucket.remove("k", first.version_id) is first
    assert bucket.current("k") is None
    assert bucket.is_empty()
    assert list(bucket.all_keys()) == []


def test_live_keys_follow_the_current_version(bucket: Bucket) -> None:
    put(bucket, "a"), put(bucket, "b"), put(bucket, "c")
    marker = mark(bucket, "b")
    assert list(bucket.live_keys()) == ["a", "c"]
    assert list(bucket.all_keys()) == ["a", "b", "c"]
    assert bucket.object_count() == 2
    bucket.remove("b", marker.version_id)  # removing the delete marker brings the object back
    assert list(bucket.live_keys()) == ["a", "b", "c"]
    assert bucket.object_count() == 3


@pytest.mark.parametrize("marked", ["b", "new"])
def test_live_keys_stay_exact_across_the_first_delete_marker(bucket: Bucket, marked: str) -> None:
    """Before any delete marker every key is live (one index serves both); the first marker, on an
    existing key or on a key it creates, splits them, and later writes and removes keep both exact."""
    put(bucket, "a"), put(bucket, "b"), put(bucket, "c")
    bucket.remove("c", "v3")
    assert list(bucket.live_keys()) == list(bucket.all_keys()) == ["a", "b"]
    marker = mark(bucket, marked)
    live = ["a"] if marked == "b" else ["a", "b"]
    assert list(bucket.live_keys()) == live
    assert list(bucket.all_keys()) == sorted({"a", "b", marked})
    assert bucket.object_count() == len(live)
    put(bucket, "d")
    bucket.remove("a", "v1")
    bucket.remove(marked, marker.version_id)
    assert list(bucket.live_keys()) == list(bucket.all_keys()) == ["b", "d"]
    assert list(bucket.live_keys("b")) == ["d"]


def test_key_ranges_start_after_a_position_that_need_not_exist(bucket: Bucket) -> None:
    for key in ("a", "a/b", "b", "c"):
        put(bucket, key)
    assert list(bucket.live_keys("a")) == ["a/b", "b", "c"]
    assert list(bucket.live_keys("a", inclusive=True)) == ["a", "a/b", "b", "c"]
    assert list(bucket.all_keys("a0")) == ["b", "c"]
    assert list(bucket.live_keys("z")) == []


def test_suspended_write_replaces_only_the_null_version(bucket: Bucket) -> None:
    bucket.versioning = SUSPENDED
    old_null = put(bucket, "k", b"null-1")
    bucket.versioning = ENABLED
    kept = put(bucket, "k", b"kept")
    bucket.versioning = SUSPENDED
    new_null = ObjectVersion("k", bucket.next_version_id(), b"null-2", '"e"', NOW)
    assert new_null.version_id == NULL
    assert bucket.add(new_null) is old_null
    assert bucket.versions("k") == (new_null, kept)


def test_suspended_delete_marker_replaces_the_null_version(bucket: Bucket) -> None:
    bucket.versioning = SUSPENDED
    old_null = put(bucket, "k")
    replaced = bucket.add(DeleteMarker("k", NULL, NOW))
    assert replaced is old_null
    (only,) = bucket.versions("k")
    assert only.is_delete_marker and only.version_id == NULL
    assert list(bucket.live_keys()) == []


def test_seq_of_orders_versions_and_survives_removal(bucket: Bucket) -> None:
    first, second = put(bucket, "k"), put(bucket, "k")
    seq = bucket.seq_of("k", first.version_id)
    assert seq == first.seq and seq is not None and seq < second.seq
    bucket.remove("k", first.version_id)
    assert bucket.seq_of("k", first.version_id) == seq  # a listing marker naming it still has a position
    assert bucket.seq_of("k", "never-existed") is None


def test_seq_of_null_version_current_and_removed(bucket: Bucket) -> None:
    bucket.versioning = SUSPENDED
    null = put(bucket, "k")
    bucket.versioning = ENABLED
    put(bucket, "k")
    assert bucket.seq_of("k", NULL) == null.seq
    bucket.remove("k", NULL)
    assert bucket.seq_of("k", NULL) == null.seq
    assert bucket.seq_of("other", NULL) is None


def test_unversioned_bucket_writes_null_versions(bucket: Bucket) -> None:
    bucket.versioning = ""
    first = put(bucket, "k", b"1")
    second = put(bucket, "k", b"2")
    assert first.version_id == second.version_id == NULL
    assert bucket.versions("k") == (second,)


def test_drop_unversioned_removes_keys_and_their_index_entries() -> None:
    plain = Bucket("p", "us-east-1", "123456789012", NOW, new_version_id=lambda: "unused")
    for key in ("a", "b", "c", "d"):
        put(plain, key)
    plain.drop_unversioned(["d", "b", "missing", "b"])  # any order; missing keys and repeats are no error
    assert list(plain.live_keys()) == list(plain.all_keys()) == ["a", "c"]
    assert plain.versions("b") == () and plain.object_count() == 2
    put(plain, "b")  # the key can come back
    assert list(plain.live_keys()) == ["a", "b", "c"]


def test_drop_unversioned_refuses_a_bucket_that_was_ever_versioned(bucket: Bucket) -> None:
    put(bucket, "k")
    bucket.versioning = SUSPENDED
    with pytest.raises(ValueError, match="has been versioned"):
        bucket.drop_unversioned(["k"])
    assert bucket.current("k") is not None


def test_key_history_numbers_versions_and_remembers_removed_ones() -> None:
    one, marker = ObjectVersion("k", "v1", b"1", '"e"', NOW), DeleteMarker("k", "v2", NOW)
    one.seq = 1
    history = KeyHistory([one], 1)
    assert (len(history), history.latest(), history.snapshot()) == (1, one, (one,))
    assert history.get("v1") is one and history.get("v2") is None and history.remove("v2") is None
    null = ObjectVersion("k", NULL, b"n", '"e"', NOW)
    history.append(marker)
    history.append(null)
    assert (marker.seq, null.seq) == (2, 3)
    assert history.snapshot() == (null, marker, one) and history.is_live()
    newer_null = ObjectVersion("k", NULL, b"m", '"e"', NOW)
    assert history.append(newer_null) is null  # a new null version replaces the old one
    assert history.retired_null_seq == 3 and newer_null.seq == 4
    assert [v.version_id for v in history.newest_first()] == [NULL, "v2", "v1"]
    assert history.remove("v1") is one and history.seq_of("v1") == 1  # a removed version keeps its place
    assert history.remove(NULL) is newer_null and history.seq_of(NULL) == 4
    assert (len(history), history.latest()) == (1, marker)
    assert not history.is_live() and history.seq_of("never") is None
    saved = history.state()
    assert history.remove("v2") is marker and len(history) == 0 and history.latest() is None
    history.restore(saved)
    assert history.snapshot() == (marker,) and history.seq_of("v2") == 2


def test_a_key_holds_its_only_version_until_a_second_arrives(bucket: Bucket) -> None:
    first = put(bucket, "k")
    assert bucket._keys["k"] is first and first.seq == 1
    second = put(bucket, "k")
    assert isinstance(bucket._keys["k"], KeyHistory) and second.seq == 2
    plain = Bucket("p", "us-east-1", "123456789012", NOW, new_version_id=lambda: NULL)
    old, new = put(plain, "k"), put(plain, "k")
    assert plain._keys["k"] is new and plain.versions("k") == (new,) and new.seq == old.seq + 1
    bucket.check_invariants()
    plain.check_invariants()
