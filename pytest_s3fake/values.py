"""Reading request values: integers, booleans, timestamps and enums from query strings, headers and XML.

One reader for every value S3 parses, so no handler calls `int()` on what a client sent. S3 reads
numbers as ASCII decimal digits: `²` or an Arabic-Indic five (which `str.isdigit()` or `int()` take), `--5`, `5_0` or
` 5` are not numbers to it. A number of any length is read without Python's 4,300-digit limit:
past 30 digits it saturates, which every bound we check against tells apart from a real value.

The `parse_*` functions answer None for text that is not a value of their type (the XML reader in
`shapes.py` turns that into MalformedXML); the others raise the `InvalidArgument` S3 sends for a query
or header value, with its ArgumentName and ArgumentValue.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from pytest_s3fake.errors.codes import InvalidArgument

_INTEGER = re.compile(r"(-?)0*([0-9]+)\Z", re.ASCII)
#: Digits kept exactly; a longer number saturates at +/-10**_DIGITS (no bound we check comes near).
_DIGITS = 30
_SATURATED = 10**_DIGITS
_ISO8601 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]{1,9}))?"
    r"(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2}))?\Z",
    re.ASCII,
)


def parse_integer(text: str) -> int | None:
    """An ASCII decimal integer with an optional `-`; None for anything else."""
    match = _INTEGER.match(text)
    if match is None:
        return None
    sign, digits = match.groups()
    number = _SATURATED if len(digits) > _DIGITS else int(digits)
    return -number if sign else number


def parse_boolean(text: str) -> bool | None:
    """`true` or `false`, in any case and with surrounding whitespace, as S3's XML reader takes them."""
    lowered = text.strip().lower()
    return True if lowered == "true" else False if lowered == "false" else None


def parse_timestamp(text: str) -> datetime | None:
    """An ISO 8601 date-time (botocore writes `2030-01-01T00:00:00.000Z`), aware; a time without a
    zone is UTC. None for anything else, or a date that does not exist."""
    match = _ISO8601.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, _zulu, sign, zone_h, zone_m = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                          int((fraction or "0").ljust(6, "0")[:6]), tzinfo=timezone.utc)
        if sign:
            offset = int(zone_h) * 60 + int(zone_m)
            if offset >= 24 * 60:
                return None
            moment -= timedelta(minutes=offset if sign == "+" else -offset)
    except (ValueError, OverflowError):
        return None
    return moment


def parse_http_date(text: str) -> datetime | None:
    """An RFC 7231 date (`If-Modified-Since`), aware; None when it is not one."""
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def integer(raw: str, name: str, message: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """The query or header value `name` as an integer within [minimum, maximum]; else InvalidArgument."""
    number = parse_integer(raw)
    if number is None or (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InvalidArgument(message, argument_name=name, argument_value=raw)
    return number


def boolean(raw: str, name: str, message: str) -> bool:
    """The query or header value `name` as `true`/`false`; else InvalidArgument."""
    value = parse_boolean(raw)
    if value is None:
        raise InvalidArgument(message, argument_name=name, argument_value=raw)
    return value


def timestamp(raw: str, name: str, message: str) -> datetime:
    """The query or header value `name` as an ISO 8601 date-time; else InvalidArgument."""
    moment = parse_timestamp(raw)
    if moment is None:
        raise InvalidArgument(message, argument_name=name, argument_value=raw)
    return moment


def enum(raw: str, allowed: Collection[str], name: str, message: str) -> str:
    """The query or header value `name`, one of `allowed` exactly; else InvalidArgument."""
    if raw not in allowed:
        raise InvalidArgument(message, argument_name=name, argument_value=raw)
    return raw


_BYTE_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)\Z", re.ASCII)


def byte_range_spec(text: str) -> tuple[int | None, int | None] | None:
    """`bytes=first-last` with either side empty (`bytes=-500`: the last 500), as (first, last) with
    None for an empty side; None when the text is not one range of ASCII digits, or both are empty."""
    match = _BYTE_RANGE.match(text.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    return (parse_integer(first) if first else None), (parse_integer(last) if last else None)
