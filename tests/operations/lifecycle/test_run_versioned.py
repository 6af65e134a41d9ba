"""`s3fake.lifecycle.run()` in versioned buckets: expiration, noncurrent versions and expired object delete
markers, checked by the versions left behind (ListObjectVersions) and the actions returned.

Behaviour from the S3 user guide:
- lifecycle-expire-general-considerations ("Expiring objects"): in a versioned bucket Expiration adds a
  delete marker to a current version; it does nothing while a delete marker is current with versions
  behind it; and "If the current object version is the only object version and it is also a delete
  marker (also referred as an expired object delete marker ...), Amazon S3 removes the expired object
  delete marker".
- lifecycle-configuration-examples, "Removing expired object delete markers": `ExpiredObjectDeleteMarker`
  cannot go with `Days`; "When you specify the Days tag, Amazon S3 automatically performs
  ExpiredObjectDeleteMarker cleanup when the delete markers are old enough to satisfy the age criteria.
  To clean up delete markers as soon as they become the only version, create a separate rule with only the
  ExpiredObjectDeleteMarker tag."
- API_NoncurrentVersionExpiration: NewerNoncurrentVersions "Specifies how many noncurrent versions Amazon
  S3 will retain ... Amazon S3 will permanently delete any additional noncurrent versions".
Days count from creation (or from becoming noncurrent) rounded up to the next midnight UTC, the date the
AWS-recorded `x-amz-expiration` header announces (LocalStack TestS3BucketLifecycle snapshots).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pytest_s3fake import S3Fake
from pytest_s3fake.model import Bucket

pytestmark = pytest.mark.fake_only


def _lifecycle(s3: Any, bucket: str, *rules: dict[str, Any]) -> None:
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": list(rules)})


def _due(moment: datetime, days: int) -> datetime:
    """When a `days` rule acts on something dated `moment`: midnight UTC after moment + days."""
    return moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days + 1)


def _left(s3: Any, bucket: str) -> dict[str, list[tuple[str, str]]]:
    """What ListObjectVersions shows: (key, version id) of the versions and of the delete markers."""
    listing = s3.list_object_versions(Bucket=bucket)
    return {kind: [(v["Key"], v["VersionId"]) for v in listing.get(kind, [])] for kind in ("Versions", "DeleteMarkers")}


def _did(done: list[Any]) -> list[tuple[str, str, str | None, str]]:
    return [(a.action, a.key, a.version_id, a.rule_id) for a in done]


def _marker_alone(s3: Any, bucket: str, key: str) -> tuple[str, datetime]:
    """A key whose only version is a delete marker: (marker version id, its LastModified)."""
    version = s3.put_object(Bucket=bucket, Key=key, Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key=key)["VersionId"]
    s3.delete_object(Bucket=bucket, Key=key, VersionId=version)
    (entry,) = [m for m in s3.list_object_versions(Bucket=bucket, Prefix=key)["DeleteMarkers"] if m["Key"] == key]
    return marker, entry["LastModified"]


def test_days_rule_removes_an_expired_delete_marker_once_old_enough(s3: Any, s3fake: S3Fake,
                                                                    versioned_bucket: str) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "days", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 30}})
    marker, written = _marker_alone(s3, bucket, "k")
    due = _due(written, 30)
    assert s3fake.lifecycle.run(at=written + timedelta(days=2)) == []
    assert s3fake.lifecycle.run(at=due - timedelta(seconds=1)) == []
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": [("k", marker)]}
    done = s3fake.lifecycle.run(at=due)
    assert _did(done) == [("DeleteMarkerRemoved", "k", marker, "days")]
    assert done[0].event == "LifecycleExpiration:Delete"
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": []}
    s3fake.store.bucket(bucket).check_invariants()


def test_expired_object_delete_marker_rule_removes_it_at_once(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "eodm", "Filter": {}, "Status": "Enabled",
                            "Expiration": {"ExpiredObjectDeleteMarker": True}})
    marker, written = _marker_alone(s3, bucket, "k")
    assert _did(s3fake.lifecycle.run(at=written)) == [("DeleteMarkerRemoved", "k", marker, "eodm")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": []}


def test_date_rule_removes_an_expired_delete_marker_once_the_date_passes(s3: Any, s3fake: S3Fake,
                                                                         versioned_bucket: str) -> None:
    bucket = versioned_bucket
    marker, written = _marker_alone(s3, bucket, "k")
    when = _due(written, 10)  # a midnight UTC, as S3 requires of an expiration Date
    _lifecycle(s3, bucket, {"ID": "date", "Filter": {}, "Status": "Enabled", "Expiration": {"Date": when}})
    assert s3fake.lifecycle.run(at=when - timedelta(seconds=1)) == []
    assert _did(s3fake.lifecycle.run(at=when)) == [("DeleteMarkerRemoved", "k", marker, "date")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": []}


def test_a_marker_with_versions_behind_it_stays(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """'Amazon S3 doesn't take any action if there are one or more object versions and the delete marker is
    the current version.'"""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "days", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    assert s3fake.lifecycle.run(at=s3fake.clock.now() + timedelta(days=400)) == []
    assert _left(s3, bucket) == {"Versions": [("k", version)], "DeleteMarkers": [("k", marker)]}


def test_filters_decide_which_markers_go(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """A rule's prefix must take the marker's key; a tag filter never takes a delete marker (it has none)."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 1}},
               {"ID": "tagged", "Filter": {"Tag": {"Key": "tmp", "Value": "yes"}}, "Status": "Enabled",
                "Expiration": {"Days": 1}})
    logs, _ = _marker_alone(s3, bucket, "logs/a")
    other, _ = _marker_alone(s3, bucket, "data/a")
    done = s3fake.lifecycle.run(at=s3fake.clock.now() + timedelta(days=5))
    assert _did(done) == [("DeleteMarkerRemoved", "logs/a", logs, "logs")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": [("data/a", other)]}


def test_an_object_goes_entirely_in_three_passes(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """Days expiration and NoncurrentVersionExpiration in one rule: the current version gets a delete marker,
    the now noncurrent version expires, and the marker, left alone and old enough, goes too (each on the
    pass after the one that made it so, as on successive days in S3)."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1},
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 1}})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    first = _due(s3.head_object(Bucket=bucket, Key="k")["LastModified"], 1)
    done = s3fake.lifecycle.run(at=first)
    ((action, key, marker, rule),) = _did(done)
    assert (action, key, rule) == ("DeleteMarkerCreated", "k", "r") and marker is not None
    assert _left(s3, bucket) == {"Versions": [("k", version)], "DeleteMarkers": [("k", marker)]}
    # The marker was made at `first`; the version became noncurrent then. Both are due a day later.
    second = _due(first, 1)
    assert s3fake.lifecycle.run(at=second - timedelta(seconds=1)) == []
    assert _did(s3fake.lifecycle.run(at=second)) == [("NoncurrentExpired", "k", version, "r")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": [("k", marker)]}
    assert _did(s3fake.lifecycle.run(at=second)) == [("DeleteMarkerRemoved", "k", marker, "r")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": []}
    assert s3fake.lifecycle.run(at=second + timedelta(days=30)) == []


def test_newer_noncurrent_versions_are_kept_so_the_marker_stays(s3: Any, s3fake: S3Fake,
                                                                versioned_bucket: str) -> None:
    """NewerNoncurrentVersions 1 keeps the newest noncurrent version however old, so the delete marker
    always has a version behind it and is never an expired object delete marker."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1},
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 1, "NewerNoncurrentVersions": 1}})
    ids = [s3.put_object(Bucket=bucket, Key="k", Body=str(i).encode())["VersionId"] for i in range(3)]
    first = _due(s3.head_object(Bucket=bucket, Key="k")["LastModified"], 1)
    done = s3fake.lifecycle.run(at=first)
    # ids[0] has one newer noncurrent version (ids[1]): it goes; ids[1] is the one kept; ids[2] expires.
    marker = next(a.version_id for a in done if a.action == "DeleteMarkerCreated")
    assert sorted(_did(done)) == sorted([("DeleteMarkerCreated", "k", marker, "r"),
                                         ("NoncurrentExpired", "k", ids[0], "r")])
    assert _left(s3, bucket) == {"Versions": [("k", ids[2]), ("k", ids[1])], "DeleteMarkers": [("k", marker)]}
    later = _due(first, 1)
    assert _did(s3fake.lifecycle.run(at=later)) == [("NoncurrentExpired", "k", ids[1], "r")]
    assert s3fake.lifecycle.run(at=later + timedelta(days=365)) == []
    assert _left(s3, bucket) == {"Versions": [("k", ids[2])], "DeleteMarkers": [("k", marker)]}


def test_suspended_bucket_null_marker_goes_too(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """In a suspended bucket expiration puts a `null` delete marker in place of the null version; alone,
    it is an expired object delete marker, and the Days rule removes it once old enough."""
    bucket = versioned_bucket
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 2}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    first = _due(s3.head_object(Bucket=bucket, Key="k")["LastModified"], 2)
    assert _did(s3fake.lifecycle.run(at=first)) == [("DeleteMarkerCreated", "k", "null", "r")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": [("k", "null")]}
    second = _due(first, 2)
    assert s3fake.lifecycle.run(at=second - timedelta(seconds=1)) == []
    assert _did(s3fake.lifecycle.run(at=second)) == [("DeleteMarkerRemoved", "k", "null", "r")]
    assert _left(s3, bucket) == {"Versions": [], "DeleteMarkers": []}


def test_marker_removal_is_all_or_nothing(s3: Any, s3fake: S3Fake, versioned_bucket: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
    for key in ("a", "b", "c"):
        _marker_alone(s3, bucket, key)
    before = _left(s3, bucket)
    real, calls = Bucket.remove, []

    def flaky(self: Bucket, key: str, version_id: str) -> Any:
        calls.append(key)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, key, version_id)

    monkeypatch.setattr(Bucket, "remove", flaky)
    with pytest.raises(KeyboardInterrupt):
        s3fake.lifecycle.run(at=s3fake.clock.now() + timedelta(days=3))
    monkeypatch.undo()
    assert _left(s3, bucket) == before
    s3fake.store.bucket(bucket).check_invariants()
    assert [a.action for a in s3fake.lifecycle.run(at=s3fake.clock.now() + timedelta(days=3))] == [
        "DeleteMarkerRemoved"] * 3
