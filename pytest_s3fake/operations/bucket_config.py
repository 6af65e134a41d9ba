"""Bucket settings without a family of their own: request payment, server access logging, Transfer
Acceleration and the default storage class (each one stored setting, put and read back)."""

from __future__ import annotations

from pytest_s3fake.errors.codes import (
    CrossLocationLoggingProhibitted,
    InvalidRequest,
    InvalidTargetBucketForLogging,
    MalformedXML,
)
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

PAYERS = ("BucketOwner", "Requester")


@operation("PutBucketRequestPayment")
def put_bucket_request_payment(store: Store, req: Request) -> Response:
    """Make the requester (`Requester`) or the owner (`BucketOwner`) pay for requests and downloads."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    payer = req.xml("RequestPaymentConfiguration").get("Payer")
    if payer not in PAYERS:
        raise MalformedXML()
    bucket.request_payer = payer
    return Response.empty()


@operation("GetBucketRequestPayment")
def get_bucket_request_payment(store: Store, req: Request) -> Response:
    """Who pays: `BucketOwner` unless Requester Pays was turned on."""
    bucket = owned_bucket(store, req)
    return Response.xml("RequestPaymentConfiguration", {"Payer": bucket.request_payer})


# --- server access logging ---------------------------------------------------------------------------
# As recorded against AWS (LocalStack tests/aws/services/s3/test_s3.py::TestS3BucketLogging, aws.validated):
# an empty BucketLoggingStatus turns logging off; the target bucket must exist (400
# InvalidTargetBucketForLogging) and be in the source's region (403 CrossLocationLoggingProhibitted,
# which names the source's location too unless it is us-east-1); target grants are stored as sent.


@operation("PutBucketLogging")
def put_bucket_logging(store: Store, req: Request) -> Response:
    """Turn server access logging on (to a target bucket and prefix) or off (an empty status)."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("BucketLoggingStatus", req.xml("BucketLoggingStatus", force_list=("Grant",)))
    enabled = doc.get("LoggingEnabled")
    if enabled is None:
        bucket.configs.logging = None
        return Response.empty()
    target_name = enabled.get("TargetBucket") or ""
    target = store.get_bucket(target_name)
    if target is None:
        raise InvalidTargetBucketForLogging("The target bucket for logging does not exist", target_bucket=target_name)
    if target.region != bucket.region:
        source = bucket.region if bucket.region != "us-east-1" else None
        raise CrossLocationLoggingProhibitted(source_bucket_location=source, target_bucket_location=target.region)
    bucket.configs.logging = doc
    return Response.empty()


@operation("GetBucketLogging")
def get_bucket_logging(store: Store, req: Request) -> Response:
    """The logging status: `LoggingEnabled` with its target, or an empty status when logging is off."""
    bucket = owned_bucket(store, req)
    return Response.xml("BucketLoggingStatus", bucket.configs.logging)


# --- Transfer Acceleration ---------------------------------------------------------------------------
# As recorded against AWS (LocalStack tests/aws/services/s3/test_s3_api.py::TestS3BucketAccelerateConfiguration):
# a status other than Enabled or Suspended (case-sensitive) is MalformedXML; a bucket name with a dot
# is InvalidRequest; a bucket never configured answers an empty configuration.


@operation("PutBucketAccelerateConfiguration")
def put_bucket_accelerate_configuration(store: Store, req: Request) -> Response:
    """Set Transfer Acceleration to `Enabled` or `Suspended`."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    if "." in bucket.name:
        raise InvalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names")
    status = conform("AccelerateConfiguration", req.xml("AccelerateConfiguration")).get("Status")
    if status is None:
        raise MalformedXML()
    bucket.configs.accelerate = status
    return Response.empty()


@operation("GetBucketAccelerateConfiguration")
def get_bucket_accelerate_configuration(store: Store, req: Request) -> Response:
    """The acceleration status; no `Status` when it was never set."""
    bucket = owned_bucket(store, req)
    status = bucket.configs.accelerate
    return Response.xml("AccelerateConfiguration", {"Status": status} if status else None)


# --- default storage class ---------------------------------------------------------------------------
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketDefaultStorageClass.html: new objects written
# without `x-amz-storage-class` get the bucket's default; objects already stored keep theirs; there is no
# delete (STANDARD again reverts it); a bucket never set answers STANDARD. The model allows STANDARD and
# INTELLIGENT_TIERING; anything else is MalformedXML, as for the other enumerated bucket settings
# (not recorded against AWS yet: docs/differences.md).
DEFAULT_STORAGE_CLASSES = ("STANDARD", "INTELLIGENT_TIERING")


@operation("PutBucketDefaultStorageClass")
def put_bucket_default_storage_class(store: Store, req: Request) -> Response:
    """Set the storage class of objects written to the bucket without one."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    doc = conform("DefaultStorageClassConfiguration", req.xml("DefaultStorageClassConfiguration"))
    storage_class = doc.get("DefaultStorageClass")
    if storage_class not in DEFAULT_STORAGE_CLASSES:
        raise MalformedXML()
    bucket.configs.default_storage_class = storage_class
    return Response.empty()


@operation("GetBucketDefaultStorageClass")
def get_bucket_default_storage_class(store: Store, req: Request) -> Response:
    """The bucket's default storage class: STANDARD unless PutBucketDefaultStorageClass set another."""
    bucket = owned_bucket(store, req)
    return Response.xml("DefaultStorageClassConfiguration",
                        {"DefaultStorageClass": bucket.configs.default_storage_class})
