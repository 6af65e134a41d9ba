"""Matching a browser's CORS request against a bucket's CORS rules, as S3 does: the first rule whose
origins, methods and headers all allow it answers.

Pure functions over `CorsRule`s, for the HTTP door: `preflight` answers an OPTIONS preflight,
`cors_headers_for` adds the CORS headers to an actual request's response. Behaviour recorded against
AWS in LocalStack's tests/aws/services/s3/test_s3_cors.py (aws.validated) and its snapshot:

- An origin or header pattern may hold one `*` (`http://*.example.com`); origins match case-sensitively,
  headers case-insensitively; `AllowedOrigin` `*` answers `Access-Control-Allow-Origin: *`, any other
  match echoes the origin with `Access-Control-Allow-Credentials: true`.
- `Access-Control-Allow-Methods` lists the rule's methods; `-Allow-Headers` the requested headers,
  lower-cased; `-Max-Age` and `-Expose-Headers` appear when the rule sets them; `Vary` always.
- On an actual request, `Access-Control-Request-Method`/`-Headers`, when sent, are what is matched (S3
  evaluates such a GET as a preflight), and no CORS header is added when nothing matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pytest_s3fake.model.configs import CorsRule

VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"


def _matches(pattern: str, value: str) -> bool:
    if "*" not in pattern:
        return pattern == value
    head, _, tail = pattern.partition("*")
    return len(value) >= len(head) + len(tail) and value.startswith(head) and value.endswith(tail)


def requested_headers(value: str | None) -> list[str]:
    """`Access-Control-Request-Headers` split on commas, trimmed and lower-cased."""
    return [name.strip().lower() for name in (value or "").split(",") if name.strip()]


def matching_rule(
    rules: Sequence[CorsRule], origin: str, method: str, request_headers: Sequence[str] = ()
) -> CorsRule | None:
    """The first rule allowing `origin`, `method` and every one of `request_headers`, or None."""
    for rule in rules:
        if method not in rule.allowed_methods:
            continue
        if not any(_matches(pattern, origin) for pattern in rule.allowed_origins):
            continue
        allowed = [pattern.lower() for pattern in rule.allowed_headers]
        if all(any(_matches(pattern, header.lower()) for pattern in allowed) for header in request_headers):
            return rule
    return None


def _headers(rule: CorsRule, origin: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    if "*" in rule.allowed_origins:
        headers["Access-Control-Allow-Origin"] = "*"
    else:
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Allow-Credentials"] = "true"
    headers["Access-Control-Allow-Methods"] = ", ".join(rule.allowed_methods)
    if rule.max_age_seconds is not None:
        headers["Access-Control-Max-Age"] = str(rule.max_age_seconds)
    if rule.expose_headers:
        headers["Access-Control-Expose-Headers"] = ", ".join(rule.expose_headers)
    headers["Vary"] = VARY
    return headers


def preflight(
    rules: Sequence[CorsRule], origin: str, method: str, request_headers: str | Sequence[str] | None = None
) -> dict[str, str] | None:
    """The headers of a 200 answer to an OPTIONS preflight, or None when no rule allows it (S3 then
    answers 403 AccessForbidden; `operations.cors.answer_preflight` raises it)."""
    names = requested_headers(request_headers) if isinstance(request_headers, (str, type(None))) \
        else [name.lower() for name in request_headers]
    rule = matching_rule(rules, origin, method, names)
    if rule is None:
        return None
    headers = _headers(rule, origin)
    if names:
        headers["Access-Control-Allow-Headers"] = ", ".join(names)
    return headers


def cors_headers_for(rules: Sequence[CorsRule] | None, method: str, headers: Mapping[str, str]) -> dict[str, str]:
    """The CORS headers S3 adds to the response of an actual request (`headers`: the request's, by
    lower-case name); empty without an `Origin`, without rules, or when no rule matches."""
    origin = headers.get("origin")
    if origin is None or not rules:
        return {}
    method = headers.get("access-control-request-method") or method
    rule = matching_rule(rules, origin, method, requested_headers(headers.get("access-control-request-headers")))
    return _headers(rule, origin) if rule is not None else {}
