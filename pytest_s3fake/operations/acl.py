"""ACLs as S3 has them by default: GetBucketAcl, GetObjectAcl, PutBucketAcl, PutObjectAcl.

Every bucket behaves as Object Ownership `BucketOwnerEnforced`, S3's default for new buckets since
April 2023: ACLs are disabled, every ACL reads as the owner's FULL_CONTROL, and a write succeeds only
when it says the same thing (`private`, `bucket-owner-full-control`, or that one grant in XML);
anything else is 400 AccessControlListNotSupported.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake.errors.codes import AccessControlListNotSupported, MalformedACLError
from pytest_s3fake.model import Store
from pytest_s3fake.operations.buckets import owner_id
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket, version_id_param
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Canned ACLs that grant nothing beyond the owner's FULL_CONTROL, the only ones an enforced bucket takes.
OWNER_ONLY_CANNED = frozenset({"private", "bucket-owner-full-control"})


def owner_policy(store: Store) -> dict[str, Any]:
    """The one ACL there is: the owner, with FULL_CONTROL."""
    owner = {"ID": owner_id(store.account_id), "DisplayName": "s3fake"}
    grantee = {"@xmlns:xsi": XSI, "@xsi:type": "CanonicalUser", **owner}
    return {"Owner": owner, "AccessControlList": {"Grant": [{"Grantee": grantee, "Permission": "FULL_CONTROL"}]}}


def check_owner_only(store: Store, req: Request) -> None:
    """Accept an ACL write only when it restates the owner's FULL_CONTROL."""
    canned = req.header("x-amz-acl")
    grants = [name for name in req.headers if name.startswith("x-amz-grant-")]
    if canned is not None or grants:
        if grants or canned not in OWNER_ONLY_CANNED:
            raise AccessControlListNotSupported()
        return
    doc = req.xml("AccessControlPolicy", force_list=("Grant",))
    listed = (doc.get("AccessControlList") or {}).get("Grant") or []
    for grant in listed:
        grantee = grant.get("Grantee")  # checked against the model's shape: a dict when present
        if not grantee:
            raise MalformedACLError()
        if grantee.get("ID") != owner_id(store.account_id) or grant.get("Permission") != "FULL_CONTROL":
            raise AccessControlListNotSupported()
    if len(listed) != 1:
        raise AccessControlListNotSupported()


@operation("GetBucketAcl")
def get_bucket_acl(store: Store, req: Request) -> Response:
    """The bucket's ACL: the owner with FULL_CONTROL."""
    owned_bucket(store, req)
    return Response.xml("AccessControlPolicy", owner_policy(store))


@operation("PutBucketAcl")
def put_bucket_acl(store: Store, req: Request) -> Response:
    """Accepted only when it keeps the owner-only ACL (ACLs are disabled)."""
    owned_bucket(store, req)
    check_owner_only(store, req)
    return Response.empty()


@operation("GetObjectAcl")
def get_object_acl(store: Store, req: Request) -> Response:
    """An object version's ACL: the bucket owner with FULL_CONTROL."""
    bucket = owned_bucket(store, req)
    addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    return Response.xml("AccessControlPolicy", owner_policy(store))


@operation("PutObjectAcl")
def put_object_acl(store: Store, req: Request) -> Response:
    """Accepted only when it keeps the owner-only ACL, on an existing object version."""
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    check_owner_only(store, req)
    headers = {"x-amz-version-id": version.version_id} if req.version_id is not None else {}
    return Response.empty(headers=headers)
