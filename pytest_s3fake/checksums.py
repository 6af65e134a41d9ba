"""The checksum algorithms S3 accepts in `x-amz-checksum-*`: CRC32, CRC32C, CRC64NVME, SHA1, SHA256.

Values are base64 of the big-endian digest, as on the wire. CRC32C and CRC64NVME use awscrt when it is
installed (botocore needs it to send them) and a table-driven pure-Python fallback otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable


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


def _reflected_crc(data: bytes, table: list[int], mask: int) -> int:
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ mask


def _crc32c(data: bytes) -> int:
    try:
        from awscrt import checksums  # type: ignore[import-not-found]

        return int(checksums.crc32c(data))
    except ImportError:
        return _reflected_crc(data, _CRC32C_TABLE, 0xFFFFFFFF)


def _crc64nvme(data: bytes) -> int:
    try:
        from awscrt import checksums

        return int(checksums.crc64nvme(data))
    except (ImportError, AttributeError):
        return _reflected_crc(data, _CRC64NVME_TABLE, 0xFFFFFFFFFFFFFFFF)


def _int_digest(fn: Callable[[bytes], int], size: int) -> Callable[[bytes], bytes]:
    return lambda data: fn(data).to_bytes(size, "big")


_DIGESTS: dict[str, tuple[Callable[[bytes], bytes], int]] = {
    "CRC32": (_int_digest(lambda d: zlib.crc32(d) & 0xFFFFFFFF, 4), 4),
    "CRC32C": (_int_digest(_crc32c, 4), 4),
    "CRC64NVME": (_int_digest(_crc64nvme, 8), 8),
    "SHA1": (lambda d: hashlib.sha1(d).digest(), 20),
    "SHA256": (lambda d: hashlib.sha256(d).digest(), 32),
}

#: Algorithm names as S3 spells them, in the order S3 documents them.
ALGORITHMS: tuple[str, ...] = tuple(_DIGESTS)


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
