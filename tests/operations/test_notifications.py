"""Notifications: Put/GetBucketNotificationConfiguration through boto3, and `s3fake.events`.

Validation confirmed against AWS in LocalStack's tests/aws/services/s3/test_s3_api.py::
TestS3BucketNotificationConfiguration and test_s3_notifications_{sqs,sns,lambda}.py (aws.validated);
event records compared with the shapes in test_s3_notifications_sqs.snapshot.json.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake.events import S3Event
from tests.conftest import error_code

QUEUE = "arn:aws:sqs:us-east-1:123456789012:my-queue"
TOPIC = "arn:aws:sns:us-east-1:123456789012:my-topic"


def _queue(events: list[str], *rules: tuple[str, str], arn: str = QUEUE, **extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"QueueArn": arn, "Events": events, **extra}
    if rules:
        config["Filter"] = {"Key": {"FilterRules": [{"Name": n, "Value": v} for n, v in rules]}}
    return config


def test_empty_by_default(s3: Any, bucket: str) -> None:
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not {k for k in got if k != "ResponseMetadata"}


def test_round_trip(s3: Any, bucket: str) -> None:
    """LocalStack's notification tests read back what they put; an Id is generated when missing."""
    config = {"QueueConfigurations": [_queue(["s3:ObjectCreated:*"], ("prefix", "in/"), Id="uploads")],
              "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:*"]}]}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    got = s3.get_bucket_notification_configuration(Bucket=bucket)
    queue = got["QueueConfigurations"][0]
    assert (queue["Id"], queue["QueueArn"], queue["Events"]) == ("uploads", QUEUE, ["s3:ObjectCreated:*"])
    assert queue["Filter"]["Key"]["FilterRules"][0]["Value"] == "in/"
    assert got["TopicConfigurations"][0]["Id"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)


def test_missing_bucket(s3: Any) -> None:
    """LocalStack test_get_bucket_notification_configuration_no_such_bucket."""
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_notification_configuration(Bucket="no-such-bucket")
    assert error_code(exc) == "NoSuchBucket"


def _put_unvalidated(backend: Any, bucket: str, rule: dict[str, str]) -> pytest.ExceptionInfo[ClientError]:
    import boto3

    options = {"config": Config(parameter_validation=False)}
    client = backend.fake.client(**options) if backend.fake is not None else boto3.client(
        "s3", region_name="us-east-1", **options)
    config = {"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                                       "Filter": {"Key": {"FilterRules": [rule]}}}]}
    with pytest.raises(ClientError) as exc:
        client.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    return exc


@pytest.mark.parametrize("rule", [{"Name": "prefix"}, {"Value": "test"}], ids=["no-value", "no-name"])
def test_filter_rule_missing_parts_is_malformed(backend: Any, bucket: str, rule: dict[str, str]) -> None:
    """LocalStack test_bucket_notification_with_missing_values_in_rule (client validation off)."""
    assert error_code(_put_unvalidated(backend, bucket, rule)) == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto accepts an empty filter rule")
def test_empty_filter_rule_is_malformed(backend: Any, bucket: str) -> None:
    """LocalStack test_bucket_notification_with_missing_values_in_rule (invalid-rule-no-values)."""
    assert error_code(_put_unvalidated(backend, bucket, {})) == "MalformedXML"


@pytest.mark.moto_diverges(reason="moto does not check filter rule names")
def test_filter_rule_name_must_be_prefix_or_suffix(s3: Any, bucket: str) -> None:
    """LocalStack test_bucket_notification_with_invalid_filter_rules (invalid_filter_name)."""
    config = {"QueueConfigurations": [_queue(["s3:ObjectCreated:*"], ("INVALID", "does not matter"))]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"], error["ArgumentName"], error["ArgumentValue"]) == (
        "InvalidArgument", "filter rule name must be either prefix or suffix", "FilterRule.Name", "INVALID")


@pytest.mark.moto_diverges(reason="moto names the argument differently")
@pytest.mark.parametrize(("kind", "argument"), [("QueueConfigurations", "Queue"), ("TopicConfigurations", "Topic"),
                                                ("LambdaFunctionConfigurations", "CloudFunction")])
def test_arn_that_cannot_be_parsed(s3: Any, bucket: str, kind: str, argument: str) -> None:
    """LocalStack test_invalid_sqs_arn / test_invalid_topic_arn / test_invalid_lambda_arn."""
    arn_key = {"Queue": "QueueArn", "Topic": "TopicArn", "CloudFunction": "LambdaFunctionArn"}[argument]
    config = {kind: [{arn_key: "invalid-queue", "Events": ["s3:ObjectCreated:*"]}]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    error = exc.value.response["Error"]
    assert (error["Code"], error["Message"], error["ArgumentName"], error["ArgumentValue"]) == (
        "InvalidArgument", "The ARN could not be parsed", argument, "invalid-queue")


@pytest.mark.moto_diverges(reason="moto's message lists the supported events")
def test_unknown_event(s3: Any, bucket: str) -> None:
    """InvalidArgument "The event is not supported for notifications", the message S3 sends as moto's
    older test_put_bucket_notification_errors recorded it (today's moto adds the list of events)."""
    config = {"QueueConfigurations": [_queue(["notarealeventname"])]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    assert error_code(exc) == "InvalidArgument"
    assert exc.value.response["Error"]["Message"] == "The event is not supported for notifications"


@pytest.mark.moto_diverges(reason="moto accepts overlapping configurations")
def test_overlapping_configurations_are_ambiguous(s3: Any, bucket: str) -> None:
    """S3 refuses two destinations for one event type on overlapping prefixes and suffixes
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html)."""
    config = {"QueueConfigurations": [_queue(["s3:ObjectCreated:*"], ("prefix", "in/")),
                                      _queue(["s3:ObjectCreated:Put"], ("prefix", "in/images/"), arn=QUEUE + "-2")]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    assert error_code(exc) == "InvalidArgument"
    assert exc.value.response["Error"]["Message"].startswith("Configuration is ambiguously defined.")
    disjoint = {"QueueConfigurations": [_queue(["s3:ObjectCreated:*"], ("prefix", "in/")),
                                        _queue(["s3:ObjectCreated:*"], ("prefix", "out/"), arn=QUEUE + "-2")]}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=disjoint)


# --- s3fake.events ---------------------------------------------------------------------------------------


def _notify(client: Any, bucket: str, *configs: dict[str, Any]) -> None:
    client.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": list(configs)})


@pytest.mark.fake_only
def test_put_event_record_shape(backend: Any, bucket: str) -> None:
    """The record of an ObjectCreated:Put, field for field as in LocalStack's
    test_s3_notifications_sqs.snapshot.json (test_object_created_put); the key URL-encoded."""
    s3, fake = backend.client, backend.fake
    _notify(s3, bucket, _queue(["s3:ObjectCreated:*"], Id="uploads"))
    s3.put_object(Bucket=bucket, Key="my key_0", Body=b"something")
    [event] = fake.events
    record = event.record
    assert (event.name, event.destination, event.destination_type, event.configuration_id) == (
        "ObjectCreated:Put", QUEUE, "Queue", "uploads")
    assert set(record) == {"eventVersion", "eventSource", "awsRegion", "eventTime", "eventName", "userIdentity",
                           "requestParameters", "responseElements", "s3"}
    assert (record["eventVersion"], record["eventSource"], record["awsRegion"], record["eventName"]) == (
        "2.1", "aws:s3", "us-east-1", "ObjectCreated:Put")
    assert record["s3"]["bucket"] == {"name": bucket, "ownerIdentity": {"principalId": "123456789012"},
                                      "arn": f"arn:aws:s3:::{bucket}"}
    obj = record["s3"]["object"]
    assert obj["key"] == "my+key_0" and obj["size"] == 9 and obj["eTag"] == "437b930db84b8079c2dd804a71936b5f"
    assert "versionId" not in obj and obj["sequencer"]
    assert record["responseElements"]["x-amz-request-id"] == fake.calls.of("PutObject")[0].request_id
    assert event.message == {"Records": [record]}


@pytest.mark.fake_only
def test_each_operation_its_event(backend: Any, versioned_bucket: str) -> None:
    """Created by Put, Copy and CompleteMultipartUpload; removed as Delete (a version) and
    DeleteMarkerCreated; tagging Put and Delete (eventVersion 2.3, as AWS sends them)."""
    s3, fake, b = backend.client, backend.fake, versioned_bucket
    _notify(s3, b, _queue(["s3:ObjectCreated:*", "s3:ObjectRemoved:*", "s3:ObjectTagging:*"]))
    v1 = s3.put_object(Bucket=b, Key="a", Body=b"1")["VersionId"]
    s3.copy_object(Bucket=b, Key="b", CopySource={"Bucket": b, "Key": "a"})
    upload = s3.create_multipart_upload(Bucket=b, Key="c")["UploadId"]
    etag = s3.upload_part(Bucket=b, Key="c", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="c", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    s3.put_object_tagging(Bucket=b, Key="a", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    s3.delete_object_tagging(Bucket=b, Key="a")
    marker = s3.delete_object(Bucket=b, Key="a")["VersionId"]
    s3.delete_object(Bucket=b, Key="a", VersionId=v1)
    assert [(e.name, e.key) for e in fake.events] == [
        ("ObjectCreated:Put", "a"), ("ObjectCreated:Copy", "b"), ("ObjectCreated:CompleteMultipartUpload", "c"),
        ("ObjectTagging:Put", "a"), ("ObjectTagging:Delete", "a"),
        ("ObjectRemoved:DeleteMarkerCreated", "a"), ("ObjectRemoved:Delete", "a")]
    assert [e.version_id for e in fake.events.of("ObjectRemoved:*")] == [marker, v1]
    assert fake.events.of("ObjectTagging:Put")[0].record["eventVersion"] == "2.3"
    sequencers = [e.record["s3"]["object"]["sequencer"] for e in fake.events.of("ObjectRemoved:*")]
    assert sequencers == sorted(sequencers)


@pytest.mark.fake_only
def test_delete_objects_notifies_each_key(backend: Any, bucket: str) -> None:
    """LocalStack test_delete_objects (sqs snapshot): one ObjectRemoved:Delete per deleted key."""
    s3, fake = backend.client, backend.fake
    for key in ("k1", "k2", "k3"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    _notify(s3, bucket, _queue(["s3:ObjectRemoved:Delete"]))
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ("k1", "k2", "k3", "missing")]})
    assert [(e.name, e.key) for e in fake.events] == [("ObjectRemoved:Delete", k) for k in ("k1", "k2", "k3")]
    assert set(fake.events[0].record["s3"]["object"]) == {"key", "sequencer"}


@pytest.mark.fake_only
def test_filters_destinations_and_failures(backend: Any, bucket: str) -> None:
    """Only matching configurations record; EventBridge gets everything; a failed request records nothing."""
    s3, fake = backend.client, backend.fake
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [_queue(["s3:ObjectCreated:Put"], ("Prefix", "in/"), ("suffix", ".jpg"))],
        "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:*"]}],
        "EventBridgeConfiguration": {}})
    s3.put_object(Bucket=bucket, Key="in/a.jpg", Body=b"x")
    s3.put_object(Bucket=bucket, Key="in/a.png", Body=b"x")
    with pytest.raises(ClientError):
        s3.copy_object(Bucket=bucket, Key="in/b.jpg", CopySource={"Bucket": bucket, "Key": "nope"})
    assert [(e.key, e.destination) for e in fake.events.of("ObjectCreated:*")] == [
        ("in/a.jpg", QUEUE), ("in/a.jpg", "EventBridge"), ("in/a.png", "EventBridge")]
    assert fake.events.records(QUEUE) == [fake.events[0].record]
    assert fake.events.of(destination=TOPIC) == []


@pytest.mark.fake_only
def test_subscribe_and_clear(backend: Any, bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    _notify(s3, bucket, _queue(["s3:ObjectCreated:*"]))
    seen: list[S3Event] = []
    unsubscribe = fake.events.subscribe(seen.append)
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    unsubscribe()
    s3.put_object(Bucket=bucket, Key="b", Body=b"x")
    assert [e.key for e in seen] == ["a"]
    assert len(fake.events) == 2
    fake.events.clear()
    assert len(fake.events) == 0


@pytest.mark.fake_only
def test_bucket_without_notifications_records_nothing(backend: Any, bucket: str) -> None:
    backend.client.put_object(Bucket=bucket, Key="a", Body=b"x")
    assert list(backend.fake.events) == []
    assert backend.fake.store.bucket(bucket).changes is None


@pytest.mark.fake_only
def test_reset_forgets_events(backend: Any, bucket: str) -> None:
    _notify(backend.client, bucket, _queue(["s3:ObjectCreated:*"]))
    backend.client.put_object(Bucket=bucket, Key="a", Body=b"x")
    backend.fake.reset()
    assert len(backend.fake.events) == 0
