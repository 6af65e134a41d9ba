"""The legacy PutBucketNotification / GetBucketNotification: the same `?notification` resource as the
modern operations (botocore's model: both are `PUT|GET /{Bucket}?notification`), so both read and
write one stored configuration, validated the same way, and events fire for either."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

QUEUE = "arn:aws:sqs:us-east-1:123456789012:my-queue"
TOPIC = "arn:aws:sns:us-east-1:123456789012:my-topic"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:my-function"


def test_legacy_put_read_by_both(s3: Any, bucket: str) -> None:
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={
        "QueueConfiguration": {"Id": "uploads", "Queue": QUEUE, "Events": ["s3:ObjectCreated:*"]},
        "TopicConfiguration": {"Id": "removals", "Topic": TOPIC, "Events": ["s3:ObjectRemoved:*"]},
    })
    modern = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert [(c["Id"], c["QueueArn"], c["Events"]) for c in modern["QueueConfigurations"]] == [
        ("uploads", QUEUE, ["s3:ObjectCreated:*"])]
    assert [(c["Id"], c["TopicArn"]) for c in modern["TopicConfigurations"]] == [("removals", TOPIC)]
    legacy = s3.get_bucket_notification(Bucket=bucket)
    assert (legacy["QueueConfiguration"]["Queue"], legacy["QueueConfiguration"]["Events"]) == (
        QUEUE, ["s3:ObjectCreated:*"])
    assert legacy["TopicConfiguration"]["Id"] == "removals"


def test_modern_put_read_by_legacy_get(s3: Any, bucket: str) -> None:
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "LambdaFunctionConfigurations": [{"Id": "fn", "LambdaFunctionArn": FUNCTION, "Events": ["s3:ObjectCreated:Put"]}]})
    legacy = s3.get_bucket_notification(Bucket=bucket)
    function = legacy["CloudFunctionConfiguration"]
    assert (function["Id"], function["CloudFunction"], function["Events"]) == ("fn", FUNCTION, ["s3:ObjectCreated:Put"])


def test_legacy_cloud_function_with_invocation_role(s3: Any, bucket: str) -> None:
    """The legacy Lambda configuration's InvocationRole has no modern element: accepted, not kept."""
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={"CloudFunctionConfiguration": {
        "CloudFunction": FUNCTION, "Event": "s3:ObjectCreated:*",
        "InvocationRole": "arn:aws:iam::123456789012:role/invoke"}})
    [function] = s3.get_bucket_notification_configuration(Bucket=bucket)["LambdaFunctionConfigurations"]
    assert (function["LambdaFunctionArn"], function["Events"]) == (FUNCTION, ["s3:ObjectCreated:*"])
    assert function["Id"]  # one was generated


def test_legacy_empty_configuration_turns_off(s3: Any, bucket: str) -> None:
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={
        "QueueConfiguration": {"Queue": QUEUE, "Events": ["s3:ObjectCreated:*"]}})
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={})
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert "QueueConfigurations" not in got


def test_legacy_validated_as_the_modern_form(s3: Any, bucket: str) -> None:
    """A destination that is not an ARN of its service: InvalidArgument "The ARN could not be parsed"
    (LocalStack's aws.validated notification snapshots), with nothing stored."""
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={
            "QueueConfiguration": {"Queue": TOPIC, "Events": ["s3:ObjectCreated:*"]}})
    assert error_code(exc) == "InvalidArgument"
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)


@pytest.mark.fake_only
def test_legacy_configuration_fires_events(backend: Any, bucket: str) -> None:
    """events.py reads the one stored configuration, so a legacy one notifies too."""
    s3, fake = backend.client, backend.fake
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={
        "QueueConfiguration": {"Id": "uploads", "Queue": QUEUE, "Events": ["s3:ObjectCreated:*"]}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    [event] = fake.events
    assert (event.name, event.destination, event.configuration_id) == ("ObjectCreated:Put", QUEUE, "uploads")
