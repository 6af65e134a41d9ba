"""The Id-keyed configurations: inventory, analytics, metrics and Intelligent-Tiering, each with Put,
Get, Delete and a List paged 100 at a time with continuation tokens, in Id order.

One handler per operation, all four families alike. As recorded against AWS (LocalStack
tests/aws/services/s3/test_s3_api.py::TestS3MetricsConfiguration and test_s3.py's inventory and
analytics tests, aws.validated): an unknown Id is 404 NoSuchConfiguration for Get and Delete; a
document whose Id differs from the `id` parameter is IdMismatch; a value outside the schema (format,
frequency, versions, optional field) is MalformedXML; an inventory destination that is not a bucket ARN
is InvalidS3DestinationBucket; Put overwrites; List answers `IsTruncated` false and no list when empty.
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake.errors.codes import (
    IdMismatch,
    InvalidArgument,
    InvalidS3DestinationBucket,
    NoSuchConfiguration,
)
from pytest_s3fake.model import Bucket, Store
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import check_integrity, conform
from pytest_s3fake.operations.listing import make_token, read_token
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

PAGE = 100
#: family -> (the document's root element, the Get answer's root, the List answer's root)
ROOTS = {
    "Analytics": ("AnalyticsConfiguration", "ListBucketAnalyticsConfigurationResult"),
    "IntelligentTiering": ("IntelligentTieringConfiguration", "ListBucketIntelligentTieringConfigurationsOutput"),
    "Inventory": ("InventoryConfiguration", "ListInventoryConfigurationsResult"),
    "Metrics": ("MetricsConfiguration", "ListMetricsConfigurationsResult"),
}
#: Elements that are lists, so one item and many read alike.
_LISTS = ("Tag", "Field", "Tierings", "Tiering")


def _config_id(req: Request) -> str:
    config_id = req.query.get("id")
    if not config_id:
        raise InvalidArgument("Missing required parameter: id", argument_name="id", argument_value=config_id)
    return config_id


def _check_inventory(doc: dict[str, Any]) -> None:
    arn = doc["Destination"]["S3BucketDestination"].get("Bucket") or ""
    if not arn.startswith("arn:aws:s3:::") or len(arn) == len("arn:aws:s3:::"):
        raise InvalidS3DestinationBucket()


def _put(family: str, store: Store, req: Request) -> Response:
    bucket = owned_bucket(store, req)
    check_integrity(req)
    config_id = _config_id(req)
    root = ROOTS[family][0]
    doc = conform(root, req.xml(root, force_list=_LISTS))
    if doc.get("Id") != config_id:
        raise IdMismatch()
    if family == "Inventory":
        _check_inventory(doc)
    bucket.configs.by_id[family][config_id] = doc
    return Response.empty(204 if family == "Metrics" else 200)  # Metrics: 204, as AWS answers it


def _stored(family: str, bucket: Bucket, config_id: str) -> dict[str, Any]:
    doc = bucket.configs.by_id[family].get(config_id)
    if doc is None:
        raise NoSuchConfiguration()
    return doc


def _get(family: str, store: Store, req: Request) -> Response:
    bucket = owned_bucket(store, req)
    return Response.xml(ROOTS[family][0], _stored(family, bucket, _config_id(req)))


def _delete(family: str, store: Store, req: Request) -> Response:
    bucket = owned_bucket(store, req)
    config_id = _config_id(req)
    _stored(family, bucket, config_id)
    del bucket.configs.by_id[family][config_id]
    return Response.empty(204)



def _list(family: str, store: Store, req: Request) -> Response:
    bucket = owned_bucket(store, req)
    token = req.query.get("continuation-token")
    ids = sorted(bucket.configs.by_id[family])
    if token is not None:
        after = read_token(token)
        ids = [config_id for config_id in ids if config_id > after]
    page, more = ids[:PAGE], len(ids) > PAGE
    root, list_root = ROOTS[family]
    content: dict[str, Any] = {}
    if token is not None:
        content["ContinuationToken"] = token
    content[root] = [bucket.configs.by_id[family][config_id] for config_id in page]
    content["IsTruncated"] = "true" if more else "false"
    if more:
        content["NextContinuationToken"] = make_token(page[-1])
    return Response.xml(list_root, content)


@operation("PutBucketInventoryConfiguration")
def put_bucket_inventory_configuration(store: Store, req: Request) -> Response:
    """Add or replace the inventory configuration `id`."""
    return _put("Inventory", store, req)


@operation("GetBucketInventoryConfiguration")
def get_bucket_inventory_configuration(store: Store, req: Request) -> Response:
    """The inventory configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _get("Inventory", store, req)


@operation("DeleteBucketInventoryConfiguration")
def delete_bucket_inventory_configuration(store: Store, req: Request) -> Response:
    """Remove the inventory configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _delete("Inventory", store, req)


@operation("ListBucketInventoryConfigurations")
def list_bucket_inventory_configurations(store: Store, req: Request) -> Response:
    """Inventory configurations in Id order, 100 a page."""
    return _list("Inventory", store, req)


@operation("PutBucketAnalyticsConfiguration")
def put_bucket_analytics_configuration(store: Store, req: Request) -> Response:
    """Add or replace the storage class analysis configuration `id`."""
    return _put("Analytics", store, req)


@operation("GetBucketAnalyticsConfiguration")
def get_bucket_analytics_configuration(store: Store, req: Request) -> Response:
    """The analytics configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _get("Analytics", store, req)


@operation("DeleteBucketAnalyticsConfiguration")
def delete_bucket_analytics_configuration(store: Store, req: Request) -> Response:
    """Remove the analytics configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _delete("Analytics", store, req)


@operation("ListBucketAnalyticsConfigurations")
def list_bucket_analytics_configurations(store: Store, req: Request) -> Response:
    """Analytics configurations in Id order, 100 a page."""
    return _list("Analytics", store, req)


@operation("PutBucketMetricsConfiguration")
def put_bucket_metrics_configuration(store: Store, req: Request) -> Response:
    """Add or replace the CloudWatch request metrics configuration `id`."""
    return _put("Metrics", store, req)


@operation("GetBucketMetricsConfiguration")
def get_bucket_metrics_configuration(store: Store, req: Request) -> Response:
    """The metrics configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _get("Metrics", store, req)


@operation("DeleteBucketMetricsConfiguration")
def delete_bucket_metrics_configuration(store: Store, req: Request) -> Response:
    """Remove the metrics configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _delete("Metrics", store, req)


@operation("ListBucketMetricsConfigurations")
def list_bucket_metrics_configurations(store: Store, req: Request) -> Response:
    """Metrics configurations in Id order, 100 a page."""
    return _list("Metrics", store, req)


@operation("PutBucketIntelligentTieringConfiguration")
def put_bucket_intelligent_tiering_configuration(store: Store, req: Request) -> Response:
    """Add or replace the Intelligent-Tiering archive configuration `id`."""
    return _put("IntelligentTiering", store, req)


@operation("GetBucketIntelligentTieringConfiguration")
def get_bucket_intelligent_tiering_configuration(store: Store, req: Request) -> Response:
    """The Intelligent-Tiering configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _get("IntelligentTiering", store, req)


@operation("DeleteBucketIntelligentTieringConfiguration")
def delete_bucket_intelligent_tiering_configuration(store: Store, req: Request) -> Response:
    """Remove the Intelligent-Tiering configuration `id`; 404 NoSuchConfiguration when there is none."""
    return _delete("IntelligentTiering", store, req)


@operation("ListBucketIntelligentTieringConfigurations")
def list_bucket_intelligent_tiering_configurations(store: Store, req: Request) -> Response:
    """Intelligent-Tiering configurations in Id order, 100 a page."""
    return _list("IntelligentTiering", store, req)
