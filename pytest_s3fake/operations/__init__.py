"""All S3 behaviour: one handler per operation, one module per family, found in OPERATIONS.

Importing this package imports every family module, which registers its handlers. `attempt.py`
looks an operation up here by botocore's name; a name missing from the table answers 501.
"""

from pytest_s3fake.operations import (  # noqa: F401  (imported for their @operation side effect)
    abac,
    acl,
    annotations,
    attributes,
    bucket_config,
    bucket_configs,
    buckets,
    cors,
    delete_objects,
    directory,
    encryption,
    lifecycle,
    listing,
    metadata_tables,
    multipart,
    multipart_listing,
    notifications,
    object_encryption,
    object_lambda,
    object_lock,
    objects,
    objects_copy,
    ownership,
    policy,
    post_object,
    public_access,
    replication,
    restore,
    select,
    tagging,
    torrent,
    versioning,
    website,
)
from pytest_s3fake.operations.registry import OPERATIONS, Handler, operation

__all__ = ["OPERATIONS", "Handler", "operation"]
