"""Response documents out: content dicts and flat rows as XML bytes, exactly as xmltodict writes them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any, cast
from xml.sax.saxutils import escape, quoteattr

import xmltodict

from pytest_s3fake.xmlcodec import S3_NS, Row

_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'


class _NotPlain(Exception):
    """The content holds something that only xmltodict's own writer renders exactly."""


class Repeated(str):
    """An element name that may be used as several keys of one content dict, so that differently named
    elements interleave in document order (ListObjectVersions mixes `<Version>` and `<DeleteMarker>`
    newest first): each instance is a distinct key that renders as its text."""

    __slots__ = ()

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def unparse(doc: Mapping[str, Any]) -> bytes:
    """`xmltodict.unparse(doc, encoding="UTF-8")` as UTF-8 bytes, written in one pass when plain."""
    text = _unparse_plain(doc)
    return (text if text is not None else xmltodict.unparse(doc, encoding="UTF-8")).encode()


def render_rows(root: str, sections: Iterable[tuple[str, tuple[str, ...], Sequence[Row]]]) -> bytes:
    """A document in S3's namespace whose root holds flat items, section by section: for each
    `(name, fields, rows)`, one `<name>` per row with a `<field>text</field>` for each text that is not
    None. A row may stop early: the fields after its end are absent.

    Written in one pass: DeleteObjects answers up to 1000 items, where `xmltodict.unparse` would cost
    more than botocore's own work. CR is written as `&#13;`, so a key holding one survives the parse.
    """
    parts = [_PROLOG, "<", root, ' xmlns="', S3_NS, '">']
    append = parts.append
    needs_escape = _NEEDS_ESCAPE
    for name, fields, rows in sections:
        opens = [f"<{field}>" for field in fields]
        closes = [f"</{field}>" for field in fields]
        short_open, short_close = f"<{name}>{opens[0]}", f"{closes[0]}</{name}>"
        if rows and set(map(len, rows)) == {1}:  # every row is its first field only: one join
            texts = list(chain.from_iterable(rows))
            firsts = cast("list[str]", texts)
            if None not in texts and not needs_escape("".join(firsts)):
                append(f"{short_open}{(short_close + short_open).join(firsts)}{short_close}")
                continue
        for row in rows:
            if len(row) == 1:  # a row of its first field only (DeleteObjects: most Deleted keys)
                text = row[0]
                if text is not None:
                    append(f"{short_open}{xml_text(text) if needs_escape(text) else text}{short_close}")
                    continue
            append(f"<{name}>")
            for open_, text, close in zip(opens, row, closes, strict=False):  # a row may stop early
                if text is not None:
                    append(f"{open_}{xml_text(text) if needs_escape(text) else text}{close}")
            append(f"</{name}>")
    append(f"</{root}>")
    return "".join(parts).encode("utf-8")


#: Whether `xml_text` would change a text: most have nothing to escape, and one search beats four replaces.
_NEEDS_ESCAPE = re.compile("[&<>\r]").search


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 cannot carry (NUL, most controls) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text) if isinstance(text, str) else text


def xml_text(text: str) -> str:
    """`text` escaped as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")


def _unparse_plain(doc: Mapping[str, Any]) -> str | None:
    """Exactly what `xmltodict.unparse(doc, encoding="UTF-8")` returns, for plain content; else None.

    xmltodict drives a SAX generator call by call (26 ms for a 1000-key listing page, more than
    botocore's own parse of it); this writes the same characters in one pass. Plain content is dicts,
    lists, str, int, float, bool and None under simple element names; anything else (a comment key, an
    `@xmlns` dict, another type) goes to xmltodict. tests/wire/test_unparse_plain.py compares both.
    """
    out = [_PROLOG]
    try:
        for name, value in doc.items():
            if isinstance(value, (list, tuple)):
                raise _NotPlain  # several roots, which xmltodict refuses
            _emit_plain(name, value, out)
    except _NotPlain:
        return None
    return "".join(out)


def _plain_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise _NotPlain


#: Element names already checked against `_NAME` (plain `str` only: `Repeated` names hash by identity).
_PLAIN_NAMES: set[str] = set()


def _plain_name(name: Any) -> None:
    if name not in _PLAIN_NAMES:
        if not isinstance(name, str) or not _NAME.match(name):
            raise _NotPlain
        if type(name) is str:
            _PLAIN_NAMES.add(name)


#: Whether saxutils' `escape` would change a text (it replaces &, < and >; most texts have none).
_NEEDS_SAX_ESCAPE = re.compile("[&<>]").search


def _escape(text: str) -> str:
    return escape(text) if _NEEDS_SAX_ESCAPE(text) else text


def _emit_plain(name: Any, value: Any, out: list[str]) -> None:
    _plain_name(name)
    values = value if isinstance(value, (list, tuple)) else (value,)
    for item in values:
        if type(item) is str:
            out.append(f"<{name}>{_escape(item)}</{name}>")
        elif item is None:
            out.append(f"<{name}></{name}>")
        elif isinstance(item, dict):
            attrs, text, children = [], None, []
            for key, child in item.items():
                if key == "#text":
                    text = None if child is None else _plain_text(child)
                elif isinstance(key, str) and key.startswith("@"):
                    if not _NAME.match(key[1:]) or isinstance(child, dict):
                        raise _NotPlain
                    attrs.append(f" {key[1:]}={quoteattr('' if child is None else _plain_text(child))}")
                elif not (isinstance(child, list) and not child):  # xmltodict drops empty lists
                    children.append((key, child))
            out.append(f"<{name}{''.join(attrs)}>")
            for key, child in children:
                kind = type(child)
                if kind is str or kind is int:  # the common leaves, written here rather than in a call
                    _plain_name(key)
                    out.append(f"<{key}>{_escape(child) if kind is str else child}</{key}>")
                else:
                    _emit_plain(key, child, out)
            out.append(f"{_escape(text) if text else ''}</{name}>")
        elif isinstance(item, (list, tuple, bytes, bytearray, memoryview)):
            raise _NotPlain
        else:
            out.append(f"<{name}>{_escape(_plain_text(item))}</{name}>")
