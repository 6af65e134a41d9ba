"""All S3 behaviour: one handler per operation, one module per family, found in OPERATIONS.

Importing this package imports every family module, which registers its handlers. `attempt.py`
looks an operation up here by botocore's name; a name missing from the table answers 501.
"""

from pytest_s3fake.operations import (  # noqa: F401  (imported for their @operation side effect)
    acl,
    bucket_config,
    buckets,
    delete_objects,
    listing,
    multipart,
    multipart_listing,
    object_lock,
    objects,
    objects_copy,
    post_object,
    tagging,
    versioning,
)
from pytest_s3fake.operations.registry import OPERATIONS, Handler, operation

__all__ = ["OPERATIONS", "Handler", "operation"]
