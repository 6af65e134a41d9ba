"""pytest-s3fake: an in-memory, versioned S3 for tests, answered at botocore's `before-send`."""

from pytest_s3fake import errors
from pytest_s3fake.errors import S3Error
from pytest_s3fake.fake import S3Fake
from pytest_s3fake.faults import Fault

__version__ = "0.1.0"

__all__ = ["Fault", "S3Error", "S3Fake", "__version__", "errors"]
