"""S3 Select's values: NULL (None), MISSING, strings, numbers, booleans, timestamps, and JSON
structures; comparison with SQL's three-valued logic, CAST, and how a value is written out.

CSV fields are strings; S3 Select compares a string with a number as numbers when the string reads as
one (`s._2 > 10` on a CSV column), so `coerce_number` does that here too.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from pytest_s3fake.errors.codes import CastFailed


class _Missing:
    """A path that names nothing (a column past the row's end, an absent JSON key)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def is_absent(value: object) -> bool:
    return value is None or value is MISSING


def is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def coerce_number(value: object) -> int | float | Decimal | None:
    """`value` as a number: numbers as they are, strings that read as numbers; otherwise None."""
    if is_number(value):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) or text.lower() in ("inf", "-inf", "nan") else None
    return None


def _timestamp(text: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)


def _comparable(left: object, right: object) -> tuple[Any, Any] | None:
    """Both values in one type that orders, or None when they do not compare."""
    if is_number(left) and is_number(right):
        return _same_numbers(left, right)
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    if isinstance(left, bool) and isinstance(right, bool):
        return left, right
    if isinstance(left, datetime) or isinstance(right, datetime):
        a = _timestamp(left) if isinstance(left, str) else left
        b = _timestamp(right) if isinstance(right, str) else right
        return (a, b) if isinstance(a, datetime) and isinstance(b, datetime) else None
    if isinstance(left, bool) or isinstance(right, bool):
        a = left if isinstance(left, bool) else _bool_text(left)
        b = right if isinstance(right, bool) else _bool_text(right)
        return (a, b) if a is not None and b is not None else None
    if isinstance(left, str) or isinstance(right, str):
        a, b = coerce_number(left), coerce_number(right)
        return _same_numbers(a, b) if a is not None and b is not None else None
    return None


def _same_numbers(left: Any, right: Any) -> tuple[Any, Any]:
    if isinstance(left, Decimal) != isinstance(right, Decimal):
        return Decimal(str(left)), Decimal(str(right))
    return left, right


def _bool_text(value: object) -> bool | None:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def compare(op: str, left: object, right: object) -> bool | None:
    """`left op right`; None (unknown) when either is NULL or MISSING, or the types do not compare."""
    if is_absent(left) or is_absent(right):
        return None
    pair = _comparable(left, right)
    if pair is None:
        if op == "=":
            return False
        if op == "!=":
            return True
        return None
    a, b = pair
    try:
        if op == "=":
            return bool(a == b)
        if op == "!=":
            return bool(a != b)
        if op == "<":
            return bool(a < b)
        if op == "<=":
            return bool(a <= b)
        if op == ">":
            return bool(a > b)
        return bool(a >= b)
    except TypeError:
        return None


def cast(value: object, type_name: str) -> object:
    """CAST(value AS type_name); CastFailed for a value that type cannot hold."""
    if is_absent(value):
        return None
    try:
        result = _cast(value, type_name)
    except (ValueError, InvalidOperation, OverflowError, TypeError):
        result = MISSING
    if result is MISSING:
        raise CastFailed(f"Attempt to convert from one data type to another using CAST failed in the SQL "
                         f"expression. ({render_text(value)!r} AS {type_name})")
    return result


def _cast(value: object, type_name: str) -> object:
    if type_name == "STRING":
        return render_text(value)
    if type_name == "BOOL":
        if isinstance(value, bool):
            return value
        if is_number(value):
            return value != 0
        parsed = _bool_text(value)
        return MISSING if parsed is None else parsed
    if type_name == "TIMESTAMP":
        if isinstance(value, datetime):
            return value
        stamp = _timestamp(value) if isinstance(value, str) else None
        return MISSING if stamp is None else stamp
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
    elif not is_number(value):
        return MISSING
    if type_name == "INT":
        if isinstance(value, str):
            return int(value)
        return int(value)  # type: ignore[call-overload]
    if type_name == "FLOAT":
        return float(value)  # type: ignore[arg-type]
    return Decimal(value) if isinstance(value, str) else Decimal(str(value))


def render_text(value: object) -> str:
    """A value as CSV output writes it (and as CAST(... AS STRING) reads)."""
    if is_absent(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return _stamp_text(value)
    if isinstance(value, (dict, list)):
        return json.dumps(to_json(value), separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _stamp_text(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def to_json(value: object) -> Any:
    """A value as JSON output writes it: numbers stay numbers, timestamps become text."""
    if is_absent(value):
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return _stamp_text(value)
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items() if item is not MISSING}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    return value
