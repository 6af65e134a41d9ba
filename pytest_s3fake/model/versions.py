"""Object versions and delete markers, and the ordered history of one key. Plain data, no S3 rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn

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


_EMPTY: Mapping[str, str] = _Empty()


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
class ObjectVersion:
    """One stored version of an object. `version_id` is `"null"` for the null version."""

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
    """All versions of one key, oldest first. Most keys have one version: it is held as is, and a list
    only once a second one arrives (a one-element list per key was about an eighth of a small object's
    memory). The cost is O(versions of this key), never O(keys in the bucket)."""

    __slots__ = ("_held", "retired_null_seq")

    def __init__(self) -> None:
        #: None, the one version, or a list of versions (oldest first) once there were two.
        self._held: Version | list[Version] | None = None
        #: Where a removed null version stood, so a listing marker naming it can still continue.
        self.retired_null_seq: int | None = None

    def _all(self) -> list[Version]:
        held = self._held
        if held is None:
            return []
        return held if isinstance(held, list) else [held]

    def __len__(self) -> int:
        held = self._held
        if held is None:
            return 0
        return len(held) if isinstance(held, list) else 1

    def held_copy(self) -> Version | list[Version] | None:
        """The versions as held, copied if a list, for `restore` to put back after a failed mutation."""
        held = self._held
        return list(held) if isinstance(held, list) else held

    def restore(self, held: Version | list[Version] | None, retired_null_seq: int | None) -> None:
        self._held = held
        self.retired_null_seq = retired_null_seq

    def latest(self) -> Version | None:
        held = self._held
        if isinstance(held, list):
            return held[-1] if held else None
        return held

    def sole(self) -> Version | None:
        """The only version, when the key has exactly one (most keys do), else None."""
        held = self._held
        if isinstance(held, list):
            return held[0] if len(held) == 1 else None
        return held

    def is_live(self) -> bool:
        """True when the current version is an object (not a delete marker, and not gone)."""
        latest = self.latest()
        return latest is not None and not latest.is_delete_marker

    def get(self, version_id: str) -> Version | None:
        for version in reversed(self._all()):
            if version.version_id == version_id:
                return version
        return None

    def append(self, version: Version) -> Version | None:
        """Add `version` as the newest. A new null version replaces the old one, which is returned."""
        replaced = self.remove(NULL) if version.version_id == NULL else None
        held = self._held
        if held is None:
            self._held = version
        elif isinstance(held, list):
            held.append(version)
        else:
            self._held = [held, version]
        return replaced

    def remove(self, version_id: str) -> Version | None:
        held = self._held
        if held is None:
            return None
        if not isinstance(held, list):
            if held.version_id != version_id:
                return None
            version: Version = held
            self._held = None
        else:
            for i in range(len(held) - 1, -1, -1):
                if held[i].version_id == version_id:
                    version = held.pop(i)
                    break
            else:
                return None
        if version_id == NULL:
            self.retired_null_seq = version.seq
        return version

    def newest_first(self) -> Iterator[Version]:
        return reversed(self._all())

    def snapshot(self) -> tuple[Version, ...]:
        """Versions newest first, as S3 lists them."""
        return tuple(reversed(self._all()))
