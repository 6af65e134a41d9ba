"""Which lifecycle rules apply to an object, and when their actions fall due, by S3's rules.

S3 counts lifecycle days from an object's creation (or, for noncurrent actions, from when it became
noncurrent) and rounds the moment up to the next midnight UTC: an object written on 1 January at
10:30 with `Days` 1 expires at 3 January 00:00 UTC
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html;
the `x-amz-expiration` header as recorded against AWS in LocalStack's TestS3BucketLifecycle snapshots).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from pytest_s3fake.ids import http_date
from pytest_s3fake.model import Bucket, ObjectVersion
from pytest_s3fake.model.lifecycle import LifecycleRule


def due(start: datetime, days: int) -> datetime:
    """`days` after `start`, rounded up to the next midnight UTC, as S3 schedules lifecycle actions."""
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(days=days + 1)


def applies(rule: LifecycleRule, key: str, size: int | None = None, tags: Mapping[str, str] | None = None) -> bool:
    """True when `rule` is enabled and its filter takes this key (and size and tags, for an object
    version; a delete marker or an upload has neither, so a size or tag filter never takes it)."""
    if not rule.enabled or not key.startswith(rule.prefix):
        return False
    if rule.tags and (tags is None or any(tags.get(k) != v for k, v in rule.tags)):
        return False
    if rule.size_greater_than is not None and (size is None or size <= rule.size_greater_than):
        return False
    return rule.size_less_than is None or (size is not None and size < rule.size_less_than)


def expiry(rule: LifecycleRule, version: ObjectVersion) -> datetime | None:
    """When `rule`'s Expiration (Days or Date) makes the current `version` expire; None if it has none."""
    if rule.expiration_days is not None:
        return due(version.last_modified, rule.expiration_days)
    return rule.expiration_date


def expiring_rule(bucket: Bucket, version: ObjectVersion) -> tuple[datetime, LifecycleRule] | None:
    """The rule that expires the current `version` first (the earliest date; the first rule on a tie)."""
    lifecycle = bucket.configs.lifecycle
    if lifecycle is None:
        return None
    best: tuple[datetime, LifecycleRule] | None = None
    for rule in lifecycle.rules:
        if rule.expiration_days is None and rule.expiration_date is None:
            continue
        if not applies(rule, version.key, version.size, version.tags):  # the cheap test first
            continue
        when = expiry(rule, version)
        if when is not None and (best is None or when < best[0]):
            best = (when, rule)
    return best


def expiration_headers(bucket: Bucket, version: ObjectVersion) -> dict[str, str]:
    """`x-amz-expiration: expiry-date="...", rule-id="..."` for a current version a rule expires.

    As recorded against AWS (LocalStack TestS3BucketLifecycle::test_bucket_lifecycle_configuration_object_expiry
    and ..._object_expiry_versioned): on PutObject, and on GetObject and HeadObject without a versionId;
    never for an `ExpiredObjectDeleteMarker`-only rule."""
    if bucket.configs.lifecycle is None:
        return {}
    found = expiring_rule(bucket, version)
    if found is None:
        return {}
    when, rule = found
    return {"x-amz-expiration": f'expiry-date="{http_date(when)}", rule-id="{rule.id}"'}
