"""The Id-keyed configurations (inventory, analytics, metrics, Intelligent-Tiering) through boto3.

Behaviour confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3_api.py::
TestS3MetricsConfiguration and test_s3.py (test_s3_inventory_report_crud,
test_s3_put_inventory_report_exceptions, test_put_bucket_inventory_config_order,
test_s3_analytics_configurations; aws.validated) and their snapshots.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code


def _inventory(config_id: str = "test-inventory", **changes: Any) -> dict[str, Any]:
    config = {"Id": config_id, "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::dest", "Format": "CSV"}},
              "IsEnabled": True, "IncludedObjectVersions": "All", "Schedule": {"Frequency": "Daily"}}
    config.update(changes)
    return config


FAMILIES = {
    "metrics": ("MetricsConfiguration", lambda i: {"Id": i, "Filter": {"Prefix": "logs/"}}),
    "analytics": ("AnalyticsConfiguration", lambda i: {"Id": i, "Filter": {"Prefix": "test_ls"}, "StorageClassAnalysis": {
        "DataExport": {"OutputSchemaVersion": "V_1", "Destination": {"S3BucketDestination": {
            "Format": "CSV", "Bucket": "arn:aws:s3:::dest", "Prefix": "test"}}}}}),
    "inventory": ("InventoryConfiguration", lambda i: _inventory(i, OptionalFields=["Size", "ETag"])),
    "intelligent_tiering": ("IntelligentTieringConfiguration", lambda i: {
        "Id": i, "Status": "Enabled", "Tierings": [{"Days": 90, "AccessTier": "ARCHIVE_ACCESS"}]}),
}


def _call(s3: Any, verb: str, family: str, **kwargs: Any) -> Any:
    name = f"{verb}_bucket_{family}_configuration" + ("s" if verb == "list" else "")
    return getattr(s3, name)(**kwargs)


@pytest.mark.moto_diverges(reason="moto answers NoSuchBucket or its own errors for a missing configuration")
@pytest.mark.parametrize("family", FAMILIES)
def test_crud(s3: Any, bucket: str, family: str) -> None:
    """LocalStack test_put_bucket_metrics_configuration, test_get_bucket_metrics_configuration_not_exist,
    test_delete_metrics_configuration(_twice), test_s3_inventory_report_crud: Put, Get, Delete, then
    NoSuchConfiguration (404) for Get and Delete."""
    shape, make = FAMILIES[family]
    config = make("cfg-1")
    _call(s3, "put", family, Bucket=bucket, Id="cfg-1", **{shape: config})
    assert _call(s3, "get", family, Bucket=bucket, Id="cfg-1")[shape] == config
    _call(s3, "delete", family, Bucket=bucket, Id="cfg-1")
    for verb in ("get", "delete"):
        with pytest.raises(ClientError) as exc:
            _call(s3, verb, family, Bucket=bucket, Id="cfg-1")
        assert error_code(exc) == "NoSuchConfiguration"
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.moto_diverges(reason="moto lists in insertion order, or not at all")
@pytest.mark.parametrize("family", FAMILIES)
def test_list_in_id_order_and_overwrite(s3: Any, bucket: str, family: str) -> None:
    """LocalStack test_put_bucket_inventory_config_order and test_overwrite_bucket_metrics_configuration."""
    shape, make = FAMILIES[family]
    for config_id in ("z-test", "a-test", "test-1"):
        _call(s3, "put", family, Bucket=bucket, Id=config_id, **{shape: make(config_id)})
    _call(s3, "put", family, Bucket=bucket, Id="a-test", **{shape: make("a-test")})
    listed = _call(s3, "list", family, Bucket=bucket)
    assert [c["Id"] for c in listed[f"{shape}List"]] == ["a-test", "test-1", "z-test"]
    assert listed["IsTruncated"] is False


def test_empty_list(s3: Any, bucket: str) -> None:
    """LocalStack test_s3_inventory_report_crud (list-inventory-config-after-del): no list at all."""
    listed = s3.list_bucket_inventory_configurations(Bucket=bucket)
    assert listed["IsTruncated"] is False
    assert "InventoryConfigurationList" not in listed


@pytest.mark.moto_diverges(reason="moto does not page metrics configurations")
def test_metrics_list_pages_by_100(s3: Any, bucket: str) -> None:
    """LocalStack test_list_bucket_metrics_configurations_paginated: 102 configurations, 100 then 2, the
    second page echoing its ContinuationToken."""
    for i in range(102):
        s3.put_bucket_metrics_configuration(Bucket=bucket, Id=f"{100 + i}-m", MetricsConfiguration={"Id": f"{100 + i}-m"})
    first = s3.list_bucket_metrics_configurations(Bucket=bucket)
    assert len(first["MetricsConfigurationList"]) == 100 and first["IsTruncated"] is True
    second = s3.list_bucket_metrics_configurations(Bucket=bucket, ContinuationToken=first["NextContinuationToken"])
    assert [c["Id"] for c in second["MetricsConfigurationList"]] == ["200-m", "201-m"]
    assert second["ContinuationToken"] == first["NextContinuationToken"]
    assert second["IsTruncated"] is False


INVENTORY_ERRORS = [
    pytest.param(_inventory("test-inventorywrong"), "IdMismatch", id="wrong-id"),
    pytest.param(_inventory(Destination={"S3BucketDestination": {"Bucket": "dest", "Format": "CSV"}}),
                 "InvalidS3DestinationBucket", id="wrong-destination-arn"),
    pytest.param(_inventory(Destination={"S3BucketDestination": {"Bucket": "arn:aws:s3:::dest", "Format": "WRONG"}}),
                 "MalformedXML", id="wrong-destination-format"),
    pytest.param(_inventory(Schedule={"Frequency": "Hourly"}), "MalformedXML", id="wrong-schedule-frequency"),
    pytest.param(_inventory(IncludedObjectVersions="Wrong"), "MalformedXML", id="wrong-object-versions"),
    pytest.param(_inventory(OptionalFields=["TestField"]), "MalformedXML", id="wrong-optional-field"),
]


@pytest.mark.moto_diverges(reason="moto does not validate inventory configurations")
@pytest.mark.parametrize(("config", "code"), INVENTORY_ERRORS)
def test_inventory_validation(s3: Any, bucket: str, config: dict[str, Any], code: str) -> None:
    """LocalStack test_s3_put_inventory_report_exceptions: each code as AWS answered it; nothing stored."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_inventory_configuration(Bucket=bucket, Id="test-inventory", InventoryConfiguration=config)
    assert error_code(exc) == code
    assert "InventoryConfigurationList" not in s3.list_bucket_inventory_configurations(Bucket=bucket)


@pytest.mark.moto_diverges(reason="moto does not validate analytics configurations")
def test_analytics_validation(s3: Any, bucket: str) -> None:
    """A value outside the schema's enumeration is MalformedXML, as LocalStack's
    test_s3_analytics_configurations recorded for a malformed StorageClassAnalysis."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_analytics_configuration(Bucket=bucket, Id="a", AnalyticsConfiguration={
            "Id": "a", "StorageClassAnalysis": {"DataExport": {"OutputSchemaVersion": "V_2", "Destination": {
                "S3BucketDestination": {"Format": "CSV", "Bucket": "arn:aws:s3:::dest"}}}}})
    assert error_code(exc) == "MalformedXML"
