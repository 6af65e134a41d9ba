"""The bucket-policy reader and evaluator on their own (pytest_s3fake/policy_document.py, policy.py), without S3 calls."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import policy, policy_document
from pytest_s3fake.errors import S3Error

ACCOUNT = "123456789012"


class Ctx:
    account_id = ACCOUNT

    def __init__(self, **values: Sequence[str]) -> None:
        self._values = {k.lower(): v for k, v in values.items()}

    def values(self, key: str) -> Sequence[str] | None:
        return self._values.get(key.lower())


def one(condition: dict[str, Any] | None = None, **overrides: Any) -> policy.Policy:
    statement = {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
                 **({"Condition": condition} if condition else {}), **overrides}
    return policy_document.parse(json.dumps({"Version": "2012-10-17", "Statement": [statement]}), "b")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["Version", "Statement", "Effect", "Principal", "Action", "Resource", "Condition",
                         "AWS", "StringLike", "Bool", "s3:prefix", "Sid", "NotAction"]), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_is_a_policy_or_malformed_policy(doc: Any) -> None:
    try:
        parsed = policy_document.parse(json.dumps(doc), "b")
    except S3Error as error:
        assert error.code == "MalformedPolicy"
    else:
        parsed.denies("s3:GetObject", "arn:aws:s3:::b/k", Ctx())
        parsed.is_public()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_any_text_is_a_policy_or_malformed_policy(text: str) -> None:
    with pytest.raises(S3Error):
        policy_document.parse(text, "b") if not text.lstrip().startswith("{") else policy_document.parse(text + "}}", "b")


@given(st.text(alphabet="ab/*?.", max_size=8), st.text(alphabet="ab/.", max_size=8))
def test_glob_star_matches_any_run_question_one_character(pattern: str, text: str) -> None:
    import re

    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    assert policy.glob_match(pattern, text) == (re.fullmatch(regex, text, re.DOTALL) is not None)


@pytest.mark.parametrize(("condition", "context", "denied"), [
    ({"StringEquals": {"s3:x": ["a", "b"]}}, {"s3:x": ["b"]}, True),
    ({"StringEquals": {"s3:x": "a"}}, {}, False),
    ({"StringNotEquals": {"s3:x": "a"}}, {}, True),
    ({"StringNotEquals": {"s3:x": "a"}}, {"s3:x": ["a"]}, False),
    ({"StringEqualsIgnoreCase": {"s3:x": "ABC"}}, {"s3:x": ["abc"]}, True),
    ({"StringLike": {"s3:prefix": ["home/*", "tmp/"]}}, {"s3:prefix": ["home/x/y"]}, True),
    ({"StringNotLike": {"s3:prefix": "home/*"}}, {"s3:prefix": ["etc/"]}, True),
    ({"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": ["5"]}, True),
    ({"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": ["not a number"]}, False),
    ({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, {"aws:CurrentTime": ["2024-05-01T00:00:00Z"]}, True),
    ({"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": ["false"]}, True),
    ({"IpAddress": {"aws:SourceIp": "::1/128"}}, {"aws:SourceIp": ["::1"]}, True),
    ({"NotIpAddress": {"aws:SourceIp": "127.0.0.0/8"}}, {"aws:SourceIp": ["127.0.0.1"]}, False),
    ({"Null": {"s3:x": "true"}}, {}, True),
    ({"StringEqualsIfExists": {"s3:x": "a"}}, {}, True),
    ({"ForAllValues:StringEquals": {"s3:k": ["a", "b"]}}, {"s3:k": ["a", "b"]}, True),
    ({"ForAllValues:StringEquals": {"s3:k": ["a"]}}, {"s3:k": ["a", "c"]}, False),
    ({"ForAllValues:StringEquals": {"s3:k": ["a"]}}, {}, True),
    ({"ForAnyValue:StringEquals": {"s3:k": ["c"]}}, {"s3:k": ["a", "c"]}, True),
    ({"ForAnyValue:StringEquals": {"s3:k": ["c"]}}, {}, False),
    ({"StringEquals": {"s3:x": "a"}, "Bool": {"aws:SecureTransport": "true"}},
     {"s3:x": ["a"], "aws:SecureTransport": ["false"]}, False),
])
def test_condition_operators(condition: dict[str, Any], context: dict[str, Sequence[str]], denied: bool) -> None:
    """IAM's condition rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""
    assert one(condition).denies("s3:GetObject", "arn:aws:s3:::b/k", Ctx(**context)) is denied


@pytest.mark.parametrize(("principal", "applies"), [
    ("*", True), ({"AWS": "*"}, True), ({"AWS": ACCOUNT}, True), ({"AWS": f"arn:aws:iam::{ACCOUNT}:user/x"}, True),
    ({"AWS": "arn:aws:iam::999999999999:root"}, False), ({"Service": "logging.s3.amazonaws.com"}, False),
])
def test_principals(principal: Any, applies: bool) -> None:
    assert one(Principal=principal).denies("s3:GetObject", "arn:aws:s3:::b/k", Ctx()) is applies


def test_actions_are_case_insensitive_and_resources_are_not() -> None:
    parsed = one(Action="S3:getobject*")
    assert parsed.denies("s3:GetObjectVersion", "arn:aws:s3:::b/k", Ctx())
    assert not one(Resource="arn:aws:s3:::b/K").denies("s3:GetObject", "arn:aws:s3:::b/k", Ctx())


def test_public_means_allow_to_everyone_without_a_fixing_condition() -> None:
    def status(condition: dict[str, Any] | None = None) -> bool:
        return one(condition, Effect="Allow").is_public()

    assert status()
    assert not status({"StringEquals": {"aws:SourceAccount": ACCOUNT}})
    assert not status({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
    assert status({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})
    assert not one(Effect="Allow", Principal={"AWS": ACCOUNT}).is_public()
