"""S3 Metadata through boto3: the V1 table configuration and the V2 metadata configuration.

What is confirmed: the operations, shapes, limits (journal records kept 7 to 2147483647 days), the 405
of the V1 operations on a V2 configuration, V2 reading a V1 configuration, the `aws` and `customer`
table bucket types and the `aws_s3_metadata` V1 namespace come from botocore's model documentation
(the AWS API reference); MetadataConfigurationNotFound is the code the Terraform AWS provider
(internal/service/s3, acceptance-tested against AWS) expects for a bucket without one. moto 5 has none
of these operations (its halves are moto_diverges).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from tests.conftest import error_code

NO_MOTO = "moto 5 does not implement S3 Metadata"
TABLE_BUCKET = "arn:aws:s3tables:us-east-1:123456789012:bucket/my-tables"
V2 = {"JournalTableConfiguration": {"RecordExpiration": {"Expiration": "ENABLED", "Days": 30}}}


def _v1(s3: Any, bucket: str, arn: str = TABLE_BUCKET, name: str = "my_table") -> Any:
    return s3.create_bucket_metadata_table_configuration(Bucket=bucket, MetadataTableConfiguration={
        "S3TablesDestination": {"TableBucketArn": arn, "TableName": name}})


def _v2_result(s3: Any, bucket: str) -> dict[str, Any]:
    got: dict[str, Any] = s3.get_bucket_metadata_configuration(Bucket=bucket)
    return got["GetBucketMetadataConfigurationResult"]["MetadataConfigurationResult"]


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_none_configured_is_404(s3: Any, bucket: str) -> None:
    """Terraform's aws_s3_bucket_metadata_configuration treats MetadataConfigurationNotFound as gone."""
    for call in (s3.get_bucket_metadata_configuration, s3.delete_bucket_metadata_configuration,
                 s3.get_bucket_metadata_table_configuration, s3.delete_bucket_metadata_table_configuration):
        with pytest.raises(ClientError) as exc:
            call(Bucket=bucket)
        assert error_code(exc) == "MetadataConfigurationNotFound"
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_v1_round_trip(s3: Any, bucket: str) -> None:
    """V1: the customer's table bucket, the table in `aws_s3_metadata`, and its status."""
    _v1(s3, bucket)
    got = s3.get_bucket_metadata_table_configuration(Bucket=bucket)["GetBucketMetadataTableConfigurationResult"]
    destination = got["MetadataTableConfigurationResult"]["S3TablesDestinationResult"]
    assert got["Status"] == "ACTIVE"
    assert (destination["TableBucketArn"], destination["TableName"], destination["TableNamespace"]) == (
        TABLE_BUCKET, "my_table", "aws_s3_metadata")
    assert destination["TableArn"].startswith(TABLE_BUCKET + "/table/")
    # V2's Get reads a V1 configuration too: a customer table bucket, no record expiration
    result = _v2_result(s3, bucket)
    assert result["DestinationResult"]["TableBucketType"] == "customer"
    assert result["JournalTableConfigurationResult"]["TableName"] == "my_table"
    assert result["JournalTableConfigurationResult"]["RecordExpiration"] == {"Expiration": "DISABLED"}
    s3.delete_bucket_metadata_table_configuration(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_metadata_table_configuration(Bucket=bucket)
    assert error_code(exc) == "MetadataConfigurationNotFound"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_v2_round_trip_and_updates(s3: Any, bucket: str) -> None:
    """V2: the AWS managed `aws-s3` table bucket, the journal, then the inventory table switched on and off."""
    s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration={
        **V2, "InventoryTableConfiguration": {"ConfigurationState": "ENABLED",
                                              "EncryptionConfiguration": {"SseAlgorithm": "AES256"}}})
    result = _v2_result(s3, bucket)
    assert result["DestinationResult"] == {"TableBucketType": "aws", "TableNamespace": f"b_{bucket}",
                                           "TableBucketArn": "arn:aws:s3tables:us-east-1:123456789012:bucket/aws-s3"}
    journal, inventory = result["JournalTableConfigurationResult"], result["InventoryTableConfigurationResult"]
    assert (journal["TableName"], journal["TableStatus"], journal["RecordExpiration"]) == (
        "journal", "ACTIVE", {"Expiration": "ENABLED", "Days": 30})
    assert (inventory["ConfigurationState"], inventory["TableName"], inventory["TableStatus"]) == (
        "ENABLED", "inventory", "ACTIVE")
    assert "EncryptionConfiguration" not in inventory  # not returned, as Terraform notes
    s3.update_bucket_metadata_inventory_table_configuration(
        Bucket=bucket, InventoryTableConfiguration={"ConfigurationState": "DISABLED"})
    s3.update_bucket_metadata_journal_table_configuration(
        Bucket=bucket, JournalTableConfiguration={"RecordExpiration": {"Expiration": "DISABLED"}})
    result = _v2_result(s3, bucket)
    assert result["InventoryTableConfigurationResult"] == {"ConfigurationState": "DISABLED"}
    assert result["JournalTableConfigurationResult"]["RecordExpiration"] == {"Expiration": "DISABLED"}
    assert result["JournalTableConfigurationResult"]["TableArn"] == journal["TableArn"]  # same journal table
    s3.delete_bucket_metadata_configuration(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_metadata_configuration(Bucket=bucket)
    assert error_code(exc) == "MetadataConfigurationNotFound"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_v1_operations_refuse_a_v2_configuration(s3: Any, bucket: str) -> None:
    """botocore's model: the V1 Get and Delete on a V2 configuration answer HTTP 405 Method Not Allowed."""
    s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration=V2)
    for call in (s3.get_bucket_metadata_table_configuration, s3.delete_bucket_metadata_table_configuration):
        with pytest.raises(ClientError) as exc:
            call(Bucket=bucket)
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert _v2_result(s3, bucket)["JournalTableConfigurationResult"]["TableName"] == "journal"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_one_configuration_per_bucket(s3: Any, bucket: str) -> None:
    """A second configuration, V1 or V2, conflicts (409) and leaves the first as it was."""
    _v1(s3, bucket)
    for create in (lambda: _v1(s3, bucket, name="other"),
                   lambda: s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration=V2)):
        with pytest.raises(ClientError) as exc:
            create()
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    got = s3.get_bucket_metadata_table_configuration(Bucket=bucket)["GetBucketMetadataTableConfigurationResult"]
    assert got["MetadataTableConfigurationResult"]["S3TablesDestinationResult"]["TableName"] == "my_table"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_updates_need_a_v2_configuration(s3: Any, bucket: str) -> None:
    """Journal and inventory updates: 404 without a configuration; a V1 one has neither (405)."""
    def update() -> Any:
        return s3.update_bucket_metadata_inventory_table_configuration(
            Bucket=bucket, InventoryTableConfiguration={"ConfigurationState": "ENABLED"})

    with pytest.raises(ClientError) as exc:
        update()
    assert error_code(exc) == "MetadataConfigurationNotFound"
    _v1(s3, bucket)
    with pytest.raises(ClientError) as exc:
        update()
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405


@pytest.mark.moto_diverges(reason=NO_MOTO)
@pytest.mark.parametrize(("arn", "name", "code"), [
    ("arn:aws:s3:::my-tables", "my_table", "InvalidArgument"),  # a general purpose bucket ARN
    ("arn:aws:s3tables:us-east-1:123456789012:bucket/my-tables", "My-Table", "InvalidArgument"),
    ("arn:aws:s3tables:eu-west-1:123456789012:bucket/my-tables", "my_table", "InvalidRequest"),  # other region
    ("arn:aws:s3tables:us-east-1:210987654321:bucket/my-tables", "my_table", "InvalidRequest"),  # other account
])
def test_v1_destination_validated(s3: Any, bucket: str, arn: str, name: str, code: str) -> None:
    """The model: a table bucket in the bucket's region and account; S3 Tables table naming rules."""
    with pytest.raises(ClientError) as exc:
        _v1(s3, bucket, arn, name)
    assert error_code(exc) == code
    with pytest.raises(ClientError):
        s3.get_bucket_metadata_configuration(Bucket=bucket)


@pytest.mark.moto_diverges(reason=NO_MOTO)
@pytest.mark.parametrize("journal", [
    {"RecordExpiration": {"Expiration": "ENABLED"}},  # ENABLED needs Days
    {"RecordExpiration": {"Expiration": "ENABLED", "Days": 6}},  # at least 7
    {"RecordExpiration": {"Expiration": "DISABLED"}, "EncryptionConfiguration": {"SseAlgorithm": "aws:kms"}},  # no key
])
def test_v2_journal_validated(s3: Any, bucket: str, journal: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration={
            "JournalTableConfiguration": journal})
    assert error_code(exc) == "InvalidArgument"
    with pytest.raises(ClientError):
        s3.get_bucket_metadata_configuration(Bucket=bucket)


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_missing_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_bucket_metadata_configuration(Bucket="no-such-bucket", MetadataConfiguration=V2)
    assert error_code(exc) == "NoSuchBucket"


@pytest.mark.fake_only
def test_annotation_table(backend: Any, bucket: str) -> None:
    """The annotation table (botocore's model): configured at creation or updated later, with its role."""
    s3 = backend.client
    s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration={
        **V2, "AnnotationTableConfiguration": {"ConfigurationState": "DISABLED"}})
    assert _v2_result(s3, bucket)["AnnotationTableConfigurationResult"] == {"ConfigurationState": "DISABLED"}
    role = "arn:aws:iam::123456789012:role/annotations"
    s3.update_bucket_metadata_annotation_table_configuration(Bucket=bucket, AnnotationTableConfiguration={
        "ConfigurationState": "ENABLED", "Role": role})
    annotation = _v2_result(s3, bucket)["AnnotationTableConfigurationResult"]
    assert (annotation["TableName"], annotation["TableStatus"], annotation["Role"]) == ("annotation", "ACTIVE", role)


@pytest.fixture(scope="module")
def client() -> Any:
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.one_of(st.integers(min_value=-5, max_value=400), st.integers(min_value=2**31 - 3, max_value=2**31 - 1)))
def test_expiration_days_bounds(client: Any, days: int) -> None:
    """Property: Days from 7 to 2147483647 are kept and read back; any other number is refused."""
    with S3Fake():
        client.create_bucket(Bucket="prop-bucket")
        config = {"JournalTableConfiguration": {"RecordExpiration": {"Expiration": "ENABLED", "Days": days}}}
        if 7 <= days <= 2**31 - 1:
            client.create_bucket_metadata_configuration(Bucket="prop-bucket", MetadataConfiguration=config)
            journal = _v2_result(client, "prop-bucket")["JournalTableConfigurationResult"]
            assert journal["RecordExpiration"]["Days"] == days
        else:
            with pytest.raises(ClientError) as exc:
                client.create_bucket_metadata_configuration(Bucket="prop-bucket", MetadataConfiguration=config)
            assert error_code(exc) == "InvalidArgument"
