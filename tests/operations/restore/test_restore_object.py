"""RestoreObject through boto3: the restore's answers and its life on the fake's clock.

AWS recordings: LocalStack tests/aws/services/s3/test_s3.py::TestS3DeepArchive::
test_s3_get_deep_archive_object_restore (aws.validated: RestoreObject answers 202); the AWS CLI transcript in
candide-guevara/btrfs_to_glacier's aws_s3_storage tests (`ongoing-request="true"` while restoring, 409
RestoreAlreadyInProgress "Object restore is already in progress", 403 InvalidObjectState "Restore is not
allowed for the object's current storage class", then `ongoing-request="false", expiry-date="... 00:00:00
GMT"`, and a repeated request extending the copy's life); moto's test_s3.py::test_restore_key (200 for a
repeated request on a restored object) and test_restore_unknown_key. Tier times: docs/archives.md.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

IN_PROGRESS = 'ongoing-request="true"'


def _archive(s3: Any, bucket: str, key: str = "cold", storage_class: str = "GLACIER") -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=b"body data", StorageClass=storage_class)


def _restore(s3: Any, bucket: str, key: str = "cold", days: int = 1, tier: str | None = None, **extra: Any) -> int:
    request: dict[str, Any] = {"Days": days}
    if tier is not None:
        request["GlacierJobParameters"] = {"Tier": tier}
    response = s3.restore_object(Bucket=bucket, Key=key, RestoreRequest=request, **extra)
    return int(response["ResponseMetadata"]["HTTPStatusCode"])


def _advance(backend: Any, **delta: float) -> None:
    """Move the fake's clock; moto restores at once, so its half needs no time to pass."""
    if backend.fake is not None:
        backend.fake.clock.advance(**delta)


@pytest.mark.parametrize("storage_class", ["GLACIER", "DEEP_ARCHIVE"])
def test_first_restore_is_accepted(s3: Any, bucket: str, storage_class: str) -> None:
    """LocalStack test_s3_get_deep_archive_object_restore snapshot: 202 for the first request."""
    _archive(s3, bucket, storage_class=storage_class)
    assert _restore(s3, bucket, days=30, tier="Bulk") == 202


@pytest.mark.moto_diverges(reason="moto completes a restore at once")
def test_restore_is_in_progress_until_its_tier_time(s3: Any, bucket: str) -> None:
    """The btrfs_to_glacier AWS CLI transcript: right after the request HEAD says ongoing-request="true" and
    GET is still InvalidObjectState."""
    _archive(s3, bucket)
    _restore(s3, bucket)
    assert s3.head_object(Bucket=bucket, Key="cold")["Restore"] == IN_PROGRESS
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    assert error_code(exc) == "InvalidObjectState"


@pytest.mark.moto_diverges(reason="moto completes a restore at once and answers 200 to a second request")
def test_second_request_while_in_progress_conflicts(s3: Any, bucket: str) -> None:
    """The btrfs_to_glacier AWS CLI transcript: RestoreAlreadyInProgress, "Object restore is already in progress"."""
    _archive(s3, bucket)
    _restore(s3, bucket)
    with pytest.raises(ClientError) as exc:
        _restore(s3, bucket)
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("RestoreAlreadyInProgress", "Object restore is already in progress")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


@pytest.mark.moto_diverges(reason="moto's message is GET's: The operation is not valid for the object's storage class")
@pytest.mark.parametrize("storage_class", ["STANDARD", "GLACIER_IR", "STANDARD_IA", "INTELLIGENT_TIERING"])
def test_restoring_an_object_that_is_not_archived(s3: Any, bucket: str, storage_class: str) -> None:
    """The btrfs_to_glacier AWS CLI transcript (a STANDARD key) and moto's aws-reported PR #4670: 403
    InvalidObjectState "Restore is not allowed for the object's current storage class"."""
    s3.put_object(Bucket=bucket, Key="warm", Body=b"x", StorageClass=storage_class)
    with pytest.raises(ClientError) as exc:
        _restore(s3, bucket, key="warm")
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"], error["StorageClass"]) == (
        "InvalidObjectState", "Restore is not allowed for the object's current storage class", storage_class)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_restoring_a_missing_key(s3: Any, bucket: str) -> None:
    """moto test_restore_unknown_key: NoSuchKey."""
    with pytest.raises(ClientError) as exc:
        _restore(s3, bucket, key="unknown")
    assert error_code(exc) == "NoSuchKey"


def test_restored_copy_reads_and_copies(backend: Any, bucket: str) -> None:
    """Once restored, GET answers with the bytes and x-amz-restore, and the object can be copied: the copy is
    STANDARD with no Restore (moto test_s3_copy_object_for_glacier_storage_class_restored)."""
    s3 = backend.client
    _archive(s3, bucket)
    _restore(s3, bucket, days=2, tier="Expedited")
    _advance(backend, minutes=5)
    got = s3.get_object(Bucket=bucket, Key="cold")
    assert got["Body"].read() == b"body data" and got["StorageClass"] == "GLACIER"
    assert got["Restore"].startswith('ongoing-request="false", expiry-date="')
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "cold"})
    copy = s3.head_object(Bucket=bucket, Key="copy")
    assert "Restore" not in copy and "StorageClass" not in copy


def test_restoring_a_restored_object_extends_it(backend: Any, bucket: str) -> None:
    """moto test_restore_key and the btrfs_to_glacier transcript: a second request on a restored copy answers
    200 and sets its expiry again, counted from now."""
    s3 = backend.client
    _archive(s3, bucket)
    assert _restore(s3, bucket, days=1) == 202
    _advance(backend, hours=5)
    first = s3.head_object(Bucket=bucket, Key="cold")["Restore"]
    assert _restore(s3, bucket, days=10) == 200
    second = s3.head_object(Bucket=bucket, Key="cold")["Restore"]
    assert first != second and second.startswith('ongoing-request="false"')


@pytest.mark.fake_only
@pytest.mark.s3fake(clock="frozen")  # the check is to the second: the process's time must not move it
@pytest.mark.parametrize(("storage_class", "tier", "delay"), [
    ("GLACIER", "Expedited", timedelta(minutes=5)),
    ("GLACIER", "Standard", timedelta(hours=5)),
    ("GLACIER", None, timedelta(hours=5)),  # Standard is the default tier
    ("GLACIER", "Bulk", timedelta(hours=12)),
    ("DEEP_ARCHIVE", "Standard", timedelta(hours=12)),
    ("DEEP_ARCHIVE", "Bulk", timedelta(hours=48)),
])
def test_restore_completes_after_its_tier_time(backend: Any, bucket: str, storage_class: str, tier: str | None,
                                               delay: timedelta) -> None:
    """The upper bound of each tier's typical time (docs/archives.md), on the fake's clock."""
    s3, clock = backend.client, backend.fake.clock
    _archive(s3, bucket, storage_class=storage_class)
    _restore(s3, bucket, tier=tier)
    clock.advance(delay - timedelta(seconds=1))
    assert s3.head_object(Bucket=bucket, Key="cold")["Restore"] == IN_PROGRESS
    clock.advance(seconds=1)
    assert 'ongoing-request="false"' in s3.head_object(Bucket=bucket, Key="cold")["Restore"]
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == b"body data"


@pytest.mark.fake_only
def test_restored_copy_expires_after_its_days(backend: Any, bucket: str) -> None:
    """After Days (to the next midnight UTC) the copy is gone: GET is InvalidObjectState again, HEAD has no
    Restore, and a new request is a new restore (202)."""
    s3, clock = backend.client, backend.fake.clock
    _archive(s3, bucket)
    _restore(s3, bucket, days=1, tier="Expedited")
    clock.advance(minutes=5)
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == b"body data"
    clock.advance(days=2)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    assert error_code(exc) == "InvalidObjectState"
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="cold")
    assert _restore(s3, bucket) == 202


@pytest.mark.fake_only
def test_an_in_progress_restore_can_be_sped_up(backend: Any, bucket: str) -> None:
    """A faster tier with the same Days upgrades an in-progress restore
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-upgrade-tier.html); other Days, or
    a tier no faster, is RestoreAlreadyInProgress."""
    s3, clock = backend.client, backend.fake.clock
    _archive(s3, bucket)
    _restore(s3, bucket, days=3, tier="Bulk")
    for days, tier in ((4, "Expedited"), (3, "Bulk")):
        with pytest.raises(ClientError) as exc:
            _restore(s3, bucket, days=days, tier=tier)
        assert error_code(exc) == "RestoreAlreadyInProgress"
    assert _restore(s3, bucket, days=3, tier="Expedited") == 202
    clock.advance(minutes=5)
    assert 'ongoing-request="false"' in s3.head_object(Bucket=bucket, Key="cold")["Restore"]


@pytest.mark.fake_only
def test_deep_archive_has_no_expedited_tier(backend: Any, bucket: str) -> None:
    """Expedited retrievals are not available for DEEP_ARCHIVE (RestoreObject's documentation); the code
    is not confirmed against an AWS recording (docs/differences.md)."""
    s3 = backend.client
    _archive(s3, bucket, storage_class="DEEP_ARCHIVE")
    with pytest.raises(ClientError) as exc:
        _restore(s3, bucket, tier="Expedited")
    assert error_code(exc) == "InvalidArgument"
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="cold")


@pytest.mark.fake_only
def test_restore_of_one_version(backend: Any, versioned_bucket: str) -> None:
    """VersionId restores that version only; the current one stays archived."""
    s3, clock, b = backend.client, backend.fake.clock, versioned_bucket
    old = s3.put_object(Bucket=b, Key="cold", Body=b"old", StorageClass="GLACIER")["VersionId"]
    s3.put_object(Bucket=b, Key="cold", Body=b"new", StorageClass="GLACIER")
    _restore(s3, b, tier="Expedited", VersionId=old)
    clock.advance(minutes=5)
    assert s3.get_object(Bucket=b, Key="cold", VersionId=old)["Body"].read() == b"old"
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=b, Key="cold")
    assert error_code(exc) == "InvalidObjectState"


@pytest.mark.fake_only
def test_restore_of_a_delete_marker(backend: Any, versioned_bucket: str) -> None:
    """As GET: a current delete marker is NoSuchKey, one named by its version id MethodNotAllowed."""
    s3, b = backend.client, versioned_bucket
    _archive(s3, b)
    marker = s3.delete_object(Bucket=b, Key="cold")["VersionId"]
    with pytest.raises(ClientError) as exc:
        _restore(s3, b)
    assert error_code(exc) == "NoSuchKey"
    with pytest.raises(ClientError) as exc:
        _restore(s3, b, VersionId=marker)
    assert error_code(exc) == "MethodNotAllowed"


@pytest.mark.fake_only
@pytest.mark.parametrize(("request_body", "code"), [
    ({}, "MalformedXML"),  # Days is required to restore an archive
    ({"Days": 0}, "InvalidArgument"),
])
def test_bad_restore_requests(backend: Any, bucket: str, request_body: dict[str, Any], code: str) -> None:
    s3 = backend.client
    _archive(s3, bucket)
    with pytest.raises(ClientError) as exc:
        s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest=request_body)
    assert error_code(exc) == code
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="cold")


@pytest.mark.fake_only
def test_restore_status_in_listings_when_asked(backend: Any, versioned_bucket: str) -> None:
    """`OptionalObjectAttributes=["RestoreStatus"]` adds RestoreStatus to restored or restoring entries
    (https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreStatus.html); without it, or for an object
    never restored, there is none."""
    s3, clock, b = backend.client, backend.fake.clock, versioned_bucket
    _archive(s3, b)
    _archive(s3, b, key="never")
    _restore(s3, b, tier="Expedited")
    asked = {"OptionalObjectAttributes": ["RestoreStatus"]}
    entries = {e["Key"]: e for e in s3.list_objects_v2(Bucket=b, **asked)["Contents"]}
    assert entries["cold"]["RestoreStatus"] == {"IsRestoreInProgress": True}
    assert "RestoreStatus" not in entries["never"]
    assert all("RestoreStatus" not in e for e in s3.list_objects_v2(Bucket=b)["Contents"])
    clock.advance(minutes=5)
    [listed] = [e for e in s3.list_object_versions(Bucket=b, **asked)["Versions"] if e["Key"] == "cold"]
    status = listed["RestoreStatus"]
    assert status["IsRestoreInProgress"] is False
    expires = status["RestoreExpiryDate"].astimezone(timezone.utc)
    assert (expires.hour, expires.minute, expires.second) == (0, 0, 0)
    [v1] = [e for e in s3.list_objects(Bucket=b, **asked)["Contents"] if e["Key"] == "cold"]
    assert v1["RestoreStatus"] == status


@pytest.mark.fake_only
def test_restore_delays_can_be_patched(backend: Any, bucket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/archives.md: a test may set a tier's time to zero to restore at once."""
    from pytest_s3fake.operations.restore import RESTORE_DELAYS

    monkeypatch.setitem(RESTORE_DELAYS["GLACIER"], "Standard", timedelta(0))
    s3 = backend.client
    _archive(s3, bucket)
    _restore(s3, bucket)
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == b"body data"


@pytest.mark.fake_only
def test_a_policy_deny_on_restore_object(backend: Any, bucket: str) -> None:
    """RestoreObject is authorized as `s3:RestoreObject`, so an explicit Deny refuses it."""
    import json

    s3 = backend.client
    _archive(s3, bucket)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "s3:RestoreObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    with pytest.raises(ClientError) as exc:
        _restore(s3, bucket)
    assert error_code(exc) == "AccessDenied"
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="cold")


@pytest.mark.moto_diverges(reason="moto lists no RestoreStatus and dates the expiry to the second, not midnight")
def test_restored_copy_in_listings_and_headers(backend: Any, bucket: str) -> None:
    """A restored copy's expiry is at midnight UTC in x-amz-restore (the btrfs_to_glacier AWS CLI transcript:
    `expiry-date="Thu, 09 Sep 2021 00:00:00 GMT"`) and in the listing's RestoreStatus."""
    s3 = backend.client
    _archive(s3, bucket)
    _restore(s3, bucket, days=3)
    _advance(backend, hours=5)
    header = s3.head_object(Bucket=bucket, Key="cold")["Restore"]
    assert header.startswith('ongoing-request="false", expiry-date="') and header.endswith(' 00:00:00 GMT"')
    [entry] = s3.list_objects_v2(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Contents"]
    assert entry["RestoreStatus"]["IsRestoreInProgress"] is False
    assert entry["RestoreStatus"]["RestoreExpiryDate"].astimezone(timezone.utc).strftime("%H:%M:%S") == "00:00:00"
