"""Bucket policies as plain code: a parsed policy's statements, and whether they deny one request.

`Policy.denies` says whether an explicit Deny matches one request, given its action, resource ARN and a
`Context` that answers condition keys; `policy_document.parse` reads the text of PutBucketPolicy into a
`Policy`. The fake has one caller, the account that owns every bucket, so only Deny statements change
anything: an Allow grants nothing the caller does not already have.

Condition operators: the String, Numeric, Date, Bool, Binary, IpAddress, Arn and Null families, with
`...IfExists` and the `ForAnyValue:` / `ForAllValues:` set qualifiers, as IAM defines them
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
"""

from __future__ import annotations

import fnmatch
import functools
import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from pytest_s3fake.errors.codes import MalformedPolicy


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
        if self.actions is not None and not any(glob_match(p, action) for p in self.actions):
            return False
        return self.not_actions is None or not any(glob_match(p, action) for p in self.not_actions)

    def covers(self, resource: str, context: Context) -> bool:
        """True when this statement, already about the request's action, applies to `resource`."""
        if self.resources is not None and not any(glob_match(p, resource) for p in self.resources):
            return False
        if self.not_resources is not None and any(glob_match(p, resource) for p in self.not_resources):
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
        return all(ip_network(v).prefixlen >= 8 for v in condition.values)
    return key in _FIXED_KEYS


def _principal_matches(principals: tuple[str, ...] | None, not_principals: tuple[str, ...] | None,
                       account_id: str) -> bool:
    def names_caller(listed: tuple[str, ...]) -> bool:
        return any(p == "*" or p == account_id or p.split(":")[4:5] == [account_id] for p in listed)

    if principals is not None:
        return names_caller(principals)
    return not_principals is not None and not names_caller(not_principals)


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


def glob_match(pattern: str, text: str) -> bool:
    """IAM's wildcards: `*` any run of characters (slashes too), `?` one character; case-sensitive."""
    return _matcher(pattern)(text)


@functools.lru_cache(maxsize=256)
def ip_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """The network `text` names (an address alone is its own /32 or /128); MalformedPolicy for anything else."""
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
    "StringLike": lambda a, w: glob_match(w, a),
    "Bool": lambda a, w: a.lower() == w.lower(),
    "BinaryEquals": lambda a, w: a == w,
    "IpAddress": lambda a, w: _in_network(a, w),
    "ArnEquals": lambda a, w: a == w,
    "ArnLike": lambda a, w: glob_match(w, a),
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
#: The negated operators, each answered as the opposite of its positive form.
_NEGATED = frozenset(_POSITIVE)
#: Every condition operator a policy may name: the ones `_holds` answers (`policy_document` refuses others).
OPERATORS = frozenset({*_MATCHERS, *_NEGATED, "Null"})


def _in_network(address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(address) in ip_network(network)
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
