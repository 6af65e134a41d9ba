"""Tokens of S3 Select's SQL: keywords and identifiers, `"quoted"` identifiers, `'string'` literals
(`''` inside is one quote), numbers, operators and punctuation.

A character no token starts with is LexerInvalidChar; an unclosed string or quoted identifier is
ParseUnexpectedToken, as S3 answers for an expression it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_s3fake.errors.codes import LexerInvalidChar, ParseUnexpectedToken

#: Words that are never column names: a bare `FROM` or `WHERE` ends an expression.
KEYWORDS = frozenset({
    "SELECT", "FROM", "WHERE", "LIMIT", "AS", "AND", "OR", "NOT", "LIKE", "ESCAPE", "IS", "NULL", "MISSING",
    "IN", "BETWEEN", "CAST", "TRUE", "FALSE", "GROUP", "ORDER", "BY", "HAVING", "JOIN", "UNION", "DISTINCT",
    "CASE", "LEADING", "TRAILING", "BOTH", "FOR",
})
_OPERATORS = ("<>", "!=", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "keyword", "ident", "quoted", "string", "number", "op", "end"
    text: str
    position: int

    def is_keyword(self, *words: str) -> bool:
        return self.kind == "keyword" and self.text in words

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending with one `end` token."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isalpha() or ch == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            upper = word.upper()
            tokens.append(Token("keyword", upper, start) if upper in KEYWORDS else Token("ident", word, start))
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            start = i
            while i < n and text[i].isdigit():
                i += 1
            if i < n and text[i] == "." and (i + 1 >= n or text[i + 1].isdigit()):
                i += 1
                while i < n and text[i].isdigit():
                    i += 1
            if i < n and text[i] in "eE" and (i + 1 < n and (text[i + 1].isdigit() or text[i + 1] in "+-")):
                i += 2
                while i < n and text[i].isdigit():
                    i += 1
            tokens.append(Token("number", text[start:i], start))
        elif ch in "'\"":
            start, value = i, []
            i += 1
            while True:
                if i >= n:
                    raise ParseUnexpectedToken(f"Unterminated literal starting at column {start + 1}.")
                if text[i] == ch:
                    if i + 1 < n and text[i + 1] == ch:
                        value.append(ch)
                        i += 2
                        continue
                    i += 1
                    break
                value.append(text[i])
                i += 1
            tokens.append(Token("string" if ch == "'" else "quoted", "".join(value), start))
        else:
            for op in _OPERATORS:
                if text.startswith(op, i):
                    tokens.append(Token("op", op, i))
                    i += len(op)
                    break
            else:
                raise LexerInvalidChar(f"Invalid character at line 1, column {i + 1}.")
    tokens.append(Token("end", "", n))
    return tokens
