"""ObjectRestore events in `s3fake.events`: Post at the request, Completed and Delete on the fake's clock.

Record shapes as AWS sent them in LocalStack's tests/aws/services/s3/test_s3_notifications_sqs.py::
test_restore_object (aws.validated; snapshot): ObjectRestore:Post with the object's size and eTag, then
ObjectRestore:Completed with `glacierEventData.restoreEventData` (expiry time and storage class) and the
identity `AmazonCustomer:<bucket owner>`.
"""

from __future__ import annotations

from typing import Any

import pytest

QUEUE = "arn:aws:sqs:us-east-1:123456789012:restores"


def _watch(s3: Any, bucket: str, events: list[str]) -> None:
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [{"QueueArn": QUEUE, "Events": events}]})


@pytest.mark.fake_only
def test_post_then_completed(backend: Any, bucket: str) -> None:
    """LocalStack test_restore_object: two records, Post then Completed, for an Expedited restore."""
    s3, fake = backend.client, backend.fake
    _watch(s3, bucket, ["s3:ObjectRestore:*"])
    s3.put_object(Bucket=bucket, Key="my_key_restore", Body=b"something", StorageClass="GLACIER")
    s3.restore_object(Bucket=bucket, Key="my_key_restore",
                      RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Expedited"}})
    assert [e.name for e in fake.events] == ["ObjectRestore:Post"]
    post = fake.events[0].record
    assert post["eventVersion"] == "2.1" and "glacierEventData" not in post
    assert post["s3"]["object"]["size"] == 9 and post["s3"]["object"]["eTag"] == "437b930db84b8079c2dd804a71936b5f"
    assert post["userIdentity"]["principalId"] == "AWS:123456789012"
    fake.clock.advance(minutes=4)
    assert len(fake.events) == 1
    fake.clock.advance(minutes=1)
    assert [e.name for e in fake.events] == ["ObjectRestore:Post", "ObjectRestore:Completed"]
    completed = fake.events.of("ObjectRestore:Completed")[0].record
    assert completed["eventName"] == "ObjectRestore:Completed"
    assert completed["userIdentity"] == {"principalId": "AmazonCustomer:123456789012"}
    restore_data = completed["glacierEventData"]["restoreEventData"]
    assert restore_data["lifecycleRestoreStorageClass"] == "GLACIER"
    assert restore_data["lifecycleRestorationExpiryTime"].endswith("T00:00:00.000Z")
    assert completed["s3"]["object"]["size"] == 9
    # The record is dated when the restore completed, not when the log was read.
    fake.clock.advance(hours=3)
    assert completed["eventTime"] > post["eventTime"]
    head = s3.head_object(Bucket=bucket, Key="my_key_restore")
    assert head["Restore"].startswith('ongoing-request="false"')


@pytest.mark.fake_only
def test_completed_comes_before_later_events(backend: Any, bucket: str) -> None:
    """Events stay in time order: a restore that completed before a later upload is recorded first."""
    s3, fake = backend.client, backend.fake
    _watch(s3, bucket, ["s3:ObjectRestore:Completed", "s3:ObjectCreated:*"])
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1})
    fake.clock.advance(hours=6)
    s3.put_object(Bucket=bucket, Key="later", Body=b"y")
    assert [(e.name, e.key) for e in fake.events] == [
        ("ObjectCreated:Put", "cold"), ("ObjectRestore:Completed", "cold"), ("ObjectCreated:Put", "later")]


@pytest.mark.fake_only
def test_expiry_is_a_delete_event_and_extension_moves_it(backend: Any, bucket: str) -> None:
    """ObjectRestore:Delete when the restored copy expires; a 200 extension records no Post and moves the
    Delete to the new expiry."""
    s3, fake = backend.client, backend.fake
    _watch(s3, bucket, ["s3:ObjectRestore:*"])
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Expedited"}})
    fake.clock.advance(minutes=5)
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 5})
    fake.clock.advance(days=3)
    assert [e.name for e in fake.events] == ["ObjectRestore:Post", "ObjectRestore:Completed"]
    fake.clock.advance(days=4)
    assert [e.name for e in fake.events] == ["ObjectRestore:Post", "ObjectRestore:Completed", "ObjectRestore:Delete"]


@pytest.mark.fake_only
def test_subscribers_and_filters_see_completed(backend: Any, bucket: str) -> None:
    """Only matching configurations get the event; a deleted version completes nothing."""
    s3, fake = backend.client, backend.fake
    _watch(s3, bucket, ["s3:ObjectRestore:Completed"])
    seen: list[str] = []
    fake.events.subscribe(lambda event: seen.append(event.name))
    for key in ("kept", "deleted"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x", StorageClass="DEEP_ARCHIVE")
        s3.restore_object(Bucket=bucket, Key=key, RestoreRequest={"Days": 1})
    s3.delete_object(Bucket=bucket, Key="deleted")
    fake.clock.advance(hours=12)
    assert [(e.name, e.key) for e in fake.events] == [("ObjectRestore:Completed", "kept")]
    assert seen == ["ObjectRestore:Completed"]
