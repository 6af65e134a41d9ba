"""The 2024-2026 operations over HTTP: the route table tells apart what shares a URL (GetObjectAnnotation
by its required `annotationName` over ListObjectAnnotations; ListBuckets over ListDirectoryBuckets at
`GET /`; the modern notification operations over the legacy ones, which S3 serves at the same resource)."""

from __future__ import annotations

from typing import Any

from pytest_s3fake import S3Fake


def test_annotations_metadata_abac_over_http(fake: S3Fake, client: Any) -> None:
    client.create_bucket(Bucket="bkt")
    client.put_object(Bucket="bkt", Key="k", Body=b"x")
    client.put_object_annotation(Bucket="bkt", Key="k", AnnotationName="a", AnnotationPayload=b"one")
    assert client.get_object_annotation(Bucket="bkt", Key="k", AnnotationName="a")["AnnotationPayload"].read() == b"one"
    assert [a["AnnotationName"] for a in client.list_object_annotations(Bucket="bkt", Key="k")["Annotations"]] == ["a"]
    client.put_bucket_abac(Bucket="bkt", AbacStatus={"Status": "Enabled"})
    assert client.get_bucket_abac(Bucket="bkt")["AbacStatus"]["Status"] == "Enabled"
    client.create_bucket_metadata_configuration(Bucket="bkt", MetadataConfiguration={
        "JournalTableConfiguration": {"RecordExpiration": {"Expiration": "DISABLED"}}})
    result = client.get_bucket_metadata_configuration(Bucket="bkt")["GetBucketMetadataConfigurationResult"]
    assert result["MetadataConfigurationResult"]["JournalTableConfigurationResult"]["TableName"] == "journal"
    client.put_bucket_notification(Bucket="bkt", NotificationConfiguration={"CloudFunctionConfiguration": {
        "CloudFunction": "arn:aws:lambda:us-east-1:123456789012:function:f", "Event": "s3:ObjectCreated:*",
        "InvocationRole": "arn:aws:iam::123456789012:role/r"}})
    assert client.get_bucket_notification(Bucket="bkt")["CloudFunctionConfiguration"]["Events"] == ["s3:ObjectCreated:*"]
    assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["bkt"]
    ops = fake.calls.operations()
    assert ops[2:5] == ["PutObjectAnnotation", "GetObjectAnnotation", "ListObjectAnnotations"]
    assert ops[-3:] == ["PutBucketNotificationConfiguration", "GetBucketNotificationConfiguration", "ListBuckets"]
