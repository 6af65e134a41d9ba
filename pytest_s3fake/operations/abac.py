"""Attribute-based access control (ABAC) for general purpose buckets: PutBucketAbac and GetBucketAbac.

The status is stored and read back; it grants or denies nothing, as the fake evaluates no IAM policy
(docs/differences.md). ABAC is off until enabled
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/buckets-tagging-enable-abac.html), so a bucket
never configured reads `Disabled`. A status outside the schema's `Enabled`/`Disabled` is MalformedXML.
"""

from __future__ import annotations

from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


@operation("PutBucketAbac")
def put_bucket_abac(store: Store, req: Request) -> Response:
    """Set the bucket's ABAC status to `Enabled` or `Disabled`."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("AbacStatus", req.xml("AbacStatus"))
    bucket.configs.abac = doc.get("Status") or "Disabled"
    return Response.empty()


@operation("GetBucketAbac")
def get_bucket_abac(store: Store, req: Request) -> Response:
    """The bucket's ABAC status (`Disabled` until enabled)."""
    bucket = owned_bucket(store, req)
    return Response.xml("AbacStatus", {"Status": bucket.configs.abac or "Disabled"})
