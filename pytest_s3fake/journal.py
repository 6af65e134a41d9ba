"""The call journal, `s3fake.calls`: every HTTP attempt a fake answered, in order, for tests to assert on.

Recording is cheap: a `Call` keeps the request as it came (headers, query, raw body). The XML body is
parsed only when a test reads `call.xml`, `call.objects` or `call.quiet`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from pytest_s3fake.errors import S3Error
from pytest_s3fake.service_model import xml_payload_operations
from pytest_s3fake.wire import parse_xml

if TYPE_CHECKING:
    from pytest_s3fake.faults import Fault

#: Elements that repeat in S3 request documents, so one and many read alike (`call.xml`).
_REPEATED = ("Object", "Part", "Tag", "Rule", "CORSRule", "Grant", "FilterRule", "TopicConfiguration",
             "QueueConfiguration", "CloudFunctionConfiguration", "AllowedOrigin", "AllowedMethod",
             "AllowedHeader", "ExposeHeader")


@dataclass(frozen=True, slots=True)
class Call:
    """One attempt: what was asked, how it was answered, and whether a fault answered it."""

    operation: str
    method: str
    bucket: str | None
    key: str | None
    query: Mapping[str, str]
    #: Request headers, names in lower case.
    headers: Mapping[str, str]
    #: The request body as the fake received it (aws-chunked framing removed).
    body: bytes = field(repr=False)
    #: The HTTP status answered; 0 when a network fault raised instead of answering.
    status: int
    #: The S3 error code (or the network error's class name); None for a success.
    error_code: str | None
    #: Which try of the same call this was: 1, then 2, 3... on retries (botocore's `amz-sdk-request`).
    attempt: int
    request_id: str
    #: The `Fault` that answered this attempt with an error, if one did.
    fault: Fault | None = None

    @property
    def faulted(self) -> bool:
        """Whether an injected fault answered this attempt (its handler did not run)."""
        return self.fault is not None

    @property
    def xml(self) -> dict[str, Any] | None:
        """The request document parsed with xmltodict, for operations whose body is XML; None otherwise."""
        if self.operation not in xml_payload_operations() or not self.body.strip():
            return None
        try:
            doc = parse_xml(self.body, force_list=_REPEATED)
        except S3Error:
            return None
        return doc if isinstance(doc, dict) else None

    def _delete(self) -> dict[str, Any]:
        """The `<Delete>` document with whitespace kept, as the handler reads it: keys may begin or end
        with spaces, and `" sp "` must stay `" sp "` here too."""
        if self.operation != "DeleteObjects" or not self.body.strip():
            return {}
        try:
            doc = parse_xml(self.body, force_list=_REPEATED, keep_whitespace=True)
        except S3Error:
            return {}
        delete = doc.get("Delete") if isinstance(doc, dict) else None
        return delete if isinstance(delete, dict) else {}

    @property
    def objects(self) -> list[dict[str, str]]:
        """DeleteObjects: the objects asked for, each `{"Key": ..., "VersionId": ...}` exactly as sent."""
        return [
            {name: value for name, value in obj.items() if name != "#text"}  # whitespace between elements
            for obj in self._delete().get("Object") or [] if isinstance(obj, dict)
        ]

    @property
    def keys(self) -> list[str]:
        """DeleteObjects: the keys asked for, in request order."""
        return [obj.get("Key", "") for obj in self.objects]

    @property
    def quiet(self) -> bool:
        """DeleteObjects: whether the request asked for quiet mode."""
        return str(self._delete().get("Quiet", "")).strip().lower() == "true"


class Journal:
    """`s3fake.calls`: a thread-safe, ordered list of `Call`s, one per HTTP attempt, with filters."""

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

    @overload
    def __getitem__(self, index: int) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...

    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        return self.snapshot()[index]

    def __repr__(self) -> str:
        return f"<Journal of {len(self)} calls: {', '.join(self.operations()[-5:])}>"

    def snapshot(self) -> list[Call]:
        """A copy of the calls so far."""
        with self._lock:
            return list(self._calls)

    def of(self, *operations: str) -> list[Call]:
        """Calls for the given operations, in order: `s3fake.calls.of("DeleteObjects")`."""
        return [call for call in self.snapshot() if call.operation in operations]

    def where(
        self,
        operation: str | None = None,
        *,
        bucket: str | None = None,
        key: str | None = None,
        status: int | None = None,
        error_code: str | None = None,
        faulted: bool | None = None,
    ) -> list[Call]:
        """Calls matching every filter given: `s3fake.calls.where("PutObject", error_code="SlowDown")`."""
        return [
            call for call in self.snapshot()
            if (operation is None or call.operation == operation)
            and (bucket is None or call.bucket == bucket)
            and (key is None or call.key == key)
            and (status is None or call.status == status)
            and (error_code is None or call.error_code == error_code)
            and (faulted is None or call.faulted == faulted)
        ]

    def operations(self) -> list[str]:
        """The operation names, in order, one per attempt."""
        return [call.operation for call in self.snapshot()]

    def clear(self) -> None:
        """Forget the calls so far (for example after seeding data through the client)."""
        with self._lock:
            self._calls.clear()
