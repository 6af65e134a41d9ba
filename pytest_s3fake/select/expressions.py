"""The expression grammar of S3 Select's SQL over the lexer's tokens: OR/AND/NOT down to literals and paths."""

from __future__ import annotations

from collections.abc import Callable

from pytest_s3fake.errors.codes import (
    MaxOperatorsExceeded,
    ParseCastArity,
    ParseExpectedExpression,
    ParseExpectedTypeName,
    ParseUnexpectedToken,
    UnsupportedSyntax,
)
from pytest_s3fake.select.ast import (
    CAST_TYPES,
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
    Unary,
)
from pytest_s3fake.select.lexer import Token

#: S3 refuses an expression too complex (MaxOperatorsExceeded) at a limit it does not document; the fake's
#: limits keep parsing and evaluation within Python's stack.
MAX_OPERATORS = 200
MAX_NESTING = 32


class ExpressionParser:
    """A cursor over the tokens, with one method per level of the expression grammar, loosest binding
    first; `parser.py` adds the statement around it (SELECT ... FROM ... WHERE ... LIMIT)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.operators = 0

    def operator(self) -> None:
        """Count one operator; MaxOperatorsExceeded past the limit."""
        self.operators += 1
        if self.operators > MAX_OPERATORS:
            raise MaxOperatorsExceeded()

    def nested(self, parse: Callable[[], Expr]) -> Expr:
        """`parse()` one level deeper (parentheses, a call's arguments, NOT NOT, - -)."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise MaxOperatorsExceeded()
        try:
            return parse()
        finally:
            self.depth -= 1

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def unexpected(self, token: Token | None = None) -> ParseUnexpectedToken:
        token = token or self.tok
        shown = token.text or "<EOF>"
        return ParseUnexpectedToken(f"Unexpected token found {shown} at line 1, column {token.position + 1}.")

    def expect_op(self, op: str) -> None:
        if not self.tok.is_op(op):
            raise self.unexpected()
        self.pos += 1

    def expect_keyword(self, word: str) -> None:
        if not self.tok.is_keyword(word):
            raise self.unexpected()
        self.pos += 1

    # --- expressions, loosest binding first ----------------------------------------------------------

    def expressions(self) -> list[Expr]:
        """One or more expressions separated by commas (IN's options, a call's arguments)."""
        found = [self.expr()]
        while self.tok.is_op(","):
            self.advance()
            found.append(self.expr())
        return found

    def expr(self) -> Expr:
        left = self.conjunction()
        while self.tok.is_keyword("OR"):
            self.advance()
            self.operator()
            left = Binary("OR", left, self.conjunction())
        return left

    def conjunction(self) -> Expr:
        left = self.negation()
        while self.tok.is_keyword("AND"):
            self.advance()
            self.operator()
            left = Binary("AND", left, self.negation())
        return left

    def negation(self) -> Expr:
        if self.tok.is_keyword("NOT"):
            self.advance()
            self.operator()
            return Unary("NOT", self.nested(self.negation))
        return self.predicate()

    def predicate(self) -> Expr:
        left = self.additive()
        tok = self.tok
        if tok.is_op("=", "!=", "<>", "<", "<=", ">", ">=") or tok.is_keyword("IS", "NOT", "LIKE", "BETWEEN", "IN"):
            self.operator()
        if tok.is_op("=", "!=", "<>", "<", "<=", ">", ">="):
            self.advance()
            op = "!=" if tok.text == "<>" else tok.text
            return Binary(op, left, self.additive())
        if tok.is_keyword("IS"):
            self.advance()
            negated = self.tok.is_keyword("NOT")
            if negated:
                self.advance()
            if not self.tok.is_keyword("NULL", "MISSING"):
                raise self.unexpected()
            return Is(left, self.advance().text, negated)
        negated = tok.is_keyword("NOT")
        if negated:
            self.advance()
        if self.tok.is_keyword("LIKE"):
            self.advance()
            pattern = self.additive()
            escape = None
            if self.tok.is_keyword("ESCAPE"):
                self.advance()
                escape = self.additive()
            return Like(left, pattern, escape, negated)
        if self.tok.is_keyword("BETWEEN"):
            self.advance()
            low = self.additive()
            self.expect_keyword("AND")
            return Between(left, low, self.additive(), negated)
        if self.tok.is_keyword("IN"):
            self.advance()
            self.expect_op("(")
            options = self.expressions()
            self.expect_op(")")
            return In(left, tuple(options), negated)
        if negated:
            raise self.unexpected()
        return left

    def additive(self) -> Expr:
        left = self.multiplicative()
        while self.tok.is_op("+", "-", "||"):
            op = self.advance().text
            self.operator()
            left = Binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Expr:
        left = self.unary()
        while self.tok.is_op("*", "/", "%"):
            op = self.advance().text
            self.operator()
            left = Binary(op, left, self.unary())
        return left

    def unary(self) -> Expr:
        if self.tok.is_op("-", "+"):
            op = self.advance().text
            self.operator()
            return Unary(op, self.nested(self.unary))
        return self.primary()

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            text = tok.text
            return Literal(int(text) if text.isdigit() else float(text))
        if tok.kind == "string":
            self.advance()
            return Literal(tok.text)
        if tok.is_keyword("NULL"):
            self.advance()
            return Literal(None)
        if tok.is_keyword("TRUE", "FALSE"):
            self.advance()
            return Literal(tok.text == "TRUE")
        if tok.is_op("("):
            self.advance()
            inner = self.nested(self.expr)
            self.expect_op(")")
            return inner
        if tok.is_keyword("CAST"):
            return self.nested(self.cast)
        if tok.kind == "ident" and self.tokens[self.pos + 1].is_op("("):
            return self.nested(self.call)
        if tok.kind in ("ident", "quoted"):
            return self.path()
        if tok.kind == "end" or tok.is_keyword("FROM", "WHERE", "LIMIT"):
            raise ParseExpectedExpression(f"Did not find the expected SQL expression at line 1, column "
                                          f"{tok.position + 1}.")
        raise self.unexpected()

    def cast(self) -> Expr:
        self.advance()
        self.expect_op("(")
        value = self.expr()
        if not self.tok.is_keyword("AS"):
            raise ParseCastArity() if self.tok.is_op(",", ")") else self.unexpected()
        self.advance()
        name = self.tok.text.upper() if self.tok.kind in ("ident", "keyword") else ""
        if name not in CAST_TYPES:
            raise ParseExpectedTypeName()
        self.advance()
        if self.tok.is_op("("):  # DECIMAL(10, 2), VARCHAR(20): the parameters are read and ignored
            while not self.tok.is_op(")"):
                if self.tok.kind == "end":
                    raise self.unexpected()
                self.advance()
            self.advance()
        self.expect_op(")")
        return Cast(value, CAST_TYPES[name])

    def call(self) -> Expr:
        name = self.advance().text.upper()
        self.expect_op("(")
        if self.tok.is_op("*"):
            self.advance()
            self.expect_op(")")
            return Call(name, (), star=True)
        if name == "TRIM":
            return self.trim()
        if name == "SUBSTRING":
            return self.substring()
        args = [] if self.tok.is_op(")") else self.expressions()
        self.expect_op(")")
        return Call(name, tuple(args))

    def trim(self) -> Expr:
        """TRIM([[LEADING|TRAILING|BOTH] [chars] FROM] value)."""
        mode = "BOTH"
        if self.tok.is_keyword("LEADING", "TRAILING", "BOTH"):
            mode = self.advance().text
            if self.tok.is_keyword("FROM"):
                self.advance()
                value = self.expr()
                self.expect_op(")")
                return Call("TRIM", (value,), mode=mode)
        first = self.expr()
        if self.tok.is_keyword("FROM"):
            self.advance()
            value = self.expr()
            self.expect_op(")")
            return Call("TRIM", (value, first), mode=mode)
        self.expect_op(")")
        return Call("TRIM", (first,), mode=mode)

    def substring(self) -> Expr:
        """SUBSTRING(value FROM start [FOR length]) or SUBSTRING(value, start [, length])."""
        args = [self.expr()]
        if self.tok.is_keyword("FROM"):
            self.advance()
            args.append(self.expr())
            if self.tok.is_keyword("FOR"):
                self.advance()
                args.append(self.expr())
        else:
            while self.tok.is_op(","):
                self.advance()
                args.append(self.expr())
        self.expect_op(")")
        return Call("SUBSTRING", tuple(args))

    def path(self) -> Expr:
        first = self.advance()
        steps: list[tuple[str, bool] | int] = [(first.text, first.kind == "quoted")]
        while self.tok.is_op(".") or self.tok.is_op("["):
            if self.advance().text == ".":
                if self.tok.is_op("*"):
                    raise UnsupportedSyntax("Wildcards in paths are not supported.")
                steps.append(self.name_step())
            else:
                index = self.advance()
                if index.kind == "number" and index.text.isdigit():
                    steps.append(int(index.text))
                elif index.kind == "string":
                    steps.append((index.text, True))
                else:
                    raise UnsupportedSyntax("Only a number or a string may index a path.")
                self.expect_op("]")
        return Path(tuple(steps))

    def name_step(self) -> tuple[str, bool]:
        """The name after a path's `.`: (its text, whether it was quoted, so compared case-sensitively)."""
        name = self.advance()
        if name.kind not in ("ident", "quoted", "keyword"):
            raise self.unexpected(name)
        return name.text, name.kind == "quoted"
