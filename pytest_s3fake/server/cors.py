"""CORS preflight (`OPTIONS /bucket/key`), answered from the bucket's CORS configuration.

S3 answers a preflight from the bucket's CORS rules: the first rule whose AllowedOrigin and
AllowedMethod match the request's `Origin` and `Access-Control-Request-Method`, and whose AllowedHeader
patterns cover every `Access-Control-Request-Headers` name, gives the `Access-Control-Allow-*` headers.
With no configuration, or no matching rule, S3 answers 403 AccessForbidden
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html). The rules are read from a `cors`
attribute of the bucket model, a list of dicts with botocore's member names (`AllowedOrigins`,
`AllowedMethods`, `AllowedHeaders`, `ExposeHeaders`, `MaxAgeSeconds`), when the model has one.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from pytest_s3fake.errors.codes import AccessForbidden, BadRequest
from pytest_s3fake.model import Store
from pytest_s3fake.wire import Response


def preflight(store: Store, bucket: str | None, key: str | None, headers: Mapping[str, str]) -> Response:
    """The preflight's answer, or the S3 error to raise (AccessForbidden, NoSuchBucket, BadRequest)."""
    origin = headers.get("origin")
    method = headers.get("access-control-request-method")
    resource = "OBJECT" if key else "BUCKET"
    if not origin or not method:
        raise BadRequest("Insufficient information. Origin request header needed." if not origin else
                         "Invalid Access-Control-Request-Method: null")
    with store.lock:
        rules: Any = getattr(store.bucket(bucket), "cors", None)
    asked = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()]
    for rule in _rules(rules):
        if not any(fnmatch.fnmatchcase(origin, pattern) for pattern in rule.get("AllowedOrigins", ())):
            continue
        if method not in rule.get("AllowedMethods", ()):
            continue
        allowed = [pattern.lower() for pattern in rule.get("AllowedHeaders", ())]
        if not all(any(fnmatch.fnmatchcase(h, p) for p in allowed) for h in asked):
            continue
        out = {
            "Access-Control-Allow-Origin": "*" if "*" in rule.get("AllowedOrigins", ()) else origin,
            "Access-Control-Allow-Methods": ", ".join(rule.get("AllowedMethods", ())),
            "Vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
        }
        if asked:
            out["Access-Control-Allow-Headers"] = ", ".join(asked)
        if rule.get("ExposeHeaders"):
            out["Access-Control-Expose-Headers"] = ", ".join(rule["ExposeHeaders"])
        if rule.get("MaxAgeSeconds") is not None:
            out["Access-Control-Max-Age"] = str(rule["MaxAgeSeconds"])
        return Response.empty(200, out)
    raise AccessForbidden(
        "CORSResponse: CORS is not enabled for this bucket." if not rules else
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
        "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
        "whitelisted by the resource's CORS spec.",
        method=method, resource_type=resource,
    )


def _rules(rules: Any) -> list[Mapping[str, Any]]:
    if not rules:
        return []
    if isinstance(rules, Mapping):
        rules = rules.get("CORSRules", ())
    return [rule for rule in rules if isinstance(rule, Mapping)]
