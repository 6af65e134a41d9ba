"""Bucket configuration documents checked against their shape in botocore's S3 model, as S3 checks
them against its published schema: a missing required element, an unknown element, a value outside
its enumeration or a number or boolean that is not one is MalformedXML.

`conform` returns the document normalized for storage and for answering Get*: element names as on the
wire, every list a list (one item or many), every value a text, so a stored document renders back as
it was sent. Rules S3 checks beyond the schema (an Id that must match, a destination that must be an
ARN) stay with each family's handler.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from pytest_s3fake.errors.codes import MalformedXML
from pytest_s3fake.operations.common import verify_integrity
from pytest_s3fake.service_model import s3_model
from pytest_s3fake.wire import Request


@functools.cache
def shape(name: str) -> Any:
    """A shape of botocore's S3 model by its name (`CORSConfiguration`, `InventoryConfiguration`)."""
    return s3_model().shape_for(name)


def conform(shape_name: str, doc: Any) -> dict[str, Any]:
    """`doc` (a parsed element's content) checked against `shape_name`, normalized; MalformedXML
    when it does not fit."""
    return _structure(shape(shape_name), doc)


@functools.cache
def _elements(structure: Any) -> dict[str, tuple[str, Any]]:
    """A structure's child elements: XML name -> (member name, member shape); attributes left out."""
    out = {}
    for name, member in structure.members.items():
        if member.serialization.get("xmlAttribute") or member.serialization.get("location"):
            continue
        out[member.serialization.get("name", name)] = (name, member)
    return out


def _structure(structure: Any, doc: Any) -> dict[str, Any]:
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise MalformedXML()
    elements = _elements(structure)
    out: dict[str, Any] = {}
    present = set()
    for key, value in doc.items():
        if key.startswith("@") or key == "#text":
            if key.startswith("@") and key != "@xmlns":
                out[key] = value
            continue
        if key not in elements:
            raise MalformedXML()
        name, member = elements[key]
        present.add(name)
        out[key] = _value(member, value)
    for name in structure.required_members:
        member = structure.members[name]
        if name not in present and not member.serialization.get("xmlAttribute") \
                and not member.serialization.get("location"):
            raise MalformedXML()
    return out


def _value(member: Any, value: Any) -> Any:
    kind = member.type_name
    if kind == "structure":
        return _structure(member, value)
    if kind == "list":
        if member.serialization.get("flattened"):
            return [_value(member.member, item) for item in _items(value)]
        if value is None:
            return None
        item_name = member.member.serialization.get("name", "member")
        if isinstance(value, list):  # already unwrapped by the wire layer's shape check
            raw_items = value
        elif isinstance(value, dict) and not set(value) - {item_name, "#text"}:
            raw_items = _items(value.get(item_name))
        else:
            raise MalformedXML()
        items = [_value(member.member, item) for item in raw_items]
        return {item_name: items} if items else None
    return _scalar(member, value)


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _scalar(member: Any, value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        raise MalformedXML()
    kind = member.type_name
    if isinstance(value, bool):
        text: str | None = "true" if value else "false"
    elif isinstance(value, datetime):
        text = value.isoformat().replace("+00:00", "Z")
    elif value is None:
        text = None
    else:
        text = str(value).strip() if kind in ("integer", "long", "boolean") else str(value)
    if kind in ("integer", "long"):
        try:
            int(text or "")
        except ValueError:
            raise MalformedXML() from None
    elif kind == "boolean" and text not in ("true", "false"):
        raise MalformedXML()
    enum = getattr(member, "enum", None)
    if enum and text not in enum:
        raise MalformedXML()
    return text


def items(value: Any) -> list[Any]:
    """A conformed list element's items: the list itself (flattened) or its one inner list (wrapped)."""
    if isinstance(value, dict):
        inner: Any = next(iter(value.values()), [])
        return inner if isinstance(inner, list) else [inner]
    return _items(value)


@functools.cache
def _checksum_required(operation: str) -> bool:
    model = s3_model().operation_model(operation)
    return bool(model.http_checksum_required or (model.http_checksum or {}).get("requestChecksumRequired"))


def check_integrity(req: Request) -> None:
    """Content-MD5 or a flexible checksum checked, and required where botocore's model says S3 requires one."""
    verify_integrity(req, required=_checksum_required(req.operation))
