"""`S3Fake.events`: the event notifications S3 would have sent, recorded instead of delivered.

The fake has no SQS, SNS, Lambda or EventBridge to deliver to. When a bucket has a notification
configuration (PutBucketNotificationConfiguration), every successful request that changes an object
records one `S3Event` per matching destination, carrying the record in S3's event JSON shape
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html; the
fields as recorded against AWS in LocalStack's tests/aws/services/s3/test_s3_notifications_sqs
snapshots): `ObjectCreated:Put|Copy|CompleteMultipartUpload`, `ObjectRemoved:Delete|DeleteMarkerCreated`
(one per key of a DeleteObjects), `ObjectTagging:Put|Delete`, `ObjectAcl:Put`, `ObjectRetention:Put`,
 `ObjectRestore:Post|Completed|Delete`, `MultipartUpload:PartUploaded|PartCopied|Aborted`, and, from
`S3Fake.lifecycle.run()`, `LifecycleExpiration:Delete|DeleteMarkerCreated` and `LifecycleTransition`.

    def test_upload_notifies(s3fake, s3fake_client):
        ...
        assert [e.name for e in s3fake.events.of("ObjectCreated:*")] == ["ObjectCreated:Put"]
        assert s3fake.events[0].record["s3"]["object"]["key"] == "a.jpg"

Events are recorded from one place: `attempt.py` runs a handler on a watched bucket through `run`,
which reads the versions the handler added and removed (`Bucket.changes`) after it succeeded. A bucket
without notifications is not watched and pays nothing.

A restore completes (and its copy expires) later, on the fake's clock, with no request to record it:
RestoreObject schedules `ObjectRestore:Completed` at the restore's completion and `ObjectRestore:Delete`
at its expiry, and they are recorded once the clock has passed that moment, as soon as the log is read
or another event is recorded, with the moment itself as their `eventTime` (docs/archives.md).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload
from urllib.parse import quote_plus

from pytest_s3fake import values
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import Bucket, DeleteMarker, ObjectVersion, Restore, Store, Version

if TYPE_CHECKING:
    from pytest_s3fake.model.configs import Notifications
    from pytest_s3fake.wire import Request, Response

#: The event a new object version gets, by the operation that wrote it.
CREATED = {
    "PutObject": "ObjectCreated:Put",
    "PostObject": "ObjectCreated:Post",
    "CopyObject": "ObjectCreated:Copy",
    "CompleteMultipartUpload": "ObjectCreated:CompleteMultipartUpload",
}
#: Operations that change an object without writing a version, and their event.
UPDATED = {
    "PutObjectTagging": "ObjectTagging:Put",
    "DeleteObjectTagging": "ObjectTagging:Delete",
    "PutObjectAcl": "ObjectAcl:Put",
    "PutObjectRetention": "ObjectRetention:Put",
    "RestoreObject": "ObjectRestore:Post",
    "PutObjectAnnotation": "ObjectAnnotation:Put",
    "DeleteObjectAnnotation": "ObjectAnnotation:Delete",
}
#: Multipart upload steps and their event (the `s3:MultipartUpload:*` types of botocore 1.44.18's model).
MULTIPART = {
    "UploadPart": "MultipartUpload:PartUploaded",
    "UploadPartCopy": "MultipartUpload:PartCopied",
    "AbortMultipartUpload": "MultipartUpload:Aborted",
}
#: The record's `eventVersion`: 2.1, and 2.3 for the newer event types (as AWS sends tagging events).
_VERSION_2_3 = ("ObjectTagging", "ObjectAcl", "ObjectRetention", "ObjectAnnotation")
EVENT_BRIDGE = "EventBridge"

Subscriber = Callable[["S3Event"], object]


@dataclass(frozen=True, slots=True)
class _Due:
    """An ObjectRestore event to record once the clock reaches `at`, if the restore is still the same."""

    at: datetime
    name: str
    store: Store
    bucket: Bucket
    version: ObjectVersion
    restore: Restore
    request_id: str
    host_id: str

    def still_holds(self) -> bool:
        """The version is still in its bucket with this restore, due at this moment (an extended copy
        expires later; a sped-up restore is a new one)."""
        version, restore = self.version, self.restore
        if version.restore is not restore or self.bucket.version(version.key, version.version_id) is not version:
            return False
        return self.at == (restore.ready if self.name == "ObjectRestore:Completed" else restore.expires)


@dataclass(frozen=True, slots=True)
class S3Event:
    """One notification S3 would have sent to one destination."""

    #: The event type without `s3:`, as in the record's `eventName`: `ObjectCreated:Put`.
    name: str
    bucket: str
    key: str
    version_id: str | None
    #: The destination's ARN (queue, topic or function), or "EventBridge".
    destination: str
    #: "Queue", "Topic", "CloudFunction" or "EventBridge".
    destination_type: str
    #: The matching configuration's Id (None for EventBridge).
    configuration_id: str | None
    #: The event record, in S3's JSON shape (one element of a message's `Records`).
    record: dict[str, Any] = field(repr=False)
    #: The request that caused it, as in the journal (`s3fake.calls`).
    request_id: str = ""

    @property
    def message(self) -> dict[str, Any]:
        """The message body S3 sends: `{"Records": [record]}`."""
        return {"Records": [self.record]}


def _matches(pattern: str | None, name: str) -> bool:
    if pattern is None:
        return True
    pattern = pattern.removeprefix("s3:")
    return pattern == name or (pattern.endswith(":*") and name.startswith(pattern[:-1]))


class EventLog(Sequence[S3Event]):
    """The events recorded so far, oldest first; a sequence, with filters and subscriptions."""

    def __init__(self) -> None:
        self._events: list[S3Event] = []
        self._subscribers: list[Subscriber] = []
        self._sequencer = itertools.count(1)
        #: Scheduled ObjectRestore events, soonest first: (moment, order, due).
        self._due: list[tuple[datetime, int, _Due]] = []
        self._due_order = itertools.count()

    # --- reading ---------------------------------------------------------------------------------------

    @overload
    def __getitem__(self, index: int) -> S3Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[S3Event]: ...
    def __getitem__(self, index: int | slice) -> S3Event | Sequence[S3Event]:
        self._record_due()
        return self._events[index]

    def __len__(self) -> int:
        self._record_due()
        return len(self._events)

    def __iter__(self) -> Iterator[S3Event]:
        self._record_due()
        return iter(list(self._events))

    def __repr__(self) -> str:
        return f"<EventLog {len(self._events)} events>"

    def of(self, name: str | None = None, *, bucket: str | None = None, key: str | None = None,
           destination: str | None = None) -> list[S3Event]:
        """Events of type `name` (`"ObjectCreated:Put"`, or a family: `"ObjectRemoved:*"`, with or
        without `s3:`), narrowed by bucket, key and destination ARN."""
        self._record_due()
        return [
            event for event in self._events
            if _matches(name, event.name) and bucket in (None, event.bucket) and key in (None, event.key)
            and destination in (None, event.destination)
        ]

    def records(self, destination: str | None = None) -> list[dict[str, Any]]:
        """The event records, for one destination ARN or all."""
        return [event.record for event in self.of(destination=destination)]

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(event)` for each event from now on, as it is recorded; returns the unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def clear(self) -> None:
        """Forget the events recorded so far, and those scheduled (subscriptions stay)."""
        self._events.clear()
        self._due.clear()

    # --- recording (attempt.py) ------------------------------------------------------------------------

    @staticmethod
    def watch(store: Store, req: Request) -> Bucket | None:
        """The request's bucket when it has notifications: then `run` answers the request."""
        bucket = store.get_bucket(req.bucket) if req.bucket is not None else None
        return bucket if bucket is not None and bucket.configs.notifications is not None else None

    def run(self, bucket: Bucket, handler: Callable[[Store, Request], Response], store: Store, req: Request,
            request_id: str, host_id: str) -> Response:
        """Run `handler` on a watched bucket; once it succeeded, record the events its changes make."""
        self._record_due()  # restores that completed before this request come first
        bucket.changes = []
        try:
            response = handler(store, req)
            changes = bucket.changes
        finally:
            bucket.changes = None
        notifications = bucket.configs.notifications
        if notifications is None or response.status >= 300:
            return response
        if req.operation == "RestoreObject":
            self._schedule_restore(store, bucket, req, response, request_id, host_id)
            if response.status != 202:  # extending a restored copy's life starts no restore
                return response
        happened: list[tuple[str, Version]] = []
        for added, version in changes:
            if not added:
                happened.append(("ObjectRemoved:Delete", version))
            elif isinstance(version, DeleteMarker):
                happened.append(("ObjectRemoved:DeleteMarkerCreated", version))
            else:
                happened.append((CREATED.get(req.operation, "ObjectCreated:Put"), version))
        if req.operation in UPDATED and req.key is not None:
            version_id = response.headers.get("x-amz-version-id") or req.version_id
            target = bucket.version(req.key, version_id) if version_id else bucket.current(req.key)
            if target is not None:
                happened.append((UPDATED[req.operation], target))
        for name, version in happened:
            self._notify(store, bucket, notifications, name, version, request_id, host_id)
        if req.operation in MULTIPART:
            step, number = _upload_step(store, bucket, req)
            self._notify(store, bucket, notifications, MULTIPART[req.operation], step, request_id, host_id,
                         upload=(req.query.get("uploadId", ""), number))
        return response

    def record(self, store: Store, bucket: Bucket, name: str, version: Version, *, when: datetime | None = None,
               storage_class: str | None = None) -> None:
        """Record `name` (`LifecycleExpiration:Delete`, `LifecycleTransition`) for `version` outside any
        request, as S3 does for what its lifecycle does (lifecycle.py), if a configuration matches."""
        notifications = bucket.configs.notifications
        if notifications is not None:
            self._notify(store, bucket, notifications, name, version, "", "", at=when, storage_class=storage_class)

    def _schedule_restore(self, store: Store, bucket: Bucket, req: Request, response: Response, request_id: str,
                          host_id: str) -> None:
        """After a RestoreObject: its Completed event at the restore's completion (for a new restore) and
        its Delete event at the copy's expiry."""
        key = req.key or ""
        version = bucket.version(key, req.version_id) if req.version_id else bucket.current(key)
        if not isinstance(version, ObjectVersion) or version.restore is None:
            return
        restore = version.restore
        moments = [("ObjectRestore:Delete", restore.expires)]
        if response.status == 202:
            moments.insert(0, ("ObjectRestore:Completed", restore.ready))
        for name, at in moments:
            due = _Due(at, name, store, bucket, version, restore, request_id, host_id)
            heapq.heappush(self._due, (at, next(self._due_order), due))

    def _record_due(self) -> None:
        """Record the scheduled ObjectRestore events whose moment the clock has passed, in time order."""
        while self._due:
            at, _, due = self._due[0]
            if at > due.store.clock.now():
                return
            with due.store.lock:  # the HTTP door's threads change buckets under this lock
                heapq.heappop(self._due)
                notifications = due.bucket.configs.notifications
                if notifications is None or not due.still_holds():
                    continue
                self._notify(due.store, due.bucket, notifications, due.name, due.version, due.request_id,
                             due.host_id, at=at)

    def _notify(self, store: Store, bucket: Bucket, notifications: Notifications, name: str, version: Version,
                request_id: str, host_id: str, *, at: datetime | None = None,
                storage_class: str | None = None, upload: tuple[str, int | None] | None = None) -> None:
        key = version.key
        destinations: list[tuple[str, str, str | None]] = [
            (target.arn, target.kind, target.id) for target in notifications.targets if target.matches(name, key)
        ]
        if notifications.event_bridge:
            destinations.append((EVENT_BRIDGE, EVENT_BRIDGE, None))
        if not destinations:
            return
        version_id = version.version_id if bucket.versioning and upload is None else None
        sequencer = f"{next(self._sequencer):018X}"
        for arn, kind, config_id in destinations:
            record = _record(store, bucket, name, version, version_id, sequencer, config_id, request_id, host_id,
                             at=at)
            if storage_class is not None:  # a transition's record names where the object went
                record["lifecycleEventData"] = {"transitionEventData": {"destinationStorageClass": storage_class}}
            if upload is not None:  # a multipart step's record names its upload (and part, if any)
                record["s3"]["object"]["uploadId"] = upload[0]
                if upload[1] is not None:
                    record["s3"]["object"]["partNumber"] = upload[1]
            event = S3Event(name, bucket.name, key, version_id, arn, kind, config_id, record, request_id)
            self._events.append(event)
            for subscriber in list(self._subscribers):
                subscriber(event)


def _upload_step(store: Store, bucket: Bucket, req: Request) -> tuple[Version, int | None]:
    """What a multipart step's record describes, as a transient version of the upload's key, and the
    part's number: the part just stored (its size and ETag), or for an abort the key alone (no number)."""
    key, now = req.key or "", store.clock.now()
    upload = bucket.uploads.get(req.query.get("uploadId", ""))
    number = values.parse_integer(req.query.get("partNumber", "")) or 0
    part = upload.parts.get(number) if upload is not None else None
    if part is None:
        return DeleteMarker(key, "null", now), None
    return ObjectVersion(key, "null", part.body, part.etag, now), number


def _record(store: Store, bucket: Bucket, name: str, version: Version, version_id: str | None, sequencer: str,
            config_id: str | None, request_id: str, host_id: str, *, at: datetime | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"key": quote_plus(version.key, safe="/")}
    if isinstance(version, ObjectVersion) and not name.startswith(("ObjectRemoved", "LifecycleExpiration")):
        if not name.startswith(_VERSION_2_3):
            obj["size"] = len(version.body)
        obj["eTag"] = version.etag.strip('"')
    if version_id is not None:
        obj["versionId"] = version_id
    if not name.startswith(_VERSION_2_3):
        obj["sequencer"] = sequencer
    record: dict[str, Any] = {
        "eventVersion": "2.3" if name.startswith(_VERSION_2_3) else "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region,
        "eventTime": iso8601(at if at is not None else store.clock.now()),
        "eventName": name,
        "userIdentity": {"principalId": f"AWS:{store.account_id}"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": request_id, "x-amz-id-2": host_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": config_id,
            "bucket": {
                "name": bucket.name,
                "ownerIdentity": {"principalId": bucket.owner},
                "arn": f"arn:aws:s3:::{bucket.name}",
            },
            "object": obj,
        },
    }
    if at is not None and isinstance(version, ObjectVersion) and version.restore is not None:
        # S3 itself completes (and expires) a restore: the identity is S3's on behalf of the bucket
        # owner, and the record says when the copy expires (LocalStack's AWS-validated
        # test_s3_notifications_sqs::test_restore_object snapshot).
        record["userIdentity"] = {"principalId": f"AmazonCustomer:{bucket.owner}"}
        record["glacierEventData"] = {"restoreEventData": {
            "lifecycleRestorationExpiryTime": iso8601(version.restore.expires),
            "lifecycleRestoreStorageClass": version.storage_class,
        }}
    return record
