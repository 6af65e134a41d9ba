"""The boto3 resource API: collection deletes in batches of 1000, object and version deletes, bucket delete."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.conftest import Backend


@pytest.fixture
def resource(backend: Backend) -> Any:
    """A boto3 S3 resource on the test's backend (same credentials and region as its client)."""
    if backend.fake is not None:
        return boto3.resource("s3", region_name=backend.fake.region, aws_access_key_id="testing",
                              aws_secret_access_key="testing")
    return boto3.resource("s3", region_name="us-east-1")


def keys_of(s3: Any, bucket: str) -> list[str]:
    return [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]


def test_objects_all_delete_batches_past_1000(backend: Backend, resource: Any, bucket: str) -> None:
    for i in range(1003):
        backend.client.put_object(Bucket=bucket, Key=f"k{i:04d}", Body=b"")
    answers = resource.Bucket(bucket).objects.all().delete()
    assert [len(a["Deleted"]) for a in answers] == [1000, 3]
    assert keys_of(backend.client, bucket) == []


def test_objects_filter_prefix_delete_keeps_the_rest(backend: Backend, resource: Any, bucket: str) -> None:
    for key in ("logs/a", "logs/b", "logsx", "data/c"):
        backend.client.put_object(Bucket=bucket, Key=key, Body=b"x")
    resource.Bucket(bucket).objects.filter(Prefix="logs/").delete()
    assert keys_of(backend.client, bucket) == ["data/c", "logsx"]


def test_object_versions_delete_empties_a_versioned_bucket(backend: Backend, resource: Any,
                                                           versioned_bucket: str) -> None:
    s3 = backend.client
    for body in (b"1", b"2"):
        s3.put_object(Bucket=versioned_bucket, Key="k", Body=body)
    s3.delete_object(Bucket=versioned_bucket, Key="k")  # a delete marker too
    s3.put_object(Bucket=versioned_bucket, Key="other", Body=b"3")
    bucket = resource.Bucket(versioned_bucket)
    bucket.object_versions.delete()
    listed = s3.list_object_versions(Bucket=versioned_bucket)
    assert listed.get("Versions", []) == [] and listed.get("DeleteMarkers", []) == []
    bucket.delete()
    assert versioned_bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_object_delete_leaves_a_marker_and_version_delete_removes_one(backend: Backend, resource: Any,
                                                                      versioned_bucket: str) -> None:
    s3 = backend.client
    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")["VersionId"]
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2")
    answer = resource.Object(versioned_bucket, "k").delete()
    assert answer["DeleteMarker"] is True
    resource.ObjectVersion(versioned_bucket, "k", first).delete()
    listed = s3.list_object_versions(Bucket=versioned_bucket)
    assert [v["VersionId"] for v in listed["Versions"]] != [] and first not in [v["VersionId"] for v in
                                                                               listed["Versions"]]
    assert len(listed["Versions"]) == 1
    assert [m["VersionId"] for m in listed["DeleteMarkers"]] == [answer["VersionId"]]


@pytest.mark.fake_only
def test_bucket_delete_after_objects_delete(backend: Backend, resource: Any) -> None:
    backend.client.create_bucket(Bucket="gone")
    backend.client.put_object(Bucket="gone", Key="k", Body=b"x")
    bucket = resource.Bucket("gone")
    bucket.objects.all().delete()
    bucket.delete()
    assert backend.fake is not None
    assert backend.fake.store.get_bucket("gone") is None
