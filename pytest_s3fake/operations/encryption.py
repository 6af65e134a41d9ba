"""Encryption: PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption, and the encryption of
each new object (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C) as PutObject, CopyObject and multipart uploads set it.

A version's encryption is kept in its stored headers (`x-amz-server-side-encryption`, `...-aws-kms-key-id`,
`...-bucket-key-enabled`, `...-customer-algorithm`, `...-customer-key-md5`), so GET and HEAD echo it like
any stored header, and an object with none of them reads as SSE-S3 (`AES256`), S3's default since 2023.
Nothing is really encrypted: there is no KMS (any key id is accepted, a bare id becomes an ARN in the
bucket's region), and an SSE-C key is kept only as its MD5, which is all S3 needs to tell a right key
from a wrong one. https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

from pytest_s3fake.errors.codes import (
    AccessDenied,
    InvalidArgument,
    InvalidEncryptionAlgorithmError,
    InvalidRequest,
    MalformedXML,
)
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.model.security import DEFAULT_ENCRYPTION, EncryptionRule
from pytest_s3fake.operations.common import flag, owned_bucket, verify_integrity
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

SSE = "x-amz-server-side-encryption"
KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id"
BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled"
KMS_CONTEXT = "x-amz-server-side-encryption-context"
CUSTOMER = "x-amz-server-side-encryption-customer-"
CUSTOMER_ALGORITHM = CUSTOMER + "algorithm"
CUSTOMER_KEY_MD5 = CUSTOMER + "key-md5"
COPY_SOURCE_CUSTOMER = "x-amz-copy-source-server-side-encryption-customer-"
#: The stored headers that describe a version's encryption (never copied by CopyObject).
ENCRYPTION_HEADERS = frozenset({SSE, KMS_KEY, BUCKET_KEY, KMS_CONTEXT, CUSTOMER_ALGORITHM, CUSTOMER_KEY_MD5})
#: The request headers that can change a new object's encryption.
_REQUEST_HEADERS = frozenset({SSE, KMS_KEY, BUCKET_KEY, KMS_CONTEXT, CUSTOMER_ALGORITHM, CUSTOMER + "key",
                              CUSTOMER_KEY_MD5})
ALGORITHMS = ("AES256", "aws:kms", "aws:kms:dsse")
KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
STORED_STATE = ("The object was stored using a form of Server Side Encryption. The correct parameters must be "
                "provided to retrieve the object.")
WRONG_KEY = "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key."


# --- the bucket's default ------------------------------------------------------------------------------


@operation("PutBucketEncryption")
def put_bucket_encryption(store: Store, req: Request) -> Response:
    """Set the default encryption of new objects: one rule, AES256, aws:kms or aws:kms:dsse."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=False)
    rules = req.xml("ServerSideEncryptionConfiguration", force_list=("Rule",)).get("Rule") or []
    if len(rules) != 1 or not isinstance(rules[0], dict):
        raise MalformedXML()
    default = rules[0].get("ApplyServerSideEncryptionByDefault")
    if not isinstance(default, dict) or default.get("SSEAlgorithm") not in ALGORITHMS:
        raise MalformedXML()
    algorithm, key_id = default["SSEAlgorithm"], default.get("KMSMasterKeyID")
    if key_id is not None and algorithm not in KMS_ALGORITHMS:
        raise InvalidArgument(
            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
            argument_name="ApplyServerSideEncryptionByDefault",
        )
    # A boolean already checked and typed against botocore's model by the wire layer (shapes.py).
    bucket.security.encryption = EncryptionRule(algorithm, key_id, rules[0].get("BucketKeyEnabled") is True)
    return Response.empty()


@operation("GetBucketEncryption")
def get_bucket_encryption(store: Store, req: Request) -> Response:
    """The default encryption rule (SSE-S3 when none was set: every bucket has one)."""
    bucket = owned_bucket(store, req)
    rule = bucket.security.encryption
    default: dict[str, Any] = {"SSEAlgorithm": rule.algorithm}
    if rule.kms_key_id is not None:
        default["KMSMasterKeyID"] = rule.kms_key_id
    content = {"Rule": {"ApplyServerSideEncryptionByDefault": default,
                        "BucketKeyEnabled": "true" if rule.bucket_key_enabled else "false"}}
    return Response.xml("ServerSideEncryptionConfiguration", content)


@operation("DeleteBucketEncryption")
def delete_bucket_encryption(store: Store, req: Request) -> Response:
    """Back to S3's default, SSE-S3 (204)."""
    bucket = owned_bucket(store, req)
    bucket.security.encryption = DEFAULT_ENCRYPTION
    return Response.empty(204)


# --- new objects -------------------------------------------------------------------------------------------


def kms_key_arn(store: Store, bucket: Bucket, key_id: str | None) -> str:
    """The ARN S3 reports for a KMS key: as given when it is an ARN, else in the bucket's region; the
    account's AWS managed key (`aws/s3`, a stable id per account and region) when none is named."""
    if key_id is None:
        managed = uuid.uuid5(uuid.NAMESPACE_URL, f"aws/s3/{store.account_id}/{bucket.region}")
        return f"arn:aws:kms:{bucket.region}:{store.account_id}:key/{managed}"
    if key_id.startswith("arn:"):
        return key_id
    return f"arn:aws:kms:{bucket.region}:{store.account_id}:{key_id if key_id.startswith('alias/') else 'key/' + key_id}"


def customer_key(req: Request, prefix: str = CUSTOMER, *, reading: bool = False) -> tuple[str, str] | None:
    """(algorithm, key MD5) of the SSE-C headers under `prefix`, checked as S3 checks them; None when the
    request sends none (LocalStack's AWS-validated TestS3SSECEncryption snapshots give the messages)."""
    algorithm, key, md5 = (req.header(prefix + name) for name in ("algorithm", "key", "key-md5"))
    if algorithm is None and key is None and md5 is None:
        return None
    if algorithm is None:
        raise InvalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide "
                              "a valid encryption algorithm.", argument_name=SSE)
    if algorithm != "AES256":
        raise InvalidEncryptionAlgorithmError("The Encryption request you specified is not valid. Supported value: "
                                              "AES256.", argument_name=SSE, argument_value=algorithm)
    if key is None:
        raise InvalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide "
                              "an appropriate secret key.", argument_name=SSE)
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise InvalidArgument("The secret key was invalid for the specified algorithm.", argument_name=SSE)
    if md5 is None:
        if reading:
            raise AccessDenied(WRONG_KEY)
        raise InvalidArgument("The secret key was invalid for the specified algorithm.", argument_name=SSE)
    if base64.b64encode(hashlib.md5(raw).digest()).decode() != md5:
        raise InvalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.",
                              argument_name=SSE)
    return algorithm, md5


def new_object_encryption(store: Store, bucket: Bucket, req: Request) -> dict[str, str]:
    """The encryption headers a new version (or upload) keeps: SSE-C when the request sends a customer key,
    else the request's `x-amz-server-side-encryption`, else the bucket's default."""
    if bucket.security.encryption is DEFAULT_ENCRYPTION and _REQUEST_HEADERS.isdisjoint(req.headers):
        return {}  # SSE-S3, S3's default: the version stores nothing (the common write, kept cheap)
    requested = req.header(SSE)
    sse_c = customer_key(req)
    if sse_c is not None:
        if requested is not None:
            raise InvalidArgument("Server Side Encryption with Customer provided key is incompatible with the "
                                  "encryption method specified", argument_name=SSE, argument_value=requested)
        return {CUSTOMER_ALGORITHM: sse_c[0], CUSTOMER_KEY_MD5: sse_c[1]}
    if requested is not None and requested not in ALGORITHMS:
        raise InvalidArgument("The encryption method specified is not supported", argument_name=SSE,
                              argument_value=requested)
    key_id, bucket_key = req.header(KMS_KEY), req.header(BUCKET_KEY)
    if key_id is not None and requested not in KMS_ALGORITHMS:
        raise InvalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header "
                              "x-amz-server-side-encryption : aws:kms", argument_name=KMS_KEY)
    rule = bucket.security.encryption
    if requested is None:
        requested, key_id = rule.algorithm, rule.kms_key_id
        bucket_key_on = rule.bucket_key_enabled
    else:
        bucket_key_on = flag(bucket_key) if bucket_key is not None else (
            rule.bucket_key_enabled and rule.algorithm in KMS_ALGORITHMS)
    if requested not in KMS_ALGORITHMS:
        return {SSE: requested} if requested != "AES256" else {}
    stored = {SSE: requested, KMS_KEY: kms_key_arn(store, bucket, key_id)}
    if bucket_key_on and requested == "aws:kms":
        stored[BUCKET_KEY] = "true"
    context = req.header(KMS_CONTEXT)
    if context is not None:
        stored[KMS_CONTEXT] = context
    return stored


def echoed(stored: Mapping[str, str], *, customer: bool = True) -> dict[str, str]:
    """The encryption headers a response about this version or upload carries: `AES256` by default,
    the KMS key and Bucket Key when set, and an SSE-C key's algorithm and MD5 (unless `customer` is off,
    as in CompleteMultipartUpload's answer)."""
    if not stored:
        return {SSE: "AES256"}
    if CUSTOMER_ALGORITHM in stored:
        if not customer:
            return {}
        return {CUSTOMER_ALGORITHM: stored[CUSTOMER_ALGORITHM], CUSTOMER_KEY_MD5: stored[CUSTOMER_KEY_MD5]}
    headers = {SSE: stored.get(SSE, "AES256")}
    for name in (KMS_KEY, BUCKET_KEY):
        if name in stored:
            headers[name] = stored[name]
    return headers


def check_customer_key(req: Request, stored: Mapping[str, str], prefix: str = CUSTOMER) -> None:
    """Reading an SSE-C version needs its key (400 without it, 403 with another); a version that is not
    SSE-C refuses a customer key (400)."""
    sent = customer_key(req, prefix, reading=True)
    md5 = stored.get(CUSTOMER_KEY_MD5)
    if md5 is None:
        if sent is not None:
            raise InvalidRequest("The encryption parameters are not applicable to this object.")
        return
    if sent is None:
        raise InvalidRequest(STORED_STATE)
    if sent[1] != md5:
        raise AccessDenied(WRONG_KEY)


def check_part_key(req: Request, stored: Mapping[str, str]) -> None:
    """UploadPart and UploadPartCopy: the upload's SSE-C key again, and only for an SSE-C upload."""
    sent = customer_key(req)
    md5 = stored.get(CUSTOMER_KEY_MD5)
    if (sent is None) != (md5 is None):
        raise InvalidRequest("The multipart upload initiate requested encryption. Subsequent part requests must "
                             "include the appropriate encryption parameters.")
    if sent is not None and sent[1] != md5:
        raise InvalidRequest("The provided encryption parameters did not match the ones used originally.")
