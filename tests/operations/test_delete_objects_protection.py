"""DeleteObjects through a real boto3 client: MFA delete, Object Lock and bypass, ETag conditions,
Requester Pays, per-key faults and the order of results."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pytest_s3fake import S3Fake
from tests.conftest import Backend
from tests.operations.test_delete_objects import fails, keys_of, objects, put, strip

LOCKED = "Access Denied because object protected by object lock."
SERIAL = "arn:aws:iam::123456789012:mfa/root-account-mfa-device"


def versions_of(s3: Any, bucket: str) -> list[str]:
    return [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket).get("Versions", [])]


# --- MFA delete ---------------------------------------------------------------------------------------


@pytest.fixture
def mfa_bucket(s3: Any, versioned_bucket: str) -> str:
    """A versioned bucket with MFA delete on (the fake accepts any well-formed token until a device is registered)."""
    s3.put_bucket_versioning(Bucket=versioned_bucket, MFA=f"{SERIAL} 123456",
                             VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
    return versioned_bucket


@pytest.mark.moto_diverges(reason="moto does not require x-amz-mfa to configure MFA delete")
def test_enabling_mfa_delete_needs_a_token_and_is_reported(s3: Any, versioned_bucket: str) -> None:
    fails(lambda: s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={
        "Status": "Enabled", "MFADelete": "Enabled"}), "AccessDenied", 403)
    s3.put_bucket_versioning(Bucket=versioned_bucket, MFA=f"{SERIAL} 123456",
                             VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
    config = s3.get_bucket_versioning(Bucket=versioned_bucket)
    assert (config["Status"], config["MFADelete"]) == ("Enabled", "Enabled")


@pytest.mark.moto_diverges(reason="moto does not enforce MFA delete")
def test_mfa_bucket_version_entry_without_token_fails_whole_request(s3: Any, mfa_bucket: str) -> None:
    version = s3.put_object(Bucket=mfa_bucket, Key="a", Body=b"x")["VersionId"]
    put(s3, mfa_bucket, "plain")
    fails(lambda: s3.delete_objects(Bucket=mfa_bucket, Delete={"Objects": [
        {"Key": "plain"}, {"Key": "a", "VersionId": version}]}), "AccessDenied", 403)
    assert keys_of(s3, mfa_bucket) == ["a", "plain"]
    assert "DeleteMarkers" not in s3.list_object_versions(Bucket=mfa_bucket)


def test_mfa_bucket_without_version_entries_needs_no_token(s3: Any, mfa_bucket: str) -> None:
    put(s3, mfa_bucket, "a")
    response = strip(s3.delete_objects(Bucket=mfa_bucket, Delete=objects("a")))
    assert response["Deleted"][0]["DeleteMarker"] is True
    assert keys_of(s3, mfa_bucket) == []


def test_mfa_bucket_version_entry_with_token_deletes(s3: Any, mfa_bucket: str) -> None:
    version = s3.put_object(Bucket=mfa_bucket, Key="a", Body=b"x")["VersionId"]
    response = strip(s3.delete_objects(Bucket=mfa_bucket, MFA=f"{SERIAL} 123456",
                                       Delete={"Objects": [{"Key": "a", "VersionId": version}]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": version}]}


@pytest.mark.fake_only
def test_registered_device_only_its_code_is_valid(backend: Backend, mfa_bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    assert fake is not None
    fake.add_mfa_device(SERIAL, "654321")
    version = s3.put_object(Bucket=mfa_bucket, Key="a", Body=b"x")["VersionId"]
    request = {"Objects": [{"Key": "a", "VersionId": version}]}
    fails(lambda: s3.delete_objects(Bucket=mfa_bucket, MFA=f"{SERIAL} 123456", Delete=request), "AccessDenied", 403)
    fails(lambda: s3.delete_objects(Bucket=mfa_bucket, MFA="other-serial 654321", Delete=request), "AccessDenied", 403)
    assert versions_of(s3, mfa_bucket) == [version]
    response = strip(s3.delete_objects(Bucket=mfa_bucket, MFA=f"{SERIAL} 654321", Delete=request))
    assert response == {"Deleted": [{"Key": "a", "VersionId": version}]}


@pytest.mark.fake_only
def test_invalid_token_fails_whole_request_even_without_version_entries(backend: Backend, mfa_bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    assert fake is not None
    fake.add_mfa_device(SERIAL, "654321")
    put(s3, mfa_bucket, "a")
    fails(lambda: s3.delete_objects(Bucket=mfa_bucket, MFA=f"{SERIAL} 000000", Delete=objects("a")),
          "AccessDenied", 403)
    assert keys_of(s3, mfa_bucket) == ["a"]


@pytest.mark.moto_diverges(reason="moto does not validate the x-amz-mfa header")
@pytest.mark.parametrize("token", ["no-space-at-all", f"{SERIAL} 12ab56", f"{SERIAL}  123456 extra"])
def test_token_not_shaped_serial_code_is_invalid_argument(s3: Any, mfa_bucket: str, token: str) -> None:
    put(s3, mfa_bucket, "a")
    fails(lambda: s3.delete_objects(Bucket=mfa_bucket, MFA=token, Delete=objects("a")), "InvalidArgument", 400)
    assert keys_of(s3, mfa_bucket) == ["a"]


# --- Object Lock --------------------------------------------------------------------------------------


@pytest.fixture
def lock_bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="lock-bucket", ObjectLockEnabledForBucket=True)
    return "lock-bucket"


def tomorrow() -> datetime:
    return datetime.now(timezone.utc) + timedelta(days=1)


def locked(s3: Any, bucket: str, key: str, **lock: Any) -> str:
    """Put `key` with Object Lock settings; returns its version id."""
    return str(s3.put_object(Bucket=bucket, Key=key, Body=b"x", **lock)["VersionId"])


@pytest.mark.moto_diverges(reason="moto's Object Lock errors differ in message")
def test_locked_versions_are_per_key_access_denied(s3: Any, lock_bucket: str) -> None:
    governance = locked(s3, lock_bucket, "gov", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=tomorrow())
    compliance = locked(s3, lock_bucket, "comp", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=tomorrow())
    held = locked(s3, lock_bucket, "held", ObjectLockLegalHoldStatus="ON")
    free = locked(s3, lock_bucket, "free")
    response = strip(s3.delete_objects(Bucket=lock_bucket, Delete={"Objects": [
        {"Key": "gov", "VersionId": governance}, {"Key": "comp", "VersionId": compliance},
        {"Key": "held", "VersionId": held}, {"Key": "free", "VersionId": free}]}))
    assert response == {
        "Deleted": [{"Key": "free", "VersionId": free}],
        "Errors": [{"Key": k, "VersionId": v, "Code": "AccessDenied", "Message": LOCKED}
                   for k, v in (("gov", governance), ("comp", compliance), ("held", held))],
    }
    assert keys_of(s3, lock_bucket) == ["comp", "gov", "held"]


@pytest.mark.moto_diverges(reason="moto's Object Lock errors differ in message")
def test_bypass_governance_lets_governance_only_through(s3: Any, lock_bucket: str) -> None:
    governance = locked(s3, lock_bucket, "gov", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=tomorrow())
    compliance = locked(s3, lock_bucket, "comp", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=tomorrow())
    held = locked(s3, lock_bucket, "held", ObjectLockLegalHoldStatus="ON")
    response = strip(s3.delete_objects(Bucket=lock_bucket, BypassGovernanceRetention=True, Delete={"Objects": [
        {"Key": "gov", "VersionId": governance}, {"Key": "comp", "VersionId": compliance},
        {"Key": "held", "VersionId": held}]}))
    assert response == {
        "Deleted": [{"Key": "gov", "VersionId": governance}],
        "Errors": [{"Key": k, "VersionId": v, "Code": "AccessDenied", "Message": LOCKED}
                   for k, v in (("comp", compliance), ("held", held))],
    }


def test_locked_key_without_version_id_gets_a_delete_marker(s3: Any, lock_bucket: str) -> None:
    version = locked(s3, lock_bucket, "comp", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=tomorrow())
    response = strip(s3.delete_objects(Bucket=lock_bucket, Delete=objects("comp")))
    [entry] = response["Deleted"]
    assert (entry["Key"], entry["DeleteMarker"]) == ("comp", True)
    assert versions_of(s3, lock_bucket) == [version]


@pytest.mark.fake_only
def test_compliance_after_retain_until_can_be_deleted(backend: Backend, lock_bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    assert fake is not None
    version = locked(s3, lock_bucket, "comp", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=tomorrow())
    fake.clock.advance(days=2)
    response = strip(s3.delete_objects(Bucket=lock_bucket, Delete={"Objects": [{"Key": "comp", "VersionId": version}]}))
    assert response == {"Deleted": [{"Key": "comp", "VersionId": version}]}


@pytest.mark.moto_diverges(reason="moto accepts the bypass header on a bucket without Object Lock")
def test_bypass_on_bucket_without_object_lock_is_invalid_argument(s3: Any, versioned_bucket: str) -> None:
    version = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"x")["VersionId"]
    fails(lambda: s3.delete_objects(Bucket=versioned_bucket, BypassGovernanceRetention=True,
                                    Delete={"Objects": [{"Key": "a", "VersionId": version}]}), "InvalidArgument", 400)
    assert versions_of(s3, versioned_bucket) == [version]


# --- ETag conditions ----------------------------------------------------------------------------------


def test_matching_etag_deletes(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="a", Body=b"x")["ETag"]
    put(s3, bucket, "b")
    response = strip(s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "a", "ETag": etag}, {"Key": "b", "ETag": "*"}]}))
    assert response == {"Deleted": [{"Key": "a"}, {"Key": "b"}]}
    assert keys_of(s3, bucket) == []


def test_etag_mismatch_is_per_key_precondition_failed(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a", "b")
    response = strip(s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "a", "ETag": '"0123456789abcdef0123456789abcdef"'}, {"Key": "b"}]}))
    assert response == {
        "Deleted": [{"Key": "b"}],
        "Errors": [{"Key": "a", "Code": "PreconditionFailed",
                    "Message": "At least one of the pre-conditions you specified did not hold"}],
    }
    assert keys_of(s3, bucket) == ["a"]


@pytest.mark.moto_diverges(reason="moto (5.2.6) answers ETag * on a key that never existed as deleted")
def test_etag_on_key_without_current_object_is_no_such_key(s3: Any, versioned_bucket: str) -> None:
    etag = s3.put_object(Bucket=versioned_bucket, Key="gone", Body=b"x")["ETag"]
    s3.delete_object(Bucket=versioned_bucket, Key="gone")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "gone", "ETag": etag}, {"Key": "never", "ETag": "*"}]}))
    assert response == {"Errors": [
        {"Key": k, "Code": "NoSuchKey", "Message": "The specified key does not exist."} for k in ("gone", "never")]}


# --- Requester Pays -----------------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto does not send x-amz-request-charged")
def test_requester_pays_bucket_reports_request_charged(s3: Any, bucket: str) -> None:
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    put(s3, bucket, "a")
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"), RequestPayer="requester"))
    assert response == {"Deleted": [{"Key": "a"}], "RequestCharged": "requester"}


def test_no_request_charged_without_requester_pays(s3: Any, bucket: str) -> None:
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"), RequestPayer="requester"))
    assert response == {"Deleted": [{"Key": "a"}]}


# --- per-key faults -----------------------------------------------------------------------------------


@pytest.mark.fake_only
@pytest.mark.parametrize("quiet", [False, True])
def test_per_key_fault_fails_only_that_key(backend: Backend, bucket: str, quiet: bool) -> None:
    s3, fake = backend.client, backend.fake
    assert fake is not None
    put(s3, bucket, "a", "k", "z")
    fault = fake.faults.add("DeleteObjects", "AccessDenied", bucket=bucket, key="k")
    response = strip(s3.delete_objects(Bucket=bucket, Delete={**objects("a", "k", "z"), "Quiet": quiet}))
    expected: dict[str, Any] = {"Errors": [{"Key": "k", "Code": "AccessDenied", "Message": "Access Denied"}]}
    if not quiet:
        expected["Deleted"] = [{"Key": "a"}, {"Key": "z"}]
    assert response == expected
    assert fault.hits == 1
    assert keys_of(s3, bucket) == ["k"]


# --- order of results ---------------------------------------------------------------------------------


@pytest.mark.fake_only
def test_results_keep_request_order_by_default(backend: Backend, bucket: str) -> None:
    names = [f"key-{i:02d}" for i in range(40)][::-1]
    response = strip(backend.client.delete_objects(Bucket=bucket, Delete=objects(*names)))
    assert [d["Key"] for d in response["Deleted"]] == names


def shuffled_run(seed: int) -> tuple[list[str], list[str]]:
    with S3Fake(seed=seed, shuffle_delete_results=True) as fake:
        s3 = fake.client()
        s3.create_bucket(Bucket="shuffled")
        entries = [{"Key": f"key-{i:02d}"} for i in range(30)] + [
            {"Key": f"bad-{i:02d}", "VersionId": "malformed"} for i in range(10)]
        response = s3.delete_objects(Bucket="shuffled", Delete={"Objects": entries})
        return [d["Key"] for d in response["Deleted"]], [e["Key"] for e in response["Errors"]]


@pytest.mark.fake_only
def test_shuffle_option_reorders_deleted_and_errors_repeatably() -> None:
    deleted, errors = shuffled_run(seed=7)
    assert sorted(deleted) == [f"key-{i:02d}" for i in range(30)] != deleted
    assert sorted(errors) == [f"bad-{i:02d}" for i in range(10)] != errors
    assert shuffled_run(seed=7) == (deleted, errors)
    assert shuffled_run(seed=8) != (deleted, errors)
