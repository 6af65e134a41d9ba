"""SelectObjectContent: a SQL expression over one CSV or JSON object, answered as an event stream.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html. A bad request or a query
S3 refuses is an ordinary XML error before any event; the answer is then Records events carrying the
result, a Progress event when `RequestProgress` is enabled, Stats and End. A data error met while
reading (a CAST that fails, a broken CSV quote, a bad gzip stream) ends the stream with an error
message after the records before it, which botocore raises as `EventStreamError` while iterating.
The SQL engine is `pytest_s3fake.select`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_s3fake import values
from pytest_s3fake.errors.codes import (
    InvalidCompressionFormat,
    InvalidDataSource,
    InvalidExpressionType,
    InvalidFileHeaderInfo,
    InvalidJsonType,
    InvalidQuoteFields,
    InvalidRequestParameter,
    InvalidScanRange,
    MalformedXML,
    MissingRequiredParameter,
    ObjectSerializationConflict,
    UnsupportedScanRangeInput,
)
from pytest_s3fake.errors.codes import (
    NotImplemented as NotImplemented_,
)
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket
from pytest_s3fake.operations.encryption import check_customer_key
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.operations.restore import check_readable
from pytest_s3fake.wire import Request, Response

if TYPE_CHECKING:  # the engine is imported by the first SelectObjectContent: most runs never use it
    from pytest_s3fake.select import Selection
    from pytest_s3fake.select.formats import CsvInput

_COMPRESSIONS = ("NONE", "GZIP", "BZIP2")


def _required(doc: dict[str, Any], name: str, kind: type = str) -> Any:
    value = doc.get(name)
    if value is None or value == "":
        raise MissingRequiredParameter(f"The SelectRequest entity is missing a required parameter: {name}.")
    if not isinstance(value, kind):  # a structure where a text belongs, a repeated element: not the schema
        raise MalformedXML()
    return value


def _one_format(section: dict[str, Any], names: tuple[str, ...], what: str) -> str:
    present = [name for name in names if name in section]
    if len(present) > 1:
        raise ObjectSerializationConflict()
    if not present:
        if what == "InputSerialization":
            raise InvalidDataSource()
        raise MissingRequiredParameter(f"The SelectRequest entity is missing a required parameter: {what} "
                                       f"format (CSV or JSON).")
    return present[0]


def _text(section: dict[str, Any], name: str, default: str) -> str:
    value = section.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise MalformedXML()
    if value == "":
        raise InvalidRequestParameter(f"The value of {name} in the SelectRequest element is not valid.")
    return value


def _csv_framing(section: dict[str, Any]) -> dict[str, str]:
    """The delimiters and quotes CSVInput and CSVOutput share, with S3's defaults."""
    return {"record_delimiter": _text(section, "RecordDelimiter", "\n"),
            "field_delimiter": _text(section, "FieldDelimiter", ","),
            "quote_character": _text(section, "QuoteCharacter", '"'),
            "quote_escape_character": _text(section, "QuoteEscapeCharacter", '"')}


def _flag(value: object) -> bool:
    """A boolean element: botocore's model gives this request no payload shape, so it arrives as text."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _section(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """A structure element: `{}` when absent or empty (`<CSV />`), MalformedXML when it holds text or repeats."""
    value = doc.get(name)
    if isinstance(value, dict):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    raise MalformedXML()


def selection(doc: dict[str, Any]) -> tuple[Selection, bool]:
    """The Selection a request document asks for, and whether it wants Progress events; S3's error for
    a missing or wrong parameter."""
    from pytest_s3fake.select import Selection
    from pytest_s3fake.select.evaluate import check
    from pytest_s3fake.select.formats import CsvInput, CsvOutput
    from pytest_s3fake.select.parser import parse

    expression = _required(doc, "Expression")
    expression_type = _required(doc, "ExpressionType")
    if expression_type != "SQL":
        raise InvalidExpressionType()
    inputs = _required(doc, "InputSerialization", dict)
    outputs = _required(doc, "OutputSerialization", dict)
    input_format = _one_format(inputs, ("CSV", "JSON", "Parquet"), "InputSerialization")
    output_format = _one_format(outputs, ("CSV", "JSON"), "OutputSerialization")
    compression = _text(inputs, "CompressionType", "NONE").upper()
    if compression not in _COMPRESSIONS:
        raise InvalidCompressionFormat()
    if input_format == "Parquet":
        raise NotImplemented_("pytest-s3fake does not read Parquet objects in SelectObjectContent; "
                             "see docs/select.md", operation="SelectObjectContent")
    csv_in, json_type = CsvInput(), "DOCUMENT"
    if input_format == "CSV":
        section = _section(inputs, "CSV")
        header = _text(section, "FileHeaderInfo", "NONE").upper()
        if header not in ("NONE", "USE", "IGNORE"):
            raise InvalidFileHeaderInfo()
        framing = _csv_framing(section)  # read in the order S3's elements are checked
        csv_in = CsvInput(
            file_header_info=header,
            comments=_text(section, "Comments", "#"),
            allow_quoted_record_delimiter=_flag(section.get("AllowQuotedRecordDelimiter")),
            **framing,
        )
    else:
        json_type = _text(_section(inputs, "JSON"), "Type", "DOCUMENT").upper()
        if json_type not in ("DOCUMENT", "LINES"):
            raise InvalidJsonType()
    csv_out, json_delimiter = CsvOutput(), "\n"
    if output_format == "CSV":
        section = _section(outputs, "CSV")
        quote_fields = _text(section, "QuoteFields", "ASNEEDED").upper()
        if quote_fields not in ("ALWAYS", "ASNEEDED"):
            raise InvalidQuoteFields()
        csv_out = CsvOutput(quote_fields=quote_fields, **_csv_framing(section))
    else:
        json_delimiter = _text(_section(outputs, "JSON"), "RecordDelimiter", "\n")
    scan_range = _scan_range(doc, compression, json_type if input_format == "JSON" else None, csv_in)
    query = parse(expression)
    check(query)
    progress = _flag(_section(doc, "RequestProgress").get("Enabled"))
    return Selection(query, "CSV" if input_format == "CSV" else "JSON", compression, csv_in, json_type,
                     output_format, csv_out, json_delimiter, scan_range), progress


def _scan_range(doc: dict[str, Any], compression: str, json_type: str | None,
                csv_in: CsvInput) -> tuple[int | None, int | None] | None:
    """ScanRange's (Start, End): only for uncompressed CSV without quoted record delimiters and JSON LINES
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/selecting-content-from-objects.html)."""
    section = doc.get("ScanRange")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise InvalidScanRange()
    bounds: list[int | None] = []
    for name in ("Start", "End"):
        raw = section.get(name)
        number = values.parse_integer(raw) if isinstance(raw, str) else None
        if raw is not None and (number is None or number < 0):
            raise InvalidScanRange()
        bounds.append(number)
    start, end = bounds
    if start is not None and end is not None and start > end:
        raise InvalidScanRange()
    if compression != "NONE" or json_type == "DOCUMENT" or (json_type is None and
                                                            csv_in.allow_quoted_record_delimiter):
        raise UnsupportedScanRangeInput()
    return start, end


@operation("SelectObjectContent")
def select_object_content(store: Store, req: Request) -> Response:
    """The records a SQL expression selects from one CSV or JSON object, as an event stream."""
    from pytest_s3fake.select import eventstream, run

    bucket = owned_bucket(store, req)
    wanted, progress = selection(req.xml("SelectObjectContentRequest", keep_whitespace=True))
    version = addressed_version(bucket, object_key(req), None, "POST")
    check_readable(version, store.clock)  # an archived object is read only once restored
    check_customer_key(req, version.headers)
    result = run(wanted, version.body)
    events = eventstream.records(result.output)
    if result.error is not None:
        events.append(eventstream.error(result.error.code, result.error.message))
    else:
        counts = (result.scanned if wanted.scan_range is not None else version.size, result.processed,
                  len(result.output))
        if progress:
            events.append(eventstream.progress(*counts))
        events.append(eventstream.stats(*counts))
        events.append(eventstream.end())
    return Response(200, {"Content-Type": eventstream.CONTENT_TYPE}, b"".join(events))
