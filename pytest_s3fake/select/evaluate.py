"""Evaluating a parsed query over records: WHERE with three-valued logic, projections, functions,
aggregates and LIMIT.

A CSV record is a `CsvRecord` (fields by position, `_1` first, and by header name when
`FileHeaderInfo` is USE); a JSON record is the parsed JSON value. `check` runs before any record is
read, so a query S3 refuses is an ordinary XML error, never a half-written stream.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pytest_s3fake.errors.codes import (
    CastFailed,
    EvaluatorInvalidArguments,
    EvaluatorLikePatternInvalidEscapeSequence,
    IncorrectSqlFunctionArgumentType,
    InvalidColumnIndex,
    ParseNonUnaryAgregateFunctionCall,
    ParseUnsupportedCallWithStar,
    UnsupportedFunction,
    UnsupportedSqlOperation,
    UnsupportedSqlStructure,
)
from pytest_s3fake.select import values as v
from pytest_s3fake.select.ast import (
    AGGREGATES,
    Between,
    Binary,
    Call,
    Cast,
    Expr,
    In,
    Is,
    Like,
    Literal,
    Path,
    Query,
    Unary,
)

#: Function name -> (fewest, most) arguments.
FUNCTIONS = {
    "LOWER": (1, 1), "UPPER": (1, 1), "CHAR_LENGTH": (1, 1), "CHARACTER_LENGTH": (1, 1), "TRIM": (1, 2),
    "SUBSTRING": (2, 3), "COALESCE": (1, 64), "NULLIF": (2, 2),
}
_POSITIONAL = re.compile(r"^_(-?\d+)$")


@dataclass(frozen=True, slots=True)
class CsvRecord:
    fields: list[str]
    #: Header names when FileHeaderInfo is USE.
    names: list[str] | None = None

    def column(self, name: str, quoted: bool) -> object:
        match = _POSITIONAL.match(name)
        if match:
            index = int(match.group(1))
            if index < 1:
                raise InvalidColumnIndex(f"The column index at line 1 is invalid: {name}.")
            return self.fields[index - 1] if index <= len(self.fields) else v.MISSING
        if self.names is not None:
            for position, header in enumerate(self.names):
                if (header == name) if quoted else (header.lower() == name.lower()):
                    return self.fields[position] if position < len(self.fields) else v.MISSING
        return v.MISSING


def check(query: Query) -> None:
    """S3's error for a query that parsed but that S3 refuses before reading any data."""
    for expr in _all_expressions(query):
        _check(expr, in_aggregate=False, where=expr is query.where)
    if query.aggregate and query.items is not None:
        for item in query.items:
            if not _only_aggregates(item.expr):
                raise UnsupportedSqlStructure("Aggregate and non-aggregate expressions cannot be mixed in the "
                                              "SELECT list without GROUP BY.")


def _all_expressions(query: Query) -> Iterator[Expr]:
    if query.items is not None:
        yield from (item.expr for item in query.items)
    if query.where is not None:
        yield query.where


def children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Unary):
        return (expr.operand,)
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Like):
        return (expr.value, expr.pattern) + ((expr.escape,) if expr.escape is not None else ())
    if isinstance(expr, Between):
        return (expr.value, expr.low, expr.high)
    if isinstance(expr, In):
        return (expr.value, *expr.options)
    if isinstance(expr, (Is, Cast)):
        return (expr.value,)
    if isinstance(expr, Call):
        return expr.args
    return ()


def _check(expr: Expr, *, in_aggregate: bool, where: bool) -> None:
    if isinstance(expr, Call):
        if expr.name in AGGREGATES:
            if where or in_aggregate:
                raise UnsupportedSqlOperation(f"Aggregate function {expr.name} is not allowed here.")
            if expr.star and expr.name != "COUNT":
                raise ParseUnsupportedCallWithStar()
            if not expr.star and len(expr.args) != 1:
                raise ParseNonUnaryAgregateFunctionCall()
            in_aggregate = True
        elif expr.name in FUNCTIONS:
            fewest, most = FUNCTIONS[expr.name]
            if expr.star or not fewest <= len(expr.args) <= most:
                raise EvaluatorInvalidArguments(f"Incorrect number of arguments in the call to {expr.name}.")
        else:
            raise UnsupportedFunction(f"Encountered an unsupported SQL function: {expr.name}.")
    if isinstance(expr, Path):
        for step in expr.steps:
            if not isinstance(step, tuple):
                continue
            match = _POSITIONAL.match(step[0])
            if match and int(match.group(1)) < 1:
                raise InvalidColumnIndex(f"The column index at line 1 is invalid: {step[0]}.")
    if isinstance(expr, Like) and isinstance(expr.pattern, Literal) and isinstance(expr.pattern.value, str) and (
            expr.escape is None or (isinstance(expr.escape, Literal) and isinstance(expr.escape.value, str))):
        like_pattern(expr.pattern.value, expr.escape.value if expr.escape is not None else None)  # type: ignore[arg-type]
    for child in children(expr):
        _check(child, in_aggregate=in_aggregate, where=where)


def _only_aggregates(expr: Expr) -> bool:
    """Whether every path in `expr` is inside an aggregate call."""
    if isinstance(expr, Path):
        return False
    if isinstance(expr, Call) and expr.name in AGGREGATES:
        return True
    return all(_only_aggregates(child) for child in children(expr))


class Evaluator:
    """Evaluates expressions of one query; `alias` is the FROM alias paths may start with."""

    def __init__(self, alias: str | None) -> None:
        self.alias = alias
        self._likes: dict[tuple[str, str | None], re.Pattern[str]] = {}

    def truth(self, expr: Expr | None, record: object) -> bool:
        return expr is None or self.value(expr, record) is True

    def value(self, expr: Expr, record: object) -> Any:
        if isinstance(expr, Literal):
            return expr.value
        if isinstance(expr, Path):
            return self.resolve(expr, record)
        if isinstance(expr, Binary):
            return self._binary(expr, record)
        if isinstance(expr, Unary):
            operand = self.value(expr.operand, record)
            if expr.op == "NOT":
                return None if not isinstance(operand, bool) else not operand
            return arithmetic("-", 0, operand) if expr.op == "-" else arithmetic("+", 0, operand)
        if isinstance(expr, Is):
            value = self.value(expr.value, record)
            hit = value is v.MISSING if expr.what == "MISSING" else v.is_absent(value)
            return hit != expr.negated
        if isinstance(expr, Like):
            return self._like(expr, record)
        if isinstance(expr, Between):
            value = self.value(expr.value, record)
            low = v.compare(">=", value, self.value(expr.low, record))
            high = v.compare("<=", value, self.value(expr.high, record))
            inside = _and(low, high)
            return inside if inside is None or not expr.negated else not inside
        if isinstance(expr, In):
            value = self.value(expr.value, record)
            results = [v.compare("=", value, self.value(option, record)) for option in expr.options]
            found: bool | None = True if True in results else (None if None in results else False)
            return found if found is None or not expr.negated else not found
        if isinstance(expr, Cast):
            return v.cast(self.value(expr.value, record), expr.type)
        assert isinstance(expr, Call)
        return self._call(expr, record)

    def resolve(self, path: Path, record: object) -> Any:
        steps = list(path.steps)
        first = steps[0]
        if isinstance(first, tuple) and len(steps) > 1:
            name, quoted = first
            alias = self.alias if self.alias is not None else "S3Object"
            if (name == alias) if quoted else (name.lower() == alias.lower()):
                steps = steps[1:]
        current: Any = record
        for step in steps:
            if isinstance(current, CsvRecord):
                current = current.column(*step) if isinstance(step, tuple) else v.MISSING
            elif isinstance(step, int):
                current = current[step] if isinstance(current, list) and step < len(current) else v.MISSING
            elif isinstance(current, dict):
                name, quoted = step
                if name in current:
                    current = current[name]
                elif not quoted:
                    lowered = name.lower()
                    current = next((item for key, item in current.items() if key.lower() == lowered), v.MISSING)
                else:
                    current = v.MISSING
            else:
                return v.MISSING
        return current

    def _binary(self, expr: Binary, record: object) -> Any:
        if expr.op in ("AND", "OR"):
            left = self.value(expr.left, record)
            left_truth = left if isinstance(left, bool) else None
            if expr.op == "AND" and left_truth is False:
                return False
            if expr.op == "OR" and left_truth is True:
                return True
            right = self.value(expr.right, record)
            right_truth = right if isinstance(right, bool) else None
            return _and(left_truth, right_truth) if expr.op == "AND" else _or(left_truth, right_truth)
        left, right = self.value(expr.left, record), self.value(expr.right, record)
        if expr.op in ("=", "!=", "<", "<=", ">", ">="):
            return v.compare(expr.op, left, right)
        if expr.op == "||":
            if v.is_absent(left) or v.is_absent(right):
                return None
            return v.render_text(left) + v.render_text(right)
        return arithmetic(expr.op, left, right)

    def _like(self, expr: Like, record: object) -> bool | None:
        value, pattern = self.value(expr.value, record), self.value(expr.pattern, record)
        escape = self.value(expr.escape, record) if expr.escape is not None else None
        if v.is_absent(value) or v.is_absent(pattern) or (expr.escape is not None and v.is_absent(escape)):
            return None
        if not isinstance(value, str) or not isinstance(pattern, str) or (escape is not None and
                                                                         not isinstance(escape, str)):
            return None
        key = (pattern, escape)
        compiled = self._likes.get(key)
        if compiled is None:
            compiled = self._likes[key] = like_pattern(pattern, escape)
        hit = compiled.fullmatch(value) is not None
        return hit != expr.negated

    def _call(self, expr: Call, record: object) -> Any:
        if expr.name in AGGREGATES:
            raise UnsupportedSqlOperation(f"Aggregate function {expr.name} is not allowed here.")
        args = [self.value(arg, record) for arg in expr.args]
        name = expr.name
        if name == "COALESCE":
            return next((arg for arg in args if not v.is_absent(arg)), None)
        if name == "NULLIF":
            return None if v.compare("=", args[0], args[1]) is True else args[0]
        if any(v.is_absent(arg) for arg in args):
            return None
        if name in ("LOWER", "UPPER", "CHAR_LENGTH", "CHARACTER_LENGTH", "TRIM") and not isinstance(args[0], str):
            raise IncorrectSqlFunctionArgumentType(f"{name} takes a string.")
        if name == "LOWER":
            return args[0].lower()
        if name == "UPPER":
            return args[0].upper()
        if name in ("CHAR_LENGTH", "CHARACTER_LENGTH"):
            return len(args[0])
        if name == "TRIM":
            chars = args[1] if len(args) > 1 else " "
            if not isinstance(chars, str):
                raise IncorrectSqlFunctionArgumentType("TRIM takes a string of characters to remove.")
            if expr.mode == "LEADING":
                return args[0].lstrip(chars)
            if expr.mode == "TRAILING":
                return args[0].rstrip(chars)
            return args[0].strip(chars)
        assert name == "SUBSTRING"
        text = args[0]
        numbers = [v.coerce_number(arg) for arg in args[1:]]
        if not isinstance(text, str) or any(not isinstance(n, int) for n in numbers):
            raise IncorrectSqlFunctionArgumentType("SUBSTRING takes a string and integer positions.")
        start = int(numbers[0])  # type: ignore[arg-type]
        # SQL's SUBSTRING: characters start .. start+length-1, counted from 1; before 1 is nothing.
        end = len(text) + 1 if len(numbers) == 1 else start + int(numbers[1])  # type: ignore[arg-type]
        if end < start:
            raise IncorrectSqlFunctionArgumentType("SUBSTRING's length must not be negative.")
        return text[max(start, 1) - 1: max(end, 1) - 1]


def like_pattern(pattern: str, escape: str | None) -> re.Pattern[str]:
    """The regular expression for a LIKE pattern: `%` any run, `_` one character, `escape` quotes one."""
    if escape is not None and len(escape) != 1:
        raise EvaluatorLikePatternInvalidEscapeSequence("The ESCAPE value must be one character.")
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if escape is not None and ch == escape:
            if i + 1 >= len(pattern) or pattern[i + 1] not in ("%", "_", escape):
                raise EvaluatorLikePatternInvalidEscapeSequence()
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _and(left: bool | None, right: bool | None) -> bool | None:
    if left is False or right is False:
        return False
    return None if left is None or right is None else True


def _or(left: bool | None, right: bool | None) -> bool | None:
    if left is True or right is True:
        return True
    return None if left is None or right is None else False


def arithmetic(op: str, left: object, right: object) -> Any:
    if v.is_absent(left) or v.is_absent(right):
        return None
    a, b = v.coerce_number(left), v.coerce_number(right)
    if a is None or b is None or isinstance(left, bool) or isinstance(right, bool):
        shown = left if a is None else right
        raise CastFailed(f"Attempt to convert from one data type to another using CAST failed in the SQL "
                         f"expression. ({v.render_text(shown)!r} is not a number)")
    if isinstance(a, Decimal) != isinstance(b, Decimal):
        a, b = Decimal(str(a)), Decimal(str(b))
    if op == "+":
        return a + b  # type: ignore[operator]
    if op == "-":
        return a - b  # type: ignore[operator]
    if op == "*":
        return a * b  # type: ignore[operator]
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):
        quotient = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)  # truncates toward zero
        return quotient if op == "/" else a - quotient * b
    return a / b if op == "/" else a % b  # type: ignore[operator]
