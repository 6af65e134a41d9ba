"""S3 Select: a SQL subset run over one CSV or JSON object (the engine behind SelectObjectContent).

`lexer`, `parser` (the statement) and `expressions` read the expression into a `Query`, `evaluate`
checks and evaluates it, `formats` reads the object's records and writes the result's, `eventstream`
frames the answer. `run` ties them: the whole object is read (it is in memory), and a data error met
part way (a CAST that fails on row 900) ends the result there, as S3's stream does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_s3fake.errors import S3Error
from pytest_s3fake.select import formats, scan
from pytest_s3fake.select import values as v
from pytest_s3fake.select.aggregates import Aggregates, aggregate_calls, with_results
from pytest_s3fake.select.ast import FromStep, Path, Query
from pytest_s3fake.select.evaluate import CsvRecord, Evaluator
from pytest_s3fake.select.formats import CsvInput, CsvOutput


@dataclass(frozen=True, slots=True)
class Selection:
    """What one SelectObjectContent asks: the parsed query and the serializations."""

    query: Query
    input_format: str  # "CSV" or "JSON"
    compression: str = "NONE"
    csv_input: CsvInput = field(default_factory=CsvInput)
    json_type: str = "DOCUMENT"
    output_format: str = "CSV"
    csv_output: CsvOutput = field(default_factory=CsvOutput)
    json_record_delimiter: str = "\n"
    #: ScanRange's (Start, End), either None when not given; None: the whole object.
    scan_range: tuple[int | None, int | None] | None = None


@dataclass(frozen=True, slots=True)
class Result:
    output: bytes
    #: The data error that ended the result early, if any.
    error: S3Error | None
    #: Bytes of the object after decompression (Stats' BytesProcessed).
    processed: int
    #: Bytes read of the stored object (Stats' BytesScanned): all of it, or the records of the scan range.
    scanned: int


def run(selection: Selection, data: bytes) -> Result:
    """The result records of `selection` over the object bytes `data`."""
    pieces: list[str] = []
    processed = scanned = len(data)
    try:
        raw = formats.decompress(data, selection.compression)
        processed = len(raw)
        header: str | None = None
        if selection.scan_range is not None:
            raw, header = _in_range(selection, raw)
            processed = scanned = len(raw)
        _select(selection, raw.decode("utf-8", "replace"), pieces, header)
    except S3Error as error:
        return Result("".join(pieces).encode("utf-8"), error, processed, scanned)
    return Result("".join(pieces).encode("utf-8"), None, processed, scanned)


def _in_range(selection: Selection, raw: bytes) -> tuple[bytes, str | None]:
    """The records of the scan range, and the object's first record when it is a CSV header (a header
    names the columns of every range, and is never a record of one)."""
    assert selection.scan_range is not None
    first, last = scan.bounds(len(raw), *selection.scan_range)
    if selection.input_format == "CSV":
        delimiter = selection.csv_input.record_delimiter.encode("utf-8")
    else:
        delimiter = b"\n"
    header = None
    if selection.input_format == "CSV" and selection.csv_input.file_header_info != "NONE":
        end = raw.find(delimiter)
        header = raw[: len(raw) if end < 0 else end].decode("utf-8", "replace")
        first = max(first, len(raw) if end < 0 else end + len(delimiter))
    return scan.records_in(raw, delimiter, first, last), header


def _records(selection: Selection, text: str, header: str | None) -> tuple[list[str] | None, Iterator[Any]]:
    if selection.input_format == "CSV":
        if header is not None:  # a scan range: the header came from the object's start
            options = replace(selection.csv_input, file_header_info="NONE")
            names = next(formats.read_csv(header, options)[1], None) if selection.csv_input.file_header_info == \
                "USE" else None
            rows = formats.read_csv(text, options)[1]
        else:
            names, rows = formats.read_csv(text, selection.csv_input)
        return names, (CsvRecord(row, names) for row in rows)
    documents = formats.read_json(text)
    steps = selection.query.from_path
    return None, (_walk(documents, steps) if steps else documents)


def _walk(documents: Iterator[Any], steps: tuple[FromStep, ...]) -> Iterator[Any]:
    """The records `FROM S3Object[*].a.b[*]` names: each document's value at the path (MISSING where it
    names nothing: AWS answers `SELECT *` of one with `{}`), one record per element after a `[*]`."""
    evaluator = Evaluator(None)
    for document in documents:
        found: list[Any] = [document]
        for step in steps:
            if step == "*":
                found = [item for value in found for item in (value if isinstance(value, list) else [value])]
            else:
                path = Path((("S3Object", False), step))  # type: ignore[arg-type]
                found = [evaluator.resolve(path, value) for value in found]
        yield from found


def _select(selection: Selection, text: str, pieces: list[str], header: str | None) -> None:
    query = selection.query
    names, records = _records(selection, text, header)
    evaluator = Evaluator(query.alias)
    limit = query.limit
    if limit == 0:
        return
    if query.aggregate:
        assert query.items is not None
        calls = [call for item in query.items for call in aggregate_calls(item.expr)]
        aggregates = Aggregates(evaluator, calls)
        for record in records:
            if evaluator.truth(query.where, record):
                aggregates.add(record)
        pieces.append(_write(selection, [with_results(item.expr, aggregates) for item in query.items], names))
        return
    emitted = 0
    for record in records:
        if not evaluator.truth(query.where, record):
            continue
        if query.items is None:
            pieces.append(_write_star(selection, record))
        else:
            pieces.append(_write(selection, [evaluator.value(item.expr, record) for item in query.items], names))
        emitted += 1
        if limit is not None and emitted >= limit:
            return


def _keys(query: Query) -> list[str]:
    """JSON output names: the alias, else the path's last name, else `_N` by position."""
    assert query.items is not None
    keys = []
    for index, item in enumerate(query.items, start=1):
        if item.alias is not None:
            keys.append(item.alias)
        elif isinstance(item.expr, Path) and isinstance(item.expr.steps[-1], tuple):
            keys.append(item.expr.steps[-1][0])
        else:
            keys.append(f"_{index}")
    return keys


def _write(selection: Selection, row: list[Any], names: list[str] | None) -> str:
    if selection.output_format == "CSV":
        return formats.write_csv(row, selection.csv_output)
    keys = _keys(selection.query)
    record = {key: value for key, value in zip(keys, row, strict=False) if value is not v.MISSING}
    return formats.write_json(record, selection.json_record_delimiter)


def _write_star(selection: Selection, record: Any) -> str:
    if isinstance(record, CsvRecord):
        if selection.output_format == "CSV":
            return formats.write_csv(list(record.fields), selection.csv_output)
        names = record.names or []
        keys = [names[i] if i < len(names) else f"_{i + 1}" for i in range(len(record.fields))]
        return formats.write_json(dict(zip(keys, record.fields, strict=True)), selection.json_record_delimiter)
    if selection.output_format == "CSV":
        row = list(record.values()) if isinstance(record, dict) else [] if record is v.MISSING else [record]
        return formats.write_csv(row, selection.csv_output)
    if record is v.MISSING:
        return formats.write_json({}, selection.json_record_delimiter)
    return formats.write_json(record if isinstance(record, dict) else {"_1": record}, selection.json_record_delimiter)
