"""ACLs in the default BucketOwnerEnforced world: reads show the owner's FULL_CONTROL; only that can be written."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def owner_only(acl: dict[str, Any]) -> None:
    owner_id = acl["Owner"]["ID"]
    assert [(g["Grantee"]["Type"], g["Grantee"]["ID"], g["Permission"]) for g in acl["Grants"]] == [
        ("CanonicalUser", owner_id, "FULL_CONTROL")]


def test_get_bucket_and_object_acl(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    owner_only(s3.get_bucket_acl(Bucket=bucket))
    owner_only(s3.get_object_acl(Bucket=bucket, Key="k"))


def test_object_acl_of_missing_key_is_no_such_key(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_object_acl(Bucket=bucket, Key="missing")
    assert error_code(exc) == "NoSuchKey"


def test_private_canned_acl_is_accepted(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_object_acl(Bucket=bucket, Key="k", ACL="bucket-owner-full-control")
    owner_only(s3.get_bucket_acl(Bucket=bucket))


def test_restating_the_owner_grant_in_xml_is_accepted(s3: Any, bucket: str) -> None:
    acl = s3.get_bucket_acl(Bucket=bucket)
    policy = {"Owner": acl["Owner"], "Grants": acl["Grants"]}
    s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy=policy)
    owner_only(s3.get_bucket_acl(Bucket=bucket))


@pytest.mark.moto_diverges(reason="moto keeps ACLs enabled on new buckets")
def test_public_read_is_access_control_list_not_supported(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    for call in (lambda: s3.put_bucket_acl(Bucket=bucket, ACL="public-read"),
                 lambda: s3.put_object_acl(Bucket=bucket, Key="k", ACL="public-read"),
                 lambda: s3.put_bucket_acl(Bucket=bucket, GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"')):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_code(exc) == "AccessControlListNotSupported"
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    owner_only(s3.get_bucket_acl(Bucket=bucket))
