"""Object versions and delete markers, and the ordered history of one key. Plain data, no S3 rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn

from pytest_s3fake.model.compact import compact

NULL = "null"


class _Empty(Mapping[str, str]):
    """A shared, hashable empty mapping: most versions have no metadata, tags or checksums, and a
    million objects should not carry a million empty dicts."""

    def __getitem__(self, key: str) -> NoReturn:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0


EMPTY: Mapping[str, str] = _Empty()
_EMPTY = EMPTY


@dataclass(frozen=True, slots=True)
class Annotation:
    """A named payload attached to one object version (PutObjectAnnotation), with its own ETag."""

    name: str
    payload: bytes
    etag: str
    last_modified: datetime
    #: Flexible checksums sent with it, algorithm upper-case to base64 value.
    checksums: Mapping[str, str] = _EMPTY


@dataclass(slots=True, eq=False)
class Restore:
    """A restore of an archived version: the temporary copy is readable from `ready` until `expires`.

    Plain moments, so the state is read from the clock when asked (operations/restore.py); nothing runs
    in the background. `tier` is the retrieval tier (Expedited, Standard, Bulk) and `days` the lifetime
    asked for the copy.
    """

    requested: datetime
    ready: datetime
    expires: datetime
    tier: str
    days: int


@compact("key", "body", "last_modified")
@dataclass(eq=False)
class ObjectVersion:
    """One stored version of an object. `version_id` is `"null"` for the null version.

    A dataclass with slots for the fields every object uses; the others (and the ETag of a small body,
    and the packed version id) are held compactly, as model/compact.py describes: a small object costs
    80 bytes here instead of 176. A new field needs a default and is stored compactly too."""

    key: str
    version_id: str
    body: bytes
    etag: str
    last_modified: datetime
    content_type: str = "binary/octet-stream"
    metadata: Mapping[str, str] = _EMPTY
    #: Representation headers stored with the object: content-encoding, cache-control, expires, ...
    headers: Mapping[str, str] = _EMPTY
    #: Flexible checksums, algorithm upper-case (`CRC32`) to base64 value.
    checksums: Mapping[str, str] = _EMPTY
    checksum_type: str | None = None
    storage_class: str = "STANDARD"
    tags: Mapping[str, str] = _EMPTY
    retention_mode: str | None = None
    retain_until: datetime | None = None
    #: None until a legal hold is first set: GetObjectLegalHold then answers NoSuchObjectLockConfiguration.
    legal_hold: bool | None = None
    #: Byte sizes of the parts of a multipart object, in part order; None for a single PUT or copy.
    parts: tuple[int, ...] | None = None
    #: Each part's checksum (of the object's algorithm), in part order, when the upload kept them:
    #: GetObject/HeadObject with `partNumber` answer the part's own.
    part_checksums: tuple[str, ...] | None = None
    #: The latest RestoreObject of an archived version (GLACIER, DEEP_ARCHIVE); None if never restored.
    restore: Restore | None = None
    #: Annotations by name; None until the first one (most objects have none).
    annotations: Mapping[str, Annotation] | None = None
    seq: int = field(default=0, repr=False)

    is_delete_marker = False

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(slots=True, eq=False)
class DeleteMarker:
    """A delete marker: a version with no data that makes its key look deleted while it is current."""

    key: str
    version_id: str
    last_modified: datetime
    seq: int = field(default=0, repr=False)

    is_delete_marker = True


Version = ObjectVersion | DeleteMarker


class KeyHistory:
    """All versions of a key that has had more than one, oldest first (the bucket holds a key's only
    version as is, without a history: most keys have one, and a history per key was about a tenth of a
    small object's memory). The cost is O(versions of this key), never O(keys in the bucket).

    `seq` numbers a key's versions in write order, from 1: a small int (CPython shares those up to 256),
    compared only within one key. A removed version's number stays in `retired`, so a listing marker
    naming it can still continue."""

    __slots__ = ("retired", "retired_null_seq", "top", "versions")

    def __init__(self, versions: list[Version], top: int) -> None:
        #: Oldest first; never empty while the bucket holds the history.
        self.versions = versions
        #: The last `seq` given out.
        self.top = top
        #: Where a removed null version stood, so a listing marker naming it can still continue.
        self.retired_null_seq: int | None = None
        #: version id -> seq of removed versions (None until one is removed).
        self.retired: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.versions)

    def state(self) -> tuple[list[Version], int, int | None, dict[str, int] | None]:
        """A copy of everything `restore` needs to put this history back after a failed mutation."""
        return list(self.versions), self.top, self.retired_null_seq, dict(self.retired or {}) or None

    def restore(self, state: tuple[list[Version], int, int | None, dict[str, int] | None]) -> None:
        self.versions, self.top, self.retired_null_seq, self.retired = state

    def latest(self) -> Version | None:
        versions = self.versions
        return versions[-1] if versions else None

    def is_live(self) -> bool:
        """True when the current version is an object (not a delete marker, and not gone)."""
        latest = self.latest()
        return latest is not None and not latest.is_delete_marker

    def get(self, version_id: str) -> Version | None:
        for version in reversed(self.versions):
            if version.version_id == version_id:
                return version
        return None

    def seq_of(self, version_id: str) -> int | None:
        """Where a version of this key stands, or stood before it was removed."""
        version = self.get(version_id)
        if version is not None:
            return version.seq
        if version_id == NULL:
            return self.retired_null_seq
        return self.retired.get(version_id) if self.retired else None

    def append(self, version: Version) -> Version | None:
        """Add `version` as the newest. A new null version replaces the old one, which is returned."""
        replaced = self.remove(NULL) if version.version_id == NULL else None
        self.top += 1
        version.seq = self.top
        self.versions.append(version)
        return replaced

    def remove(self, version_id: str) -> Version | None:
        versions = self.versions
        for i in range(len(versions) - 1, -1, -1):
            if versions[i].version_id == version_id:
                version = versions.pop(i)
                break
        else:
            return None
        if version_id == NULL:
            self.retired_null_seq = version.seq
        else:
            if self.retired is None:
                self.retired = {}
            self.retired[version_id] = version.seq
        return version

    def newest_first(self) -> Iterator[Version]:
        return reversed(self.versions)

    def snapshot(self) -> tuple[Version, ...]:
        """Versions newest first, as S3 lists them."""
        return tuple(reversed(self.versions))
