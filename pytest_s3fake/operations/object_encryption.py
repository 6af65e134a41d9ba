"""UpdateObjectEncryption: change an existing object version's server-side encryption to SSE-KMS (or
to another KMS key, or to an S3 Bucket Key) without rewriting it.

As botocore's model documents it (the AWS API reference): the only target is SSE-KMS with a full KMS
key ARN (`arn:aws...:kms:<region>:<account>:key/<id>`; an id or alias is InvalidRequest) owned by the
bucket owner's account (another account's key: AccessDenied); a source encrypted with SSE-C or DSSE-KMS
is InvalidRequest; the ETag, checksums, metadata, storage class and Last-Modified stay as they were.
The fake has no KMS (docs/differences.md): the key is recorded, never used.
"""

from __future__ import annotations

import re

from pytest_s3fake.errors.codes import AccessDenied, InvalidRequest
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import (
    addressed_version,
    charged_headers,
    object_key,
    owned_bucket,
    version_id_param,
)
from pytest_s3fake.operations.config_schema import check_integrity
from pytest_s3fake.operations.encryption import BUCKET_KEY, CUSTOMER_ALGORITHM, KMS_CONTEXT, KMS_KEY, SSE
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

_KEY_ARN = re.compile(r"^arn:aws[-a-z0-9]*:kms:[-a-z0-9]*:([0-9]{12}):key/.+$")


@operation("UpdateObjectEncryption")
def update_object_encryption(store: Store, req: Request) -> Response:
    """Re-encrypt a version's data key under SSE-KMS with the given key; its data and ETag stay."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = req.xml("ObjectEncryption")
    kms = doc.get("SSE-KMS")
    if not isinstance(kms, dict) or not kms.get("KMSKeyArn"):
        raise InvalidRequest("The ObjectEncryption element must specify SSE-KMS with a KMSKeyArn.")
    key_arn = str(kms["KMSKeyArn"])
    match = _KEY_ARN.match(key_arn)
    if match is None:
        raise InvalidRequest("The KMSKeyArn must be the full ARN of a KMS key; key ids and aliases are not supported.")
    if match.group(1) != bucket.owner:
        raise AccessDenied()
    version = addressed_version(bucket, object_key(req), version_id_param(req), req.method)
    stored = version.headers
    if CUSTOMER_ALGORITHM in stored or stored.get(SSE) == "aws:kms:dsse":
        raise InvalidRequest("UpdateObjectEncryption does not support objects encrypted with SSE-C or DSSE-KMS.")
    headers = {name: value for name, value in stored.items() if name not in (SSE, KMS_KEY, BUCKET_KEY, KMS_CONTEXT)}
    headers.update({SSE: "aws:kms", KMS_KEY: key_arn})
    if kms.get("BucketKeyEnabled") is True:
        headers[BUCKET_KEY] = "true"
    version.headers = headers
    return Response.empty(200, charged_headers(bucket, req))
