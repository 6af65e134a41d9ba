"""The route table built from botocore's S3 model (server/routes.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.errors.codes import MethodNotAllowed
from pytest_s3fake.server.routes import operation_for, table

CASES = [
    ("GET", None, None, {}, {}, "ListBuckets"),
    ("PUT", "b", None, {}, {}, "CreateBucket"),
    ("GET", "b", None, {}, {}, "ListObjects"),
    ("GET", "b", None, {"list-type": "2"}, {}, "ListObjectsV2"),
    ("GET", "b", None, {"versions": ""}, {}, "ListObjectVersions"),
    ("GET", "b", None, {"uploads": ""}, {}, "ListMultipartUploads"),
    ("POST", "b", None, {"delete": ""}, {}, "DeleteObjects"),
    ("GET", "b", None, {"lifecycle": ""}, {}, "GetBucketLifecycleConfiguration"),
    ("GET", "b", None, {"analytics": "", "id": "x"}, {}, "GetBucketAnalyticsConfiguration"),
    ("GET", "b", None, {"analytics": ""}, {}, "ListBucketAnalyticsConfigurations"),
    ("GET", "b", None, {"tagging": ""}, {}, "GetBucketTagging"),
    ("PUT", "b", "k", {}, {}, "PutObject"),
    ("PUT", "b", "k", {}, {"x-amz-copy-source": "/b/src"}, "CopyObject"),
    ("PUT", "b", "k", {"partNumber": "1", "uploadId": "u"}, {}, "UploadPart"),
    ("PUT", "b", "k", {"partNumber": "1", "uploadId": "u"}, {"x-amz-copy-source": "/b/s"}, "UploadPartCopy"),
    ("POST", "b", "k", {"uploads": ""}, {}, "CreateMultipartUpload"),
    ("POST", "b", "k", {"uploadId": "u"}, {}, "CompleteMultipartUpload"),
    ("GET", "b", "k", {"uploadId": "u"}, {}, "ListParts"),
    ("DELETE", "b", "k", {"uploadId": "u"}, {}, "AbortMultipartUpload"),
    ("GET", "b", "k", {}, {}, "GetObject"),
    ("GET", "b", "k", {"versionId": "v"}, {}, "GetObject"),
    ("GET", "b", "k", {"tagging": ""}, {}, "GetObjectTagging"),
    ("HEAD", "b", "k", {}, {}, "HeadObject"),
    ("HEAD", "b", None, {}, {}, "HeadBucket"),
    ("PUT", "b", "k", {"x-id": "PutObject"}, {}, "PutObject"),
]


@pytest.mark.parametrize(("method", "bucket", "key", "query", "headers", "expected"), CASES)
def test_routes(method: str, bucket: str | None, key: str | None, query: dict[str, str],
                headers: dict[str, str], expected: str) -> None:
    assert operation_for(method, bucket, key, query, headers) == expected


def test_unknown_is_method_not_allowed() -> None:
    with pytest.raises(MethodNotAllowed) as refused:
        operation_for("POST", "b", "k", {}, {})
    assert refused.value.fields == {"Method": "POST", "ResourceType": "OBJECT"}


def test_each_discriminator_set_appears_once() -> None:
    for routes in table().values():
        signatures = [(route.query, route.headers) for route in routes]
        assert len(signatures) == len(set(signatures))


def test_every_routable_operation_routes_back_to_itself_or_its_twin() -> None:
    """Built from each operation's own requestUri and required members, a request finds that operation,
    or the one twin that shares all its discriminators (rule 3)."""
    from pytest_s3fake.server.routes import BUCKET, OBJECT, SERVICE

    for (method, target), routes in table().items():
        bucket = None if target == SERVICE else "b"
        key = "k" if target == OBJECT else None
        assert target in (SERVICE, BUCKET, OBJECT)
        for route in routes:
            query = {name: value if value is not None else "v" for name, value in route.query}
            headers = {name: "v" for name in route.headers}
            assert operation_for(method, bucket, key, query, headers) == route.operation


def _scan(method: str, target: str, query: dict[str, str], headers: dict[str, str]) -> str:
    """The route table read without the cache, as `operation_for` once did for every request."""
    routes = table().get((method, target), ())
    named = query.get("x-id")
    if named is not None and any(route.operation == named for route in routes):
        return named
    for route in routes:
        if route.matches(query, headers):
            return route.operation
    if method == "POST" and target == "bucket" and headers.get("content-type", "").startswith("multipart/form-data"):
        return "PostObject"
    return "405"


_NAMES = sorted({name for routes in table().values() for route in routes for name, _ in route.query} | {"x-id"})
_VALUES = sorted({value or "" for routes in table().values() for route in routes for _, value in route.query}
                 | {"x", "PutObject", "GetObject"})
_HEADERS = sorted({name for routes in table().values() for route in routes for name in route.headers})


@given(
    st.sampled_from(["GET", "PUT", "POST", "DELETE", "HEAD"]),
    st.sampled_from([(None, None), ("b", None), ("b", "k")]),
    st.dictionaries(st.sampled_from(_NAMES), st.sampled_from(_VALUES), max_size=4),
    st.lists(st.sampled_from(_HEADERS), max_size=2),
    st.booleans(),
)
def test_cached_lookup_answers_as_the_table_scan(method: str, address: tuple[str | None, str | None],
                                                 query: dict[str, str], header_names: list[str], form: bool) -> None:
    bucket, key = address
    headers = dict.fromkeys(header_names, "v")
    if form:
        headers["content-type"] = "multipart/form-data; boundary=x"
    target = "service" if bucket is None else "bucket" if key is None else "object"
    try:
        found = operation_for(method, bucket, key, query, headers)
    except MethodNotAllowed:
        found = "405"
    assert found == _scan(method, target, query, headers)
