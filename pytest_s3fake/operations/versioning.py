"""Bucket versioning: PutBucketVersioning and GetBucketVersioning, with MFA delete."""

from __future__ import annotations

from pytest_s3fake.errors.codes import AccessDenied, InvalidBucketState, MalformedXML
from pytest_s3fake.model import ENABLED, SUSPENDED, Store
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.protection import check_mfa
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MFA_STATES = ("Enabled", "Disabled")


@operation("PutBucketVersioning")
def put_bucket_versioning(store: Store, req: Request) -> Response:
    """Enable or suspend versioning; MFA delete changes, and any change once it is on, need `x-amz-mfa`."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    config = req.xml("VersioningConfiguration")
    status = config.get("Status")
    # botocore's `MFADelete` member travels as the `<MfaDelete>` element.
    mfa_delete = config.get("MfaDelete")
    if status is not None and status not in (ENABLED, SUSPENDED):
        raise MalformedXML()
    if mfa_delete is not None and mfa_delete not in MFA_STATES:
        raise MalformedXML()
    # Configuring MFA delete, and once it is on every change of the versioning state, needs the
    # `SERIAL CODE` header: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
    # `MFADelete=Disabled` on a bucket where it was never on changes nothing, so needs no token (tools
    # such as Terraform send it on every versioning change).
    if mfa_delete == "Disabled" and bucket.mfa_delete != "Enabled":
        mfa_delete = None
    needs_mfa = mfa_delete is not None or bucket.mfa_delete == "Enabled"
    if needs_mfa and req.header("x-amz-mfa") is None:
        raise AccessDenied("Mfa Authentication must be used for this request")
    check_mfa(store, bucket, req, deletes_versions=needs_mfa)
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
