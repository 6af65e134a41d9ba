"""Lifecycle configuration: PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration,
DeleteBucketLifecycle, and the deprecated PutBucketLifecycle and GetBucketLifecycle.

Rules are validated as S3 validates them (lifecycle_rules.py) and stored; `S3Fake.lifecycle.run()`
applies them (lifecycle_run.py), and PutObject, GetObject and HeadObject answer `x-amz-expiration`
for an object a rule expires (lifecycle_match.py). As recorded against AWS (LocalStack
tests/aws/services/s3/test_s3.py::TestS3BucketLifecycle, aws.validated): a bucket without a
configuration answers 404 NoSuchLifecycleConfiguration; DeleteBucketLifecycle answers 204 whether or
not there was one; Put and Get answer `x-amz-transition-default-minimum-object-size`
(`all_storage_classes_128K` unless the request chose `varies_by_storage_class`; any other value is
InvalidRequest).
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import InvalidRequest, NoSuchLifecycleConfiguration
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.model.lifecycle import Lifecycle
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.lifecycle_rules import MINIMUM_SIZES, read_rules
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MINIMUM_SIZE_HEADER = "x-amz-transition-default-minimum-object-size"
_LISTS = ("Rule",)


def _put(store: Store, req: Request, shape: str, *, legacy: bool) -> Response:
    bucket = owned_bucket(store, req)
    check_integrity(req)
    minimum = req.header(MINIMUM_SIZE_HEADER) or MINIMUM_SIZES[0]
    if minimum not in MINIMUM_SIZES:
        raise InvalidRequest(f"Invalid TransitionDefaultMinimumObjectSize found: {minimum}")
    doc = conform(shape, req.xml("LifecycleConfiguration", force_list=_LISTS))
    rules = read_rules(doc, store.ids.request_id, legacy=legacy)
    bucket.configs.lifecycle = Lifecycle(rules, doc, minimum)
    return Response.empty(headers={} if legacy else {MINIMUM_SIZE_HEADER: minimum})


def _configured(bucket: Bucket) -> Lifecycle:
    lifecycle = bucket.configs.lifecycle
    if lifecycle is None:
        raise NoSuchLifecycleConfiguration(bucket_name=bucket.name)
    return lifecycle


@operation("PutBucketLifecycleConfiguration")
def put_bucket_lifecycle_configuration(store: Store, req: Request) -> Response:
    """Replace the bucket's lifecycle rules (up to 1000, each with a Filter or a Prefix and an action)."""
    return _put(store, req, "BucketLifecycleConfiguration", legacy=False)


@operation("PutBucketLifecycle")
def put_bucket_lifecycle(store: Store, req: Request) -> Response:
    """Replace the lifecycle rules in the deprecated shape (a `Prefix` and single transitions per rule)."""
    return _put(store, req, "LifecycleConfiguration", legacy=True)


@operation("GetBucketLifecycleConfiguration")
def get_bucket_lifecycle_configuration(store: Store, req: Request) -> Response:
    """The lifecycle rules as stored; 404 NoSuchLifecycleConfiguration when there are none."""
    lifecycle = _configured(owned_bucket(store, req))
    return Response.xml("LifecycleConfiguration", lifecycle.doc,
                        headers={MINIMUM_SIZE_HEADER: lifecycle.minimum_object_size})


@operation("GetBucketLifecycle")
def get_bucket_lifecycle(store: Store, req: Request) -> Response:
    """The lifecycle rules (deprecated form of GetBucketLifecycleConfiguration)."""
    return Response.xml("LifecycleConfiguration", _configured(owned_bucket(store, req)).doc)


@operation("DeleteBucketLifecycle")
def delete_bucket_lifecycle(store: Store, req: Request) -> Response:
    """Remove every lifecycle rule (204 whether or not there were any)."""
    owned_bucket(store, req).configs.lifecycle = None
    return Response.empty(204)
