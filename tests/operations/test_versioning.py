"""PutBucketVersioning / GetBucketVersioning and the rules of unversioned, Enabled and Suspended buckets.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def history(s3: Any, bucket: str, key: str) -> list[tuple[str, bool, str]]:
    """(version id, is latest, kind) of each version of `key`, newest first, as ListObjectVersions gives them."""
    listing = s3.list_object_versions(Bucket=bucket, Prefix=key)
    entries = [(v["VersionId"], v["IsLatest"], "object", v["LastModified"]) for v in listing.get("Versions", [])
               if v["Key"] == key]
    entries += [(m["VersionId"], m["IsLatest"], "marker", m["LastModified"])
                for m in listing.get("DeleteMarkers", []) if m["Key"] == key]
    # Newest first: the latest entry leads; the listing already orders each kind newest first.
    entries.sort(key=lambda e: not e[1])
    return [(vid, latest, kind) for vid, latest, kind, _ in entries]


def body(s3: Any, bucket: str, key: str, version_id: str | None = None) -> bytes:
    extra = {"VersionId": version_id} if version_id is not None else {}
    return bytes(s3.get_object(Bucket=bucket, Key=key, **extra)["Body"].read())


# --- GetBucketVersioning, state transitions --------------------------------------------------------------


def test_never_versioned_bucket_has_no_status(s3: Any, bucket: str) -> None:
    response = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in response
    assert "MFADelete" not in response


def test_enable_then_suspend_then_enable(s3: Any, bucket: str) -> None:
    for status in ("Enabled", "Suspended", "Enabled"):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == status


@pytest.mark.moto_diverges(reason="moto stores any Status string")
def test_versioning_cannot_be_turned_off(s3: Any, versioned_bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Disabled"})
    assert error_code(exc) == "MalformedXML"
    assert s3.get_bucket_versioning(Bucket=versioned_bucket)["Status"] == "Enabled"


@pytest.mark.moto_diverges(reason="moto lets an Object Lock bucket suspend versioning")
def test_object_lock_bucket_cannot_be_suspended(s3: Any) -> None:
    s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    s3.put_bucket_versioning(Bucket="locked-bucket", VersioningConfiguration={"Status": "Enabled"})
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket="locked-bucket", VersioningConfiguration={"Status": "Suspended"})
    assert error_code(exc) == "InvalidBucketState"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


@pytest.mark.moto_diverges(reason="moto ignores ExpectedBucketOwner")
def test_expected_bucket_owner_of_another_account_is_denied(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_versioning(Bucket=bucket, ExpectedBucketOwner="999999999999")
    assert error_code(exc) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"},
                                 ExpectedBucketOwner="999999999999")
    assert error_code(exc) == "AccessDenied"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)


# --- the null version ----------------------------------------------------------------------------------


def test_unversioned_overwrite_keeps_one_null_version(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"two")
    assert history(s3, bucket, "k") == [("null", True, "object")]
    assert body(s3, bucket, "k", "null") == b"two"


def test_versions_written_before_enabling_are_null(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"old")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    new_id = s3.put_object(Bucket=bucket, Key="k", Body=b"new")["VersionId"]
    assert new_id != "null"
    assert history(s3, bucket, "k") == [(new_id, True, "object"), ("null", False, "object")]
    assert body(s3, bucket, "k", "null") == b"old"
    assert body(s3, bucket, "k") == b"new"


@pytest.mark.moto_diverges(reason="moto loses the other versions on a suspended write")
def test_suspended_write_replaces_only_the_null_version(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"null-1")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    kept = s3.put_object(Bucket=bucket, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"null-2")
    s3.put_object(Bucket=bucket, Key="k", Body=b"null-3")
    assert history(s3, bucket, "k") == [("null", True, "object"), (kept, False, "object")]
    assert body(s3, bucket, "k", "null") == b"null-3"
    assert body(s3, bucket, "k", kept) == b"kept"


@pytest.mark.moto_diverges(reason="moto adds no null delete marker under Suspended")
def test_suspended_delete_replaces_null_version_with_null_marker(s3: Any, versioned_bucket: str) -> None:
    kept = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"null")
    response = s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert response["DeleteMarker"] is True
    assert response["VersionId"] == "null"
    assert history(s3, versioned_bucket, "k") == [("null", True, "marker"), (kept, False, "object")]
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=versioned_bucket, Key="k")
    assert body(s3, versioned_bucket, "k", kept) == b"kept"


def test_enabled_delete_adds_a_marker_and_keeps_every_version(s3: Any, versioned_bucket: str) -> None:
    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")["VersionId"]
    second = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2")["VersionId"]
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert marker["DeleteMarker"] is True
    assert history(s3, versioned_bucket, "k") == [
        (marker["VersionId"], True, "marker"), (second, False, "object"), (first, False, "object")]
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=marker["VersionId"])
    assert body(s3, versioned_bucket, "k") == b"2"


# --- MFA delete ----------------------------------------------------------------------------------------

MFA_ON = {"Status": "Enabled", "MFADelete": "Enabled"}


@pytest.mark.moto_diverges(reason="moto does not require x-amz-mfa to configure MFA delete")
def test_configuring_mfa_delete_needs_a_token(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON)
    assert error_code(exc) == "AccessDenied"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)


def test_mfa_delete_disabled_needs_no_token_when_never_on(s3: Any, bucket: str) -> None:
    """`MFADelete=Disabled` without `x-amz-mfa` on a bucket that never had MFA delete is accepted and
    changes nothing but the status (issue 17's AWS run; Terraform's AWS provider sends exactly this)."""
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Disabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"


@pytest.mark.moto_diverges(reason="moto does not report MfaDelete")
def test_mfa_delete_reported_by_get_bucket_versioning(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON, MFA="SERIAL 123456")
    response = s3.get_bucket_versioning(Bucket=bucket)
    assert (response["Status"], response["MFADelete"]) == ("Enabled", "Enabled")


@pytest.mark.moto_diverges(reason="moto does not check x-amz-mfa")
def test_changing_state_of_mfa_bucket_needs_a_token(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON, MFA="SERIAL 123456")
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert error_code(exc) == "AccessDenied"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended", "MFADelete": "Disabled"},
                             MFA="SERIAL 654321")
    response = s3.get_bucket_versioning(Bucket=bucket)
    assert (response["Status"], response["MFADelete"]) == ("Suspended", "Disabled")


@pytest.mark.moto_diverges(reason="moto does not check x-amz-mfa")
@pytest.mark.parametrize("token", ["SERIAL", "SERIAL 12345", "SERIAL abcdef", "SERIAL  123456 extra"])
def test_malformed_mfa_token_is_invalid_argument(s3: Any, bucket: str, token: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON, MFA=token)
    assert error_code(exc) == "InvalidArgument"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.fake_only
def test_registered_device_makes_only_its_code_valid(backend: Any, bucket: str) -> None:
    assert backend.fake is not None
    backend.fake.add_mfa_device("arn:aws:iam::123456789012:mfa/root", "246810")
    s3 = backend.client
    for token in ("arn:aws:iam::123456789012:mfa/root 111111", "other-serial 246810"):
        with pytest.raises(ClientError) as exc:
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON, MFA=token)
        assert error_code(exc) == "AccessDenied"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=MFA_ON,
                             MFA="arn:aws:iam::123456789012:mfa/root 246810")
    assert s3.get_bucket_versioning(Bucket=bucket)["MFADelete"] == "Enabled"


@pytest.mark.fake_only
def test_store_shows_what_s3_calls_did_and_seeds_what_they_read(backend: Any, versioned_bucket: str) -> None:
    s3, store = backend.client, backend.fake.store
    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")["VersionId"]
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")["VersionId"]
    versions = store.bucket(versioned_bucket).versions("k")
    assert [(v.version_id, v.is_delete_marker) for v in versions] == [(marker, True), (first, False)]
    assert store.bucket(versioned_bucket).object_count() == 0
    seeded = store.put_object(versioned_bucket, "k", b"seeded", content_type="text/plain")
    got = s3.get_object(Bucket=versioned_bucket, Key="k")
    assert (got["VersionId"], got["ContentType"], got["Body"].read()) == (seeded.version_id, "text/plain", b"seeded")
