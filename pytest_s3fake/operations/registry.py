"""The OPERATIONS table and the `@operation` decorator that fills it."""

from __future__ import annotations

from collections.abc import Callable

from pytest_s3fake.model.store import Store
from pytest_s3fake.wire import Request, Response

Handler = Callable[[Store, Request], Response]

#: botocore operation name -> handler. Filled by the family modules as `operations` imports them.
OPERATIONS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under botocore's operation name; a name can be registered once."""

    def register(handler: Handler) -> Handler:
        if name in OPERATIONS:
            raise ValueError(f"operation {name!r} is already handled by {OPERATIONS[name].__qualname__}")
        OPERATIONS[name] = handler
        return handler

    return register
