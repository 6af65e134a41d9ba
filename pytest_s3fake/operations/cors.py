"""CORS: PutBucketCors, GetBucketCors, DeleteBucketCors, and `answer_preflight` for the HTTP door's
OPTIONS requests. Rule matching lives in `pytest_s3fake/cors.py`.

Validation as recorded against AWS (LocalStack tests/aws/services/s3/test_s3_cors.py, aws.validated):
no rule, or a rule without an origin or a method, is MalformedXML; a method other than GET, PUT,
HEAD, POST and DELETE is InvalidRequest naming it; an empty origin is accepted and echoed.
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake import cors
from pytest_s3fake.errors.codes import (
    AccessForbidden,
    BadRequest,
    InvalidRequest,
    MalformedXML,
    NoSuchCORSConfiguration,
)
from pytest_s3fake.model import Store
from pytest_s3fake.model.configs import CorsRule
from pytest_s3fake.operations.common import owned_bucket, verify_integrity
from pytest_s3fake.operations.config_schema import conform
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

METHODS = ("GET", "PUT", "HEAD", "POST", "DELETE")
MAX_RULES = 100
#: AccessForbidden's messages, passed explicitly so the answer does not hang on the catalog's default.
NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
               "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
               "whitelisted by the resource's CORS spec.")
NOT_ENABLED = "CORSResponse: CORS is not enabled for this bucket."
_LISTS = ("CORSRule", "AllowedHeader", "AllowedMethod", "AllowedOrigin", "ExposeHeader")


def _texts(value: Any) -> tuple[str, ...]:
    return tuple("" if item is None else item for item in (value or []))


def read_rules(req: Request) -> tuple[CorsRule, ...]:
    """The `<CORSConfiguration>` body as rules, validated as S3 validates it."""
    doc = conform("CORSConfiguration", req.xml("CORSConfiguration", force_list=_LISTS))
    rules = []
    for raw in doc.get("CORSRule", []):
        for method in _texts(raw.get("AllowedMethod")):
            if method not in METHODS:
                raise InvalidRequest(f"Found unsupported HTTP method in CORS config. Unsupported method is {method}")
        for origin in _texts(raw.get("AllowedOrigin")):
            # https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html: one `*` at most.
            if origin.count("*") > 1:
                raise InvalidRequest(f'AllowedOrigin "{origin}" can not have more than one wildcard.')
        max_age = raw.get("MaxAgeSeconds")
        rules.append(CorsRule(
            allowed_origins=_texts(raw.get("AllowedOrigin")),
            allowed_methods=_texts(raw.get("AllowedMethod")),
            allowed_headers=_texts(raw.get("AllowedHeader")),
            expose_headers=_texts(raw.get("ExposeHeader")),
            max_age_seconds=int(max_age) if max_age is not None else None,
            id=raw.get("ID"),
        ))
    if not rules:
        raise MalformedXML()
    if len(rules) > MAX_RULES:
        raise InvalidRequest(f"The number of CORS rules should not exceed allowed limit of {MAX_RULES} rules.")
    return tuple(rules)


def _rule_element(rule: CorsRule) -> dict[str, Any]:
    element: dict[str, Any] = {}
    if rule.id is not None:
        element["ID"] = rule.id
    element["AllowedHeader"] = list(rule.allowed_headers)
    element["AllowedMethod"] = list(rule.allowed_methods)
    element["AllowedOrigin"] = list(rule.allowed_origins)
    element["ExposeHeader"] = list(rule.expose_headers)
    if rule.max_age_seconds is not None:
        element["MaxAgeSeconds"] = str(rule.max_age_seconds)
    return element


@operation("PutBucketCors")
def put_bucket_cors(store: Store, req: Request) -> Response:
    """Replace the bucket's CORS rules (at most 100)."""
    bucket = owned_bucket(store, req)
    verify_integrity(req, required=True)
    bucket.configs.cors = read_rules(req)
    return Response.empty()


@operation("GetBucketCors")
def get_bucket_cors(store: Store, req: Request) -> Response:
    """The bucket's CORS rules; 404 NoSuchCORSConfiguration when it has none."""
    bucket = owned_bucket(store, req)
    if bucket.configs.cors is None:
        raise NoSuchCORSConfiguration(bucket_name=bucket.name)
    return Response.xml("CORSConfiguration", {"CORSRule": [_rule_element(rule) for rule in bucket.configs.cors]})


@operation("DeleteBucketCors")
def delete_bucket_cors(store: Store, req: Request) -> Response:
    """Remove the bucket's CORS rules (204 whether or not it had any)."""
    owned_bucket(store, req).configs.cors = None
    return Response.empty(204)


def answer_preflight(store: Store, bucket_name: str | None, key: str | None, headers: dict[str, str]) -> Response:
    """S3's answer to an OPTIONS preflight on a bucket or object URL (`headers` by lower-case name).

    400 BadRequest without `Origin`; 403 AccessForbidden when the bucket does not exist, has no CORS
    rules, or no rule allows the origin, `Access-Control-Request-Method` and `-Headers`.
    """
    origin = headers.get("origin")
    if origin is None:
        raise BadRequest("Insufficient information. Origin request header needed.")
    method = headers.get("access-control-request-method")
    bucket = store.get_bucket(bucket_name) if bucket_name is not None else None
    if bucket is None:
        raise AccessForbidden("CORSResponse: Bucket not found", method=method or "OPTIONS", resource_type="BUCKET")
    rules = bucket.configs.cors
    if rules is None:
        raise AccessForbidden(NOT_ENABLED, method=method or "OPTIONS", resource_type="BUCKET")
    answer = cors.preflight(rules, origin, method or "", headers.get("access-control-request-headers"))
    if answer is None:
        raise AccessForbidden(NOT_ALLOWED, method=method or "OPTIONS", resource_type="OBJECT" if key else "BUCKET")
    return Response.empty(200, answer)
