"""S3 Select's SQL subset, parsed into a small AST.

    SELECT * | item [, item]...  FROM S3Object[[*][.path]] [[AS] alias]  [WHERE condition]  [LIMIT n]

Items are expressions with an optional `[AS] alias`; expressions (`expressions.py`) have OR/AND/NOT,
comparisons, `[NOT] LIKE .. [ESCAPE ..]`, `[NOT] BETWEEN`, `[NOT] IN (..)`, `IS [NOT] NULL|MISSING`,
`+ - * / % ||`, `CAST(x AS type)`, function calls and paths (`s._1`, `s.name`, `s."Name"`, `s.a[0].b`).
The grammar and error codes follow
https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html and the S3
Select error code list.
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import (
    EvaluatorNegativeLimit,
    ExpressionTooLong,
    ParseAsteriskIsNotAloneInSelectList,
    ParseEmptySelect,
    ParseSelectMissingFrom,
    UnsupportedSyntax,
)
from pytest_s3fake.select.ast import AGGREGATES, Binary, Call, Cast, Expr, FromStep, Item, Query, Unary
from pytest_s3fake.select.expressions import ExpressionParser
from pytest_s3fake.select.lexer import tokenize

#: S3 refuses an expression over 256 KB (ExpressionTooLong).
MAX_EXPRESSION_BYTES = 256 * 1024


def parse(text: str) -> Query:
    """The Query `text` says; S3's parse error for anything outside the subset."""
    if len(text.encode("utf-8")) > MAX_EXPRESSION_BYTES:
        raise ExpressionTooLong()
    return _Parser(tokenize(text)).query()


class _Parser(ExpressionParser):
    """The statement: the select list, FROM S3Object and its path, the alias, WHERE and LIMIT."""

    def query(self) -> Query:
        self.expect_keyword("SELECT")
        if self.tok.is_keyword("DISTINCT"):
            raise UnsupportedSyntax("DISTINCT is not supported.")
        if self.tok.is_keyword("FROM") or self.tok.kind == "end":
            raise ParseEmptySelect()
        items: tuple[Item, ...] | None
        if self.tok.is_op("*"):
            self.advance()
            if self.tok.is_op(","):
                raise ParseAsteriskIsNotAloneInSelectList()
            items = None
        else:
            collected = [self.item()]
            while self.tok.is_op(","):
                self.advance()
                if self.tok.is_op("*"):
                    raise ParseAsteriskIsNotAloneInSelectList()
                collected.append(self.item())
            items = tuple(collected)
        if not self.tok.is_keyword("FROM"):
            if self.tok.kind == "end":
                raise ParseSelectMissingFrom()
            raise self.unexpected()
        self.advance()
        if not (self.tok.kind == "ident" and self.tok.text.lower() == "s3object"):
            raise self.unexpected()
        self.advance()
        from_star, from_path = self.from_path()
        alias = self.alias()
        where = None
        if self.tok.is_keyword("WHERE"):
            self.advance()
            where = self.expr()
        limit = None
        if self.tok.is_keyword("LIMIT"):
            self.advance()
            negative = self.tok.is_op("-")
            if negative:
                self.advance()
            if self.tok.kind != "number" or not self.tok.text.isdigit():
                raise self.unexpected()
            if negative:
                raise EvaluatorNegativeLimit()
            limit = int(self.advance().text)
        if self.tok.is_keyword("GROUP", "ORDER", "HAVING", "JOIN", "UNION"):
            raise UnsupportedSyntax(f"{self.tok.text} is not supported.")
        if self.tok.kind != "end":
            raise self.unexpected()
        aggregate = items is not None and any(_has_aggregate(item.expr) for item in items)
        return Query(items, alias, from_path, from_star, where, limit, aggregate)

    def from_path(self) -> tuple[bool, tuple[FromStep, ...]]:
        """`[*]` and an optional path after `S3Object`, as JSON documents are addressed: `S3Object[*]` is
        each document, `.name` and `[n]` step into it, a later `[*]` makes each element of a list a record."""
        star, steps = False, list[FromStep]()
        if self.tok.is_op("["):
            self.advance()
            self.expect_op("*")
            self.expect_op("]")
            star = True
        while self.tok.is_op(".") or self.tok.is_op("["):
            if self.advance().text == ".":
                steps.append(self.name_step())
            elif self.tok.is_op("*"):
                self.advance()
                self.expect_op("]")
                steps.append("*")
            else:
                index = self.advance()
                if index.kind != "number" or not index.text.isdigit():
                    raise self.unexpected(index)
                steps.append(int(index.text))
                self.expect_op("]")
        return star, tuple(steps)

    def item(self) -> Item:
        return Item(self.expr(), self.alias())

    def alias(self) -> str | None:
        """`[AS] name` after a select item or `S3Object`, or None; after AS a name must follow."""
        if self.tok.is_keyword("AS"):
            self.advance()
            if self.tok.kind not in ("ident", "quoted"):
                raise self.unexpected()
        return self.advance().text if self.tok.kind in ("ident", "quoted") else None


def _has_aggregate(expr: Expr) -> bool:
    if isinstance(expr, Call):
        return expr.name in AGGREGATES or any(_has_aggregate(arg) for arg in expr.args)
    if isinstance(expr, (Unary, Cast)):
        return _has_aggregate(expr.operand if isinstance(expr, Unary) else expr.value)
    if isinstance(expr, Binary):
        return _has_aggregate(expr.left) or _has_aggregate(expr.right)
    return False
