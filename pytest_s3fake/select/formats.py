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
    quote, escape, comment = options.quote_character, options.quote_escape_character, options.comments
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
        if text.startswith(record_delim, i):  # an empty line is no record
            i += len(record_delim)
            continue
        fields: list[str] = []
        while True:
            value: list[str] = []
            if text.startswith(quote, i):
                i += len(quote)
                while True:
                    if i >= n:
                        raise CSVParsingError("An error occurred while parsing the CSV file: a quoted field is "
                                              "not closed.")
                    if escape and text.startswith(escape, i) and text.startswith(quote, i + len(escape)):
                        value.append(quote)
                        i += len(escape) + len(quote)
                    elif escape and escape != quote and text.startswith(escape + escape, i):
                        value.append(escape)
                        i += 2 * len(escape)
                    elif text.startswith(quote, i):
                        i += len(quote)
                        break
                    else:
                        if text.startswith(record_delim, i) and not options.allow_quoted_record_delimiter:
                            raise CSVEscapingRecordDelimiter()
                        value.append(text[i])
                        i += 1
            while i < n and not text.startswith(field_delim, i) and not text.startswith(record_delim, i):
                value.append(text[i])
                i += 1
            fields.append("".join(value))
            if i < n and text.startswith(field_delim, i):
                i += len(field_delim)
                continue
            i += len(record_delim)
            break
        yield fields


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
