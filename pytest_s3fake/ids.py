"""Deterministic identifiers and time for one fake: version ids, request ids, host ids, ETags, clock.

Everything is derived from a seed, so the same test makes the same ids on every run. Version ids are
32 URL-safe characters like S3's (`3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY`-style, but from the URL-safe
alphabet so they never need escaping), request ids 16 upper-case hex digits, host ids 76 characters
of base64, as S3 sends in `x-amz-id-2`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import threading
from datetime import datetime, timedelta, timezone

_URLSAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"


class Clock:
    """The fake's notion of now. Frozen unless advanced, so a test's timestamps repeat exactly.

    Starts at the wall-clock second the fake was made (or `start`), so retention dates computed from
    `datetime.now()` in a test stay in the future; `advance()` moves it on (e.g. past a retain-until date).
    """

    def __init__(self, start: datetime | None = None) -> None:
        now = start if start is not None else datetime.now(timezone.utc).replace(microsecond=0)
        if now.tzinfo is None:
            raise ValueError("Clock start must be timezone-aware (use timezone.utc)")
        self._now = now
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move time forward: `clock.advance(days=2)` or `clock.advance(timedelta(hours=1))`."""
        step = (delta or timedelta()) + timedelta(**kwargs)
        if step < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._now += step
            return self._now


class Ids:
    """Seeded id source. Thread-safe; each call returns a new, never repeated value."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed.to_bytes(8, "big", signed=True)
        self._counter = itertools.count(1)

    def _digest(self, kind: bytes) -> bytes:
        # itertools.count.__next__ is atomic under the GIL, so ids never repeat across threads.
        n = next(self._counter)
        return hashlib.blake2b(kind + n.to_bytes(8, "big"), key=self._seed, digest_size=32).digest()

    def version_id(self) -> str:
        return "".join(_URLSAFE[b & 63] for b in self._digest(b"v"))

    def request_id(self) -> str:
        return self._digest(b"r")[:8].hex().upper()

    def host_id(self) -> str:
        raw = self._digest(b"h") + self._digest(b"h")
        return base64.b64encode(raw[:57]).decode()

    def upload_id(self) -> str:
        return base64.urlsafe_b64encode(self._digest(b"u") * 2).decode().rstrip("=")


def etag(body: bytes) -> str:
    """The ETag S3 gives a single-part object: the quoted MD5 hex digest of its bytes."""
    return f'"{hashlib.md5(body).hexdigest()}"'


@functools.lru_cache(maxsize=256)
def http_date(moment: datetime) -> str:
    """RFC 7231's date, as in `Date` and `Last-Modified`; cached, because a frozen clock asks for the same
    moment on every answer. Moments equal in any zone give the same string: the UTC one."""
    return moment.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def iso8601(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


__all__ = ["Clock", "Ids", "etag", "http_date", "iso8601", "timedelta"]
