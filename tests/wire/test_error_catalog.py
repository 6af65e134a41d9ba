"""Every catalog code, rendered by the transport and parsed back by a real botocore client."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.errors import CATALOG, ERROR_CLASSES, S3Error, error_class
from pytest_s3fake.errors.codes import InvalidArgument, NoSuchKey
from pytest_s3fake.wire import error_response

SEED_CODES = sorted(code for code, spec in CATALOG.items() if spec.source == "seed")
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def test_catalog_lists_every_code_of_the_reference_page() -> None:
    # The codes the DeleteObjects reference page lists (../shared/seeds/000_67c8721d22f941ec.txt).
    page_codes = {
        "AccessDenied", "AccountProblem", "AllAccessDisabled", "AmbiguousGrantByEmailAddress",
        "AuthorizationHeaderMalformed", "BadDigest", "BucketAlreadyExists", "BucketAlreadyOwnedByYou",
        "BucketNotEmpty", "CredentialsNotSupported", "CrossLocationLoggingProhibited", "EntityTooSmall",
        "EntityTooLarge", "ExpiredToken", "IllegalVersioningConfigurationException", "IncompleteBody",
        "IncorrectNumberOfFilesInPostRequest", "InlineDataTooLarge", "InternalError", "InvalidAccessKeyId",
        "InvalidAddressingHeader", "InvalidArgument", "InvalidBucketName", "InvalidBucketState", "InvalidDigest",
        "InvalidEncryptionAlgorithmError", "InvalidLocationConstraint", "InvalidObjectState", "InvalidPart",
        "InvalidPartOrder", "InvalidPayer", "InvalidPolicyDocument", "InvalidRange", "InvalidRequest",
        "InvalidSecurity", "InvalidSOAPRequest", "InvalidStorageClass", "InvalidTargetBucketForLogging",
        "InvalidToken", "InvalidURI", "KeyTooLongError", "MalformedACLError", "MalformedPOSTRequest", "MalformedXML",
        "MaxMessageLengthExceeded", "MaxPostPreDataLengthExceededError", "MetadataTooLarge", "MethodNotAllowed",
        "MissingAttachment", "MissingContentLength", "MissingRequestBodyError", "MissingSecurityElement",
        "MissingSecurityHeader", "NoLoggingStatusForKey", "NoSuchBucket", "NoSuchBucketPolicy", "NoSuchKey",
        "NoSuchLifecycleConfiguration", "NoSuchUpload", "NoSuchVersion", "NotImplemented", "NotSignedUp",
        "OperationAborted", "PermanentRedirect", "PreconditionFailed", "Redirect", "RestoreAlreadyInProgress",
        "RequestIsNotMultiPartContent", "RequestTimeout", "RequestTimeTooSkewed", "RequestTorrentOfBucketError",
        "SignatureDoesNotMatch", "ServiceUnavailable", "SlowDown", "TemporaryRedirect", "TokenRefreshRequired",
        "TooManyBuckets", "UnexpectedContent", "UnresolvableGrantByEmailAddress", "UserKeyMustBeSpecified",
    }
    assert page_codes == set(SEED_CODES)
    assert set(ERROR_CLASSES) == set(CATALOG)


@pytest.mark.parametrize("code", SEED_CODES)
def test_code_round_trips_through_botocore(code: str) -> None:
    spec = CATALOG[code]
    with S3Fake() as fake:
        client: Any = fake.client(config=NO_RETRY)
        client.create_bucket(Bucket="catalog-bucket")
        fake.faults.add("GetObject", code)
        with pytest.raises(ClientError) as exc:
            client.get_object(Bucket="catalog-bucket", Key="k")
    response = exc.value.response
    assert response["Error"]["Code"] == code
    assert response["Error"]["Message"] == spec.message
    assert response["ResponseMetadata"]["HTTPStatusCode"] == spec.status
    assert response["ResponseMetadata"]["RequestId"] and response["ResponseMetadata"]["HostId"]


@pytest.mark.parametrize("code", ["NoSuchKey", "NoSuchBucket", "NoSuchUpload", "BucketAlreadyExists",
                                  "BucketAlreadyOwnedByYou", "InvalidObjectState"])
def test_modeled_codes_raise_botocore_exception_classes(code: str) -> None:
    with S3Fake() as fake:
        client: Any = fake.client(config=NO_RETRY)
        client.create_bucket(Bucket="modeled-bucket")
        fake.faults.add("GetObject", code)
        with pytest.raises(getattr(client.exceptions, code)):
            client.get_object(Bucket="modeled-bucket", Key="k")


@pytest.mark.parametrize("code", ["NoSuchKey", "AccessDenied", "PreconditionFailed", "SlowDown"])
def test_head_errors_have_no_body_and_surface_the_status(code: str) -> None:
    with S3Fake() as fake:
        client: Any = fake.client(config=NO_RETRY)
        client.create_bucket(Bucket="head-bucket")
        fake.faults.add("HeadObject", code)
        with pytest.raises(ClientError) as exc:
            client.head_object(Bucket="head-bucket", Key="k")
        assert exc.value.response["Error"]["Code"] == str(CATALOG[code].status)
        assert fake.calls[-1].error_code == code


def test_error_document_carries_code_fields_and_ids() -> None:
    error = InvalidArgument("Invalid version id specified", argument_name="versionId", argument_value="bad")
    body = error_response(error, method="GET", request_id="REQ", host_id="HOST").body.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code>')
    assert "<ArgumentName>versionId</ArgumentName><ArgumentValue>bad</ArgumentValue>" in body
    assert body.endswith("<RequestId>REQ</RequestId><HostId>HOST</HostId></Error>")


def test_error_fields_reach_the_client() -> None:
    with S3Fake() as fake:
        client: Any = fake.client(config=NO_RETRY)
        client.create_bucket(Bucket="fields-bucket")
        fake.faults.add("GetObject", NoSuchKey("custom message", key="the/key"))
        with pytest.raises(client.exceptions.NoSuchKey) as exc:
            client.get_object(Bucket="fields-bucket", Key="the/key")
    assert exc.value.response["Error"] == {"Code": "NoSuchKey", "Message": "custom message", "Key": "the/key"}


def test_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown S3 error code 'NoSuchThing'"):
        error_class("NoSuchThing")


def test_every_class_is_an_s3_error_with_its_spec() -> None:
    for code, cls in ERROR_CLASSES.items():
        error = cls()
        assert isinstance(error, S3Error)
        assert (error.code, error.status, error.message) == (code, CATALOG[code].status, CATALOG[code].message)
