"""A bucket: its settings and its keys, each with an ordered history of versions.

Keys live in a dict (key to history) and sorted lists (`SortedKeys`, sortedcontainers' `SortedList`
with a bulk discard): `_order`, every key that has any version or
delete marker, and `_live`, the keys whose current version is an object. ListObjects and
ListObjectVersions walk `irange` from the marker: O(log n + page), never a scan or a sort of the bucket.
The live list needs no set beside it, because a key's history says whether it is live (DeleteObjects of
1000 keys spends about a quarter less in the model than with a `SortedDict` and a `SortedSet`, and a
million keys hold no set of a million entries).

Until a bucket gets its first delete marker every key is live, so `_live` is None and `_order` serves as
both: a bucket that is never versioned (most are) pays for one sorted index per write and delete, not
two. The first delete marker builds `_live` from the already sorted `_order`, once, in O(n).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pytest_s3fake.model.configs import BucketConfigs
from pytest_s3fake.model.multipart import Uploads
from pytest_s3fake.model.security import BucketSecurity
from pytest_s3fake.model.sorted_keys import SortedKeys
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
    # --- configs-a: access and encryption (policy, Public Access Block, ownership, ACLs, encryption) ---
    security: BucketSecurity = field(default_factory=BucketSecurity, repr=False)
    # --- end configs-a ---
    _keys: dict[str, KeyHistory] = field(default_factory=dict, repr=False)
    _order: SortedKeys = field(default_factory=SortedKeys, repr=False)
    #: None while no delete marker was ever added: then every key is live, and `_order` is the live index.
    _live: SortedKeys | None = field(default=None, repr=False)
    _seq: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _seq_of: dict[str, int] = field(default_factory=dict, repr=False)
    #: In-progress multipart uploads (they are not versions: listings and DeleteBucket do not see them).
    uploads: Uploads = field(default_factory=Uploads, repr=False)
    #: CORS, website, notifications and the other optional configurations (model/configs.py).
    configs: BucketConfigs = field(default_factory=BucketConfigs, repr=False)
    #: While a request runs on a bucket with notifications: each version it added or removed, with
    #: True for added (events.py turns them into S3 event records). None otherwise: nothing is kept.
    changes: list[tuple[bool, Version]] | None = field(default=None, repr=False)

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
        return len(self._order if self._live is None else self._live)

    def live_keys(self, after: str | None = None, *, inclusive: bool = False) -> Iterator[str]:
        """Keys with a current object version, in order, from `after` (which need not exist any more)."""
        live = self._order if self._live is None else self._live
        return iter(live.irange(minimum=after, inclusive=(inclusive, True)))

    def all_keys(self, after: str | None = None, *, inclusive: bool = False) -> Iterator[str]:
        """Every key that has versions or delete markers, in order, from `after`."""
        return iter(self._order.irange(minimum=after, inclusive=(inclusive, True)))

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
        if self.changes is not None:
            self.changes.append((True, version))
        if version.version_id != NULL:
            self._seq_of[version.version_id] = version.seq
        key = version.key
        history = self._keys.get(key)
        if history is None:
            history = self._keys[key] = KeyHistory()
            self._order.add(key)
        live = self._live
        if live is None:
            if not version.is_delete_marker:
                return history.append(version)  # every key stays live: `_order` is still the live index
            live = self._live = SortedKeys(self._order)  # the first delete marker: live keys get their own
            if not history:
                live.remove(key)  # a new key whose first version is a delete marker was never live
        was_live = history.is_live()
        replaced = history.append(version)
        if was_live and version.is_delete_marker:
            live.remove(key)
        elif not was_live and not version.is_delete_marker:
            live.add(key)
        return replaced

    def drop_unversioned(self, keys: Iterable[str]) -> None:
        """Remove each key's null version, in a bucket that was never versioned: there it is the key's
        only version, so the key goes with it (a missing key is no error). DeleteObjects' common case:
        a dict pop per key and one bulk update of the index."""
        if self.versioning != UNVERSIONED:
            raise ValueError(f"bucket {self.name} has been versioned: remove versions one by one")
        pop = self._keys.pop
        if self.changes is not None:
            histories = [(key, pop(key, None)) for key in keys]
            gone = [(key, history) for key, history in histories if history is not None]
            self.changes.extend((False, history.snapshot()[0]) for _, history in gone)
            self._order.discard_many([key for key, _ in gone])
            return
        self._order.discard_many([key for key in keys if pop(key, None) is not None])

    def remove(self, key: str, version_id: str) -> Version | None:
        """Remove one version or delete marker for good; the previous version becomes current."""
        history = self._keys.get(key)
        if history is None:
            return None
        only = history.sole()
        if only is not None:  # most keys have one version: when it goes, the key goes with it
            if only.version_id != version_id:
                return None
            del self._keys[key]
            self._order.remove(key)
            if self._live is not None and not only.is_delete_marker:
                self._live.remove(key)
            if self.changes is not None:
                self.changes.append((False, only))
            return only
        was_live = history.is_live()
        removed = history.remove(version_id)
        if removed is None:
            return None
        if self.changes is not None:
            self.changes.append((False, removed))
        if not history:
            del self._keys[key]
            self._order.remove(key)
        live = self._live
        if live is None:
            return removed  # no delete markers: a key is live exactly while it is in `_order`
        is_live = history.is_live()
        if was_live and not is_live:
            live.remove(key)
        elif is_live and not was_live:
            live.add(key)
        return removed


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
