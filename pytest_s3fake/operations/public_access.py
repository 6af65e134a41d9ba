"""Block Public Access at bucket level: PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock.

New buckets have all four settings on (S3's default since April 2023). `BlockPublicPolicy` refuses a
public bucket policy (operations/policy.py), `BlockPublicAcls` a public ACL (operations/acl.py);
`IgnorePublicAcls` and `RestrictPublicBuckets` limit what public grants let *other* callers do, and the
fake has one caller, the owner, so they change no answer.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake.errors.codes import NoSuchPublicAccessBlockConfiguration
from pytest_s3fake.model import Store
from pytest_s3fake.model.security import PublicAccessBlock
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def _flag(doc: dict[str, Any], name: str) -> bool:
    """A setting as the wire layer typed it against botocore's model (shapes.py); left out is false."""
    return doc.get(name) is True


@operation("PutPublicAccessBlock")
def put_public_access_block(store: Store, req: Request) -> Response:
    """Set the bucket's four Block Public Access settings (a setting left out is false)."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=False)
    doc = req.xml("PublicAccessBlockConfiguration")
    flags = [_flag(doc, name) for name in SETTINGS]
    bucket.security.public_access_block = PublicAccessBlock(*flags)
    return Response.empty()


@operation("GetPublicAccessBlock")
def get_public_access_block(store: Store, req: Request) -> Response:
    """The four settings; NoSuchPublicAccessBlockConfiguration after DeletePublicAccessBlock."""
    bucket = owned_bucket(store, req)
    block = bucket.security.public_access_block
    if block is None:
        raise NoSuchPublicAccessBlockConfiguration(bucket_name=bucket.name)
    values = (block.block_public_acls, block.ignore_public_acls, block.block_public_policy,
              block.restrict_public_buckets)
    content = {name: "true" if value else "false" for name, value in zip(SETTINGS, values, strict=True)}
    return Response.xml("PublicAccessBlockConfiguration", content)


@operation("DeletePublicAccessBlock")
def delete_public_access_block(store: Store, req: Request) -> Response:
    """Remove the settings: nothing is blocked at bucket level any more (204, also when none was set)."""
    bucket = owned_bucket(store, req)
    bucket.security.public_access_block = None
    return Response.empty(204)
