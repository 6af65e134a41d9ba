"""Replication configuration: Put/Get/DeleteBucketReplication through boto3.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3.py::TestS3BucketReplication
(test_replication_config, test_replication_config_without_filter; aws.validated) and its snapshot.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

ROLE = "arn:aws:iam::123456789012:role/replication"


def _config(destination: str = "arn:aws:s3:::replica-bucket", **rule: Any) -> dict[str, Any]:
    return {"Role": ROLE, "Rules": [{"Status": "Enabled", "Priority": 1, "DeleteMarkerReplication": {"Status": "Disabled"},
                                     "Filter": {"Prefix": "Tax"}, "Destination": {"Bucket": destination}, **rule}]}


@pytest.fixture
def replica(s3: Any) -> str:
    s3.create_bucket(Bucket="replica-bucket")
    s3.put_bucket_versioning(Bucket="replica-bucket", VersioningConfiguration={"Status": "Enabled"})
    return "replica-bucket"


def test_not_configured(s3: Any, versioned_bucket: str) -> None:
    """LocalStack test_replication_config (expected_error_no_replication_set)."""
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_replication(Bucket=versioned_bucket)
    assert error_code(exc) == "ReplicationConfigurationNotFoundError"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_source_needs_versioning(s3: Any, bucket: str, replica: str) -> None:
    """LocalStack test_replication_config (expected_error_versioning_not_enabled)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=_config())
    assert error_code(exc) == "InvalidRequest"
    assert exc.value.response["Error"]["Message"] == (
        "Versioning must be 'Enabled' on the bucket to apply a replication configuration")


@pytest.mark.moto_diverges(reason="moto does not check the destination bucket")
def test_destination_needs_versioning(s3: Any, versioned_bucket: str) -> None:
    """LocalStack test_replication_config_without_filter: a missing destination and one without
    versioning both answer this InvalidRequest."""
    s3.create_bucket(Bucket="plain-replica")
    for destination in ("arn:aws:s3:::does-not-exist", "arn:aws:s3:::plain-replica"):
        with pytest.raises(ClientError) as exc:
            s3.put_bucket_replication(Bucket=versioned_bucket, ReplicationConfiguration=_config(destination))
        assert error_code(exc) == "InvalidRequest"
        assert exc.value.response["Error"]["Message"] == "Destination bucket must have versioning enabled."


@pytest.mark.moto_diverges(reason="moto generates no rule ID")
def test_round_trip_gives_a_rule_an_id(s3: Any, versioned_bucket: str, replica: str) -> None:
    """LocalStack test_replication_config (get-bucket-replication): an ID is generated; delete is
    idempotent (delete-bucket-replication-idempotent)."""
    s3.put_bucket_replication(Bucket=versioned_bucket, ReplicationConfiguration=_config())
    got = s3.get_bucket_replication(Bucket=versioned_bucket)["ReplicationConfiguration"]
    rule = got["Rules"][0]
    assert got["Role"] == ROLE
    assert rule["ID"]
    assert {k: rule[k] for k in ("Status", "Priority", "Filter", "Destination")} == {
        "Status": "Enabled", "Priority": 1, "Filter": {"Prefix": "Tax"},
        "Destination": {"Bucket": "arn:aws:s3:::replica-bucket"}}
    for _ in range(2):
        assert s3.delete_bucket_replication(Bucket=versioned_bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_replication(Bucket=versioned_bucket)
    assert error_code(exc) == "ReplicationConfigurationNotFoundError"


def test_rule_with_replication_time_round_trips(s3: Any, versioned_bucket: str, replica: str) -> None:
    """LocalStack test_replication_config_without_filter (get-bucket-replication)."""
    destination = {"Bucket": "arn:aws:s3:::replica-bucket", "StorageClass": "STANDARD",
                   "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
                   "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}}}
    config = {"Role": ROLE, "Rules": [{"ID": "rtc", "Priority": 0, "Filter": {}, "Status": "Disabled",
                                       "Destination": destination, "DeleteMarkerReplication": {"Status": "Disabled"}}]}
    s3.put_bucket_replication(Bucket=versioned_bucket, ReplicationConfiguration=config)
    rule = s3.get_bucket_replication(Bucket=versioned_bucket)["ReplicationConfiguration"]["Rules"][0]
    assert rule["ID"] == "rtc" and rule["Destination"] == destination


@pytest.mark.moto_diverges(reason="moto accepts a configuration without rules")
def test_no_rules_is_malformed(s3: Any, versioned_bucket: str) -> None:
    """LocalStack test_replication_config (put-empty-bucket-replication-rules)."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_replication(Bucket=versioned_bucket, ReplicationConfiguration={"Role": ROLE, "Rules": []})
    assert error_code(exc) == "MalformedXML"
