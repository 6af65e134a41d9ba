"""Object Ownership: PutBucketOwnershipControls, GetBucketOwnershipControls, DeleteBucketOwnershipControls.

`BucketOwnerEnforced` (the default) disables ACLs; `BucketOwnerPreferred` and `ObjectWriter` turn them on
(operations/acl.py). Turning enforcement back on is refused while the bucket's ACL grants anything to
anyone but the owner, as S3 refuses it (InvalidBucketAclWithObjectOwnership). Codes follow LocalStack's
AWS-validated TestS3BucketOwnershipControls snapshots (test_s3_api.snapshot.json, 2026-02-21).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-existing-bucket.html
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import (
    InvalidBucketAclWithBlockPublicAccessError,
    InvalidBucketAclWithObjectOwnership,
    MalformedXML,
    OwnershipControlsNotFoundError,
)
from pytest_s3fake.model import Store
from pytest_s3fake.model.security import BUCKET_OWNER_ENFORCED, OWNERSHIP_MODES, Acl
from pytest_s3fake.operations.acl_grants import from_request, grants_beyond_owner, is_public
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


def creation_settings(store: Store, req: Request, ownership: str | None) -> tuple[str, Acl | None]:
    """CreateBucket's `x-amz-object-ownership` and ACL headers: an ACL granting others is refused under
    BucketOwnerEnforced (the default), and a public one by the new bucket's Block Public Access."""
    mode = ownership or BUCKET_OWNER_ENFORCED
    acl = from_request(store, req, body=False)
    if mode == BUCKET_OWNER_ENFORCED:
        if grants_beyond_owner(store, acl):
            raise InvalidBucketAclWithObjectOwnership()
        acl = None
    elif acl is not None and is_public(acl):
        raise InvalidBucketAclWithBlockPublicAccessError()
    return mode, acl


@operation("PutBucketOwnershipControls")
def put_bucket_ownership_controls(store: Store, req: Request) -> Response:
    """Set Object Ownership: one rule naming BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=False)
    rules = req.xml("OwnershipControls", force_list=("Rule",)).get("Rule") or []
    if len(rules) != 1 or not isinstance(rules[0], dict) or rules[0].get("ObjectOwnership") not in OWNERSHIP_MODES:
        raise MalformedXML()
    mode = rules[0]["ObjectOwnership"]
    if mode == BUCKET_OWNER_ENFORCED and grants_beyond_owner(store, bucket.security.bucket_acl):
        raise InvalidBucketAclWithObjectOwnership()
    if mode == BUCKET_OWNER_ENFORCED:
        bucket.security.bucket_acl = None
    bucket.security.ownership = mode
    return Response.empty()


@operation("GetBucketOwnershipControls")
def get_bucket_ownership_controls(store: Store, req: Request) -> Response:
    """The Object Ownership rule; OwnershipControlsNotFoundError after DeleteBucketOwnershipControls."""
    bucket = owned_bucket(store, req)
    if bucket.security.ownership is None:
        raise OwnershipControlsNotFoundError(bucket_name=bucket.name)
    return Response.xml("OwnershipControls", {"Rule": {"ObjectOwnership": bucket.security.ownership}})


@operation("DeleteBucketOwnershipControls")
def delete_bucket_ownership_controls(store: Store, req: Request) -> Response:
    """Remove the rule: ACLs are enabled, as under ObjectWriter (204)."""
    bucket = owned_bucket(store, req)
    bucket.security.ownership = None
    return Response.empty(204)
