"""Object Ownership and ACLs: Put/Get/DeleteBucketOwnershipControls, and stored ACLs once ACLs are on.

Codes and messages: LocalStack's AWS-validated snapshots, test_s3_api.snapshot.json
TestS3BucketOwnershipControls (test_crud_bucket_ownership_controls, test_bucket_ownership_controls_exc) and
test_s3.snapshot.json TestS3::test_s3_bucket_acl, ::test_s3_bucket_acl_exceptions, ::test_s3_object_acl_exceptions
(recorded 2026-02-21): grant headers replace the whole ACL; canned plus grant headers is InvalidRequest;
a bad group URI or canonical id is InvalidArgument; an ACL request with nothing is MissingSecurityHeader.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


def grants(acl: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(g["Grantee"]["Type"], g["Grantee"].get("URI") or g["Grantee"].get("ID", ""), g["Permission"])
            for g in acl["Grants"]]


def acls_on(s3: Any, bucket: str, mode: str = "ObjectWriter") -> str:
    """Turn ACLs on and public ACLs allowed; returns the owner's canonical id."""
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": mode}]})
    s3.delete_public_access_block(Bucket=bucket)
    return str(s3.get_bucket_acl(Bucket=bucket)["Owner"]["ID"])


@pytest.mark.moto_diverges(reason="moto has no ownership controls on a new bucket")
def test_ownership_round_trip(s3: Any, bucket: str) -> None:
    def mode() -> str:
        return str(s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"])

    assert mode() == "BucketOwnerEnforced"
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert mode() == "ObjectWriter"
    assert s3.delete_bucket_ownership_controls(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        mode()
    assert error_code(exc) == "OwnershipControlsNotFoundError"
    s3.delete_bucket_ownership_controls(Bucket=bucket)


def test_ownership_at_creation(s3: Any) -> None:
    s3.create_bucket(Bucket="owned", ObjectOwnership="BucketOwnerPreferred")
    rules = s3.get_bucket_ownership_controls(Bucket="owned")["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerPreferred"}]


@pytest.mark.moto_diverges(reason="moto accepts any ObjectOwnership")
def test_invalid_ownership(s3: Any, bucket: str) -> None:
    for rules in ([{"ObjectOwnership": "ObjectWriter"}, {"ObjectOwnership": "ObjectWriter"}],
                  [{"ObjectOwnership": "RandomValue"}]):
        with pytest.raises(ClientError) as exc:
            s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": rules})
        assert error_code(exc) == "MalformedXML"
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="other", ObjectOwnership="RandomValue")
    assert exc.value.response["Error"]["Message"] == "Invalid x-amz-object-ownership header: RandomValue"


def test_bucket_acl_stored_once_acls_are_on(s3: Any, bucket: str) -> None:
    owner = acls_on(s3, bucket)
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    assert grants(s3.get_bucket_acl(Bucket=bucket)) == [("CanonicalUser", owner, "FULL_CONTROL"),
                                                        ("Group", ALL_USERS, "READ")]
    s3.put_bucket_acl(Bucket=bucket, GrantRead=f'uri="{LOG_DELIVERY}"')
    assert grants(s3.get_bucket_acl(Bucket=bucket)) == [("Group", LOG_DELIVERY, "READ")]
    acl = s3.get_bucket_acl(Bucket=bucket)
    policy = {"Owner": acl["Owner"], "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"}]}
    s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy=policy)
    assert grants(s3.get_bucket_acl(Bucket=bucket)) == [("CanonicalUser", owner, "FULL_CONTROL"),
                                                        ("Group", LOG_DELIVERY, "WRITE")]


@pytest.mark.moto_diverges(reason="moto does not check ACL requests as S3 does")
def test_acl_request_errors(s3: Any, bucket: str) -> None:
    acls_on(s3, bucket)
    cases = [
        (dict(ACL="public-read", GrantRead=f'uri="{ALL_USERS}"'), "InvalidRequest",
         "Specifying both Canned ACLs and Header Grants is not allowed"),
        (dict(GrantRead='uri="http://acs.amazonaws.com/groups/s3/FakeGroup"'), "InvalidArgument", "Invalid group uri"),
        (dict(GrantWrite='fakekey="1234"'), "InvalidArgument", "Argument format not recognized"),
        (dict(GrantWrite='id="wrong-id"'), "InvalidArgument", "Invalid id"),
        (dict(), "MissingSecurityHeader", None),
    ]
    for kwargs, code, message in cases:
        with pytest.raises(ClientError) as exc:
            s3.put_bucket_acl(Bucket=bucket, **kwargs)
        assert error_code(exc) == code
        if message is not None:
            assert exc.value.response["Error"]["Message"] == message


def test_object_acls_per_version_and_not_copied(s3: Any, versioned_bucket: str) -> None:
    bucket = versioned_bucket
    owner = acls_on(s3, bucket)
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="k", Body=b"y")["VersionId"]
    assert grants(s3.get_object_acl(Bucket=bucket, Key="k", VersionId=first))[1] == ("Group", ALL_USERS, "READ")
    assert grants(s3.get_object_acl(Bucket=bucket, Key="k")) == [("CanonicalUser", owner, "FULL_CONTROL")]
    s3.put_object_acl(Bucket=bucket, Key="k", VersionId=second, ACL="authenticated-read")
    assert len(grants(s3.get_object_acl(Bucket=bucket, Key="k"))) == 2
    s3.copy_object(Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k", "VersionId": first})
    assert grants(s3.get_object_acl(Bucket=bucket, Key="c")) == [("CanonicalUser", owner, "FULL_CONTROL")]


def test_multipart_upload_keeps_its_acl(s3: Any, bucket: str) -> None:
    acls_on(s3, bucket)
    uid = s3.create_multipart_upload(Bucket=bucket, Key="m", ACL="public-read")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=uid, PartNumber=1, Body=b"x")
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=uid,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert ("Group", ALL_USERS, "READ") in grants(s3.get_object_acl(Bucket=bucket, Key="m"))


@pytest.mark.moto_diverges(reason="moto has no Block Public Access on new buckets")
def test_block_public_acls_refuses_public_acls(s3: Any, bucket: str) -> None:
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    for call in (lambda: s3.put_bucket_acl(Bucket=bucket, ACL="public-read"),
                 lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read-write")):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_code(exc) == "AccessDenied"
    s3.put_bucket_acl(Bucket=bucket, ACL="private")


@pytest.mark.moto_diverges(reason="moto keeps no ownership controls")
def test_enforcement_refused_while_others_have_grants(s3: Any, bucket: str) -> None:
    acls_on(s3, bucket)
    s3.put_bucket_acl(Bucket=bucket, ACL="log-delivery-write")
    enforced = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls=enforced)
    assert error_code(exc) == "InvalidBucketAclWithObjectOwnership"
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls=enforced)
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    assert error_code(exc) == "AccessControlListNotSupported"


@pytest.mark.moto_diverges(reason="moto keeps ACLs enabled on new buckets")
def test_enforced_bucket_refuses_public_object_acl_on_write(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")
    assert error_code(exc) == "AccessControlListNotSupported"
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="public-bucket", ACL="public-read")
    assert error_code(exc) == "InvalidBucketAclWithObjectOwnership"


@pytest.mark.moto_diverges(reason="moto has no Block Public Access on new buckets")
def test_public_acl_at_creation_is_blocked(s3: Any) -> None:
    """New buckets block public ACLs, so CreateBucket with one fails even with ACLs on."""
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket="public-bucket", ACL="public-read", ObjectOwnership="ObjectWriter")
    assert error_code(exc) == "InvalidBucketAclWithBlockPublicAccessError"
    s3.create_bucket(Bucket="logs-bucket", ACL="private", ObjectOwnership="ObjectWriter")
    assert len(s3.get_bucket_acl(Bucket="logs-bucket")["Grants"]) == 1
