"""Direct store access, as docs/store.md describes it: seeding and inspecting state without S3 calls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pytest_s3fake.errors.codes import NoSuchBucket
from pytest_s3fake.ids import Clock, Ids, http_date
from pytest_s3fake.model import NULL, DeleteMarker, LockDefault, ObjectVersion, Store

START = datetime(2030, 1, 1, tzinfo=timezone.utc)


def make_store(seed: int = 0) -> Store:
    return Store(region="us-east-1", account_id="123456789012", ids=Ids(seed), clock=Clock("frozen", start=START))


@pytest.fixture
def store() -> Store:
    return make_store()


# --- create_bucket ------------------------------------------------------------------------------------


def test_create_bucket_defaults(store: Store) -> None:
    bucket = store.create_bucket("b")
    assert (bucket.region, bucket.owner, bucket.versioning, bucket.object_lock_enabled) == (
        "us-east-1", "123456789012", "", False)
    assert bucket.created == START
    assert store.bucket("b") is bucket
    assert [b.name for b in store.buckets()] == ["b"]


@pytest.mark.parametrize(("versioning", "status"), [(True, "Enabled"), ("Enabled", "Enabled"),
                                                    ("Suspended", "Suspended"), (False, "")])
def test_create_bucket_versioning(store: Store, versioning: bool | str, status: str) -> None:
    assert store.create_bucket("b", versioning=versioning).versioning == status


def test_object_lock_turns_versioning_on(store: Store) -> None:
    bucket = store.create_bucket("b", object_lock=True)
    assert (bucket.object_lock_enabled, bucket.versioning) == (True, "Enabled")


@pytest.mark.parametrize("kwargs", [{"versioning": "enabled"}, {"versioning": "Suspended", "object_lock": True}])
def test_create_bucket_rejects_states_s3_cannot_have(store: Store, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        store.create_bucket("b", **kwargs)  # type: ignore[arg-type]
    assert store.get_bucket("b") is None


def test_create_bucket_refuses_to_replace_a_bucket(store: Store) -> None:
    store.create_bucket("b")
    store.put_object("b", "k", b"x")
    with pytest.raises(ValueError, match="already exists"):
        store.create_bucket("b")
    assert store.bucket("b").object_count() == 1


def test_bucket_of_another_account_and_region(store: Store) -> None:
    bucket = store.create_bucket("theirs", owner="999999999999", region="eu-west-1")
    assert (bucket.owner, bucket.region) == ("999999999999", "eu-west-1")


def test_missing_bucket_is_no_such_bucket(store: Store) -> None:
    with pytest.raises(NoSuchBucket) as exc:
        store.bucket("missing")
    assert exc.value.fields == {"BucketName": "missing"}
    assert store.get_bucket("missing") is None


# --- put_object and the read accessors ------------------------------------------------------------------


def test_unversioned_put_replaces_the_null_version(store: Store) -> None:
    bucket = store.create_bucket("b")
    store.put_object("b", "k", b"one")
    second = store.put_object("b", "k", b"two", content_type="text/plain", metadata={"a": "1"})
    assert bucket.versions("k") == (second,)
    assert (second.version_id, second.body, second.etag) == (NULL, b"two", '"b8a9f715dbb64fd5c56e7783c6820a61"')
    assert (second.content_type, dict(second.metadata)) == ("text/plain", {"a": "1"})
    assert bucket.current("k") is second
    assert bucket.version("k", NULL) is second
    assert bucket.object_count() == 1


def test_versions_are_newest_first_and_a_read_only_tuple(store: Store) -> None:
    bucket = store.create_bucket("b", versioning=True)
    first = store.put_object("b", "k", b"1")
    second = store.put_object("b", "k", b"2")
    versions = bucket.versions("k")
    assert versions == (second, first)
    assert isinstance(versions, tuple)
    assert first.version_id != second.version_id and NULL not in (first.version_id, second.version_id)
    assert bucket.version("k", first.version_id) is first
    assert bucket.version("k", "no-such-version") is None
    assert bucket.versions("never") == ()
    assert bucket.current("never") is None


def test_object_count_counts_keys_whose_current_version_is_an_object(store: Store) -> None:
    bucket = store.create_bucket("b", versioning=True)
    for key in ("a", "b", "c"):
        store.put_object("b", key, b"x")
        store.put_object("b", key, b"y")
    bucket.add(DeleteMarker("b", bucket.new_version_id(), START))
    assert bucket.object_count() == 2
    assert isinstance(bucket.current("b"), DeleteMarker)
    assert not bucket.is_empty()


def test_suspended_put_keeps_other_versions(store: Store) -> None:
    bucket = store.create_bucket("b", versioning=True)
    kept = store.put_object("b", "k", b"kept")
    bucket.versioning = "Suspended"
    store.put_object("b", "k", b"null-1")
    latest = store.put_object("b", "k", b"null-2")
    assert bucket.versions("k") == (latest, kept)


def test_version_ids_repeat_for_the_same_seed() -> None:
    ids = []
    for _ in range(2):
        store = make_store(seed=7)
        store.create_bucket("b", versioning=True)
        ids.append([store.put_object("b", "k").version_id for _ in range(3)])
    assert ids[0] == ids[1]
    other = make_store(seed=8)
    other.create_bucket("b", versioning=True)
    assert other.put_object("b", "k").version_id != ids[0][0]


# --- Object Lock seeding --------------------------------------------------------------------------------


def test_put_object_with_retention_and_legal_hold(store: Store) -> None:
    store.create_bucket("b", object_lock=True)
    until = START + timedelta(days=3)
    version = store.put_object("b", "k", b"x", retention=("COMPLIANCE", until), legal_hold=True)
    assert (version.retention_mode, version.retain_until, version.legal_hold) == ("COMPLIANCE", until, True)


def test_put_object_applies_the_default_retention(store: Store) -> None:
    bucket = store.create_bucket("b", object_lock=True)
    bucket.lock_default = LockDefault("GOVERNANCE", years=1)
    version = store.put_object("b", "k", b"x")
    assert (version.retention_mode, version.retain_until) == ("GOVERNANCE", START + timedelta(days=365))
    assert version.legal_hold is None


@pytest.mark.parametrize("kwargs", [{"legal_hold": True}, {"retention": ("GOVERNANCE", START)}])
def test_put_object_lock_settings_need_an_object_lock_bucket(store: Store, kwargs: dict[str, object]) -> None:
    store.create_bucket("b", versioning=True)
    with pytest.raises(ValueError, match="no Object Lock"):
        store.put_object("b", "k", b"x", **kwargs)  # type: ignore[arg-type]
    assert store.bucket("b").versions("k") == ()


def test_put_object_rejects_an_unknown_mode(store: Store) -> None:
    store.create_bucket("b", object_lock=True)
    with pytest.raises(ValueError, match="retention mode"):
        store.put_object("b", "k", retention=("FOREVER", START))


def test_put_object_in_missing_bucket(store: Store) -> None:
    with pytest.raises(NoSuchBucket):
        store.put_object("missing", "k")


def test_versions_are_plain_model_objects(store: Store) -> None:
    store.create_bucket("b")
    version = store.put_object("b", "k", b"abc")
    assert isinstance(version, ObjectVersion)
    assert version.size == 3
    assert version.last_modified == START


def test_http_dates_are_utc_whatever_the_zone_of_the_moment() -> None:
    utc = datetime(2026, 3, 1, 11, 0, tzinfo=timezone.utc)
    paris = utc.astimezone(timezone(timedelta(hours=1)))
    assert http_date(paris) == http_date(utc) == "Sun, 01 Mar 2026 11:00:00 GMT"
