"""Reading records from CSV and JSON objects, and writing result records as CSV or JSON, with the
options of `InputSerialization` and `OutputSerialization`
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVInput.html, API_JSONInput, API_CSVOutput,
API_JSONOutput).
"""

from __future__ import annotations

import bz2
import gzip
import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_s3fake.errors.codes import (
    CSVEscapingRecordDelimiter,
    CSVParsingError,
    JSONParsingError,
    TruncatedInput,
)
from pytest_s3fake.select import values as v


@dataclass(frozen=True, slots=True)
class CsvInput:
    file_header_info: str = "NONE"  # NONE, USE, IGNORE
    record_delimiter: str = "\n"
    field_delimiter: str = ","
    quote_character: str = '"'
    quote_escape_character: str = '"'
    comments: str = "#"
    allow_quoted_record_delimiter: bool = False


@dataclass(frozen=True, slots=True)
class CsvOutput:
    quote_fields: str = "ASNEEDED"  # ALWAYS, ASNEEDED
    record_delimiter: str = "\n"
    field_delimiter: str = ","
    quote_character: str = '"'
    quote_escape_character: str = '"'


def decompress(data: bytes, compression: str) -> bytes:
    """The object's bytes, decompressed as `CompressionType` says; TruncatedInput when they are not."""
    try:
        if compression == "GZIP":
            return gzip.decompress(data)
        if compression == "BZIP2":
            return bz2.decompress(data)
    except (OSError, EOFError, ValueError, zlib.error):
        raise TruncatedInput() from None
    return data


# --- CSV in ---------------------------------------------------------------------------------------------


def read_csv(text: str, options: CsvInput) -> tuple[list[str] | None, Iterator[list[str]]]:
    """(header names when FileHeaderInfo is USE, the data records' fields)."""
    records = _csv_records(text, options)
    names: list[str] | None = None
    if options.file_header_info in ("USE", "IGNORE"):
        first = next(records, None)
        if options.file_header_info == "USE" and first is not None:
            names = first
    return names, records


def _csv_records(text: str, options: CsvInput) -> Iterator[list[str]]:
    record_delim, field_delim = options.record_delimiter, options.field_delimiter
    quote, comment = options.quote_character, options.comments
    if not quote or quote not in text:  # no quoting anywhere: split, the fast path
        for line in text.split(record_delim):
            if line and not (comment and line.startswith(comment)):
                yield line.split(field_delim)
        return
    i, n = 0, len(text)
    while i < n:
        if comment and text.startswith(comment, i):
            end = text.find(record_delim, i)
            i = n if end < 0 else end + len(record_delim)
            continue
        line_end = text.find(record_delim, i)
        if line_end < 0:
            line_end = n
        if line_end == i:  # an empty line is no record
            i += len(record_delim)
            continue
        if text.find(quote, i, line_end) < 0:  # a record without quotes: split it
            yield text[i:line_end].split(field_delim)
            i = line_end + len(record_delim)
            continue
        fields: list[str] = []
        while True:
            value: list[str] = []
            if text.startswith(quote, i):
                i = _quoted(text, i + len(quote), value, options)
            stops = [at for at in (text.find(field_delim, i), text.find(record_delim, i)) if at >= 0]
            stop = min(stops) if stops else n
            value.append(text[i:stop])  # after a closing quote, the rest up to the delimiter is kept too
            i = stop
            fields.append("".join(value))
            if i < n and text.startswith(field_delim, i):
                i += len(field_delim)
                continue
            i += len(record_delim)
            break
        yield fields


def _quoted(text: str, i: int, value: list[str], options: CsvInput) -> int:
    """Read a quoted field's text from `i` (after the opening quote) into `value`; the offset after the
    closing quote. Runs between quotes are taken whole, so a long field costs a few `find`s."""
    quote, escape = options.quote_character, options.quote_escape_character
    distinct_escape = bool(escape) and escape != quote
    while True:
        at_quote = text.find(quote, i)
        if at_quote < 0:
            raise CSVParsingError("An error occurred while parsing the CSV file: a quoted field is not closed.")
        at_escape = text.find(escape, i, at_quote) if distinct_escape else -1
        stop = at_escape if at_escape >= 0 else at_quote
        if not options.allow_quoted_record_delimiter and text.find(options.record_delimiter, i, stop) >= 0:
            raise CSVEscapingRecordDelimiter()
        value.append(text[i:stop])
        if at_escape >= 0:  # the escape before a quote or another escape stands for it; alone it is kept
            after = at_escape + len(escape)
            if text.startswith(quote, after):
                value.append(quote)
                i = after + len(quote)
            elif text.startswith(escape, after):
                value.append(escape)
                i = after + len(escape)
            else:
                value.append(escape)
                i = after
            continue
        after = at_quote + len(quote)
        if escape == quote and text.startswith(quote, after):  # a doubled quote is one quote
            value.append(quote)
            i = after + len(quote)
            continue
        return after


# --- JSON in --------------------------------------------------------------------------------------------


def read_json(text: str) -> Iterator[Any]:
    """Every top-level JSON value in `text`, in order (one per line for LINES; one or more for DOCUMENT)."""
    decoder = json.JSONDecoder(parse_float=float)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return
        try:
            value, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as error:
            raise JSONParsingError(f"An error occurred while parsing the JSON file: {error.msg} at character "
                                   f"{error.pos}.") from None
        yield value


# --- out ------------------------------------------------------------------------------------------------


def write_csv(row: list[Any], options: CsvOutput) -> str:
    """One output record: the values as text, quoted as `QuoteFields` says, then the record delimiter."""
    quote, escape = options.quote_character, options.quote_escape_character
    special = (options.field_delimiter, options.record_delimiter, quote, "\n", "\r")
    out = []
    for value in row:
        text = v.render_text(value)
        if options.quote_fields == "ALWAYS" or any(mark and mark in text for mark in special):
            text = quote + text.replace(quote, escape + quote) + quote
        out.append(text)
    return options.field_delimiter.join(out) + options.record_delimiter


def write_json(record: Mapping[str, Any], record_delimiter: str) -> str:
    return json.dumps(v.to_json(dict(record)), separators=(",", ":"), ensure_ascii=False) + record_delimiter
