"""Bucket policies: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus.

The document is validated by `pytest_s3fake.policy_document` and kept as sent; its Deny statements are enforced
on every request by `operations/access.py`. Under Block Public Access `BlockPublicPolicy` (on for new
buckets) a public policy is refused with 403 AccessDenied, as S3 does.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
"""

from __future__ import annotations

from pytest_s3fake import policy_document
from pytest_s3fake.errors.codes import AccessDenied, MalformedPolicy, NoSuchBucketPolicy
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


@operation("PutBucketPolicy")
def put_bucket_policy(store: Store, req: Request) -> Response:
    """Validate and store a bucket policy; a public one is refused under BlockPublicPolicy."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=False)
    try:
        text = req.body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedPolicy("This policy contains invalid Json") from None
    parsed = policy_document.parse(text, bucket.name)
    block = bucket.security.public_access_block
    if block is not None and block.block_public_policy and parsed.is_public():
        raise AccessDenied(
            f"User: arn:aws:iam::{store.account_id}:root is not authorized to perform: s3:PutBucketPolicy on "
            f'resource: "arn:aws:s3:::{bucket.name}" because public policies are prevented by the '
            "BlockPublicPolicy setting in S3 Block Public Access."
        )
    bucket.security.policy_text, bucket.security.policy = text, parsed
    return Response.empty(204)


@operation("GetBucketPolicy")
def get_bucket_policy(store: Store, req: Request) -> Response:
    """The policy document as it was put; NoSuchBucketPolicy when there is none."""
    bucket = owned_bucket(store, req)
    if bucket.security.policy_text is None:
        raise NoSuchBucketPolicy(bucket_name=bucket.name)
    return Response(200, {"Content-Type": "application/json"}, bucket.security.policy_text.encode("utf-8"))


@operation("DeleteBucketPolicy")
def delete_bucket_policy(store: Store, req: Request) -> Response:
    """Remove the policy (204 even when there was none)."""
    bucket = owned_bucket(store, req)
    bucket.security.policy_text = bucket.security.policy = None
    return Response.empty(204)


@operation("GetBucketPolicyStatus")
def get_bucket_policy_status(store: Store, req: Request) -> Response:
    """`IsPublic`: whether the policy allows everyone; NoSuchBucketPolicy without a policy."""
    bucket = owned_bucket(store, req)
    parsed = bucket.security.policy
    if parsed is None:
        raise NoSuchBucketPolicy(bucket_name=bucket.name)
    return Response.xml("PolicyStatus", {"IsPublic": "true" if parsed.is_public() else "false"})
