"""Bucket settings without a family of their own: PutBucketRequestPayment and GetBucketRequestPayment."""

from __future__ import annotations

from pytest_s3fake.errors.codes import MalformedXML
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
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
