"""Enforcing a bucket policy's explicit Deny on the fake's own requests: `authorize`, called once per
request by `attempt.py` before the handler runs.

S3 evaluates a bucket policy for every request, even the owner's, and an explicit Deny always wins
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). Each
operation is checked as the IAM action S3 authorizes it by (`ACTIONS`; HeadObject is `s3:GetObject`,
ListObjectsV2 `s3:ListBucket`, ...), on the bucket's or the object's ARN. DeleteObjects is checked per
key, as S3 does: a denied key gets its own `AccessDenied` entry and the others are deleted. The policy
operations themselves are never denied: the account's root user can always read, replace or delete a
bucket policy, even one that denies it (as the PutBucketPolicy page says), so a test cannot lock itself out.

A bucket without a policy costs one dict look-up per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import AccessDenied
from pytest_s3fake.model import Bucket, ObjectVersion, Store
from pytest_s3fake.policy import Policy, Statement
from pytest_s3fake.wire import KeyFault, Request

#: The IAM action of each operation whose action is not simply `s3:<OperationName>`.
ACTIONS = {
    "HeadObject": "GetObject",
    "HeadBucket": "ListBucket",
    "ListObjects": "ListBucket",
    "ListObjectsV2": "ListBucket",
    "ListObjectVersions": "ListBucketVersions",
    "ListMultipartUploads": "ListBucketMultipartUploads",
    "ListParts": "ListMultipartUploadParts",
    "CopyObject": "PutObject",
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "UploadPartCopy": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "DeleteObjects": "DeleteObject",
    "DeleteBucketTagging": "PutBucketTagging",
    "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration",
    "PutObjectLockConfiguration": "PutBucketObjectLockConfiguration",
    "GetBucketEncryption": "GetEncryptionConfiguration",
    "PutBucketEncryption": "PutEncryptionConfiguration",
    "DeleteBucketEncryption": "PutEncryptionConfiguration",
    "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeleteBucketOwnershipControls": "PutBucketOwnershipControls",
    "GetBucketCors": "GetBucketCORS",
    "PutBucketCors": "PutBucketCORS",
    "DeleteBucketCors": "PutBucketCORS",
    "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
    "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
    "DeleteBucketLifecycle": "PutLifecycleConfiguration",
    "GetBucketLifecycle": "GetLifecycleConfiguration",
    "PutBucketLifecycle": "PutLifecycleConfiguration",
    "GetBucketReplication": "GetReplicationConfiguration",
    "PutBucketReplication": "PutReplicationConfiguration",
    "DeleteBucketReplication": "PutReplicationConfiguration",
    "GetBucketNotificationConfiguration": "GetBucketNotification",
    "PutBucketNotificationConfiguration": "PutBucketNotification",
    "GetBucketAccelerateConfiguration": "GetAccelerateConfiguration",
    "PutBucketAccelerateConfiguration": "PutAccelerateConfiguration",
}
#: With a `versionId`, these operations are authorized as their `...Version...` action.
VERSIONED_ACTIONS = {
    "GetObject": "GetObjectVersion", "HeadObject": "GetObjectVersion", "DeleteObject": "DeleteObjectVersion",
    "GetObjectAcl": "GetObjectVersionAcl", "PutObjectAcl": "PutObjectVersionAcl",
    "GetObjectTagging": "GetObjectVersionTagging", "PutObjectTagging": "PutObjectVersionTagging",
    "DeleteObjectTagging": "DeleteObjectVersionTagging", "GetObjectAttributes": "GetObjectVersionAttributes",
}
#: Never denied: the bucket owner's root user can always manage the bucket policy.
ALWAYS_ALLOWED = frozenset({"PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy", "CreateBucket", "ListBuckets"})
#: Where the fake answers `aws:SourceIp` from: every request comes from the machine itself.
SOURCE_IP = "127.0.0.1"


def authorize(store: Store, req: Request) -> Request:
    """Raise AccessDenied when the bucket's policy denies this request; for DeleteObjects, return the
    request with a per-key check added beside any per-key faults."""
    bucket = store.get_bucket(req.bucket) if req.bucket is not None else None
    if bucket is None or req.operation in ALWAYS_ALLOWED:
        return req
    policy: Policy | None = bucket.security.policy
    if policy is None:
        return req
    if req.operation == "DeleteObjects":
        denials = policy.denials("s3:DeleteObject", store.account_id)
        return replace(req, key_fault=_per_key(store, bucket, denials, req)) if denials else req
    name = ACTIONS.get(req.operation, req.operation)
    if req.version_id is not None:
        name = VERSIONED_ACTIONS.get(req.operation, name)
    resource = f"arn:aws:s3:::{bucket.name}" + (f"/{req.key}" if req.key is not None else "")
    if policy.denies(f"s3:{name}", resource, RequestContext(store, bucket, req, req.key)):
        raise AccessDenied()
    if req.operation == "CopyObject" or req.operation == "UploadPartCopy":
        _authorize_copy_source(store, req)
    return req


def _authorize_copy_source(store: Store, req: Request) -> None:
    """A copy also reads its source: `s3:GetObject` (or `GetObjectVersion`) on the source's ARN, by the
    source bucket's policy."""
    from pytest_s3fake.operations.objects_copy import parse_copy_source

    try:
        source_bucket, source_key, version_id = parse_copy_source(req.header("x-amz-copy-source"))
    except S3Error:
        return  # the handler answers the malformed header
    bucket = store.get_bucket(source_bucket)
    if bucket is None or bucket.security.policy is None:
        return
    action = "s3:GetObjectVersion" if version_id is not None else "s3:GetObject"
    context = RequestContext(store, bucket, replace(req, query={}), source_key)
    if bucket.security.policy.denies(action, f"arn:aws:s3:::{source_bucket}/{source_key}", context):
        raise AccessDenied()


def _per_key(store: Store, bucket: Bucket, denials: tuple[Statement, ...], req: Request) -> KeyFault:
    """DeleteObjects' per-key check: an injected fault first (faults.py), then the Deny statements that
    name `s3:DeleteObject` for the caller (principal and action were matched once, for the request)."""
    injected = req.key_fault
    prefix = f"arn:aws:s3:::{bucket.name}/"

    def check(key: str) -> S3Error | None:
        if injected is not None and (error := injected(key)) is not None:
            return error
        resource, context = prefix + key, RequestContext(store, bucket, req, key)
        for statement in denials:
            if statement.covers(resource, context):
                return AccessDenied()
        return None

    return check


class RequestContext:
    """The condition keys of one request, computed when a condition asks for them.

    Global keys: `aws:SecureTransport` (the URL's scheme), `aws:SourceIp` (127.0.0.1), `aws:CurrentTime`
    and `aws:EpochTime` (the fake's clock), `aws:UserAgent`, `aws:Referer`, `aws:PrincipalAccount`,
    `aws:PrincipalArn` (the account's root), `aws:PrincipalType` (`Account`). S3 keys: `s3:prefix`,
    `s3:delimiter`, `s3:max-keys`, `s3:VersionId`, `s3:ExistingObjectTag/<key>` (the addressed version's
    tags), `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys` (from `x-amz-tagging`),
    `s3:ResourceAccount`, `s3:signatureversion` (`AWS4-HMAC-SHA256`), `s3:authType` (`REST-HEADER`),
    `s3:TlsVersion`, and every request header `s3:x-amz-...` (`s3:x-amz-acl`,
    `s3:x-amz-server-side-encryption`, `s3:x-amz-server-side-encryption-aws-kms-key-id`, ...).
    """

    def __init__(self, store: Store, bucket: Bucket, req: Request, key: str | None) -> None:
        self.account_id = store.account_id
        self._store, self._bucket, self._req, self._key = store, bucket, req, key

    def values(self, key: str) -> Sequence[str] | None:
        req, name = self._req, key.lower()
        secure = req.url.lower().startswith("https:")
        if name == "aws:securetransport":
            return ["true" if secure else "false"]
        if name == "aws:sourceip":
            return [SOURCE_IP]
        if name in ("aws:currenttime", "aws:epochtime"):
            now: datetime = self._store.clock.now()
            return [now.strftime("%Y-%m-%dT%H:%M:%SZ") if name == "aws:currenttime" else str(int(now.timestamp()))]
        if name in ("aws:principalaccount", "s3:resourceaccount"):
            return [self.account_id]
        if name == "aws:principalarn":
            return [f"arn:aws:iam::{self.account_id}:root"]
        if name == "aws:principaltype":
            return ["Account"]
        if name in ("aws:useragent", "aws:referer"):
            value = req.header(name.partition(":")[2].replace("useragent", "user-agent"))
            return [value] if value is not None else None
        if name in ("s3:prefix", "s3:delimiter", "s3:max-keys"):
            return self._query(name[3:])
        if name == "s3:versionid":
            return self._query("versionId")
        if name == "s3:signatureversion":
            return ["AWS4-HMAC-SHA256"]
        if name == "s3:authtype":
            return ["REST-HEADER"]
        if name == "s3:tlsversion":
            return ["1.2"] if secure else None
        if name.startswith("s3:existingobjecttag/"):
            tags = self._existing_tags()
            tag = key.partition("/")[2]
            return [tags[tag]] if tags is not None and tag in tags else None
        if name.startswith("s3:requestobjecttag/") or name == "s3:requestobjecttagkeys":
            return self._request_tags(key)
        if name.startswith("s3:x-amz-"):
            value = req.header(name[3:])
            return [value] if value is not None else None
        return None

    def _query(self, name: str) -> Sequence[str] | None:
        value = self._req.query.get(name)
        return [value] if value is not None else None

    def _existing_tags(self) -> dict[str, str] | None:
        if self._key is None:
            return None
        version_id = self._req.version_id
        version = (self._bucket.version(self._key, version_id) if version_id is not None
                   else self._bucket.current(self._key))
        return dict(version.tags) if isinstance(version, ObjectVersion) else None

    def _request_tags(self, key: str) -> Sequence[str] | None:
        from urllib.parse import parse_qsl

        header = self._req.header("x-amz-tagging")
        if header is None:
            return None
        tags = dict(parse_qsl(header, keep_blank_values=True))
        if key.lower() == "s3:requestobjecttagkeys":
            return list(tags)
        tag = key.partition("/")[2]
        return [tags[tag]] if tag in tags else None
