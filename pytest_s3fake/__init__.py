"""pytest-s3fake: an in-memory, versioned S3 for tests, answered at botocore's `before-send`.

The public names are loaded on first use: the pytest plugin imports this package in every pytest run,
and a run that never touches S3 should not pay for the emulation behind them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_s3fake import errors
    from pytest_s3fake.decorate import active_fake, mock_s3
    from pytest_s3fake.errors import S3Error
    from pytest_s3fake.fake import S3Fake
    from pytest_s3fake.faults import Fault, FaultSpecError

__version__ = "0.1.0"

__all__ = ["Fault", "FaultSpecError", "S3Error", "S3Fake", "__version__", "active_fake", "errors", "mock_s3"]

#: Where each public name lives.
_PUBLIC = {"S3Fake": "pytest_s3fake.fake", "S3Error": "pytest_s3fake.errors", "Fault": "pytest_s3fake.faults",
           "FaultSpecError": "pytest_s3fake.faults", "errors": "pytest_s3fake.errors",
           "mock_s3": "pytest_s3fake.decorate", "active_fake": "pytest_s3fake.decorate"}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_s3fake' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if name == "errors" else getattr(loaded, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
