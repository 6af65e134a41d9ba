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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pytest_s3fake.model.configs import BucketConfigs
from pytest_s3fake.model.multipart import Uploads
from pytest_s3fake.model.security import BucketSecurity
from pytest_s3fake.model.sorted_keys import SortedKeys
from pytest_s3fake.model.versions import NULL, DeleteMarker, KeyHistory, ObjectVersion, Version

UNVERSIONED, ENABLED, SUSPENDED = "", "Enabled", "Suspended"

#: What a key holds: its only version as is, or the history of a key that has had more than one.
Held = Version | KeyHistory
#: A key's state before a mutation: key, what it held (or None), a copy of its history's state (when it
#: held a history), and whether the bucket had no live index yet.
_Saved = tuple[str, "Held | None", "tuple[list[Version], int, int | None, dict[str, int] | None] | None", bool]


def _is_live(held: Held) -> bool:
    return held.is_live() if isinstance(held, KeyHistory) else not held.is_delete_marker


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
    #: True for an id `new_version_id` made (since removed or not): S3 tells those from ids it never issued.
    issued_version_id: Callable[[str], bool] = field(default=lambda _: True, repr=False)
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
    #: key -> its only version, or its KeyHistory once it has had two (most keys never do).
    _keys: dict[str, Held] = field(default_factory=dict, repr=False)
    _order: SortedKeys = field(default_factory=SortedKeys, repr=False)
    #: None while no delete marker was ever added: then every key is live, and `_order` is the live index.
    _live: SortedKeys | None = field(default=None, repr=False)
    #: In-progress multipart uploads (they are not versions: listings and DeleteBucket do not see them).
    uploads: Uploads = field(default_factory=Uploads, repr=False)
    #: CORS, website, notifications and the other optional configurations (model/configs.py).
    configs: BucketConfigs = field(default_factory=BucketConfigs, repr=False)
    #: While a request runs on a bucket with notifications: each version it added or removed, with
    #: True for added (events.py turns them into S3 event records). None otherwise: nothing is kept.
    changes: list[tuple[bool, Version]] | None = field(default=None, repr=False)

    # --- reading ---------------------------------------------------------------------------------------

    def versions(self, key: str) -> tuple[Version, ...]:
        """All versions and delete markers of `key`, newest first (empty when the key never existed)."""
        held = self._keys.get(key)
        if held is None:
            return ()
        return held.snapshot() if isinstance(held, KeyHistory) else (held,)

    def current(self, key: str) -> Version | None:
        """The current version of `key`: an object, a delete marker, or None."""
        held = self._keys.get(key)
        if isinstance(held, KeyHistory):
            return held.latest()
        return held

    def version(self, key: str, version_id: str) -> Version | None:
        """The version or delete marker of `key` with this id (`"null"` for the null version), or None."""
        held = self._keys.get(key)
        if held is None:
            return None
        if isinstance(held, KeyHistory):
            return held.get(version_id)
        return held if held.version_id == version_id else None

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
        """Where a version of `key` stands (or stood, while the key has other versions) in the key's
        history, for listing markers: versions of the key with a smaller seq are older."""
        held = self._keys.get(key)
        if held is None:
            return None
        if isinstance(held, KeyHistory):
            return held.seq_of(version_id)
        return held.seq if held.version_id == version_id else None

    # --- writing ---------------------------------------------------------------------------------------

    def next_version_id(self) -> str:
        """The id the next write gets: a fresh id when versioning is Enabled, else `null`."""
        return self.new_version_id() if self.versioning == ENABLED else NULL

    def add(self, version: Version) -> Version | None:
        """Make `version` the newest of its key; returns the null version it replaced, if any.

        All or nothing: an exception part-way (a KeyboardInterrupt included) restores the key as it was."""
        saved = self._save(version.key)
        try:
            return self._add(version)
        except BaseException:
            self._restore(saved)
            raise

    def _add(self, version: Version) -> Version | None:
        if self.changes is not None:
            self.changes.append((True, version))
        key = version.key
        keys = self._keys
        held = keys.get(key)
        replaced: Version | None = None
        if held is None:  # a new key holds its version as is
            version.seq = 1
            keys[key] = version
            self._order.add(key)
            was_live = False
        elif isinstance(held, KeyHistory):
            was_live = held.is_live()
            replaced = held.append(version)
        else:
            was_live = not held.is_delete_marker
            version.seq = held.seq + 1
            if version.version_id == NULL and held.version_id == NULL:
                keys[key] = version  # the new null version replaces the only one: still one version
                replaced = held
            else:
                keys[key] = KeyHistory([held, version], version.seq)
        live = self._live
        if live is None:
            if not version.is_delete_marker:
                return replaced  # every key stays live: `_order` is still the live index
            live = self._live = SortedKeys(self._order)  # the first delete marker: live keys get their own
            if held is None:
                live.remove(key)  # a new key whose first version is a delete marker was never live
                return replaced
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
        # Compute first (which keys exist), then commit: the dict pops, then one bulk index update. An
        # exception part-way puts the histories back and rebuilds the index (O(n), on that path only).
        held = self._keys
        gone = [(key, held[key]) for key in dict.fromkeys(keys) if key in held]
        try:
            pop = held.pop
            for key, _ in gone:
                pop(key)
            self._order.discard_many([key for key, _ in gone])
        except BaseException:
            held.update(gone)
            self._order = SortedKeys(held)
            raise
        if self.changes is not None:  # notifications are watching this request (events.py)
            self.changes.extend((False, kept.versions[-1] if isinstance(kept, KeyHistory) else kept)
                                for _, kept in gone)

    def remove(self, key: str, version_id: str) -> Version | None:
        """Remove one version or delete marker for good; the previous version becomes current.

        All or nothing, as `add`."""
        saved = self._save(key)
        try:
            return self._remove(key, version_id)
        except BaseException:
            self._restore(saved)
            raise

    def complete_upload(self, upload_id: str, version: Version) -> Version | None:
        """End a multipart upload with the version it made, both or neither (CompleteMultipartUpload)."""
        upload = self.uploads.get(upload_id)
        try:
            self.uploads.remove(upload_id)
            return self.add(version)
        except BaseException:
            if upload is not None and self.uploads.get(upload_id) is None:
                self.uploads.restore(upload)
            raise

    # --- all or nothing --------------------------------------------------------------------------------

    def checkpoint(self, keys: Iterable[str]) -> list[_Saved]:
        """What `rollback` needs to put these keys back as they are now, for a change of many keys that
        must happen all or not at all (a lifecycle run)."""
        return [self._save(key) for key in dict.fromkeys(keys)]

    def rollback(self, saved: list[_Saved]) -> None:
        """Put the keys of a `checkpoint` back as they were, whatever changed them since."""
        for item in reversed(saved):
            self._restore(item)

    def _save(self, key: str) -> _Saved:
        """What `_restore` needs to put `key` back as it is now: O(versions of the key), no index walk."""
        held = self._keys.get(key)
        state = held.state() if isinstance(held, KeyHistory) else None
        return key, held, state, self._live is None

    def _restore(self, saved: _Saved) -> None:
        """Undo whatever a failed mutation of one key did, whichever step it stopped at."""
        key, held, state, no_live = saved
        if held is None:
            self._keys.pop(key, None)
            self._order.discard(key)
        else:
            if isinstance(held, KeyHistory) and state is not None:
                held.restore(state)
            self._keys[key] = held
            if key not in self._order:
                self._order.add(key)
        if no_live:
            self._live = None
            return
        live = self._live
        assert live is not None
        should = held is not None and _is_live(held)
        if should and key not in live:
            live.add(key)
        elif not should:
            live.discard(key)

    def check_invariants(self) -> None:
        """Raise AssertionError unless the key dict, both indexes and every history agree (for tests)."""
        keys = self._keys
        self._order._check()
        assert list(self._order) == sorted(keys), "key index differs from the keys held"
        for key, held in keys.items():
            versions = self.versions(key)
            assert versions, f"key {key!r} has an empty history"
            assert all(v.key == key for v in versions), f"key {key!r} holds another key's version"
            assert sum(v.version_id == NULL for v in versions) <= 1, f"key {key!r} has two null versions"
            ids = [v.version_id for v in versions]
            assert len(set(ids)) == len(ids), f"key {key!r} repeats a version id"
            seqs = [v.seq for v in versions]
            assert seqs == sorted(set(seqs), reverse=True), f"key {key!r} is not newest first"
            if isinstance(held, KeyHistory):
                assert held.top >= seqs[0], f"key {key!r} gave out a seq above its top"
        live = self._live
        if live is None:
            assert all(_is_live(h) for h in keys.values()), "a delete marker is current without a live index"
        else:
            live._check()
            assert list(live) == [k for k in self._order if _is_live(keys[k])], "live index is stale"
        self.uploads.check_invariants()

    def _remove(self, key: str, version_id: str) -> Version | None:
        held = self._keys.get(key)
        if held is None:
            return None
        if not isinstance(held, KeyHistory):  # the key's only version: when it goes, the key goes with it
            if held.version_id != version_id:
                return None
            del self._keys[key]
            self._order.remove(key)
            if self._live is not None and not held.is_delete_marker:
                self._live.remove(key)
            if self.changes is not None:
                self.changes.append((False, held))
            return held
        history: KeyHistory = held
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
