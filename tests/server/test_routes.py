"""The route table built from botocore's S3 model (server/routes.py)."""

from __future__ import annotations

import pytest

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
