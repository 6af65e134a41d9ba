"""A bucket: its settings and its keys, each with an ordered history of versions.

Keys live in a `SortedDict` (every key that has any version or delete marker) and a `SortedSet` of the
keys whose current version is an object, so ListObjects and ListObjectVersions walk `irange` from the
marker: O(log n + page), never a scan or a sort of the bucket.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sortedcontainers import SortedDict, SortedSet

from pytest_s3fake.model.multipart import Uploads
from pytest_s3fake.model.versions import NULL, DeleteMarker, KeyHistory, ObjectVersion, Version

UNVERSIONED, ENABLED, SUSPENDED = "", "Enabled", "Suspended"


@dataclass(slots=True)
class LockDefault:
    """A bucket's default retention, applied to each new object version."""

    mode: str
    days: int | None = None
    years: int | None = None

    def retain_until(self, written: datetime) -> datetime:
        """The retain-until date of a version written at `written` (a year counts 365 days)."""
        return written + timedelta(days=(self.days or 0) + 365 * (self.years or 0))


@dataclass(eq=False)
class Bucket:
    name: str
    region: str
    owner: str
    created: datetime
    new_version_id: Callable[[], str] = field(repr=False)
    versioning: str = UNVERSIONED
    mfa_delete: str = ""
    object_lock_enabled: bool = False
    lock_default: LockDefault | None = None
    request_payer: str = "BucketOwner"
    #: The bucket's tag set (PutBucketTagging); empty means GetBucketTagging answers NoSuchTagSet.
    tags: dict[str, str] = field(default_factory=dict)
    _keys: SortedDict = field(default_factory=SortedDict, repr=False)
    _live: SortedSet = field(default_factory=SortedSet, repr=False)
    _seq: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _seq_of: dict[str, int] = field(default_factory=dict, repr=False)
    #: In-progress multipart uploads (they are not versions: listings and DeleteBucket do not see them).
    uploads: Uploads = field(default_factory=Uploads, repr=False)

    # --- reading ---------------------------------------------------------------------------------------

    def history(self, key: str) -> KeyHistory | None:
        """The key's live history, for handlers that walk it without copying (listing). Tests read
        `versions()` instead: changing a history directly would leave the bucket's key index stale."""
        history: KeyHistory | None = self._keys.get(key)
        return history

    def versions(self, key: str) -> tuple[Version, ...]:
        """All versions and delete markers of `key`, newest first (empty when the key never existed)."""
        history = self._keys.get(key)
        return history.snapshot() if history is not None else ()

    def current(self, key: str) -> Version | None:
        """The current version of `key`: an object, a delete marker, or None."""
        history = self._keys.get(key)
        return history.latest() if history is not None else None

    def version(self, key: str, version_id: str) -> Version | None:
        """The version or delete marker of `key` with this id (`"null"` for the null version), or None."""
        history = self._keys.get(key)
        return history.get(version_id) if history is not None else None

    def is_empty(self) -> bool:
        """True when no version and no delete marker remains (what DeleteBucket requires)."""
        return not self._keys

    def object_count(self) -> int:
        """Keys whose current version is an object."""
        return len(self._live)

    def live_keys(self, after: str | None = None, *, inclusive: bool = False) -> Iterator[str]:
        """Keys with a current object version, in order, from `after` (which need not exist any more)."""
        return iter(self._live.irange(minimum=after, inclusive=(inclusive, True)))

    def all_keys(self, after: str | None = None, *, inclusive: bool = False) -> Iterator[str]:
        """Every key that has versions or delete markers, in order, from `after`."""
        return iter(self._keys.irange(minimum=after, inclusive=(inclusive, True)))

    def seq_of(self, key: str, version_id: str) -> int | None:
        """Where a version stands (or stood) in the bucket's history, for listing markers."""
        if version_id == NULL:
            history: KeyHistory | None = self._keys.get(key)
            if history is None:
                return None
            current = history.get(NULL)
            return current.seq if current is not None else history.retired_null_seq
        return self._seq_of.get(version_id)

    # --- writing ---------------------------------------------------------------------------------------

    def next_version_id(self) -> str:
        """The id the next write gets: a fresh id when versioning is Enabled, else `null`."""
        return self.new_version_id() if self.versioning == ENABLED else NULL

    def add(self, version: Version) -> Version | None:
        """Make `version` the newest of its key; returns the null version it replaced, if any."""
        version.seq = next(self._seq)
        if version.version_id != NULL:
            self._seq_of[version.version_id] = version.seq
        history: KeyHistory | None = self._keys.get(version.key)
        if history is None:
            history = self._keys[version.key] = KeyHistory()
        replaced = history.append(version)
        self._sync_live(version.key, history)
        return replaced

    def remove(self, key: str, version_id: str) -> Version | None:
        """Remove one version or delete marker for good; the previous version becomes current."""
        history: KeyHistory | None = self._keys.get(key)
        if history is None:
            return None
        removed = history.remove(version_id)
        if removed is not None:
            self._sync_live(key, history)
        return removed

    def _sync_live(self, key: str, history: KeyHistory) -> None:
        latest = history.latest()
        if latest is None:
            del self._keys[key]
            self._live.discard(key)
        elif latest.is_delete_marker:
            self._live.discard(key)
        else:
            self._live.add(key)


__all__ = [
    "ENABLED",
    "NULL",
    "SUSPENDED",
    "UNVERSIONED",
    "Bucket",
    "DeleteMarker",
    "LockDefault",
    "ObjectVersion",
    "Version",
]
