"""`s3fake.lifecycle.run()`: the rules applied as S3's lifecycle pass would apply them, at a chosen time.

Rules of behaviour from the S3 user guide (intro-lifecycle-rules, lifecycle-expire-general-considerations,
lifecycle-transition-general-considerations, object-lock-managing "lifecycle and Object Lock"); the
due dates are those the `x-amz-expiration` header recorded against AWS announces (LocalStack
TestS3BucketLifecycle snapshots). ceph s3-tests exercises the same actions (test_lifecycle_expiration,
test_lifecycle_noncur_expiration, test_lifecycle_expiration_newer_noncurrent,
test_lifecycle_deletemarker_expiration, test_lifecycle_multipart_expiration, test_lifecycle_transition)
against its own accelerated clock, so those are `fails_on_aws` and are a guide, not a record.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.operations import lifecycle_run
from tests.conftest import error_code

pytestmark = pytest.mark.fake_only
BIG = b"x" * (128 * 1024)


def _lifecycle(s3: Any, bucket: str, *rules: dict[str, Any], **kwargs: Any) -> None:
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": list(rules)}, **kwargs)


def _midnight_after(s3: Any, bucket: str, key: str, days: int) -> datetime:
    """When S3 runs a `days` rule on `key`: midnight UTC after LastModified + days."""
    written = s3.head_object(Bucket=bucket, Key=key)["LastModified"].astimezone(timezone.utc)
    return written.replace(hour=0, minute=0, second=0) + timedelta(days=days + 1)


def _actions(done: list[Any]) -> list[tuple[str, str]]:
    return [(action.action, action.key) for action in done]


def test_unversioned_expiry_removes_the_object(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 7}})
    s3.put_object(Bucket=bucket, Key="logs/a", Body=b"x")
    s3.put_object(Bucket=bucket, Key="keep/a", Body=b"x")
    due = _midnight_after(s3, bucket, "logs/a", 7)
    assert s3fake.lifecycle.run() == []
    assert s3fake.lifecycle.run(at=due - timedelta(seconds=1)) == []
    done = s3fake.lifecycle.run(at=due)
    assert _actions(done) == [("Expired", "logs/a")]
    assert done[0].rule_id == "logs" and done[0].version_id is None and done[0].event == "LifecycleExpiration:Delete"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["keep/a"]
    s3fake.store.bucket(bucket).check_invariants()


def test_runs_at_the_fake_clock(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3fake.clock.advance(days=3)
    assert _actions(s3fake.lifecycle.run()) == [("Expired", "k")]


def test_versioned_expiry_adds_a_delete_marker(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    done = s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "k", 1))
    assert _actions(done) == [("DeleteMarkerCreated", "k")]
    listing = s3.list_object_versions(Bucket=bucket)
    assert [m["VersionId"] for m in listing["DeleteMarkers"]] == [done[0].version_id]
    assert [v["VersionId"] for v in listing["Versions"]] == [version]
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="k")
    assert error_code(exc) == "404"
    # The marker is current now: the next run does not expire it again.
    assert s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=5)) == []


def test_suspended_expiry_replaces_the_null_version(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    done = s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "k", 1))
    assert [(a.action, a.version_id) for a in done] == [("DeleteMarkerCreated", "null")]
    listing = s3.list_object_versions(Bucket=bucket)
    assert "Versions" not in listing and [m["VersionId"] for m in listing["DeleteMarkers"]] == ["null"]


def test_noncurrent_versions_keep_the_newest(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """NoncurrentDays counts from when a version became noncurrent; NewerNoncurrentVersions are kept."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "nc", "Filter": {}, "Status": "Enabled",
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 2, "NewerNoncurrentVersions": 1}})
    ids = [s3.put_object(Bucket=bucket, Key="k", Body=str(i).encode())["VersionId"] for i in range(4)]
    later = datetime.now(timezone.utc) + timedelta(days=4)
    done = s3fake.lifecycle.run(at=later)
    assert sorted((a.action, a.version_id) for a in done) == sorted(
        [("NoncurrentExpired", ids[0]), ("NoncurrentExpired", ids[1])])
    assert [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]] == [ids[3], ids[2]]
    assert s3fake.lifecycle.run(at=later) == []


def test_noncurrent_not_due_yet(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "nc", "Filter": {}, "Status": "Enabled",
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 30}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    assert s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=29)) == []
    assert len(s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=32))) == 1


def test_expired_delete_marker_goes_once_alone(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """A delete marker whose versions have all expired goes on the next pass (one pass per run)."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "clean", "Filter": {}, "Status": "Enabled",
                            "Expiration": {"ExpiredObjectDeleteMarker": True},
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 1}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    later = datetime.now(timezone.utc) + timedelta(days=3)
    assert _actions(s3fake.lifecycle.run(at=later)) == [("NoncurrentExpired", "k")]
    assert _actions(s3fake.lifecycle.run(at=later)) == [("DeleteMarkerRemoved", "k")]
    listing = s3.list_object_versions(Bucket=bucket)
    assert "Versions" not in listing and "DeleteMarkers" not in listing


def test_delete_marker_with_versions_behind_stays(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "clean", "Filter": {}, "Status": "Enabled",
                            "Expiration": {"ExpiredObjectDeleteMarker": True}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    assert s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=30)) == []


def test_incomplete_uploads_abort(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    """ceph test_lifecycle_multipart_expiration's shape: only the upload under the rule's prefix goes."""
    _lifecycle(s3, bucket, {"ID": "mpu", "Prefix": "test1/", "Status": "Enabled",
                            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2}})
    gone = s3.create_multipart_upload(Bucket=bucket, Key="test1/a")["UploadId"]
    s3.create_multipart_upload(Bucket=bucket, Key="test2/")
    assert s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=1)) == []
    done = s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=4))
    assert [(a.action, a.upload_id) for a in done] == [("UploadAborted", gone)]
    assert [u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == ["test2/"]
    with pytest.raises(ClientError) as exc:
        s3.list_parts(Bucket=bucket, Key="test1/a", UploadId=gone)
    assert error_code(exc) == "NoSuchUpload"


def test_transitions_go_colder_in_turn(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "tier", "Filter": {}, "Status": "Enabled",
                            "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
                                            {"Days": 90, "StorageClass": "GLACIER"}]})
    s3.put_object(Bucket=bucket, Key="big", Body=BIG)
    s3.put_object(Bucket=bucket, Key="small", Body=b"x")
    done = s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "big", 30))
    assert [(a.action, a.key, a.storage_class) for a in done] == [("Transitioned", "big", "STANDARD_IA")]
    assert s3.head_object(Bucket=bucket, Key="big")["StorageClass"] == "STANDARD_IA"
    done = s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "big", 90))
    assert [(a.action, a.storage_class) for a in done] == [("Transitioned", "GLACIER")]
    assert s3.list_objects_v2(Bucket=bucket)["Contents"][0]["StorageClass"] == "GLACIER"
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="small")  # under 128 KiB: stays STANDARD
    assert s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "big", 400)) == []  # never back to warmer


def test_small_objects_with_varies_by_storage_class(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "tier", "Filter": {}, "Status": "Enabled",
                            "Transitions": [{"Days": 1, "StorageClass": "GLACIER"}]},
               TransitionDefaultMinimumObjectSize="varies_by_storage_class")
    s3.put_object(Bucket=bucket, Key="small", Body=b"x")
    done = s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "small", 1))
    assert [(a.action, a.storage_class) for a in done] == [("Transitioned", "GLACIER")]


def test_expiration_wins_over_transition(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "both", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 40},
                            "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}]})
    s3.put_object(Bucket=bucket, Key="big", Body=BIG)
    assert _actions(s3fake.lifecycle.run(at=_midnight_after(s3, bucket, "big", 45))) == [("Expired", "big")]


def test_date_rule_and_disabled_rule(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    when = datetime(2031, 1, 1, tzinfo=timezone.utc)
    _lifecycle(s3, bucket, {"ID": "d", "Filter": {"Prefix": "d/"}, "Status": "Enabled", "Expiration": {"Date": when}},
               {"ID": "off", "Filter": {"Prefix": "off/"}, "Status": "Disabled", "Expiration": {"Days": 1}})
    s3.put_object(Bucket=bucket, Key="d/1", Body=b"x")
    s3.put_object(Bucket=bucket, Key="off/1", Body=b"x")
    assert s3fake.lifecycle.run(at=when - timedelta(seconds=1)) == []
    assert _actions(s3fake.lifecycle.run(at=when)) == [("Expired", "d/1")]


def test_tag_and_size_filters(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    _lifecycle(s3, bucket, {"ID": "t", "Filter": {"And": {"Tags": [{"Key": "tmp", "Value": "yes"}],
                                                          "ObjectSizeGreaterThan": 1}},
                            "Status": "Enabled", "Expiration": {"Days": 1}})
    s3.put_object(Bucket=bucket, Key="tagged", Body=b"xx", Tagging="tmp=yes")
    s3.put_object(Bucket=bucket, Key="tiny", Body=b"x", Tagging="tmp=yes")
    s3.put_object(Bucket=bucket, Key="other", Body=b"xx", Tagging="tmp=no")
    done = s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=3))
    assert _actions(done) == [("Expired", "tagged")]


def test_object_lock_keeps_versions(s3: Any, s3fake: S3Fake) -> None:
    """Retention and legal holds keep noncurrent versions from lifecycle deletion; the current version
    still gets a delete marker (S3 user guide, "Managing Object Lock": lifecycle and Object Lock)."""
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    _lifecycle(s3, "locked", {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1},
                              "NoncurrentVersionExpiration": {"NoncurrentDays": 1}})
    until = datetime.now(timezone.utc) + timedelta(days=365)
    held = s3.put_object(Bucket="locked", Key="k", Body=b"1", ObjectLockMode="COMPLIANCE",
                         ObjectLockRetainUntilDate=until, ChecksumAlgorithm="CRC32")["VersionId"]
    hold = s3.put_object(Bucket="locked", Key="k", Body=b"2", ObjectLockLegalHoldStatus="ON",
                         ChecksumAlgorithm="CRC32")["VersionId"]
    free = s3.put_object(Bucket="locked", Key="k", Body=b"3")["VersionId"]
    s3.put_object(Bucket="locked", Key="k", Body=b"4")
    done = s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=5))
    assert sorted((a.action, a.version_id) for a in done if a.action == "NoncurrentExpired") == [
        ("NoncurrentExpired", free)]
    assert sorted(a.action for a in done) == ["DeleteMarkerCreated", "NoncurrentExpired"]
    left = [v["VersionId"] for v in s3.list_object_versions(Bucket="locked")["Versions"]]
    assert held in left and hold in left and free not in left


def test_events_for_matching_notifications(s3: Any, s3fake: S3Fake, versioned_bucket: str) -> None:
    """LifecycleExpiration:Delete / :DeleteMarkerCreated and LifecycleTransition, as S3 notifies them
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html)."""
    bucket = versioned_bucket
    queue = "arn:aws:sqs:us-east-1:123456789012:lifecycle"
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
        {"Id": "lc", "QueueArn": queue, "Events": ["s3:LifecycleExpiration:*", "s3:LifecycleTransition"]}]})
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {"Prefix": "x/"}, "Status": "Enabled", "Expiration": {"Days": 1},
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 1}},
               {"ID": "t", "Filter": {"Prefix": "t/"}, "Status": "Enabled",
                "Transitions": [{"Days": 1, "StorageClass": "GLACIER"}]})
    s3.put_object(Bucket=bucket, Key="x/a", Body=b"1")
    s3.put_object(Bucket=bucket, Key="x/a", Body=b"2")
    s3.put_object(Bucket=bucket, Key="t/a", Body=BIG)
    s3fake.events.clear()
    s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=3))
    assert sorted(e.name for e in s3fake.events) == [
        "LifecycleExpiration:Delete", "LifecycleExpiration:DeleteMarkerCreated", "LifecycleTransition"]
    transition = s3fake.events.of("LifecycleTransition")[0].record
    assert transition["lifecycleEventData"] == {"transitionEventData": {"destinationStorageClass": "GLACIER"}}
    assert all(e.destination == queue for e in s3fake.events)


def test_all_or_nothing(s3: Any, s3fake: S3Fake, versioned_bucket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception part-way through a bucket's run leaves the bucket as it was."""
    bucket = versioned_bucket
    _lifecycle(s3, bucket, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1},
                            "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}})
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
        s3.put_object(Bucket=bucket, Key=key, Body=b"2")
    s3.create_multipart_upload(Bucket=bucket, Key="a")
    before = s3.list_object_versions(Bucket=bucket)
    real, calls = lifecycle_run.delete_current, []

    def flaky(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(lifecycle_run, "delete_current", flaky)
    with pytest.raises(KeyboardInterrupt):
        s3fake.lifecycle.run(at=datetime.now(timezone.utc) + timedelta(days=3))
    after = s3.list_object_versions(Bucket=bucket)
    assert after["Versions"] == before["Versions"] and "DeleteMarkers" not in after
    assert len(s3.list_multipart_uploads(Bucket=bucket)["Uploads"]) == 1
    s3fake.store.bucket(bucket).check_invariants()


def test_one_bucket_and_aware_times(s3: Any, s3fake: S3Fake, bucket: str) -> None:
    s3.create_bucket(Bucket="other-bucket")
    for name in (bucket, "other-bucket"):
        _lifecycle(s3, name, {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1}})
        s3.put_object(Bucket=name, Key="k", Body=b"x")
    later = datetime.now(timezone.utc) + timedelta(days=3)
    assert [a.bucket for a in s3fake.lifecycle.run(at=later, bucket="other-bucket")] == ["other-bucket"]
    with pytest.raises(ValueError, match="timezone-aware"):
        s3fake.lifecycle.run(at=datetime(2030, 1, 1))


def test_runs_beside_requests(s3fake: S3Fake) -> None:
    """Runs take the store's lock: requests in another thread never see half a run, and the bucket's
    indexes stay consistent."""
    import threading

    s3fake.create_bucket("busy", versioning=True)
    client = s3fake.client()
    client.put_bucket_lifecycle_configuration(Bucket="busy", LifecycleConfiguration={"Rules": [
        {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 1},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}]})
    later = datetime.now(timezone.utc) + timedelta(days=5)
    stop = threading.Event()

    def write() -> None:
        writer = s3fake.client()
        n = 0
        while not stop.is_set() and n < 200:
            writer.put_object(Bucket="busy", Key=f"k{n % 7}", Body=b"x")
            n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        for _ in range(20):
            s3fake.lifecycle.run(at=later)
            with s3fake.store.lock:  # the writer keeps writing: check a quiet moment
                s3fake.store.bucket("busy").check_invariants()
    finally:
        stop.set()
        thread.join()
    s3fake.store.bucket("busy").check_invariants()
