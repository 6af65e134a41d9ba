"""Deterministic identifiers and time for one fake: version ids, request ids, host ids, ETags, clock.

Everything is derived from a seed, so the same test makes the same ids on every run. Version ids are
32 URL-safe characters like S3's (`3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY`-style, but from the URL-safe
alphabet so they never need escaping), request ids 16 upper-case hex digits, host ids 76 characters
of base64, as S3 sends in `x-amz-id-2`.

S3 tells a version id it never issued (400 InvalidArgument) from one it issued and has since removed
(an idempotent delete), without a lookup table: its ids carry structure. Ours do too, so no set of every
id ever issued is kept. A version id is 24 bytes in 32 six-bit characters: the issue number, masked, and
a 16-byte keyed hash of it. `Ids.issued()` unmasks the number and checks the hash and that the number was
already handed out; a made-up id passes with odds of 2**-128.
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
    """The fake's notion of now: the process's time by default, or frozen for exact repeats.

    `Clock()` reads `datetime.now(timezone.utc)` on every call, so LastModified moves on between writes
    and time-machine or freezegun move it too; `Clock("frozen")` stays at the second it was made (or
    `start`) until advanced. Either way `advance()` adds an offset (e.g. past a retain-until date), and
    `now()` never goes backwards within one clock, even when a time-travel library moves back.
    Moments have S3's precision for LastModified: whole seconds (listings show `...:30.000Z`).
    """

    def __init__(self, mode: str = "real", start: datetime | None = None) -> None:
        if mode not in ("real", "frozen"):
            raise ValueError(f'clock must be "real" or "frozen", not {mode!r}')
        if start is not None and start.tzinfo is None:
            raise ValueError("Clock start must be timezone-aware (use timezone.utc)")
        self.mode = mode
        wall = _wall()
        origin = start if start is not None else wall
        # A real clock started elsewhere in time runs from `start` at the process's pace.
        self._offset = origin - wall if mode == "real" and start is not None else timedelta()
        self._frozen = origin
        self._last = origin if start is not None or mode == "frozen" else wall
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            if self.mode == "frozen":
                return self._frozen
            moment = _wall() + self._offset
            if moment > self._last:
                self._last = moment
            return self._last

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move time forward: `clock.advance(days=2)` or `clock.advance(timedelta(hours=1))`."""
        step = (delta or timedelta()) + timedelta(**kwargs)
        if step < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += step
            self._frozen += step
            self._last += step
        return self.now()


def _wall() -> datetime:
    """The process's UTC time to the second, as S3 keeps LastModified (time-machine and freezegun patch it)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: base64's digits to ours and back: a version id is its 24 bytes in base64, spelled in `_URLSAFE`'s order,
#: so `bytes.translate` does in C what a loop over 32 six-bit digits did in Python.
_TO_OURS = bytes.maketrans(_B64, _URLSAFE.encode())
_FROM_OURS = bytes.maketrans(_URLSAFE.encode(), _B64)


class Ids:
    """Seeded id source. Thread-safe; each call returns a new, never repeated value."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed.to_bytes(8, "big", signed=True)
        self._counter = itertools.count(1)
        #: The highest issue number a version id was made from (ids above it were never issued).
        self._top_version = 0
        self._lock = threading.Lock()

    def _digest(self, kind: bytes) -> bytes:
        # itertools.count.__next__ is atomic under the GIL, so ids never repeat across threads.
        n = next(self._counter)
        return hashlib.blake2b(kind + n.to_bytes(8, "big"), key=self._seed, digest_size=32).digest()

    def _tag(self, number: bytes) -> bytes:
        return hashlib.blake2b(b"v" + number, key=self._seed, digest_size=16).digest()

    def _mask(self, tag: bytes) -> bytes:
        return hashlib.blake2b(b"m" + tag, key=self._seed, digest_size=8).digest()

    def version_id(self) -> str:
        n = next(self._counter)
        with self._lock:
            self._top_version = max(self._top_version, n)
        tag = self._tag(n.to_bytes(8, "big"))
        masked = (n ^ int.from_bytes(self._mask(tag), "big")).to_bytes(8, "big")
        return base64.urlsafe_b64encode(masked + tag).translate(_TO_OURS).decode("ascii")

    def issued(self, version_id: str) -> bool:
        """True when this source made `version_id` (it may have been deleted since): the structural check
        S3 makes before it answers "Invalid version id specified"."""
        if len(version_id) != 32 or not version_id.isascii() or version_id.strip(_URLSAFE):
            return False
        raw = base64.urlsafe_b64decode(version_id.encode("ascii").translate(_FROM_OURS))
        masked, tag = raw[:8], raw[8:]
        n = int.from_bytes(masked, "big") ^ int.from_bytes(self._mask(tag), "big")
        return self._tag(n.to_bytes(8, "big")) == tag and 0 < n <= self._top_version

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
    """RFC 7231's date, as in `Date` and `Last-Modified`; cached, because the clock moves in whole seconds
    and so asks for the same moment on many answers. Moments equal in any zone give the same string: the UTC one."""
    return moment.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def iso8601(moment: datetime) -> str:
    """`2009-10-12T17:50:30.123Z`, as S3 writes LastModified: datetime's own C formatter, about twice
    as fast as strftime, which took a sixth of a 1000-key listing page. `moment` is UTC."""
    return moment.isoformat(timespec="milliseconds")[:23] + "Z"


__all__ = ["Clock", "Ids", "etag", "http_date", "iso8601", "timedelta"]
