"""The call journal: every HTTP attempt a fake answered, in order, for tests to assert on."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_s3fake.errors import S3Error
from pytest_s3fake.wire import parse_xml


@dataclass(frozen=True, slots=True)
class Call:
    """One attempt: what was asked, how it was answered, and whether a fault answered it."""

    operation: str
    method: str
    bucket: str | None
    key: str | None
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = field(repr=False)
    status: int
    error_code: str | None
    attempt: int
    request_id: str
    fault: Any = None  # the Fault that answered this attempt, if one did

    @property
    def faulted(self) -> bool:
        return self.fault is not None

    @property
    def xml(self) -> Any:
        """The request body parsed with xmltodict (None for a body that is not XML)."""
        if not self.body.lstrip().startswith(b"<"):
            return None
        try:
            return parse_xml(self.body, force_list=("Object",))
        except S3Error:
            return None

    @property
    def objects(self) -> list[dict[str, str]]:
        """DeleteObjects: the objects asked for, each `{"Key": ..., "VersionId": ...}` as sent."""
        doc = self.xml
        delete = doc.get("Delete") if isinstance(doc, dict) else None
        if not isinstance(delete, dict):
            return []
        return [dict(obj) for obj in delete.get("Object") or [] if isinstance(obj, dict)]

    @property
    def quiet(self) -> bool:
        """DeleteObjects: whether the request asked for quiet mode."""
        doc = self.xml
        delete = doc.get("Delete") if isinstance(doc, dict) else None
        return isinstance(delete, dict) and str(delete.get("Quiet", "")).strip().lower() == "true"


class Journal:
    """`s3fake.calls`: a thread-safe, ordered list of `Call`s with filters."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    def snapshot(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def of(self, *operations: str) -> list[Call]:
        """Calls for the given operations, in order: `s3fake.calls.of("DeleteObjects")`."""
        return [call for call in self.snapshot() if call.operation in operations]

    def operations(self) -> list[str]:
        """The operation names, in order, one per attempt."""
        return [call.operation for call in self.snapshot()]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
