"""Bucket versioning: PutBucketVersioning and GetBucketVersioning, with MFA delete."""

from __future__ import annotations

from pytest_s3fake.errors.codes import AccessDenied, InvalidBucketState, MalformedXML
from pytest_s3fake.model import ENABLED, SUSPENDED, Store
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.protection import check_mfa
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


@operation("PutBucketVersioning")
def put_bucket_versioning(store: Store, req: Request) -> Response:
    """Enable or suspend versioning; changing MFA delete needs a valid `x-amz-mfa` token."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    config = req.xml("VersioningConfiguration")
    status = config.get("Status")
    mfa_delete = config.get("MFADelete")
    if status is not None and status not in (ENABLED, SUSPENDED):
        raise MalformedXML()
    if mfa_delete is not None and mfa_delete not in ("Enabled", "Disabled"):
        raise MalformedXML()
    if mfa_delete is not None:
        if req.header("x-amz-mfa") is None:
            raise AccessDenied("Mfa Authentication must be used for this request")
        check_mfa(store, bucket, req, deletes_versions=True)
    if status == SUSPENDED and bucket.object_lock_enabled:
        raise InvalidBucketState(
            "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.",
            bucket_name=bucket.name,
        )
    if status is not None:
        bucket.versioning = status
    if mfa_delete is not None:
        bucket.mfa_delete = mfa_delete
    return Response.empty()


@operation("GetBucketVersioning")
def get_bucket_versioning(store: Store, req: Request) -> Response:
    """Status and MfaDelete; an empty configuration for a bucket that was never versioned."""
    bucket = owned_bucket(store, req)
    content: dict[str, str] = {}
    if bucket.versioning:
        content["Status"] = bucket.versioning
    if bucket.mfa_delete:
        content["MfaDelete"] = bucket.mfa_delete
    return Response.xml("VersioningConfiguration", content or None)
