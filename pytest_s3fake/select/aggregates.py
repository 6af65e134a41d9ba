"""Aggregates without GROUP BY, as S3 Select has them: COUNT(*), COUNT(x) (NULL and MISSING skipped),
SUM, AVG, MIN and MAX over the records the WHERE keeps, folded into one result record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pytest_s3fake.errors.codes import CastFailed
from pytest_s3fake.select import values as v
from pytest_s3fake.select.ast import AGGREGATES, Call, Expr, Literal
from pytest_s3fake.select.evaluate import Evaluator, arithmetic, children


class Aggregates:
    """Running COUNT/SUM/AVG/MIN/MAX for the aggregate calls of a SELECT list."""

    def __init__(self, evaluator: Evaluator, calls: Iterable[Call]) -> None:
        self.evaluator = evaluator
        self.calls = list(calls)
        self.state: dict[int, list[Any]] = {id(call): [0, None] for call in self.calls}  # [count, acc]

    def add(self, record: object) -> None:
        for call in self.calls:
            slot = self.state[id(call)]
            if call.star:
                slot[0] += 1
                continue
            value = self.evaluator.value(call.args[0], record)
            if v.is_absent(value):
                continue
            if call.name in ("SUM", "AVG"):
                number = v.coerce_number(value)
                if number is None or isinstance(value, bool):
                    raise CastFailed(f"Attempt to convert from one data type to another using CAST failed in "
                                     f"the SQL expression. ({v.render_text(value)!r} is not a number)")
                slot[1] = number if slot[1] is None else arithmetic("+", slot[1], number)
            elif call.name in ("MIN", "MAX"):
                op = "<" if call.name == "MIN" else ">"
                if slot[1] is None or v.compare(op, value, slot[1]) is True:
                    slot[1] = value
            slot[0] += 1

    def result(self, call: Call) -> Any:
        count, acc = self.state[id(call)]
        if call.name == "COUNT":
            return count
        if call.name == "AVG":
            return None if acc is None else float(acc) / count
        return acc


def aggregate_calls(expr: Expr) -> Iterator[Call]:
    if isinstance(expr, Call) and expr.name in AGGREGATES:
        yield expr
        return
    for child in children(expr):
        yield from aggregate_calls(child)


def with_results(expr: Expr, aggregates: Aggregates) -> Any:
    """The value of a SELECT item of an aggregate query, once every record was added."""
    if isinstance(expr, Call) and expr.name in AGGREGATES:
        return aggregates.result(expr)
    if isinstance(expr, Literal):
        return expr.value
    folded: dict[int, Any] = {}

    class _Folded(Evaluator):
        def value(self, inner: Expr, record: object) -> Any:
            if isinstance(inner, Call) and inner.name in AGGREGATES:
                return folded.setdefault(id(inner), aggregates.result(inner))
            return super().value(inner, record)

    return _Folded(aggregates.evaluator.alias).value(expr, None)
