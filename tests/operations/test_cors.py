"""CORS: Put/Get/DeleteBucketCors through boto3, and the preflight matching the HTTP door answers with.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3_cors.py (aws.validated)
and its .snapshot.json, cited per test.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake import cors
from pytest_s3fake.errors import S3Error
from pytest_s3fake.model.configs import CorsRule
from pytest_s3fake.operations.cors import NOT_ALLOWED, answer_preflight
from tests.conftest import error_code

RULE = {"AllowedOrigins": ["https://localhost:4200"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000,
        "AllowedHeaders": ["*"]}


def test_round_trip(s3: Any, bucket: str) -> None:
    """LocalStack test_put_cors / test_cors_match_headers (get-bucket-cors-casing): rules come back as
    sent, header casing kept."""
    rule = {**RULE, "AllowedHeaders": ["x-amz-expected-bucket-owner", "x-AMZ-server-SIDE-encryption"],
            "ExposeHeaders": ["x-amz-request-id"]}
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule]})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == [rule]


def test_no_configuration(s3: Any, bucket: str) -> None:
    """LocalStack test_get_cors: 404 NoSuchCORSConfiguration naming the bucket."""
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_cors(Bucket=bucket)
    assert error_code(exc) == "NoSuchCORSConfiguration"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_delete_is_idempotent(s3: Any, bucket: str) -> None:
    """LocalStack test_delete_cors: 204 before and after a configuration; Get then answers 404."""
    assert s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [RULE]})
    assert s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_cors(Bucket=bucket)
    assert error_code(exc) == "NoSuchCORSConfiguration"


def test_unknown_method_is_invalid_request(s3: Any, bucket: str) -> None:
    """LocalStack test_put_cors_invalid_rules (put-cors-exc)."""
    config = {"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "MYMETHOD"]}]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=config)
    assert error_code(exc) == "InvalidRequest"
    assert exc.value.response["Error"]["Message"] == (
        "Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD")


def test_no_rules_is_malformed(s3: Any, bucket: str) -> None:
    """LocalStack test_put_cors_invalid_rules (put-cors-exc-empty)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": []})
    assert error_code(exc) == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto drops an empty AllowedOrigin")
def test_empty_origin_is_kept(s3: Any, bucket: str) -> None:
    """LocalStack test_put_cors_empty_origin."""
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": [""], "AllowedMethods": ["GET", "PUT", "HEAD"]}]})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["AllowedOrigins"] == [""]


@pytest.mark.moto_diverges(reason="moto clears the rules when a Put fails")
def test_bad_rule_leaves_the_previous_rules(s3: Any, bucket: str) -> None:
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [RULE]})
    with pytest.raises(ClientError):
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{"AllowedOrigins": ["*"],
                                                                            "AllowedMethods": ["BREW"]}]})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == [RULE]


# --- preflight: pytest_s3fake/cors.py and operations.cors.answer_preflight --------------------------------

RULES = (CorsRule(("https://localhost:4200",), ("GET", "PUT"), ("*",), max_age_seconds=3000),)
WILDCARD = (CorsRule(("*",), ("GET",), expose_headers=("x-amz-id-2", "x-amz-request-id")),)


def test_preflight_from_an_allowed_origin() -> None:
    """LocalStack test_cors_match_origins (opt-right-origin): the origin echoed, with credentials."""
    assert cors.preflight(RULES, "https://localhost:4200", "PUT") == {
        "Access-Control-Allow-Origin": "https://localhost:4200",
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Max-Age": "3000",
        "Vary": cors.VARY,
    }


def test_preflight_wildcard_origin_and_expose_headers() -> None:
    """LocalStack test_cors_expose_headers: `*` answers `*`, no credentials, exposed headers listed."""
    assert cors.preflight(WILDCARD, "localhost:4566", "GET") == {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET",
        "Access-Control-Expose-Headers": "x-amz-id-2, x-amz-request-id",
        "Vary": cors.VARY,
    }


def test_preflight_headers_are_matched_case_insensitively_and_echoed_lower_case() -> None:
    """LocalStack test_cors_match_headers (opt-get-allowed-diff-casing, opt-get-allowed-no-space,
    opt-get-non-allowed)."""
    rules = (CorsRule(("https://o",), ("GET",), ("x-amz-expected-bucket-owner", "x-AMZ-server-SIDE-encryption")),)
    answer = cors.preflight(rules, "https://o", "GET", "x-AMZ-expected-BUCKET-owner,x-amz-server-side-encryption")
    assert answer is not None
    assert answer["Access-Control-Allow-Headers"] == "x-amz-expected-bucket-owner, x-amz-server-side-encryption"
    assert cors.preflight(rules, "https://o", "GET", "x-amz-request-payer") is None


def test_preflight_partial_wildcard_origin() -> None:
    """LocalStack test_cors_options_match_partial_origin / _fails_partial_origin."""
    rules = (CorsRule(("http://*.origin.com",), ("GET", "PUT")),)
    assert cors.preflight(rules, "http://test.origin.com", "GET") is not None
    assert cors.preflight(rules, "http://test.origin.com/", "GET") is None


def test_preflight_refused() -> None:
    """LocalStack test_cors_match_origins (opt-wrong-origin), test_cors_match_methods (opt-put) and
    test_put_cors_default_values (opt-get-headers: no AllowedHeaders allows no request header)."""
    assert cors.preflight(RULES, "http://localhost:4200", "PUT") is None
    assert cors.preflight(RULES, "https://localhost:4200", "DELETE") is None
    assert cors.preflight(WILDCARD, "x", "GET", "x-amz-request-payer") is None


def test_actual_request_headers() -> None:
    """LocalStack test_cors_match_methods (get-op, get-wrong-op) and test_cors_match_headers
    (get-non-allowed-with-acl): a GET carrying preflight headers is evaluated as one."""
    assert cors.cors_headers_for(RULES, "GET", {"origin": "https://localhost:4200"})[
        "Access-Control-Allow-Origin"] == "https://localhost:4200"
    rules = (CorsRule(("https://o",), ("GET",)),)
    assert cors.cors_headers_for(rules, "GET", {"origin": "https://o", "access-control-request-method": "PUT"}) == {}
    assert cors.cors_headers_for(rules, "GET", {"origin": "https://o",
                                                "access-control-request-headers": "x-amz-request-payer"}) == {}
    assert cors.cors_headers_for(rules, "GET", {}) == {}
    assert cors.cors_headers_for(None, "GET", {"origin": "https://o"}) == {}


@pytest.mark.fake_only
def test_answer_preflight_errors(backend: Any, bucket: str) -> None:
    """LocalStack test_cors_http_options_no_config and _non_existent_bucket: 400 without Origin, 403
    AccessForbidden without a bucket, without rules, or when no rule matches."""
    store = backend.fake.store

    def code(bucket_name: str, key: str | None, headers: dict[str, str]) -> tuple[str, str, dict[str, str]]:
        with pytest.raises(S3Error) as exc:
            answer_preflight(store, bucket_name, key, headers)
        return exc.value.code, exc.value.message, {k: str(v) for k, v in exc.value.fields.items() if v is not None}

    assert code(bucket, "k", {})[0] == "BadRequest"
    assert code("no-such-bucket", "k", {"origin": "o"}) == (
        "AccessForbidden", "CORSResponse: Bucket not found", {"Method": "OPTIONS", "ResourceType": "BUCKET"})
    assert code(bucket, "k", {"origin": "o", "access-control-request-method": "PUT"}) == (
        "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.",
        {"Method": "PUT", "ResourceType": "BUCKET"})
    backend.client.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [RULE]})
    assert code(bucket, "k", {"origin": "http://localhost:4200", "access-control-request-method": "PUT"})[1:] == (
        NOT_ALLOWED, {"Method": "PUT", "ResourceType": "OBJECT"})
    ok = answer_preflight(store, bucket, "k", {"origin": "https://localhost:4200",
                                               "access-control-request-method": "GET"})
    assert ok.status == 200 and ok.headers["Access-Control-Allow-Methods"] == "GET, PUT"


_plain = st.text(st.characters(blacklist_characters="*", blacklist_categories=("Cs",)), max_size=8)


@given(head=_plain, middle=_plain, tail=_plain)
def test_one_wildcard_matches_whatever_sits_between(head: str, middle: str, tail: str) -> None:
    value = head + middle + tail
    assert cors.matching_rule((CorsRule((f"{head}*{tail}",), ("GET",)),), value, "GET") is not None
    exact = (CorsRule((head + tail,), ("GET",)),)
    assert (cors.matching_rule(exact, value, "GET") is not None) == (value == head + tail)


@pytest.mark.moto_diverges(reason="moto accepts any origin pattern")
def test_origin_with_two_wildcards_is_invalid(s3: Any, bucket: str) -> None:
    """S3's CORS guide allows one `*` per AllowedOrigin (the message is S3's wording as we know it)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://*.*.com"], "AllowedMethods": ["GET"]}]})
    assert error_code(exc) == "InvalidRequest"
