"""Replication: PutBucketReplication, GetBucketReplication, DeleteBucketReplication.

The configuration is validated and stored; the fake copies no object. As recorded against AWS
(LocalStack tests/aws/services/s3/test_s3.py::TestS3BucketReplication, aws.validated): the source
needs versioning Enabled and each destination bucket must exist with versioning Enabled (both
InvalidRequest); a configuration without rules is MalformedXML; a rule without an ID gets one; a
bucket without a configuration answers 404 ReplicationConfigurationNotFoundError; delete is idempotent.
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import InvalidRequest, MalformedXML, ReplicationConfigurationNotFoundError
from pytest_s3fake.model import ENABLED, Store
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

_BUCKET_ARN = "arn:aws:s3:::"
MAX_RULES = 1000


@operation("PutBucketReplication")
def put_bucket_replication(store: Store, req: Request) -> Response:
    """Replace the bucket's replication rules (the source must have versioning Enabled)."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("ReplicationConfiguration", req.xml("ReplicationConfiguration", force_list=("Rule",)))
    rules = doc.get("Rule") or []
    if not rules or len(rules) > MAX_RULES:
        raise MalformedXML()
    if bucket.versioning != ENABLED:
        raise InvalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
    for rule in rules:
        arn = rule["Destination"].get("Bucket") or ""
        destination = store.get_bucket(arn[len(_BUCKET_ARN):]) if arn.startswith(_BUCKET_ARN) else None
        if destination is None or destination.versioning != ENABLED:
            raise InvalidRequest("Destination bucket must have versioning enabled.")
    for rule in rules:
        if not rule.get("ID"):
            rule["ID"] = store.ids.request_id()
    bucket.configs.replication = doc
    return Response.empty()


@operation("GetBucketReplication")
def get_bucket_replication(store: Store, req: Request) -> Response:
    """The replication configuration; 404 ReplicationConfigurationNotFoundError when there is none."""
    bucket = owned_bucket(store, req)
    if bucket.configs.replication is None:
        raise ReplicationConfigurationNotFoundError(bucket_name=bucket.name)
    return Response.xml("ReplicationConfiguration", bucket.configs.replication)


@operation("DeleteBucketReplication")
def delete_bucket_replication(store: Store, req: Request) -> Response:
    """Remove the replication configuration (204 whether or not there was one)."""
    owned_bucket(store, req).configs.replication = None
    return Response.empty(204)
