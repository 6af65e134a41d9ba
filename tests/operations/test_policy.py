"""Bucket policies: Put/Get/DeleteBucketPolicy, GetBucketPolicyStatus, and explicit Deny enforced.

Messages and codes: LocalStack's AWS-validated snapshots (tests/aws/services/s3/test_s3_api.snapshot.json,
TestS3BucketPolicy::test_bucket_policy_crud and ::test_bucket_policy_exc, recorded 2026-02-21), and
S3's PutBucketPolicy page for the root user's exemption.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def public_read(bucket: str) -> str:
    return doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*"})


def deny(bucket: str, action: str, resource: str, **extra: Any) -> str:
    return doc({"Sid": "deny", "Effect": "Deny", "Principal": "*", "Action": action,
                "Resource": f"arn:aws:s3:::{bucket}{resource}", **extra})


@pytest.mark.moto_diverges(reason="moto answers PutBucketPolicy 200, not 204")
def test_policy_round_trip(s3: Any, bucket: str) -> None:
    """LocalStack test_bucket_policy_crud (AWS-validated): the text comes back as put; 204s; NoSuchBucketPolicy."""
    s3.delete_public_access_block(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_code(exc) == "NoSuchBucketPolicy"
    text = public_read(bucket)
    assert s3.put_bucket_policy(Bucket=bucket, Policy=text)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(text)
    assert s3.delete_bucket_policy(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_code(exc) == "NoSuchBucketPolicy"
    s3.delete_bucket_policy(Bucket=bucket)  # idempotent


@pytest.mark.moto_diverges(reason="moto stores any policy text")
@pytest.mark.parametrize(("text", "message"), [
    ("", "Policies must be valid JSON and the first byte must be '{'"),
    ("invalid json", "Policies must be valid JSON and the first byte must be '{'"),
    ("{}", "Missing required field Statement"),
    ("{not json", "This policy contains invalid Json"),
])
def test_malformed_policy_messages(s3: Any, bucket: str, text: str, message: str) -> None:
    """LocalStack test_bucket_policy_exc (AWS-validated) for the first three."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_policy(Bucket=bucket, Policy=text)
    assert error_code(exc) == "MalformedPolicy"
    assert exc.value.response["Error"]["Message"] == message
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.moto_diverges(reason="moto stores any policy text")
@pytest.mark.parametrize(("statement", "message"), [
    ({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*"},
     "Missing required field Principal"),
    ({"Effect": "Deny", "Principal": "*", "Action": "s3:Fly", "Resource": "arn:aws:s3:::test-bucket/*"},
     "Policy has invalid action"),
    ({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other-bucket/*"},
     "Policy has invalid resource"),
    ({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket"},
     "Action does not apply to any resource(s) in statement"),
    ({"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*"},
     "Invalid effect: Maybe"),
    ({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*",
      "Condition": {"StringSorta": {"s3:prefix": "a"}}}, "Invalid Condition type : StringSorta"),
])
def test_invalid_statements(s3: Any, bucket: str, statement: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_policy(Bucket=bucket, Policy=doc(statement))
    assert error_code(exc) == "MalformedPolicy"
    assert exc.value.response["Error"]["Message"] == message
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_code(exc) == "NoSuchBucketPolicy"


@pytest.mark.moto_diverges(reason="moto's new buckets have no Block Public Access settings")
def test_public_policy_is_refused_under_block_public_policy(s3: Any, bucket: str) -> None:
    """New buckets block public policies (LocalStack test_crud_public_access_block: all four settings true)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert error_code(exc) == "AccessDenied"
    assert "BlockPublicPolicy" in exc.value.response["Error"]["Message"]
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/locked/*"))  # not public


def test_policy_status(s3: Any, bucket: str) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/locked/*"))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False


@pytest.mark.moto_diverges(reason="moto does not enforce bucket policies")
def test_deny_delete_object_under_a_prefix(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="locked/a", Body=b"x")
    s3.put_object(Bucket=bucket, Key="free/a", Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/locked/*"))
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=bucket, Key="locked/a")
    assert error_code(exc) == "AccessDenied"
    s3.delete_object(Bucket=bucket, Key="free/a")
    assert s3.get_object(Bucket=bucket, Key="locked/a")["Body"].read() == b"x"


def test_deny_is_per_key_in_delete_objects(s3: Any, bucket: str) -> None:
    for key in ("locked/a", "locked/b", "free/a"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/locked/*"))
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ("locked/a", "free/a", "locked/b")]})
    assert [d["Key"] for d in result["Deleted"]] == ["free/a"]
    assert sorted((e["Key"], e["Code"]) for e in result["Errors"]) == [("locked/a", "AccessDenied"),
                                                                       ("locked/b", "AccessDenied")]
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == ["locked/a", "locked/b"]


@pytest.mark.fake_only
def test_per_key_faults_still_fire_beside_a_policy(backend: Any, bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    for key in ("locked/a", "free/a", "free/b"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/locked/*"))
    fake.faults.add("DeleteObjects", "InternalError", bucket=bucket, key="free/b")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ("locked/a", "free/a", "free/b")]})
    assert sorted((e["Key"], e["Code"]) for e in result["Errors"]) == [("free/b", "InternalError"),
                                                                       ("locked/a", "AccessDenied")]


@pytest.mark.moto_diverges(reason="moto does not enforce bucket policies")
def test_deny_everything_still_lets_the_owner_manage_the_policy(s3: Any, bucket: str) -> None:
    """S3's PutBucketPolicy page: the root user can always use the policy operations."""
    s3.put_bucket_policy(Bucket=bucket, Policy=doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                                                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}))
    for call in (lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x"), lambda: s3.list_objects_v2(Bucket=bucket),
                 lambda: s3.get_bucket_versioning(Bucket=bucket)):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_code(exc) == "AccessDenied"
    s3.get_bucket_policy(Bucket=bucket)
    s3.delete_bucket_policy(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")


@pytest.mark.fake_only
@pytest.mark.parametrize(("condition", "denied"), [
    ({"Bool": {"aws:SecureTransport": "false"}}, False),  # botocore talks https
    ({"Bool": {"aws:SecureTransport": "true"}}, True),
    ({"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}, True),
    ({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, True),
    ({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}, False),
    ({"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}, True),  # header absent: negated holds
    ({"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}, False),
    ({"StringEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}}, True),
    ({"Null": {"s3:x-amz-server-side-encryption": "true"}}, True),
    ({"Null": {"s3:x-amz-server-side-encryption": "false"}}, False),
    ({"StringLike": {"s3:RequestObjectTag/team": "data*"}}, True),
    ({"StringLike": {"aws:UserAgent": "*Botocore*"}}, True),
])
def test_conditions_on_put_object(backend: Any, bucket: str, condition: dict[str, Any], denied: bool) -> None:
    s3 = backend.client
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:PutObject", "/*", Condition=condition))
    if denied:
        with pytest.raises(ClientError) as exc:
            s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="team=data-eng")
        assert error_code(exc) == "AccessDenied"
    else:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="team=data-eng")


@pytest.mark.fake_only
def test_prefix_condition_on_listing(backend: Any, bucket: str) -> None:
    s3 = backend.client
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:ListBucket", "",
                                                    Condition={"StringLike": {"s3:prefix": "secret/*"}}))
    s3.list_objects_v2(Bucket=bucket, Prefix="public/")
    s3.list_objects_v2(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, Prefix="secret/x")
    assert error_code(exc) == "AccessDenied"


@pytest.mark.fake_only
def test_existing_object_tag_condition(backend: Any, bucket: str) -> None:
    s3 = backend.client
    s3.put_object(Bucket=bucket, Key="keep", Body=b"x", Tagging="retain=yes")
    s3.put_object(Bucket=bucket, Key="other", Body=b"x", Tagging="retain=no")
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/*",
                                                    Condition={"StringEquals": {"s3:ExistingObjectTag/retain": "yes"}}))
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "keep"}, {"Key": "other"}]})
    assert [e["Key"] for e in result["Errors"]] == ["keep"]
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=bucket, Key="keep")
    assert error_code(exc) == "AccessDenied"


@pytest.mark.fake_only
def test_allow_grants_nothing_and_other_principals_are_not_the_caller(backend: Any, bucket: str) -> None:
    s3 = backend.client
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=doc(
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"}))
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"
    s3.put_bucket_policy(Bucket=bucket, Policy=doc(
        {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"}))
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k")
    assert error_code(exc) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="k")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


@pytest.mark.fake_only
def test_copy_is_checked_against_the_source_policy(backend: Any, bucket: str) -> None:
    s3 = backend.client
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:GetObject", "/src"))
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert error_code(exc) == "AccessDenied"


def test_missing_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket="no-such-bucket")
    assert error_code(exc) == "NoSuchBucket"


def test_policy_status_without_a_policy(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy_status(Bucket=bucket)
    assert error_code(exc) == "NoSuchBucketPolicy"


@pytest.mark.fake_only
def test_a_policy_that_denies_no_delete_leaves_delete_objects_alone(backend: Any, bucket: str) -> None:
    from pytest_s3fake.operations.access import authorize
    from pytest_s3fake.wire import Request

    s3, fake = backend.client, backend.fake
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:GetObject", "/*"))
    req = Request("DeleteObjects", "POST", f"https://s3.amazonaws.com/{bucket}?delete", bucket, None, {}, {}, b"")
    assert authorize(fake.store, req) is req
    s3.put_bucket_policy(Bucket=bucket, Policy=deny(bucket, "s3:DeleteObject", "/*"))
    assert authorize(fake.store, req).key_fault is not None
