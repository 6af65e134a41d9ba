"""`S3Fake.lifecycle`: running the buckets' lifecycle rules on demand, at the fake's time or any other.

S3 applies lifecycle rules in a background pass about once a day; the fake applies them when a test
asks, so a test can check what its rules do without waiting days:

    def test_logs_expire(s3fake, s3fake_client):
        s3fake_client.put_bucket_lifecycle_configuration(Bucket="b", LifecycleConfiguration={"Rules": [
            {"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 7}}]})
        s3fake_client.put_object(Bucket="b", Key="logs/1", Body=b"x")
        s3fake.clock.advance(days=8)
        assert [a.action for a in s3fake.lifecycle.run()] == ["Expired"]

What the rules do is S3 behaviour and lives in operations/lifecycle_run.py; this module takes the
store's lock, runs each bucket's pass and records the event notifications S3 would send.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pytest_s3fake.operations.lifecycle_run import LifecycleAction, apply, plan

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake

__all__ = ["LifecycleAction", "LifecycleRunner"]


class LifecycleRunner:
    """The lifecycle of one fake's buckets (`s3fake.lifecycle`)."""

    def __init__(self, fake: S3Fake) -> None:
        self._fake = fake

    def run(self, at: datetime | None = None, *, bucket: str | None = None) -> list[LifecycleAction]:
        """Apply every bucket's lifecycle rules (or only `bucket`'s) as of `at` (timezone-aware; the
        fake's clock by default), and return what they did, bucket by bucket in name order.

        Each bucket's changes happen all or nothing, under the store's lock, so no request sees half
        a run. Matching notification configurations get `LifecycleExpiration:*` and
        `LifecycleTransition` events in `s3fake.events`."""
        if at is not None and at.tzinfo is None:
            raise ValueError("at must be timezone-aware (use timezone.utc)")
        fake = self._fake
        store = fake.store
        actions: list[LifecycleAction] = []
        with store.lock:
            moment = at or store.clock.now()
            targets = [store.bucket(bucket)] if bucket is not None else list(store.buckets())
            for target in targets:
                done = apply(target, plan(target, moment), moment)
                for action, version in done:
                    actions.append(action)
                    if action.event is not None and version is not None:
                        fake.events.record(store, target, action.event, version, when=moment,
                                           storage_class=action.storage_class)
        return actions
