"""The binary event stream SelectObjectContent answers with (`application/vnd.amazon.eventstream`).

Each message (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html):
a 12-byte prelude (total length, headers length: big-endian uint32 each, then the CRC32 of those 8
bytes), the headers (name length byte, name, type 7 = string, uint16 value length, value), the payload,
and the CRC32 of everything before it. botocore's `botocore/eventstream.py` checks both CRCs and reads
`:event-type` to pick the member of `SelectObjectContentEventStream`.
"""

from __future__ import annotations

import struct
from binascii import crc32
from collections.abc import Iterable

CONTENT_TYPE = "application/vnd.amazon.eventstream"
#: The most record bytes one Records message carries; a result is split into as many as it needs
#: (S3 splits anywhere, even inside a record, so clients join the payloads).
RECORDS_CHUNK = 64 * 1024
_STRING = 7


def _header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode("utf-8"), value.encode("utf-8")
    return bytes((len(raw_name),)) + raw_name + bytes((_STRING,)) + struct.pack(">H", len(raw_value)) + raw_value


def message(headers: Iterable[tuple[str, str]], payload: bytes = b"") -> bytes:
    """One framed message: prelude, its CRC, headers, payload and the message CRC."""
    head = b"".join(_header(name, value) for name, value in headers)
    total = 12 + len(head) + len(payload) + 4
    prelude = struct.pack(">II", total, len(head))
    prelude += struct.pack(">I", crc32(prelude) & 0xFFFFFFFF)
    body = prelude + head + payload
    return body + struct.pack(">I", crc32(body) & 0xFFFFFFFF)


def event(event_type: str, payload: bytes = b"", content_type: str | None = None) -> bytes:
    headers = [(":event-type", event_type)]
    if content_type is not None:
        headers.append((":content-type", content_type))
    headers.append((":message-type", "event"))
    return message(headers, payload)


def records(data: bytes) -> list[bytes]:
    """The Records events that carry `data`, at most `RECORDS_CHUNK` bytes each (none for no data)."""
    return [
        event("Records", data[start:start + RECORDS_CHUNK], "application/octet-stream")
        for start in range(0, len(data), RECORDS_CHUNK)
    ]


def _counts(root: str, scanned: int, processed: int, returned: int) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns=""><BytesScanned>{scanned}</BytesScanned>'
        f"<BytesProcessed>{processed}</BytesProcessed><BytesReturned>{returned}</BytesReturned></{root}>"
    ).encode()


def stats(scanned: int, processed: int, returned: int) -> bytes:
    return event("Stats", _counts("Stats", scanned, processed, returned), "text/xml")


def progress(scanned: int, processed: int, returned: int) -> bytes:
    return event("Progress", _counts("Progress", scanned, processed, returned), "text/xml")


def end() -> bytes:
    return event("End")


def error(code: str, text: str) -> bytes:
    """An error message: botocore raises it as `EventStreamError` (a ClientError) while iterating."""
    return message([(":error-code", code), (":error-message", text), (":message-type", "error")])
