"""The AST of S3 Select's SQL subset: what `parser.parse` builds and `evaluate` walks."""

from __future__ import annotations

from dataclasses import dataclass, field

CAST_TYPES = {
    "INT": "INT", "INTEGER": "INT", "BIGINT": "INT", "SMALLINT": "INT", "FLOAT": "FLOAT", "REAL": "FLOAT",
    "DOUBLE": "FLOAT", "DECIMAL": "DECIMAL", "NUMERIC": "DECIMAL", "STRING": "STRING", "VARCHAR": "STRING",
    "CHAR": "STRING", "BOOL": "BOOL", "BOOLEAN": "BOOL", "TIMESTAMP": "TIMESTAMP",
}
AGGREGATES = frozenset({"COUNT", "SUM", "AVG", "MIN", "MAX"})


@dataclass(frozen=True, slots=True)
class Literal:
    value: object


@dataclass(frozen=True, slots=True)
class Path:
    #: Each step: (name, quoted) for `.name`, or an int for `[n]`.
    steps: tuple[tuple[str, bool] | int, ...]


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-", "+", "NOT"
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # comparison, arithmetic, "||", "AND", "OR"
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Like:
    value: Expr
    pattern: Expr
    escape: Expr | None
    negated: bool


@dataclass(frozen=True, slots=True)
class Between:
    value: Expr
    low: Expr
    high: Expr
    negated: bool


@dataclass(frozen=True, slots=True)
class In:
    value: Expr
    options: tuple[Expr, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Is:
    value: Expr
    what: str  # "NULL" or "MISSING"
    negated: bool


@dataclass(frozen=True, slots=True)
class Cast:
    value: Expr
    type: str


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # upper case
    args: tuple[Expr, ...]
    star: bool = False  # COUNT(*)
    #: TRIM's LEADING/TRAILING/BOTH.
    mode: str = ""


#: A step of the FROM path: `.name` (name, quoted), `[n]`, or `[*]` ("*").
FromStep = tuple[str, bool] | int | str

Expr = Literal | Path | Unary | Binary | Like | Between | In | Is | Cast | Call


@dataclass(frozen=True, slots=True)
class Item:
    expr: Expr
    alias: str | None


@dataclass(frozen=True, slots=True)
class Query:
    items: tuple[Item, ...] | None  # None: SELECT *
    alias: str | None
    #: The path after `S3Object[*]` (JSON documents): records are what it finds in each document.
    from_path: tuple[FromStep, ...] = ()
    from_star: bool = False
    where: Expr | None = None
    limit: int | None = None
    aggregate: bool = field(default=False)
