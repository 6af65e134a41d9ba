"""ACLs: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl, and the ACL a new object is written with.

Object Ownership decides (operations/ownership.py). Under `BucketOwnerEnforced`, S3's default for new
buckets since April 2023, ACLs are disabled: every ACL reads as the owner's FULL_CONTROL, and a write
succeeds only when it says the same thing (`private`, `bucket-owner-full-control`, or that one grant in
XML); anything else is 400 AccessControlListNotSupported. Under `ObjectWriter` or `BucketOwnerPreferred`
(or with no ownership controls) ACLs are stored on the bucket and on each object version, and read back
as set; a public ACL is refused under Block Public Access `BlockPublicAcls`. A copy does not copy its
source's ACL. https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import AccessControlListNotSupported, MalformedACLError
from pytest_s3fake.model import Bucket, ObjectVersion, Store
from pytest_s3fake.model.multipart import Upload
from pytest_s3fake.model.security import Acl
from pytest_s3fake.operations import acl_grants
from pytest_s3fake.operations.buckets import owner_id
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket, version_id_param
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


def check_owner_only(store: Store, req: Request) -> None:
    """ACLs disabled: accept an ACL write only when it restates the owner's FULL_CONTROL."""
    canned = req.header("x-amz-acl")
    grants = [name for name in req.headers if name.startswith("x-amz-grant-")]
    if canned is not None or grants:
        if grants or canned not in acl_grants.OWNER_ONLY_CANNED:
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


def new_object_acl(store: Store, bucket: Bucket, req: Request) -> Acl | None:
    """The ACL the `x-amz-acl` / `x-amz-grant-*` headers of a write set (None: the owner's FULL_CONTROL).
    With ACLs disabled only an owner-only canned ACL is accepted, and nothing is stored."""
    if acl_grants.ACL_HEADERS.isdisjoint(req.headers):
        return None  # the common write: no ACL, the owner's FULL_CONTROL
    if not bucket.security.acls_enabled:
        canned = req.header("x-amz-acl")
        if any(name.startswith("x-amz-grant-") for name in req.headers) or (
                canned is not None and canned not in acl_grants.OWNER_ONLY_CANNED):
            raise AccessControlListNotSupported()
        return None
    acl = acl_grants.from_request(store, req, body=False)
    if acl is not None:
        acl_grants.check_block_public_acls(bucket, acl)
    return acl


def keep_acl(bucket: Bucket, holder: ObjectVersion | Upload, acl: Acl | None) -> None:
    """Remember the ACL of a new version (or of an upload, until it completes)."""
    if acl is not None:
        bucket.security.object_acls[holder] = acl


def carry_acl(bucket: Bucket, upload: Upload, version: ObjectVersion) -> None:
    """CompleteMultipartUpload: the upload's ACL becomes the object's."""
    acl = bucket.security.object_acls.pop(upload, None)
    keep_acl(bucket, version, acl)


def _put(store: Store, bucket: Bucket, req: Request) -> Acl | None:
    """The ACL a PutBucketAcl / PutObjectAcl stores; None when ACLs are disabled (nothing to store)."""
    if not bucket.security.acls_enabled:
        check_owner_only(store, req)
        return None
    acl = acl_grants.from_request(store, req, body=True)
    assert acl is not None
    acl_grants.check_block_public_acls(bucket, acl)
    return acl


def _read(store: Store, bucket: Bucket, acl: Acl | None) -> Response:
    if not bucket.security.acls_enabled or acl is None:
        acl = acl_grants.owner_acl(store)
    return Response.xml("AccessControlPolicy", acl_grants.render(acl))


@operation("GetBucketAcl")
def get_bucket_acl(store: Store, req: Request) -> Response:
    """The bucket's ACL: as set, or the owner with FULL_CONTROL."""
    bucket = owned_bucket(store, req)
    return _read(store, bucket, bucket.security.bucket_acl)


@operation("PutBucketAcl")
def put_bucket_acl(store: Store, req: Request) -> Response:
    """Set the bucket's ACL (canned, grant headers or XML); only the owner-only ACL when ACLs are disabled."""
    bucket = owned_bucket(store, req)
    acl = _put(store, bucket, req)
    if acl is not None:
        bucket.security.bucket_acl = acl
    return Response.empty()


@operation("GetObjectAcl")
def get_object_acl(store: Store, req: Request) -> Response:
    """An object version's ACL: as set, or the owner with FULL_CONTROL."""
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    headers = {"x-amz-version-id": version.version_id} if req.version_id is not None else {}
    response = _read(store, bucket, bucket.security.object_acls.get(version))
    return Response(response.status, {**response.headers, **headers}, response.body)


@operation("PutObjectAcl")
def put_object_acl(store: Store, req: Request) -> Response:
    """Set an existing object version's ACL; only the owner-only ACL when ACLs are disabled."""
    bucket = owned_bucket(store, req)
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    keep_acl(bucket, version, _put(store, bucket, req))
    headers = {"x-amz-version-id": version.version_id} if req.version_id is not None else {}
    return Response.empty(headers=headers)
