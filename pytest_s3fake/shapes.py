"""Checking a parsed request document against the operation's input shape in botocore's S3 model.

`Request.xml` parses a body into xmltodict's shape (dicts, lists, texts) and then hands it here, so a
handler only ever sees a document of the shape S3 publishes: a structure is a dict (`{}` when empty),
a list is a list (one item or many), a string is a `str` or None, and integers, booleans and
timestamps arrive as `int`, `bool` and aware `datetime`. Anything else, such as a text where a
structure belongs (`<TagSet>x</TagSet>`), an element where a text belongs
(`<Value><x>1</x></Value>`), a second `<TagSet>`, or a number that is not one, is MalformedXML, as
S3 answers a document that does not validate against its schema.

Keys stay the XML element names (`TagSet`, `Tag`, `MfaDelete`), as xmltodict gives them; elements the
model does not know, attributes (`@xsi:type`) and whitespace between elements are passed through.
Enumerations are left to the handlers, which answer each as S3 does.
"""

from __future__ import annotations

import functools
from typing import Any

from pytest_s3fake import values
from pytest_s3fake.errors.codes import MalformedXML
from pytest_s3fake.service_model import s3_model

#: botocore's integer types and their ranges (S3 reads them as Java `int` and `long`).
_INTEGER_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}


@functools.cache
def payload_shape(operation: str) -> Any:
    """The shape of `operation`'s XML payload member, or None when its body is not an XML document."""
    model = s3_model()
    if operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if not payload or shape.members[payload].type_name != "structure":
        return None
    return shape.members[payload]


def check_document(operation: str, content: dict[str, Any]) -> dict[str, Any]:
    """`content` (the root element's, in xmltodict's shape) checked and typed against the operation's
    payload shape; MalformedXML when it does not fit. Unchanged for an operation without one."""
    shape = payload_shape(operation)
    if shape is None:
        return content
    return _structure(shape, content)


def _xml_name(name: str, shape: Any) -> str:
    return str(shape.serialization.get("name", name))


@functools.cache
def _members(shape: Any) -> dict[str, Any]:
    """A structure's members by the element name each travels as (attribute members left out).

    Where two members travel as one element (the legacy notification shapes' `Event` and flattened
    `Events` list), the list reads it, since it accepts the element once or repeated."""
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        if member.serialization.get("xmlAttribute"):
            continue
        xml_name = _xml_name(name, member)
        if xml_name not in out or member.type_name == "list":
            out[xml_name] = member
    return out


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _structure(shape: Any, value: Any) -> dict[str, Any]:
    if _is_blank(value):
        return {}  # an empty element (or only whitespace, when whitespace is kept)
    if not isinstance(value, dict):
        raise MalformedXML()  # a text, or the element repeated, where one structure belongs
    members = _members(shape)
    out: dict[str, Any] = {}
    for name, item in value.items():
        member = members.get(name)
        if member is None:
            if name == "#text" and not _is_blank(item):
                raise MalformedXML()  # text mixed in between the elements of a structure
            out[name] = item  # an attribute, whitespace, or an element the model does not know
        elif member.type_name == "list" and member.serialization.get("flattened"):
            out[name] = [_value(member.member, one) for one in _as_list(item)]
        elif isinstance(item, list):
            raise MalformedXML()  # the element given twice
        else:
            out[name] = _value(member, item)
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _value(shape: Any, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape, value)
    if kind == "list":
        return _wrapped_list(shape, value)
    text = _text(value)
    if kind in _INTEGER_RANGES:
        number = values.parse_integer(text) if text is not None else None
        low, high = _INTEGER_RANGES[kind]
        if number is None or not low <= number <= high:
            raise MalformedXML()
        return number
    if kind == "boolean":
        flag = values.parse_boolean(text) if text is not None else None
        if flag is None:
            raise MalformedXML()
        return flag
    if kind == "timestamp":
        moment = values.parse_timestamp(text) if text is not None else None
        if moment is None:
            raise MalformedXML()
        return moment
    return text  # string, blob and the rest: a text


def _text(value: Any) -> str | None:
    """A leaf's text: a str, None when empty, or the `#text` of an element that only has attributes."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict) and all(key == "#text" or key.startswith("@") for key in value):
        text = value.get("#text")
        return text if isinstance(text, str) else None
    raise MalformedXML()  # an element, or the element repeated, where a text belongs


def _wrapped_list(shape: Any, value: Any) -> dict[str, Any]:
    """A list in its wrapper element (`<TagSet><Tag>...</Tag></TagSet>`): `{item name: [items]}`."""
    item_name = _xml_name("member", shape.member)
    if _is_blank(value):
        return {}
    if not isinstance(value, dict):
        raise MalformedXML()
    out: dict[str, Any] = {}
    for name, item in value.items():
        if name == item_name:
            out[name] = [_value(shape.member, one) for one in _as_list(item)]
        elif name == "#text" and not _is_blank(item):
            raise MalformedXML()
        else:
            out[name] = item
    return out
