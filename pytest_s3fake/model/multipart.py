"""In-progress multipart uploads of one bucket, and their parts. Plain data, no S3 rules."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sortedcontainers import SortedDict

from pytest_s3fake.model.versions import _EMPTY, Version


@dataclass(slots=True, eq=False)
class Part:
    """One uploaded part: its bytes, ETag (quoted MD5) and the flexible checksums it was sent with."""

    number: int
    body: bytes
    etag: str
    last_modified: datetime
    checksums: Mapping[str, str] = _EMPTY
    #: Checksums of the body the request computed anyway (a trailer's, checked): kept so that the
    #: completed object's CRC can be combined from its parts' instead of read again.
    known: Mapping[str, str] = _EMPTY

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(slots=True, eq=False)
class Upload:
    """A multipart upload between CreateMultipartUpload and Complete or Abort.

    Holds what CreateMultipartUpload said about the object to be (metadata, headers, tags, storage
    class, checksum algorithm and type, Object Lock settings); the version is made on completion.
    """

    upload_id: str
    key: str
    initiated: datetime
    content_type: str = "binary/octet-stream"
    metadata: Mapping[str, str] = _EMPTY
    headers: Mapping[str, str] = _EMPTY
    tags: Mapping[str, str] = _EMPTY
    storage_class: str = "STANDARD"
    checksum_algorithm: str | None = None
    checksum_type: str | None = None
    retention_mode: str | None = None
    retain_until: datetime | None = None
    legal_hold: bool | None = None
    #: The key's current version (the object itself) when the upload was created (None: the key had
    #: none), so a conditional completion can tell by identity that the key was written since: a seq
    #: would not do, as a key's versions are numbered from 1 again once it is gone.
    key_state: Version | None = None
    parts: dict[int, Part] = field(default_factory=dict)
    seq: int = 0

    def sorted_parts(self, after: int = 0) -> Iterator[Part]:
        """Parts numbered above `after`, in part-number order (at most 10,000, so sorting is cheap)."""
        return (self.parts[n] for n in sorted(self.parts) if n > after)


class Uploads:
    """The in-progress uploads of one bucket, by id and in ListMultipartUploads order (key, then initiation)."""

    __slots__ = ("_by_id", "_ordered", "_seq", "completed")

    #: How many completed uploads keep their answer, for a repeated CompleteMultipartUpload.
    KEEP_COMPLETED = 1000

    def __init__(self) -> None:
        self._by_id: dict[str, Upload] = {}
        self._ordered: SortedDict = SortedDict()
        self._seq = itertools.count(1)
        #: Upload id to (key, result fields, headers, version id) of its completion, newest last, at most
        #: KEEP_COMPLETED: S3 answers a repeated Complete with the first answer for a while (not as long as
        #: this, nor shorter), and GetPart reads the parts of a completed upload from the version it made.
        self.completed: dict[str, tuple[str, dict[str, Any], dict[str, str], str]] = {}

    def remember_completed(self, upload_id: str, key: str, result: dict[str, Any], headers: dict[str, str],
                           version_id: str) -> None:
        self.completed[upload_id] = (key, result, headers, version_id)
        while len(self.completed) > self.KEEP_COMPLETED:
            del self.completed[next(iter(self.completed))]

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, upload_id: str) -> Upload | None:
        return self._by_id.get(upload_id)

    def add(self, upload: Upload) -> None:
        upload.seq = next(self._seq)
        self.restore(upload)

    def restore(self, upload: Upload) -> None:
        """Hold `upload` under its id and seq (a new one from `add`, or one put back after a failure)."""
        try:
            self._by_id[upload.upload_id] = upload
            self._ordered[(upload.key, upload.seq)] = upload
        except BaseException:
            self._by_id.pop(upload.upload_id, None)
            self._ordered.pop((upload.key, upload.seq), None)
            raise

    def remove(self, upload_id: str) -> Upload | None:
        upload = self._by_id.get(upload_id)
        if upload is None:
            return None
        try:
            del self._ordered[(upload.key, upload.seq)]
            del self._by_id[upload_id]
        except BaseException:
            self.restore(upload)
            raise
        return upload

    def check_invariants(self) -> None:
        """Raise AssertionError unless both indexes of the uploads agree."""
        self._ordered._check()
        by_order = {u.upload_id: u for u in self._ordered.values()}
        assert by_order.keys() == self._by_id.keys(), "upload indexes differ"
        assert all(by_order[i] is u for i, u in self._by_id.items()), "upload indexes differ"
        assert all(k == (u.key, u.seq) for k, u in self._ordered.items()), "upload filed under a wrong key"

    def from_key(self, key: str) -> Iterator[Upload]:
        """Uploads of keys at or above `key`, in listing order (where a prefix starts)."""
        return (self._ordered[k] for k in self._ordered.irange(minimum=(key, 0)))

    def after(self, key_marker: str | None = None, upload_id_marker: str | None = None) -> Iterator[Upload]:
        """Uploads in listing order after the markers: keys above `key_marker`, or, with an
        `upload_id_marker` naming an upload of that key, that key's later uploads first."""
        if key_marker is None:
            return iter(self._ordered.values())
        start: tuple[str, int | float] = (key_marker, float("inf"))
        marked = self._by_id.get(upload_id_marker) if upload_id_marker else None
        if marked is not None and marked.key == key_marker:
            start = (key_marker, marked.seq)
        return (self._ordered[k] for k in self._ordered.irange(minimum=start, inclusive=(False, True)))
