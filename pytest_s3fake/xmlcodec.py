"""The XML codec behind the wire layer, reading side: request documents in, as xmltodict reads them.

Only `wire.py` and the writing side, `xmlrender.py`, import this module; handlers get plain dicts,
lists and tuples from `Request` and give them to `Response`, so XML stops at the wire layer. Every reader
here answers exactly what xmltodict answers, which stays the reference and the fallback: documents are
parsed by C ElementTree (expat) when they are plain, and by xmltodict otherwise, so xmltodict's errors
and its handling of anything unusual are kept. tests/wire/ compares both on generated documents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError

import xmltodict

from pytest_s3fake.errors.codes import MalformedXML

S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"

#: One flat record: texts in the order of the field names asked for (None: absent, or an empty element).
Row = tuple["str | None", ...]


def parse_xml(body: bytes, force_list: Iterable[str] = (), *, keep_whitespace: bool = False) -> Any:
    """xmltodict.parse that turns every malformation (and any entity declaration) into MalformedXML."""
    check_declaration(body)
    names = tuple(force_list)
    fast = _parse_plain(body, names, strip=not keep_whitespace)
    if fast is not None:
        return fast
    try:
        return xmltodict.parse(body, force_list=names, disable_entities=True,
                               strip_whitespace=not keep_whitespace)
    except (LookupError, ValueError, UnicodeError, ExpatError):
        raise MalformedXML() from None


#: The encodings an XML declaration may name: the ones expat reads itself. S3 answers MalformedXML for
#: any other; Python would look the name up among its codecs (`rot13`, `idna`, `bogus`) and fail there.
_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")


def check_declaration(body: bytes) -> None:
    """MalformedXML when the body's XML declaration names an encoding other than expat's own."""
    start = 3 if body.startswith(b"\xef\xbb\xbf") else 0
    if not body.startswith(b"<?xml", start):
        return
    end = body.find(b"?>", start)
    match = _DECLARED_ENCODING.match(body, start, end if end > 0 else len(body))
    if match is None:
        return
    name = (match.group(1) if match.group(1) is not None else match.group(2)).decode("ascii", "replace")
    if name.strip().lower() not in _ENCODINGS:
        raise MalformedXML()


def parse_root(
    body: bytes, root: str, force_list: Iterable[str] = (), *, keep_whitespace: bool = False
) -> dict[str, Any]:
    """The content of the document `root` in xmltodict's shape (`{}` when empty); MalformedXML when the
    body is not one such document, or its root holds only text."""
    doc = parse_xml(body, force_list, keep_whitespace=keep_whitespace)
    if not isinstance(doc, dict) or set(doc) != {root}:
        raise MalformedXML()
    content = doc[root]
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise MalformedXML()
    return content


def parse_records(
    body: bytes, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...] = (), *,
    keep_whitespace: bool = False,
) -> tuple[list[Row], Row]:
    """The repeated flat `item` records of a `root` document, each a `Row` of its `fields`, and the root's
    `scalars` as one `Row`; the same texts as reading `parse_root(body, root, (item,))`.

    Other names are ignored; an item that is not an element of its own, or a field or scalar that is
    not text, is MalformedXML. Three readers, fastest first, each giving way to the next for anything it
    does not know: the compact form botocore writes, matched whole by one regular expression (1000
    DeleteObjects records in about 0.3 ms); a plain document, read from C ElementTree in one pass (about
    1 ms); anything else, xmltodict's shape (about 8 ms), which also decides every error.
    """
    check_declaration(body)
    fast = _records_compact(body, root, item, fields, scalars, strip=not keep_whitespace)
    if fast is None:
        fast = _records_plain(body, root, item, fields, scalars, strip=not keep_whitespace)
    if fast is not None:
        return fast
    content = parse_root(body, root, (item,), keep_whitespace=keep_whitespace)
    records = []
    for obj in content.get(item, ()):
        if not isinstance(obj, dict):
            raise MalformedXML()
        records.append(_text_row(obj, fields))
    return records, _text_row(content, scalars)


def _text_row(content: dict[str, Any], names: tuple[str, ...]) -> Row:
    row = tuple([content.get(name) for name in names])
    if not all(value is None or isinstance(value, str) for value in row):
        raise MalformedXML()
    return row


def _plain_bytes(body: bytes) -> bool:
    """No DOCTYPE, comment, CDATA, second processing instruction, prefix or second `xmlns`: the XML
    whose reading by ElementTree is known to match xmltodict's."""
    return not (b"<!" in body or b"xmlns:" in body or body.count(b"<?") > 1 or body.count(b"xmlns") > 1)


#: Character data the compact reader takes as is: no markup, no reference, no character XML 1.0 refuses.
#: CR is left out too, because a parser turns a raw CR into LF (botocore writes a key's CR as `&#xD;`).
_COMPACT_TEXT = "[^<&\x00-\x08\x0b-\x1f\ufffe\uffff]*"


@functools.lru_cache(maxsize=16)
def _compact_grammar(
    root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The whole compact document, and one record with its fields as groups.

    Compact means what botocore's serializer writes: no XML declaration other than the UTF-8 one, the
    root with no attribute but S3's namespace, then the records, each with its first field and then
    any of the others in order, then each scalar at most once, with nothing between the elements; an
    element with no text may be written `<Name />`.
    """
    text, names = _COMPACT_TEXT, (re.escape(name) for name in (root, item, *fields, *scalars))
    root_e, item_e, *rest = names
    field_e, scalar_e = rest[: len(fields)], rest[len(fields):]

    def leaf(name: str, group: str = "") -> str:  # botocore writes an empty text as `<Name />`
        return f"(?:<{name}>({group}{text})</{name}>|<{name} />)"

    def record(group: str) -> str:
        first, *others = (leaf(name, group) for name in field_e)
        return f"<{item_e}>{first}{''.join(f'{other}?' for other in others)}</{item_e}>"

    declaration, space = re.escape('<?xml version="1.0" encoding="UTF-8"?>'), "[ \\t\\n]*"
    document = (
        f"(?:{declaration})?{space}<{root_e}(?: xmlns=\"{re.escape(S3_NS)}\")?>"
        f"((?:{record('?:')})*)"
        + "".join(f"{leaf(name)}?" for name in scalar_e)
        + f"</{root_e}>{space}"
    )
    return re.compile(document), re.compile(record(""))


def _records_compact(
    body: bytes, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...], *, strip: bool
) -> tuple[list[Row], Row] | None:
    """`parse_records` for the compact form botocore writes, matched whole (so it is well-formed XML
    by construction); None for anything else, which then gets a real parser.

    A document of first fields only (DeleteObjects of plain keys) is split on the text between two
    records; a document with other fields is read record by record with groups."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "]]>" in text:  # not allowed in character data, and not worth a grammar of its own
        return None
    document, record = _compact_grammar(root, item, fields, scalars)
    match = document.fullmatch(text)
    if match is None:
        return None
    region, *found = match.groups()
    # An empty element reads as None, as absent; xmltodict's strip also makes whitespace-only text None.
    clean = _stripped if strip else _none_if_empty
    scalar_row = tuple(map(clean, found))
    if not region:
        return [], scalar_row
    if " />" in region or any(f"<{name}>" in region for name in fields[1:]):
        texts = record.findall(region) if len(fields) > 1 else [(key,) for key in record.findall(region)]
        return [tuple(map(clean, row)) for row in texts], scalar_row
    opening, closing = f"<{item}><{fields[0]}>", f"</{fields[0]}></{item}>"
    firsts = region[len(opening): -len(closing)].split(closing + opening)
    absent = (None,) * (len(fields) - 1)
    if strip:
        return [(first.strip() or None, *absent) for first in firsts], scalar_row
    return [(first or None, *absent) for first in firsts], scalar_row


def _none_if_empty(text: str | None) -> str | None:
    return text or None


def _records_plain(
    body: bytes, root: str, item: str, fields: tuple[str, ...], scalars: tuple[str, ...], *, strip: bool
) -> tuple[list[Row], Row] | None:
    """`parse_records` straight from C ElementTree, for plain documents whose elements are all known,
    attribute-free and where expected; None for anything else."""
    if not _plain_bytes(body):
        return None
    try:
        doc = ElementTree.fromstring(body)
    except (ElementTree.ParseError, LookupError, ValueError):  # xmltodict then decides the error
        return None
    namespace = doc.tag[: doc.tag.find("}") + 1]  # "{uri}", or "" when there is none
    if doc.tag != namespace + root or doc.attrib or not len(doc) or (not namespace and b"xmlns" in body):
        return None  # (a root without elements is None or text in the dict shape)
    item_tag, first_tag = namespace + item, namespace + fields[0]
    field_names = {namespace + name: name for name in fields}
    scalar_names = {namespace + name: name for name in scalars}
    absent = (None,) * (len(fields) - 1)
    records: list[Row] = []
    append = records.append
    found: dict[str, str | None] = {}
    for child in doc:
        if child.tag == item_tag:
            if child.keys():
                return None
            if len(child) == 1:  # the common record holds its first field only (DeleteObjects: a key)
                leaf = child[0]
                if leaf.tag == first_tag and not len(leaf) and not leaf.keys():
                    append((leaf.text,) + absent)  # noqa: RUF005  (one tuple, no list on the way)
                    continue
            record: dict[str, str | None] = {}
            for leaf in child:
                name = field_names.get(leaf.tag)
                if name is None or name in record or len(leaf) or leaf.keys():
                    return None
                record[name] = leaf.text
            if not record:
                return None  # a leaf item: None or text in the dict shape, which decides
            append(tuple([record.get(name) for name in fields]))
        else:
            name = scalar_names.get(child.tag)
            if name is None or name in found or len(child) or child.keys():
                return None
            found[name] = child.text
    row = tuple([found.get(name) for name in scalars])
    if strip:  # as xmltodict strips leaves: whitespace-only text becomes None
        return [tuple([_stripped(text) for text in record]) for record in records], tuple(map(_stripped, row))
    return records, row


def _stripped(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


class _NotPlain(Exception):
    """The document uses XML that only xmltodict's own handler reproduces exactly."""


def _parse_plain(body: bytes, force_list: tuple[str, ...], *, strip: bool) -> Any:
    """Exactly what `xmltodict.parse` returns for a plain document, built from C ElementTree; else None.

    xmltodict calls into Python for every element and text run (about 8 ms for a 1000-key DeleteObjects
    body, more than our whole handler); ElementTree builds the tree in C and the walk costs a third of
    that. Anything else (DOCTYPE, comments, CDATA, PIs, prefixes, a second `xmlns`) and every malformed
    document goes to xmltodict, so errors stay xmltodict's. tests/wire/test_parse_plain.py compares both.
    """
    if not _plain_bytes(body):
        return None
    walk = _PlainWalk(force_list, strip)
    try:
        name, value = walk.element(ElementTree.fromstring(body), "")
    except (ElementTree.ParseError, _NotPlain, RecursionError, LookupError, ValueError):
        return None
    if b"xmlns" in body and not walk.declared:
        return None  # `xmlns=""`, or "xmlns" in text: ElementTree cannot say where it stood
    return {name: [value] if name in force_list else value}


class _PlainWalk:
    """Turns an ElementTree element into xmltodict's shape: `@attr` first, children in order (repeated
    names become lists, `force_list` names always are), then `#text`; a leaf is its text or None."""

    def __init__(self, force_list: tuple[str, ...], strip: bool) -> None:
        self.force_list = force_list
        self.strip = strip
        self.declared = False
        self._names: dict[str, tuple[str, str]] = {}

    def _name(self, tag: str) -> tuple[str, str]:
        name = self._names.get(tag)
        if name is None:
            namespace, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
            name = self._names[tag] = (namespace, local)
        return name

    def element(self, elem: ElementTree.Element, parent_ns: str) -> tuple[str, Any]:
        namespace, tag = self._name(elem.tag)
        item: dict[str, Any] | None = None
        if elem.attrib:
            if any(attr[0] == "{" for attr in elem.attrib):
                raise _NotPlain
            item = {"@" + attr: text for attr, text in elem.attrib.items()}
        if namespace != parent_ns:
            if item is not None:
                raise _NotPlain  # where `xmlns` stood among the other attributes is lost
            item = {"@xmlns": namespace}
            self.declared = True
        data = elem.text
        if len(elem):
            item = {} if item is None else item
            chunks = [data] if data is not None else []
            for child in elem:
                child_ns, name = self._name(child.tag)
                if child_ns == namespace and not child.attrib and not len(child):
                    value: Any = child.text  # a leaf: its text (stripped below when it is a str)
                    if value is not None and self.strip:
                        value = value.strip() or None
                else:
                    name, value = self.element(child, namespace)
                existing = item.get(name, _ABSENT)
                if existing is _ABSENT:
                    item[name] = [value] if name in self.force_list else value
                elif isinstance(existing, list):
                    existing.append(value)
                else:
                    item[name] = [existing, value]
                if child.tail is not None:
                    chunks.append(child.tail)
            data = "".join(chunks) or None
        if self.strip and data:
            data = data.strip() or None
        if item is None:
            return tag, data
        if data:
            item["#text"] = data
        return tag, item


_ABSENT = object()
