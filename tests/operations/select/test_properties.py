"""Properties of the S3 Select engine (`pytest_s3fake.select`), checked on generated data:

- CSV written by the output writer reads back to the same fields, whatever the delimiters and
  however many quotes, delimiters and line breaks the fields hold;
- a generated WHERE clause selects exactly the rows a Python reference of the same condition selects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.select import Selection, run
from pytest_s3fake.select.formats import CsvInput, CsvOutput, read_csv, write_csv
from pytest_s3fake.select.parser import parse

# No backslash: S3's writer escapes only the quote character, so a field ending in the escape character
# cannot round-trip when the escape is not the quote (true of S3 too).
FIELD = st.text(alphabet=['a', 'b', ' ', ',', ';', '"', "'", '\n', '\r', '|', 'é', '\t'], max_size=6)
DELIMITERS = st.sampled_from([(",", "\n"), (";", "\n"), ("\t", "\r\n"), ("|", "\n"), (",", "|")])
QUOTES = st.sampled_from([('"', '"'), ("'", "'"), ('"', "\\")])


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(FIELD, min_size=1, max_size=4), min_size=1, max_size=6), delimiters=DELIMITERS,
       quotes=QUOTES, always=st.booleans())
def test_csv_round_trip(rows: list[list[str]], delimiters: tuple[str, str], quotes: tuple[str, str],
                        always: bool) -> None:
    field_delimiter, record_delimiter = delimiters
    quote, escape = quotes
    rows = [row for row in rows if row != [""]]  # an empty line is no record, as in S3
    out = CsvOutput("ALWAYS" if always else "ASNEEDED", record_delimiter, field_delimiter, quote, escape)
    text = "".join(write_csv(row, out) for row in rows)
    options = CsvInput("NONE", record_delimiter, field_delimiter, quote, escape, comments="",
                       allow_quoted_record_delimiter=True)
    _, records = read_csv(text, options)
    assert list(records) == rows


# --- WHERE against a Python reference ---------------------------------------------------------------------

Row = dict[str, Any]
Condition = tuple[str, Callable[[Row], bool | None]]

NAMES = st.text(alphabet="abc", min_size=1, max_size=3)


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


@st.composite
def leaf(draw: st.DrawFn) -> Condition:
    kind = draw(st.sampled_from(["age", "name", "like", "in", "between", "null"]))
    if kind == "age":
        op, n = draw(st.sampled_from(sorted(OPS))), draw(st.integers(0, 9))
        return f"CAST(s.age AS INT) {op} {n}", lambda row: OPS[op](int(row["age"]), n)
    if kind == "name":
        op, text = draw(st.sampled_from(sorted(OPS))), draw(NAMES)
        return f"s.name {op} '{text}'", lambda row: OPS[op](row["name"], text)
    if kind == "like":
        pattern = draw(st.text(alphabet="ab%_", min_size=1, max_size=4))
        regex = re.compile("".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern), re.S)
        return f"s.name LIKE '{pattern}'", lambda row: regex.fullmatch(row["name"]) is not None
    if kind == "in":
        options = draw(st.lists(NAMES, min_size=1, max_size=3))
        listed = ", ".join(f"'{o}'" for o in options)
        return f"s.name IN ({listed})", lambda row: row["name"] in options
    if kind == "between":
        low, high = draw(st.integers(0, 9)), draw(st.integers(0, 9))
        return f"CAST(s.age AS INT) BETWEEN {low} AND {high}", lambda row: low <= int(row["age"]) <= high
    # A column the header does not name is MISSING: comparisons with it are unknown, IS NULL is true.
    negated = draw(st.booleans())
    if draw(st.booleans()):
        return f"s.nothing IS {'NOT ' if negated else ''}NULL", lambda row: not negated
    return "s.nothing = 'a'", lambda row: None


def combine(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    def build(op: str, left: Condition, right: Condition) -> Condition:
        if op == "NOT":
            return f"NOT ({left[0]})", lambda row: _not(left[1](row))
        join = _and if op == "AND" else _or
        return f"({left[0]}) {op} ({right[0]})", lambda row: join(left[1](row), right[1](row))

    return st.builds(build, st.sampled_from(["AND", "OR", "NOT"]), children, children)


CONDITIONS = st.recursive(leaf(), combine, max_leaves=6)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(NAMES, st.integers(0, 9)), max_size=8), condition=CONDITIONS)
def test_where_matches_a_python_reference(rows: list[tuple[str, int]], condition: Condition) -> None:
    sql, reference = condition
    body = "name,age\n" + "".join(f"{name},{age}\n" for name, age in rows)
    selection = Selection(parse(f"SELECT s.name, s.age FROM S3Object s WHERE {sql}"), "CSV",
                          csv_input=CsvInput("USE"))
    result = run(selection, body.encode())
    assert result.error is None
    expected = [f"{name},{age}" for name, age in rows if reference({"name": name, "age": str(age)}) is True]
    assert result.output.decode().splitlines() == expected


# --- hostile expressions ---------------------------------------------------------------------------------

TOKENS = st.sampled_from(["SELECT", "*", "FROM", "S3Object", "s", "WHERE", "s.a", "s._1", "_0", "=", "<>", "(", ")",
                          ",", "'x'", "'", '"q"', "1", "-", "2.5", "AND", "OR", "NOT", "LIKE", "ESCAPE", "IN", "IS",
                          "NULL", "MISSING", "BETWEEN", "CAST", "AS", "INT", "COUNT", "SUM", "LOWER", "TRIM",
                          "LEADING", "SUBSTRING", "FOR", "LIMIT", "[", "]", "[*]", ".", "||", "%", "#", "é"])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(TOKENS, max_size=14), prefix=st.booleans())
def test_any_expression_is_a_query_or_an_s3_error(words: list[str], prefix: bool) -> None:
    """Whatever the expression, parsing, checking and running it over a small object either answers or
    raises an S3 error (never another exception)."""
    from pytest_s3fake.errors import S3Error
    from pytest_s3fake.select.evaluate import check

    text = ("SELECT " if prefix else "") + " ".join(words)
    try:
        query = parse(text)
        check(query)
    except S3Error:
        return
    result = run(Selection(query, "CSV", csv_input=CsvInput("USE")), b"a,b\n1,x\n,2\n")
    assert result.error is None or isinstance(result.error, S3Error)


SCALARS = st.one_of(st.none(), st.sampled_from(["", " ", "SQL", "CSV", "USE", "GZIP", "LINES", "ALWAYS", "true", "5",
                                               "-1", ",", "SELECT * FROM S3Object"]))
LEAVES = st.one_of(SCALARS, st.lists(SCALARS, max_size=2))
NAMES_IN_A_REQUEST = st.sampled_from(["Expression", "ExpressionType", "InputSerialization", "OutputSerialization",
                                      "CSV", "JSON", "Parquet", "CompressionType", "FileHeaderInfo", "Type",
                                      "QuoteFields", "RecordDelimiter", "FieldDelimiter", "Comments",
                                      "AllowQuotedRecordDelimiter", "RequestProgress", "Enabled", "ScanRange",
                                      "Start", "End"])
DOCUMENTS = st.recursive(LEAVES, lambda inner: st.dictionaries(NAMES_IN_A_REQUEST, inner, max_size=5), max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(doc=st.dictionaries(NAMES_IN_A_REQUEST, DOCUMENTS, max_size=6))
def test_any_request_document_is_a_selection_or_an_s3_error(doc: dict[str, Any]) -> None:
    """Whatever shape the parsed request body has (texts where structures belong, repeated elements),
    the handler's reading of it answers or raises an S3 error."""
    from pytest_s3fake.errors import S3Error
    from pytest_s3fake.operations.select import selection

    try:
        selection(doc)
    except S3Error:
        pass
