"""Website configuration: Put/Get/DeleteBucketWebsite through boto3.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3.py
(test_validate_website_configuration, test_crud_website_configuration; aws.validated) and its snapshot.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def test_crud(s3: Any, bucket: str) -> None:
    """LocalStack test_crud_website_configuration: 404 NoSuchWebsiteConfiguration, idempotent 204 delete."""
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_website(Bucket=bucket)
    assert error_code(exc) == "NoSuchWebsiteConfiguration"
    assert s3.delete_bucket_website(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
              "RoutingRules": [{"Condition": {"KeyPrefixEquals": "docs/"},
                                "Redirect": {"ReplaceKeyPrefixWith": "documents/", "Protocol": "https"}}]}
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)
    got = s3.get_bucket_website(Bucket=bucket)
    assert {k: got[k] for k in config} == config
    s3.delete_bucket_website(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_website(Bucket=bucket)
    assert error_code(exc) == "NoSuchWebsiteConfiguration"


def test_redirect_all(s3: Any, bucket: str) -> None:
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "https"}})
    assert s3.get_bucket_website(Bucket=bucket)["RedirectAllRequestsTo"] == {
        "HostName": "example.com", "Protocol": "https"}


INVALID = [
    pytest.param({"IndexDocument": {"Suffix": "/index.html"}},
                 ("InvalidArgument", "The IndexDocument Suffix is not well formed"), id="slash-in-suffix"),
    pytest.param({"IndexDocument": {"Suffix": ""}},
                 ("InvalidArgument", "The IndexDocument Suffix is not well formed"), id="empty-suffix"),
    pytest.param({"RedirectAllRequestsTo": {"HostName": "test"}, "IndexDocument": {"Suffix": "/index.html"}},
                 ("InvalidArgument", "RedirectAllRequestsTo cannot be provided in conjunction with other Routing "
                  "Rules."), id="redirect-all-and-more"),
    pytest.param({"ErrorDocument": {"Key": "/index.html"}},
                 ("InvalidArgument", "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo "
                  "is empty"), id="no-index"),
    pytest.param({"IndexDocument": {"Suffix": "index.html"}, "RoutingRules": [{"Redirect": {"Protocol": "protocol"}}]},
                 ("InvalidRequest", "Invalid protocol, protocol can be http or https. If not defined the protocol "
                  "will be selected automatically."), id="bad-protocol"),
    pytest.param({"IndexDocument": {"Suffix": "index.html"}, "RoutingRules": [
                     {"Redirect": {"ReplaceKeyPrefixWith": "prefix", "ReplaceKeyWith": "key-name"}}]},
                 ("InvalidRequest", "You can only define ReplaceKeyPrefix or ReplaceKey but not both."),
                 id="both-replacements"),
    pytest.param({"IndexDocument": {"Suffix": "index.html"}, "RoutingRules": [
                     {"Redirect": {"ReplaceKeyPrefixWith": "prefix"}, "Condition": {}}]},
                 ("InvalidRequest", "Condition cannot be empty. To redirect all requests without a condition, the "
                  "condition element shouldn't be present."), id="empty-condition"),
    pytest.param({"IndexDocument": {"Suffix": "index.html"}, "RoutingRules": []},
                 ("MalformedXML", None), id="empty-routing-rules"),
]


@pytest.mark.moto_diverges(reason="moto does not validate website configurations")
@pytest.mark.parametrize(("config", "expected"), INVALID)
def test_invalid_configuration(s3: Any, bucket: str, config: dict[str, Any], expected: tuple[str, str | None]) -> None:
    """LocalStack test_validate_website_configuration (invalid-website-conf-0..7), code and message."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)
    code, message = expected
    assert error_code(exc) == code
    if message is not None:
        assert exc.value.response["Error"]["Message"] == message
    with pytest.raises(ClientError) as after:
        s3.get_bucket_website(Bucket=bucket)
    assert error_code(after) == "NoSuchWebsiteConfiguration"
