"""`S3Error`: the exception a handler raises to answer with an S3 `<Error>` document.

The classes for each code are generated into `codes.py` from `catalog.py`. Only `attempt.py` turns
an `S3Error` into a wire response, so botocore raises exactly the `ClientError` AWS would cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pytest_s3fake.errors.catalog import CATALOG, ErrorSpec


class S3Error(Exception):
    """An S3 error answer: code, HTTP status, message and the code's extra XML fields."""

    spec: ClassVar[ErrorSpec]

    def __init__(
        self,
        message: str | None = None,
        *,
        fields: Mapping[str, object | None] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.message = message if message is not None else self.spec.message
        self.fields: dict[str, str] = {
            name: _text(value) for name, value in (fields or {}).items() if value is not None
        }
        self.headers: dict[str, str] = dict(headers or {})
        super().__init__(f"{self.code}: {self.message}")

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def status(self) -> int:
        return self.spec.status

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spec_for(code: str) -> ErrorSpec:
    return CATALOG[code]
