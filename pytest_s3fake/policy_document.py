"""Reading PutBucketPolicy's JSON as S3 validates it: a `Policy`, or MalformedPolicy with S3's message."""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_s3fake.errors.codes import MalformedPolicy
from pytest_s3fake.policy import OPERATORS, Condition, Policy, Statement, glob_match, ip_network

VERSIONS = ("2012-10-17", "2008-10-17")
#: S3 actions a bucket policy may name, by the resource they act on (IAM's Service Authorization Reference).
BUCKET_ACTIONS = frozenset({
    "CreateBucket", "DeleteBucket", "ListBucket", "ListBucketVersions", "ListBucketMultipartUploads",
    "GetBucketLocation", "GetBucketVersioning", "PutBucketVersioning", "GetBucketTagging", "PutBucketTagging",
    "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus", "GetBucketAcl",
    "PutBucketAcl", "GetBucketOwnershipControls", "PutBucketOwnershipControls", "GetBucketPublicAccessBlock",
    "PutBucketPublicAccessBlock", "GetEncryptionConfiguration", "PutEncryptionConfiguration",
    "GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration", "GetBucketRequestPayment",
    "PutBucketRequestPayment", "GetBucketCORS", "PutBucketCORS", "GetBucketWebsite", "PutBucketWebsite",
    "DeleteBucketWebsite", "GetBucketLogging", "PutBucketLogging", "GetLifecycleConfiguration",
    "PutLifecycleConfiguration", "GetReplicationConfiguration", "PutReplicationConfiguration",
    "GetBucketNotification", "PutBucketNotification", "GetAccelerateConfiguration", "PutAccelerateConfiguration",
    "GetInventoryConfiguration", "PutInventoryConfiguration", "GetAnalyticsConfiguration",
    "PutAnalyticsConfiguration", "GetMetricsConfiguration", "PutMetricsConfiguration",
    "GetIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration", "ListBucketByTags",
    "DeleteBucketOwnershipControls",
})
OBJECT_ACTIONS = frozenset({
    "GetObject", "GetObjectVersion", "PutObject", "DeleteObject", "DeleteObjectVersion", "GetObjectAcl",
    "GetObjectVersionAcl", "PutObjectAcl", "PutObjectVersionAcl", "GetObjectTagging", "GetObjectVersionTagging",
    "PutObjectTagging", "PutObjectVersionTagging", "DeleteObjectTagging", "DeleteObjectVersionTagging",
    "GetObjectAttributes", "GetObjectVersionAttributes", "AbortMultipartUpload", "ListMultipartUploadParts",
    "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold", "PutObjectLegalHold",
    "BypassGovernanceRetention", "RestoreObject", "GetObjectTorrent", "GetObjectVersionTorrent",
    "ReplicateObject", "ReplicateDelete", "ReplicateTags", "ObjectOwnerOverrideToBucketOwner",
    "GetObjectVersionForReplication",
})
ALL_ACTIONS = BUCKET_ACTIONS | OBJECT_ACTIONS
_LOWER_ACTIONS = {name.lower(): name for name in ALL_ACTIONS}
EFFECTS = ("Allow", "Deny")
_OPERATOR = re.compile(r"^(?:(ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$")
_STATEMENT_FIELDS = frozenset({"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
                               "NotResource", "Condition"})
_FIRST_BYTE = "Policies must be valid JSON and the first byte must be '{'"


def parse(text: str, bucket: str) -> Policy:
    """The statements of a bucket policy for `bucket`; MalformedPolicy (S3's messages) when invalid.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html"""
    if not text.lstrip().startswith("{"):
        raise MalformedPolicy(_FIRST_BYTE)
    try:
        doc = json.loads(text)
    except ValueError:
        raise MalformedPolicy("This policy contains invalid Json") from None
    if not isinstance(doc, dict):
        raise MalformedPolicy(_FIRST_BYTE)
    for name in doc:
        if name not in ("Version", "Id", "Statement"):
            raise MalformedPolicy(f"Unknown field {name}")
    version = doc.get("Version")
    if version is not None and version not in VERSIONS:
        raise MalformedPolicy("The policy must contain a valid version string")
    raw = doc.get("Statement")
    if raw is None:
        raise MalformedPolicy("Missing required field Statement")
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise MalformedPolicy("Could not parse the policy: Statement is empty!")
    return Policy(tuple(_statement(item, bucket) for item in items))


def _strings(value: Any, field: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) for item in items):
        raise MalformedPolicy(f"Policy has an invalid {field}" if field != "Action" else "Policy has invalid action")
    return tuple(items)


def _statement(item: Any, bucket: str) -> Statement:
    if not isinstance(item, dict):
        raise MalformedPolicy("This policy contains invalid Json")
    for name in item:
        if name not in _STATEMENT_FIELDS:
            raise MalformedPolicy(f"Unknown field {name}")
    effect = item.get("Effect")
    if effect is None:
        raise MalformedPolicy("Missing required field Effect")
    if effect not in EFFECTS:
        raise MalformedPolicy(f"Invalid effect: {effect}")
    if "Principal" not in item and "NotPrincipal" not in item:
        raise MalformedPolicy("Missing required field Principal")
    principals = _principals(item["Principal"]) if "Principal" in item else None
    not_principals = _principals(item["NotPrincipal"]) if "NotPrincipal" in item else None
    if "Action" not in item and "NotAction" not in item:
        raise MalformedPolicy("Missing required field Action")
    actions = _actions(item["Action"]) if "Action" in item else None
    not_actions = _actions(item["NotAction"]) if "NotAction" in item else None
    if "Resource" not in item and "NotResource" not in item:
        raise MalformedPolicy("Missing required field Resource")
    resources = _resources(item["Resource"], bucket) if "Resource" in item else None
    not_resources = _resources(item["NotResource"], bucket) if "NotResource" in item else None
    if actions is not None and resources is not None:
        _check_applies(actions, resources)
    conditions = _conditions(item.get("Condition", {}))
    return Statement(effect, principals, not_principals, actions, not_actions, resources, not_resources, conditions)


def _principals(value: Any) -> tuple[str, ...]:
    """Principals as strings: "*" for everyone, else each AWS principal (ARN or account id); service,
    federated and canonical-user principals are kept with a `type:` prefix and never match the caller."""
    if value == "*":
        return ("*",)
    if not isinstance(value, dict) or not value:
        raise MalformedPolicy("Invalid principal in policy")
    out: list[str] = []
    for kind, names in value.items():
        if kind not in ("AWS", "Service", "Federated", "CanonicalUser"):
            raise MalformedPolicy("Invalid principal in policy")
        for name in names if isinstance(names, list) else [names]:
            if not isinstance(name, str) or not name:
                raise MalformedPolicy("Invalid principal in policy")
            if kind == "AWS":
                if name != "*" and not re.fullmatch(r"\d{12}|arn:aws[\w-]*:(iam|sts)::(\d{12}|aws):.+", name):
                    raise MalformedPolicy("Invalid principal in policy")
                out.append(name)
            else:
                out.append(f"{kind}:{name}")
    return tuple(out)


def _actions(value: Any) -> tuple[str, ...]:
    patterns = _strings(value, "Action")
    for pattern in patterns:
        if pattern == "*":
            continue
        service, _, name = pattern.partition(":")
        if service.lower() != "s3" or not name:
            raise MalformedPolicy("Policy has invalid action")
        if not any(glob_match(name.lower(), known) for known in _LOWER_ACTIONS):
            raise MalformedPolicy("Policy has invalid action")
    return tuple("s3:*" if p == "*" else p.lower() for p in patterns)


def _resources(value: Any, bucket: str) -> tuple[str, ...]:
    patterns = _strings(value, "Resource")
    for pattern in patterns:
        if pattern == "*":
            continue
        if not pattern.startswith("arn:aws:s3:::"):
            raise MalformedPolicy("Policy has invalid resource")
        named = pattern[len("arn:aws:s3:::"):].partition("/")[0]
        if not glob_match(named, bucket):
            raise MalformedPolicy("Policy has invalid resource")
    return patterns


def _check_applies(actions: tuple[str, ...], resources: tuple[str, ...]) -> None:
    """S3 refuses a statement whose actions all act on objects and resources all name the bucket (or the
    other way round): `s3:GetObject` on `arn:aws:s3:::b` is "Action does not apply to any resource(s)"."""
    kinds = set()
    for pattern in actions:
        name = pattern.partition(":")[2]
        for known, proper in _LOWER_ACTIONS.items():
            if glob_match(name, known):
                kinds.add("object" if proper in OBJECT_ACTIONS else "bucket")
    objects = any("/" in r or "*" in r for r in resources)
    buckets = any("/" not in r for r in resources)
    if ("object" in kinds and objects) or ("bucket" in kinds and buckets):
        return
    raise MalformedPolicy("Action does not apply to any resource(s) in statement")


def _conditions(value: Any) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        raise MalformedPolicy("Invalid Condition block")
    out: list[Condition] = []
    for name, block in value.items():
        match = _OPERATOR.match(name)
        if match is None or match.group(2) not in OPERATORS or (match.group(2) == "Null" and match.group(3)):
            raise MalformedPolicy(f"Invalid Condition type : {name}")
        if not isinstance(block, dict):
            raise MalformedPolicy("Invalid Condition block")
        for key, raw in block.items():
            items = raw if isinstance(raw, list) else [raw]
            values = tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)
            if match.group(2) in ("IpAddress", "NotIpAddress"):
                for v in values:
                    ip_network(v)
            out.append(Condition(match.group(1), match.group(2), bool(match.group(3)), key, values))
    return tuple(out)
