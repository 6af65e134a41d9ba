"""Bucket policies as plain code: read a JSON document as S3 validates it, then evaluate its statements.

`parse` turns the text of PutBucketPolicy into a `Policy`, or raises MalformedPolicy with the message S3
sends (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html). `Policy.denies`
says whether an explicit Deny matches one request, given its action, resource ARN and a `Context` that
answers condition keys. The fake has one caller, the account that owns every bucket, so only Deny
statements change anything: an Allow grants nothing the caller does not already have.

Condition operators: the String, Numeric, Date, Bool, Binary, IpAddress, Arn and Null families, with
`...IfExists` and the `ForAnyValue:` / `ForAllValues:` set qualifiers, as IAM defines them
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
"""

from __future__ import annotations

import fnmatch
import functools
import ipaddress
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from pytest_s3fake.errors.codes import MalformedPolicy

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
_NEGATED = frozenset({"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals",
                      "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"})
_STATEMENT_FIELDS = frozenset({"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
                               "NotResource", "Condition"})
_FIRST_BYTE = "Policies must be valid JSON and the first byte must be '{'"


class Context(Protocol):
    """What the evaluated request looks like to condition keys: a key's values, or None when absent."""

    account_id: str

    def values(self, key: str) -> Sequence[str] | None: ...


@dataclass(frozen=True, slots=True)
class Condition:
    qualifier: str | None  # "ForAnyValue", "ForAllValues" or None
    operator: str  # the base name: "StringLike", "Bool", "Null", ...
    if_exists: bool
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    effect: str
    principals: tuple[str, ...] | None  # None: no Principal (NotPrincipal given)
    not_principals: tuple[str, ...] | None
    actions: tuple[str, ...] | None  # lower-cased patterns, "s3:getobject"
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[Condition, ...]

    def names(self, action: str, account_id: str) -> bool:
        """True when this statement is about `action` (lower case) by the fake's one caller."""
        if not _principal_matches(self.principals, self.not_principals, account_id):
            return False
        if self.actions is not None and not any(_glob(p, action) for p in self.actions):
            return False
        return self.not_actions is None or not any(_glob(p, action) for p in self.not_actions)

    def covers(self, resource: str, context: Context) -> bool:
        """True when this statement, already about the request's action, applies to `resource`."""
        if self.resources is not None and not any(_glob(p, resource) for p in self.resources):
            return False
        if self.not_resources is not None and any(_glob(p, resource) for p in self.not_resources):
            return False
        return all(_holds(condition, context) for condition in self.conditions)


@dataclass(frozen=True, slots=True)
class Policy:
    statements: tuple[Statement, ...]
    #: (action, account) -> the Deny statements about it, so DeleteObjects matches principal and action
    #: once per request, and per key only resources and conditions.
    _denials: dict[tuple[str, str], tuple[Statement, ...]] = field(default_factory=dict, compare=False, repr=False)

    def denials(self, action: str, account_id: str) -> tuple[Statement, ...]:
        """The Deny statements that name `action` for the caller (none: nothing this action does is denied)."""
        found = self._denials.get((action, account_id))
        if found is None:
            lowered = action.lower()
            found = self._denials[(action, account_id)] = tuple(
                s for s in self.statements if s.effect == "Deny" and s.names(lowered, account_id))
        return found

    def denies(self, action: str, resource: str, context: Context) -> bool:
        """True when an explicit Deny statement matches the request."""
        return any(s.covers(resource, context) for s in self.denials(action, context.account_id))

    def mentions(self, fragment: str) -> bool:
        """True when any condition key contains `fragment` (lower case), e.g. `existingobjecttag/`."""
        return any(fragment in c.key.lower() for s in self.statements for c in s.conditions)

    def is_public(self) -> bool:
        """S3's meaning of public: an Allow to every principal not narrowed by a fixed-value condition.
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"""
        return any(s.effect == "Allow" and s.principals is not None and "*" in s.principals
                   and not any(_fixes_caller(c) for c in s.conditions) for s in self.statements)


#: Condition keys whose fixed values make an Allow to "*" non-public.
_FIXED_KEYS = frozenset({"aws:sourcevpc", "aws:sourcevpce", "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner",
                         "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid",
                         "aws:principalorgpaths", "s3:dataaccesspointarn", "s3:dataaccesspointaccount"})


def _fixes_caller(condition: Condition) -> bool:
    key = condition.key.lower()
    if condition.operator in _NEGATED or any("*" in v or "?" in v for v in condition.values):
        return False
    if key == "aws:sourceip":
        return all(_network(v).prefixlen >= 8 for v in condition.values)
    return key in _FIXED_KEYS


# --- reading a policy document ------------------------------------------------------------------------


def parse(text: str, bucket: str) -> Policy:
    """The statements of a bucket policy for `bucket`; MalformedPolicy (S3's messages) when invalid."""
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


def _principal_matches(principals: tuple[str, ...] | None, not_principals: tuple[str, ...] | None,
                       account_id: str) -> bool:
    def names_caller(listed: tuple[str, ...]) -> bool:
        return any(p == "*" or p == account_id or p.split(":")[4:5] == [account_id] for p in listed)

    if principals is not None:
        return names_caller(principals)
    return not_principals is not None and not names_caller(not_principals)


def _actions(value: Any) -> tuple[str, ...]:
    patterns = _strings(value, "Action")
    for pattern in patterns:
        if pattern == "*":
            continue
        service, _, name = pattern.partition(":")
        if service.lower() != "s3" or not name:
            raise MalformedPolicy("Policy has invalid action")
        if not any(_glob(name.lower(), known) for known in _LOWER_ACTIONS):
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
        if not _glob(named, bucket):
            raise MalformedPolicy("Policy has invalid resource")
    return patterns


def _check_applies(actions: tuple[str, ...], resources: tuple[str, ...]) -> None:
    """S3 refuses a statement whose actions all act on objects and resources all name the bucket (or the
    other way round): `s3:GetObject` on `arn:aws:s3:::b` is "Action does not apply to any resource(s)"."""
    kinds = set()
    for pattern in actions:
        name = pattern.partition(":")[2]
        for known, proper in _LOWER_ACTIONS.items():
            if _glob(name, known):
                kinds.add("object" if proper in OBJECT_ACTIONS else "bucket")
    objects = any("/" in r or "*" in r for r in resources)
    buckets = any("/" not in r for r in resources)
    if ("object" in kinds and objects) or ("bucket" in kinds and buckets):
        return
    raise MalformedPolicy("Action does not apply to any resource(s) in statement")


_OPERATORS = frozenset({
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
    "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
    "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
    "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
})


def _conditions(value: Any) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        raise MalformedPolicy("Invalid Condition block")
    out: list[Condition] = []
    for name, block in value.items():
        match = _OPERATOR.match(name)
        if match is None or match.group(2) not in _OPERATORS or (match.group(2) == "Null" and match.group(3)):
            raise MalformedPolicy(f"Invalid Condition type : {name}")
        if not isinstance(block, dict):
            raise MalformedPolicy("Invalid Condition block")
        for key, raw in block.items():
            items = raw if isinstance(raw, list) else [raw]
            values = tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)
            if match.group(2) in ("IpAddress", "NotIpAddress"):
                for v in values:
                    _network(v)
            out.append(Condition(match.group(1), match.group(2), bool(match.group(3)), key, values))
    return tuple(out)


# --- evaluating -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern).replace(".*", "[\\s\\S]*"), re.DOTALL)


@functools.lru_cache(maxsize=1024)
def _matcher(pattern: str) -> Callable[[str], bool]:
    """A test for one pattern: equality, a prefix (`.../locked/*`, the usual resource) or a regex."""
    if "*" not in pattern and "?" not in pattern:
        return pattern.__eq__
    if "?" not in pattern and pattern.find("*") == len(pattern) - 1:
        prefix = pattern[:-1]
        return lambda text: text.startswith(prefix)
    regex = _pattern(pattern.replace("[", "[[]"))
    return lambda text: regex.match(text) is not None


def _glob(pattern: str, text: str) -> bool:
    """IAM's wildcards: `*` any run of characters (slashes too), `?` one character; case-sensitive."""
    return _matcher(pattern)(text)


@functools.lru_cache(maxsize=256)
def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise MalformedPolicy(f"Invalid IP address: {text}") from None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    try:
        if text.isdigit():
            return datetime.fromtimestamp(int(text)).astimezone()
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        return None


def _compare(kind: str, cmp: Callable[[Any, Any], bool]) -> Callable[[str, str], bool]:
    parse_value: Callable[[str], Any] = _number if kind == "Numeric" else _date

    def check(actual: str, wanted: str) -> bool:
        a, w = parse_value(actual), parse_value(wanted)
        return a is not None and w is not None and cmp(a, w)

    return check


_MATCHERS: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda a, w: a == w,
    "StringEqualsIgnoreCase": lambda a, w: a.lower() == w.lower(),
    "StringLike": lambda a, w: _glob(w, a),
    "Bool": lambda a, w: a.lower() == w.lower(),
    "BinaryEquals": lambda a, w: a == w,
    "IpAddress": lambda a, w: _in_network(a, w),
    "ArnEquals": lambda a, w: a == w,
    "ArnLike": lambda a, w: _glob(w, a),
}
for _kind in ("Numeric", "Date"):
    _MATCHERS.update({
        f"{_kind}Equals": _compare(_kind, lambda a, w: bool(a == w)),
        f"{_kind}LessThan": _compare(_kind, lambda a, w: bool(a < w)),
        f"{_kind}LessThanEquals": _compare(_kind, lambda a, w: bool(a <= w)),
        f"{_kind}GreaterThan": _compare(_kind, lambda a, w: bool(a > w)),
        f"{_kind}GreaterThanEquals": _compare(_kind, lambda a, w: bool(a >= w)),
    })
_POSITIVE = {"StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
             "StringNotLike": "StringLike", "NumericNotEquals": "NumericEquals", "DateNotEquals": "DateEquals",
             "NotIpAddress": "IpAddress", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike"}


def _in_network(address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(address) in _network(network)
    except ValueError:
        return False


def _holds(condition: Condition, context: Context) -> bool:
    """IAM's rules: all values of one key are ORed, keys and operators ANDed; a key absent from the
    request fails a positive operator and satisfies a negated one, `...IfExists` and ForAllValues."""
    actual = context.values(condition.key)
    if condition.operator == "Null":
        wanted_absent = condition.values[:1] == ("true",)
        return (actual is None) == wanted_absent
    negated = condition.operator in _NEGATED
    if actual is None or (condition.qualifier is not None and not actual):
        return condition.if_exists or negated or condition.qualifier == "ForAllValues"
    match = _MATCHERS[_POSITIVE.get(condition.operator, condition.operator)]

    def one(value: str) -> bool:
        found = any(match(value, wanted) for wanted in condition.values)
        return not found if negated else found

    if condition.qualifier == "ForAllValues":
        return all(one(value) for value in actual)
    return any(one(value) for value in actual)
