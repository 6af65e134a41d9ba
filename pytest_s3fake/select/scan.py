"""ScanRange: the records of an uncompressed CSV or JSON LINES object that start within a byte range
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_ScanRange.html). A record that starts in the range is
read to its end, even past the range; one that started before it is left to the previous range, so
consecutive ranges split an object's records exactly once between them.
"""

from __future__ import annotations


def bounds(size: int, start: int | None, end: int | None) -> tuple[int, int]:
    """The inclusive byte range `Start`/`End` name: `End` alone is the last `End` bytes, `Start` alone runs to
    the end of the object."""
    if start is None and end is not None:
        return max(size - end, 0), size - 1
    return start or 0, size - 1 if end is None else min(end, size - 1)


def records_in(data: bytes, delimiter: bytes, first: int, last: int) -> bytes:
    """The bytes of the records of `data` (split at `delimiter`) that start at an offset in [first, last]."""
    if first > last or first >= len(data):
        return b""
    if first == 0:
        begin = 0
    else:
        found = data.find(delimiter, first - len(delimiter))
        if found < 0:
            return b""
        begin = found + len(delimiter)
    if begin > last:
        return b""
    stop = data.find(delimiter, last)
    return data[begin: len(data) if stop < 0 else stop + len(delimiter)]
