"""Applying a bucket's lifecycle rules at one moment, as S3's daily lifecycle pass would
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html).

`plan` reads the bucket and decides (nothing changes); `apply` carries the plan out, all or nothing.
One run is one pass over the state it starts from: a delete marker left alone once its last noncurrent
version expires goes in the next run, as it would the next day in S3.

- A current object version whose Expiration (Days, or Date) has passed expires: removed in an
  unversioned bucket, a delete marker on top in a versioned or suspended one (`delete_current`).
- A noncurrent version goes `NoncurrentDays` after it became noncurrent (when the next version was
  written), except the `NewerNoncurrentVersions` newest noncurrent versions, which are kept.
- A delete marker with no versions behind it (an "expired object delete marker") goes under
  `ExpiredObjectDeleteMarker` at once, and under an `Expiration` with `Days` once it is that many days
  old (counted like an object's age, from its creation) or with `Date` once the date has passed
  (`_removes_marker`).
- An incomplete multipart upload is aborted `DaysAfterInitiation` after it started.
- A transition changes the storage class to the coldest class due, never back to a warmer one;
  objects under 128 KiB are not transitioned unless the rule has a size filter or the bucket chose
  `varies_by_storage_class` (then only GLACIER and DEEP_ARCHIVE take them), as S3 does since September 2024.
- Expiration wins over transition; Object Lock (retention or a legal hold) keeps a version from
  being removed, as it keeps it from DeleteObject.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from pytest_s3fake.model import Bucket, DeleteMarker, ObjectVersion, Version
from pytest_s3fake.model.lifecycle import LifecycleRule, Transition
from pytest_s3fake.model.multipart import Upload
from pytest_s3fake.operations.deleting import delete_current
from pytest_s3fake.operations.lifecycle_match import applies, due, expiry
from pytest_s3fake.operations.lifecycle_rules import COLDNESS
from pytest_s3fake.operations.protection import lock_blocks

SMALL_OBJECT = 128 * 1024
#: Classes S3 still moves objects under 128 KiB to with `varies_by_storage_class`.
SMALL_OBJECT_CLASSES = ("GLACIER", "DEEP_ARCHIVE")

EXPIRED, DELETE_MARKER_CREATED, NONCURRENT_EXPIRED = "Expired", "DeleteMarkerCreated", "NoncurrentExpired"
DELETE_MARKER_REMOVED, UPLOAD_ABORTED, TRANSITIONED = "DeleteMarkerRemoved", "UploadAborted", "Transitioned"
#: The event notification each action sends (none for an aborted upload).
EVENTS = {
    EXPIRED: "LifecycleExpiration:Delete",
    DELETE_MARKER_CREATED: "LifecycleExpiration:DeleteMarkerCreated",
    NONCURRENT_EXPIRED: "LifecycleExpiration:Delete",
    DELETE_MARKER_REMOVED: "LifecycleExpiration:Delete",
    TRANSITIONED: "LifecycleTransition",
}


@dataclass(frozen=True, slots=True)
class LifecycleAction:
    """One thing a lifecycle run did: `action` is one of Expired (the object removed, unversioned),
    DeleteMarkerCreated (the current version expired in a versioned bucket; `version_id` is the
    marker's), NoncurrentExpired, DeleteMarkerRemoved, UploadAborted, Transitioned (`storage_class`
    is the new class)."""

    action: str
    bucket: str
    key: str
    rule_id: str
    version_id: str | None = None
    storage_class: str | None = None
    upload_id: str | None = None

    @property
    def event(self) -> str | None:
        """The event type S3 notifies for it (`LifecycleExpiration:Delete`), None for an aborted upload."""
        return EVENTS.get(self.action)


class Step(NamedTuple):
    """One planned change: what, by which rule, to which version or upload."""

    action: str
    key: str
    rule_id: str
    version: Version | None = None
    upload: Upload | None = None
    storage_class: str | None = None


def plan(bucket: Bucket, at: datetime) -> list[Step]:
    """What the bucket's enabled lifecycle rules do at `at`, computed from its state now."""
    lifecycle = bucket.configs.lifecycle
    rules = [rule for rule in lifecycle.rules if rule.enabled] if lifecycle is not None else []
    if not rules or lifecycle is None:
        return []
    minimum = lifecycle.minimum_object_size
    steps: list[Step] = []
    for key in list(bucket.all_keys()):
        versions = bucket.versions(key)
        steps.extend(_current(bucket, rules, versions, at, minimum))
        steps.extend(_noncurrent(rules, versions, at, minimum))
    for upload in list(bucket.uploads.after()):
        for rule in rules:
            if rule.abort_days is not None and applies(rule, upload.key) and due(upload.initiated, rule.abort_days) <= at:
                steps.append(Step(UPLOAD_ABORTED, upload.key, rule.id, upload=upload))
                break
    return steps


def _coldest(due_now: list[tuple[Transition, LifecycleRule]], version: ObjectVersion, minimum: str,
             ) -> tuple[Transition, LifecycleRule] | None:
    """The coldest transition due for `version` that moves it somewhere colder, if any."""
    best = None
    for transition, rule in due_now:
        if COLDNESS[transition.storage_class] <= COLDNESS.get(version.storage_class, 0):
            continue
        if version.size < SMALL_OBJECT and rule.size_greater_than is None and rule.size_less_than is None:
            if minimum != "varies_by_storage_class" or transition.storage_class not in SMALL_OBJECT_CLASSES:
                continue
        if best is None or COLDNESS[transition.storage_class] > COLDNESS[best[0].storage_class]:
            best = (transition, rule)
    return best


def _current(bucket: Bucket, rules: list[LifecycleRule], versions: tuple[Version, ...], at: datetime,
             minimum: str) -> list[Step]:
    current = versions[0]
    if isinstance(current, DeleteMarker):
        if len(versions) == 1:
            for rule in rules:
                if applies(rule, current.key) and _removes_marker(rule, current, at):
                    return [Step(DELETE_MARKER_REMOVED, current.key, rule.id, current)]
        return []
    matching = [rule for rule in rules if applies(rule, current.key, current.size, current.tags)]
    for rule in matching:
        when = expiry(rule, current)
        if when is not None and when <= at:
            return [Step(EXPIRED, current.key, rule.id, current)]
    due_now = [(t, rule) for rule in matching for t in rule.transitions
               if (t.date if t.days is None else due(current.last_modified, t.days)) <= at]  # type: ignore[operator]
    best = _coldest(due_now, current, minimum)
    if best is None:
        return []
    return [Step(TRANSITIONED, current.key, best[1].id, current, storage_class=best[0].storage_class)]


def _removes_marker(rule: LifecycleRule, marker: DeleteMarker, at: datetime) -> bool:
    """Whether `rule` removes `marker`, an expired object delete marker (the only version of its key).

    `ExpiredObjectDeleteMarker` removes it at once. An Expiration with `Days` does too, once the marker
    is old enough: "When you specify the Days tag, Amazon S3 automatically performs ExpiredObjectDeleteMarker
    cleanup when the delete markers are old enough to satisfy the age criteria" (user guide,
    lifecycle-configuration-examples, "Removing expired object delete markers"); and the Expiration action
    in a versioned bucket "removes the expired object delete marker" (lifecycle-expire-general-considerations),
    which for `Date` is once the date has passed, as for any object it takes."""
    if rule.expired_object_delete_marker:
        return True
    if rule.expiration_days is not None:
        return due(marker.last_modified, rule.expiration_days) <= at
    return rule.expiration_date is not None and rule.expiration_date <= at


def _noncurrent(rules: list[LifecycleRule], versions: tuple[Version, ...], at: datetime, minimum: str) -> list[Step]:
    steps = []
    position = 0  # how many newer noncurrent object versions this one has
    for index in range(1, len(versions)):
        version = versions[index]
        if not isinstance(version, ObjectVersion):
            continue
        since = versions[index - 1].last_modified  # it became noncurrent when the next version came
        matching = [rule for rule in rules if applies(rule, version.key, version.size, version.tags)]
        expiring = next((rule for rule in matching if _noncurrent_expires(rule, since, position, at)), None)
        if expiring is not None:
            if not lock_blocks(version, bypass=False, now=at):
                steps.append(Step(NONCURRENT_EXPIRED, version.key, expiring.id, version))
        else:
            due_now = [(t, rule) for rule in matching for t in rule.noncurrent_transitions
                       if t.days is not None and due(since, t.days) <= at
                       and (t.newer_noncurrent is None or position >= t.newer_noncurrent)]
            best = _coldest(due_now, version, minimum)
            if best is not None:
                steps.append(Step(TRANSITIONED, version.key, best[1].id, version, storage_class=best[0].storage_class))
        position += 1
    return steps


def _noncurrent_expires(rule: LifecycleRule, since: datetime, position: int, at: datetime) -> bool:
    if rule.noncurrent_days is None and rule.newer_noncurrent is None:
        return False
    if rule.newer_noncurrent is not None and position < rule.newer_noncurrent:
        return False
    return rule.noncurrent_days is None or due(since, rule.noncurrent_days) <= at


def apply(bucket: Bucket, steps: list[Step], at: datetime) -> list[tuple[LifecycleAction, Version | None]]:
    """Carry out `steps` on `bucket`, all or nothing; each action with the version its event is about."""
    saved = bucket.checkpoint(step.key for step in steps if step.upload is None)
    aborted: list[Upload] = []
    moved: list[tuple[ObjectVersion, str]] = []
    done: list[tuple[LifecycleAction, Version | None]] = []
    try:
        for step in steps:
            done.extend(_apply_one(bucket, step, at, aborted, moved))
    except BaseException:
        for version, storage_class in reversed(moved):
            version.storage_class = storage_class
        for upload in aborted:
            bucket.uploads.restore(upload)
        bucket.rollback(saved)
        raise
    return done


def _apply_one(bucket: Bucket, step: Step, at: datetime, aborted: list[Upload],
               moved: list[tuple[ObjectVersion, str]]) -> list[tuple[LifecycleAction, Version | None]]:
    name, key, version = bucket.name, step.key, step.version
    if step.upload is not None:
        if bucket.uploads.remove(step.upload.upload_id) is None:
            return []
        aborted.append(step.upload)
        return [(LifecycleAction(UPLOAD_ABORTED, name, key, step.rule_id, upload_id=step.upload.upload_id), None)]
    assert version is not None
    if bucket.version(key, version.version_id) is not version:
        return []  # an earlier step of this run replaced it (a suspended bucket's null version)
    if step.action == EXPIRED:
        done = delete_current(bucket, key, at)
        if done.delete_marker:
            marker = bucket.current(key)
            return [(LifecycleAction(DELETE_MARKER_CREATED, name, key, step.rule_id, done.delete_marker_version_id),
                     marker)]
        version_id = version.version_id if bucket.versioning else None
        return [(LifecycleAction(EXPIRED, name, key, step.rule_id, version_id), version)]
    if step.action == TRANSITIONED:
        assert isinstance(version, ObjectVersion) and step.storage_class is not None
        moved.append((version, version.storage_class))
        version.storage_class = step.storage_class
        return [(LifecycleAction(TRANSITIONED, name, key, step.rule_id, version.version_id, step.storage_class),
                 version)]
    bucket.remove(key, version.version_id)  # NoncurrentExpired, DeleteMarkerRemoved
    return [(LifecycleAction(step.action, name, key, step.rule_id, version.version_id), version)]
