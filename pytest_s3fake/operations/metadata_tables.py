"""S3 Metadata: the V1 metadata table configuration (`?metadataTable`) and the V2 metadata
configuration (`?metadataConfiguration`, with its journal, inventory and annotation table updates).

A bucket has at most one configuration, V1 or V2
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/metadata-tables-overview.html). The fake
creates no tables: the configuration is validated, stored and read back with every table `ACTIVE` at
once (S3 goes through CREATING, and BACKFILLING for inventory, first). As botocore's model documents
it: V2 reads V1 and V2 configurations, while the V1 Get and Delete answer 405 for a V2 one; a V2
configuration lives in the AWS managed table bucket `aws-s3`, namespace `b_<bucket>`, tables `journal`,
`inventory` and `annotation`; V1 names the customer's table bucket (same region and account) and a table
in namespace `aws_s3_metadata`; journal records are kept at least 7 days; SSE-KMS needs a key ARN, and
encryption settings are not returned by Get (as the Terraform AWS provider observes). No configuration
is 404 MetadataConfigurationNotFound (as the Terraform AWS provider handles it against AWS).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import uuid
from typing import Any

from pytest_s3fake.errors.codes import (
    InvalidArgument,
    InvalidRequest,
    MetadataConfigurationAlreadyExists,
    MetadataConfigurationNotFound,
    MethodNotAllowed,
)
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.model.configs import MetadataConfiguration, MetadataTable
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

V1_NAMESPACE = "aws_s3_metadata"
MIN_EXPIRATION_DAYS = 7
MAX_EXPIRATION_DAYS = 2_147_483_647
_TABLE_BUCKET_ARN = re.compile(r"^arn:(aws[a-z-]*):s3tables:([a-z0-9-]+):(\d{12}):bucket/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])$")
#: S3 Tables table names: 1 to 255 lower-case letters, digits and underscores, starting with a letter or digit.
_TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,254}$")


def _table(store: Store, table_bucket_arn: str, name: str) -> MetadataTable:
    table_id = uuid.UUID(bytes=hashlib.md5(store.ids.request_id().encode()).digest())
    return MetadataTable(name, f"{table_bucket_arn}/table/{table_id}")


def _configuration(bucket: Bucket) -> MetadataConfiguration:
    config = bucket.configs.metadata
    if config is None:
        raise MetadataConfigurationNotFound(bucket_name=bucket.name)
    return config


def _v1_only(bucket: Bucket, req: Request) -> MetadataConfiguration:
    config = _configuration(bucket)
    if config.version != 1:  # botocore's model: the V1 operations answer 405 for a V2 configuration
        raise MethodNotAllowed(method=req.method, resource_type="BUCKET")
    return config


def _v2_only(bucket: Bucket, req: Request) -> MetadataConfiguration:
    config = _configuration(bucket)
    if config.version != 2:  # a V1 configuration has no record expiration, inventory or annotation table
        raise MethodNotAllowed(method=req.method, resource_type="BUCKET")
    return config


def _not_configured(bucket: Bucket) -> None:
    if bucket.configs.metadata is not None:
        raise MetadataConfigurationAlreadyExists(bucket_name=bucket.name)


def _check_encryption(doc: dict[str, Any] | None) -> None:
    if not doc:
        return
    algorithm, key = doc.get("SseAlgorithm"), doc.get("KmsKeyArn")
    if algorithm == "aws:kms" and not key:
        raise InvalidArgument("KmsKeyArn must be specified when SseAlgorithm is aws:kms",
                              argument_name="KmsKeyArn", argument_value=key)
    if algorithm == "AES256" and key:
        raise InvalidArgument("KmsKeyArn can only be specified when SseAlgorithm is aws:kms",
                              argument_name="KmsKeyArn", argument_value=key)


def _expiration(doc: dict[str, Any]) -> tuple[str, int | None]:
    """A `<RecordExpiration>`: ENABLED needs Days from 7 to 2147483647 (botocore's model)."""
    state, days_text = doc["Expiration"], doc.get("Days")
    if state == "DISABLED":
        return state, None
    days = int(days_text) if days_text is not None else None
    if days is None or not MIN_EXPIRATION_DAYS <= days <= MAX_EXPIRATION_DAYS:
        raise InvalidArgument(
            f"Days must be a whole number from {MIN_EXPIRATION_DAYS} to {MAX_EXPIRATION_DAYS} "
            "when journal table record expiration is ENABLED", argument_name="Days", argument_value=days_text)
    return state, days


def _journal(doc: dict[str, Any]) -> tuple[str, int | None]:
    _check_encryption(doc.get("EncryptionConfiguration"))
    return _expiration(doc["RecordExpiration"])


def _inventory(store: Store, config: MetadataConfiguration, doc: dict[str, Any]) -> dict[str, Any]:
    _check_encryption(doc.get("EncryptionConfiguration"))
    state = doc["ConfigurationState"]
    table = None
    if state == "ENABLED":
        table = config.inventory or _table(store, config.table_bucket_arn, "inventory")
    return {"inventory_state": state, "inventory": table}


def _annotation(store: Store, config: MetadataConfiguration, doc: dict[str, Any]) -> dict[str, Any]:
    _check_encryption(doc.get("EncryptionConfiguration"))
    state = doc["ConfigurationState"]
    table = None
    if state == "ENABLED":
        table = config.annotation or _table(store, config.table_bucket_arn, "annotation")
    return {"annotation_state": state, "annotation": table, "annotation_role": doc.get("Role")}


def _check_table_bucket(store: Store, bucket: Bucket, arn: str, name: str) -> None:
    match = _TABLE_BUCKET_ARN.match(arn)
    if match is None:
        raise InvalidArgument("Invalid table bucket ARN", argument_name="TableBucketArn", argument_value=arn)
    if match.group(2) != bucket.region or match.group(3) != store.account_id:
        raise InvalidRequest("The table bucket must be in the same Region and AWS account as the general purpose bucket.")
    if not _TABLE_NAME.match(name):
        raise InvalidArgument("Invalid table name", argument_name="TableName", argument_value=name)


# --- V1 ------------------------------------------------------------------------------------------------


@operation("CreateBucketMetadataTableConfiguration")
def create_bucket_metadata_table_configuration(store: Store, req: Request) -> Response:
    """Configure a V1 metadata table in the customer's table bucket (409 when one is configured)."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("MetadataTableConfiguration", req.xml("MetadataTableConfiguration"))
    destination = doc["S3TablesDestination"]
    arn, name = destination["TableBucketArn"] or "", destination["TableName"] or ""
    _check_table_bucket(store, bucket, arn, name)
    _not_configured(bucket)
    bucket.configs.metadata = MetadataConfiguration(1, arn, V1_NAMESPACE, _table(store, arn, name))
    return Response.empty()


@operation("GetBucketMetadataTableConfiguration")
def get_bucket_metadata_table_configuration(store: Store, req: Request) -> Response:
    """The V1 metadata table configuration and its status; 405 for a V2 configuration."""
    config = _v1_only(owned_bucket(store, req), req)
    destination = {"TableBucketArn": config.table_bucket_arn, "TableName": config.journal.name,
                   "TableArn": config.journal.arn, "TableNamespace": config.namespace}
    return Response.xml("GetBucketMetadataTableConfigurationResult", {
        "MetadataTableConfigurationResult": {"S3TablesDestinationResult": destination}, "Status": "ACTIVE"})


@operation("DeleteBucketMetadataTableConfiguration")
def delete_bucket_metadata_table_configuration(store: Store, req: Request) -> Response:
    """Remove the V1 metadata table configuration; 405 for a V2 configuration."""
    bucket = owned_bucket(store, req)
    _v1_only(bucket, req)
    bucket.configs.metadata = None
    return Response.empty(204)


# --- V2 ------------------------------------------------------------------------------------------------


@operation("CreateBucketMetadataConfiguration")
def create_bucket_metadata_configuration(store: Store, req: Request) -> Response:
    """Configure V2 metadata: the journal table, and inventory and annotation tables when enabled."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("MetadataConfiguration", req.xml("MetadataConfiguration"))
    expiration, days = _journal(doc["JournalTableConfiguration"])
    _not_configured(bucket)
    arn = f"arn:aws:s3tables:{bucket.region}:{store.account_id}:bucket/aws-s3"
    config = MetadataConfiguration(2, arn, f"b_{bucket.name}", _table(store, arn, "journal"), expiration, days)
    changes: dict[str, Any] = {}
    if doc.get("InventoryTableConfiguration"):
        changes.update(_inventory(store, config, doc["InventoryTableConfiguration"]))
    if doc.get("AnnotationTableConfiguration"):
        changes.update(_annotation(store, config, doc["AnnotationTableConfiguration"]))
    bucket.configs.metadata = dataclasses.replace(config, **changes)
    return Response.empty()


def _table_result(state: str, table: MetadataTable | None) -> dict[str, Any]:
    result: dict[str, Any] = {"ConfigurationState": state}
    if table is not None:
        result.update({"TableStatus": "ACTIVE", "TableName": table.name, "TableArn": table.arn})
    return result


@operation("GetBucketMetadataConfiguration")
def get_bucket_metadata_configuration(store: Store, req: Request) -> Response:
    """The metadata configuration (V1 or V2) with each table's status."""
    config = _configuration(owned_bucket(store, req))
    expiration: dict[str, Any] = {"Expiration": config.expiration}
    if config.expiration_days is not None:
        expiration["Days"] = str(config.expiration_days)
    result: dict[str, Any] = {
        "DestinationResult": {"TableBucketType": "aws" if config.version == 2 else "customer",
                              "TableBucketArn": config.table_bucket_arn, "TableNamespace": config.namespace},
        "JournalTableConfigurationResult": {"TableStatus": "ACTIVE", "TableName": config.journal.name,
                                            "TableArn": config.journal.arn, "RecordExpiration": expiration},
    }
    if config.inventory_state:
        result["InventoryTableConfigurationResult"] = _table_result(config.inventory_state, config.inventory)
    if config.annotation_state:
        annotation = _table_result(config.annotation_state, config.annotation)
        if config.annotation_role:
            annotation["Role"] = config.annotation_role
        result["AnnotationTableConfigurationResult"] = annotation
    return Response.xml("GetBucketMetadataConfigurationResult", {"MetadataConfigurationResult": result})


@operation("DeleteBucketMetadataConfiguration")
def delete_bucket_metadata_configuration(store: Store, req: Request) -> Response:
    """Remove the metadata configuration, V1 or V2."""
    bucket = owned_bucket(store, req)
    _configuration(bucket)
    bucket.configs.metadata = None
    return Response.empty(204)


@operation("UpdateBucketMetadataJournalTableConfiguration")
def update_bucket_metadata_journal_table_configuration(store: Store, req: Request) -> Response:
    """Turn journal record expiration on (with Days) or off."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("JournalTableConfigurationUpdates", req.xml("JournalTableConfiguration"))
    expiration, days = _expiration(doc["RecordExpiration"])
    config = _v2_only(bucket, req)
    bucket.configs.metadata = dataclasses.replace(config, expiration=expiration, expiration_days=days)
    return Response.empty()


@operation("UpdateBucketMetadataInventoryTableConfiguration")
def update_bucket_metadata_inventory_table_configuration(store: Store, req: Request) -> Response:
    """Enable (creating the `inventory` table) or disable the live inventory table."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("InventoryTableConfigurationUpdates", req.xml("InventoryTableConfiguration"))
    config = _v2_only(bucket, req)
    bucket.configs.metadata = dataclasses.replace(config, **_inventory(store, config, doc))
    return Response.empty()


@operation("UpdateBucketMetadataAnnotationTableConfiguration")
def update_bucket_metadata_annotation_table_configuration(store: Store, req: Request) -> Response:
    """Enable (creating the `annotation` table) or disable the annotation table."""
    bucket = owned_bucket(store, req)
    check_integrity(req)
    doc = conform("AnnotationTableConfigurationUpdates", req.xml("AnnotationTableConfiguration"))
    config = _v2_only(bucket, req)
    bucket.configs.metadata = dataclasses.replace(config, **_annotation(store, config, doc))
    return Response.empty()
