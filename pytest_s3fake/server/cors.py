"""CORS over HTTP: preflights (`OPTIONS`) and the headers of actual cross-origin requests, both from the
bucket's CORS configuration (PutBucketCors, `operations/cors.py`; the rule matching is `pytest_s3fake/cors.py`).

S3 answers a preflight from the first rule whose AllowedOrigin, AllowedMethod and AllowedHeader patterns
allow the request, and adds the same rule's `Access-Control-*` headers to the actual request's response,
so a browser can read it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html).
"""

from __future__ import annotations

from collections.abc import Mapping

from pytest_s3fake import cors
from pytest_s3fake.model import Store
from pytest_s3fake.operations.cors import answer_preflight
from pytest_s3fake.wire import Response


def preflight(store: Store, bucket: str | None, key: str | None, headers: Mapping[str, str]) -> Response:
    """The preflight's answer; AccessForbidden or BadRequest as S3 answers them."""
    with store.lock:
        return answer_preflight(store, bucket, key, dict(headers))


def actual_headers(store: Store, bucket: str | None, method: str, headers: Mapping[str, str]) -> dict[str, str]:
    """The CORS headers for the response of an actual request that carries an `Origin`."""
    if bucket is None or "origin" not in headers:
        return {}
    with store.lock:
        found = store.get_bucket(bucket)
        rules = found.configs.cors if found is not None else None
    return cors.cors_headers_for(rules, method, headers)
