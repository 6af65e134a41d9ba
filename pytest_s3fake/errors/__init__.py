"""S3 error codes as exceptions: `from pytest_s3fake.errors import NoSuchKey`."""

from pytest_s3fake.errors.base import S3Error
from pytest_s3fake.errors.catalog import CATALOG, ErrorSpec
from pytest_s3fake.errors.codes import *  # noqa: F403
from pytest_s3fake.errors.codes import ERROR_CLASSES


def error_class(code: str) -> type[S3Error]:
    """The class for an S3 error code; a clear `ValueError` for a code the catalog does not know."""
    try:
        return ERROR_CLASSES[code]
    except KeyError:
        raise ValueError(
            f"unknown S3 error code {code!r}; the catalog (docs/errors.md) knows: {', '.join(sorted(CATALOG))}"
        ) from None


__all__ = ["CATALOG", "ERROR_CLASSES", "ErrorSpec", "S3Error", "error_class"]
