"""The checksum algorithms S3 accepts in `x-amz-checksum-*`: CRC32, CRC32C, CRC64NVME, SHA1, SHA256, and
since late 2026 SHA512, MD5, XXHASH64, XXHASH3 (64-bit XXH3) and XXHASH128 (XXH3-128).

Values are base64 of the big-endian digest, as on the wire. CRC32C and CRC64NVME use awscrt when it is
installed (botocore needs it to send them) and a table-driven pure-Python fallback otherwise: CRC32C a
byte at a time, CRC64NVME eight bytes at a time ("slicing-by-8", about 1.7x faster than a byte at a time
in CPython), because S3 gives every object a CRC64NVME by default (`DEFAULT_ALGORITHM`).
"""

from __future__ import annotations

import base64
import hashlib
import struct
import warnings
import zlib
from collections.abc import Callable
from typing import Any


def _table(poly: int, width: int) -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc & ((1 << width) - 1))
    return table


_CRC32C_TABLE = _table(0x82F63B78, 32)
_CRC64NVME_TABLE = _table(0x9A6C9329AC4BC9B5, 64)
_MASK64 = 0xFFFFFFFFFFFFFFFF


def _sliced_tables(table: list[int]) -> tuple[list[int], ...]:
    """Slicing-by-8: tables[k][b] is the CRC state of byte `b` followed by `k` zero bytes."""
    tables = [table]
    for _ in range(7):
        prev = tables[-1]
        tables.append([(value >> 8) ^ table[value & 0xFF] for value in prev])
    return tuple(tables)


_CRC64NVME_SLICES: tuple[list[int], ...] | None = None


def _reflected_crc(data: bytes, table: list[int], mask: int) -> int:
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ mask


def _crt(name: str) -> Callable[[bytes], int] | None:
    """awscrt's checksum function `name`, or None without awscrt (or with one too old to have it)."""
    try:
        from awscrt import checksums  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    fn: Callable[[bytes], int] | None = getattr(checksums, name, None)
    return fn


#: Looked up once, on first use: a failed import is not cached by Python and costs a path search each time.
_CRT: dict[str, Callable[[bytes], int] | None] = {}


#: From this size a pure-Python CRC takes long enough (CRC64NVME about 13 MB/s) to say why, once.
SLOW_WARNING_BYTES = 1 << 20
_WARNED: set[str] = set()


def _warn_slow(algorithm: str, size: int) -> None:
    if size >= SLOW_WARNING_BYTES and algorithm not in _WARNED:
        _WARNED.add(algorithm)
        warnings.warn(
            f"pytest-s3fake computes {algorithm} in pure Python without awscrt (a few MB a second; this body is "
            f"{size:,} bytes). S3 gives every object sent without a checksum a CRC64NVME, so the fake computes "
            "one too. Install awscrt (pip install 'pytest-s3fake[crt]') to make it about 1,000x faster.",
            SlowChecksumWarning, stacklevel=2)


class SlowChecksumWarning(UserWarning):
    """A large body's CRC32C or CRC64NVME was computed in pure Python because awscrt is missing."""


def _crc32c(data: bytes) -> int:
    if "crc32c" not in _CRT:
        _CRT["crc32c"] = _crt("crc32c")
    fn = _CRT["crc32c"]
    if fn is not None:
        return int(fn(data))
    _warn_slow("CRC32C", len(data))
    return _reflected_crc(data, _CRC32C_TABLE, 0xFFFFFFFF)


def crc64nvme_pure(data: bytes) -> int:
    """CRC64NVME (reflected, polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones) in pure Python."""
    global _CRC64NVME_SLICES
    if _CRC64NVME_SLICES is None:  # built on first use (about 2 ms), not at import
        _CRC64NVME_SLICES = _sliced_tables(_CRC64NVME_TABLE)
    t0, t1, t2, t3, t4, t5, t6, t7 = _CRC64NVME_SLICES
    crc = _MASK64
    words = len(data) // 8
    for word in struct.unpack_from(f"<{words}Q", data):
        crc ^= word
        crc = (t7[crc & 0xFF] ^ t6[(crc >> 8) & 0xFF] ^ t5[(crc >> 16) & 0xFF] ^ t4[(crc >> 24) & 0xFF]
               ^ t3[(crc >> 32) & 0xFF] ^ t2[(crc >> 40) & 0xFF] ^ t1[(crc >> 48) & 0xFF] ^ t0[crc >> 56])
    for byte in data[words * 8:]:
        crc = t0[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ _MASK64


def _crc64nvme(data: bytes) -> int:
    if "crc64nvme" not in _CRT:
        _CRT["crc64nvme"] = _crt("crc64nvme")
    fn = _CRT["crc64nvme"]
    if fn is not None:
        return int(fn(data))
    _warn_slow("CRC64NVME", len(data))
    return crc64nvme_pure(data)


def _int_digest(fn: Callable[[bytes], int], size: int) -> Callable[[bytes], bytes]:
    return lambda data: fn(data).to_bytes(size, "big")


_DIGESTS: dict[str, tuple[Callable[[bytes], bytes], int]] = {
    "CRC32": (_int_digest(lambda d: zlib.crc32(d) & 0xFFFFFFFF, 4), 4),
    "CRC32C": (_int_digest(_crc32c, 4), 4),
    "CRC64NVME": (_int_digest(_crc64nvme, 8), 8),
    "SHA1": (lambda d: hashlib.sha1(d).digest(), 20),
    "SHA256": (lambda d: hashlib.sha256(d).digest(), 32),
    # Added to S3's model with botocore 1.44.18 (late 2026); botocore sends the XXHASH family only with
    # awscrt, and so does the fake compute them (`_xxhash`).
    "SHA512": (lambda d: hashlib.sha512(d).digest(), 64),
    "MD5": (lambda d: hashlib.md5(d).digest(), 16),
    "XXHASH64": (lambda d: _xxhash("compute_xxhash64", "XXHASH64", d), 8),
    "XXHASH3": (lambda d: _xxhash("compute_xxhash3_64", "XXHASH3", d), 8),
    "XXHASH128": (lambda d: _xxhash("compute_xxhash3_128", "XXHASH128", d), 16),
}


def _xxhash(function: str, algorithm: str, data: bytes) -> bytes:
    """An XXHash digest from awscrt; 501 NotImplemented without it (there is no pure-Python fallback)."""
    try:
        from awscrt.checksums import XXHash  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_

        raise NotImplementedError_(f"pytest-s3fake computes {algorithm} with awscrt: pip install "
                                   "'pytest-s3fake[crt]'") from None
    return bytes(getattr(XXHash, function)(data))

#: Algorithm names as S3 spells them, in the order S3 documents them.
ALGORITHMS: tuple[str, ...] = tuple(_DIGESTS)
#: The checksum S3 stores for an object uploaded without one (since 2025), as a FULL_OBJECT checksum:
#: https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
DEFAULT_ALGORITHM = "CRC64NVME"


def header_name(algorithm: str) -> str:
    return f"x-amz-checksum-{algorithm.lower()}"


def compute(algorithm: str, data: bytes) -> str:
    """The base64 checksum of `data` with `algorithm` (one of ALGORITHMS)."""
    digest, _ = _DIGESTS[algorithm]
    return base64.b64encode(digest(data)).decode()


def is_well_formed(algorithm: str, value: str) -> bool:
    """True when `value` is base64 of a digest of the right length for `algorithm`."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        return False
    return len(raw) == _DIGESTS[algorithm][1]


def content_md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


#: awscrt's function combining two CRCs (of A, and of B with B's length) into the CRC of A then B.
_COMBINERS = {"CRC32": "combine_crc32", "CRC32C": "combine_crc32c", "CRC64NVME": "combine_crc64nvme"}


def combine(algorithm: str, pieces: list[tuple[str | None, int]]) -> str | None:
    """The base64 CRC of consecutive pieces from each piece's (base64 CRC, length): what `compute` gives
    for the pieces joined, without reading them again. None when it cannot be combined: not a CRC, a
    piece's value unknown, or no awscrt."""
    name = _COMBINERS.get(algorithm)
    if name is None or not pieces or any(value is None for value, _ in pieces):
        return None
    combine_fn: Any = _crt(name)  # (crc1: int, crc2: int, length2: int) -> int
    if combine_fn is None:
        return None
    _, size = _DIGESTS[algorithm]
    crc = 0
    for number, (value, length) in enumerate(pieces):
        piece = int.from_bytes(base64.b64decode(value or ""), "big")
        crc = piece if number == 0 else int(combine_fn(crc, piece, length))
    return base64.b64encode(crc.to_bytes(size, "big")).decode()
