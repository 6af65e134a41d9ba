"""`s3:MultipartUpload:*` notifications (the event types botocore 1.44.18's model added): a part uploaded,
a part copied, an upload aborted, each recorded once the step succeeded, naming its upload and part."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

QUEUE = "arn:aws:sqs:us-east-1:123456789012:my-queue"

pytestmark = pytest.mark.fake_only


def notify(s3: Any, bucket: str, events: list[str]) -> None:
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": QUEUE, "Events": events, "Id": "mpu"}]})


def test_each_step_its_event(backend: Any, versioned_bucket: str) -> None:
    s3, fake, b = backend.client, backend.fake, versioned_bucket
    s3.put_object(Bucket=b, Key="source", Body=b"0123456789")
    notify(s3, b, ["s3:MultipartUpload:*"])
    upload_id = s3.create_multipart_upload(Bucket=b, Key="big")["UploadId"]
    etag = s3.upload_part(Bucket=b, Key="big", UploadId=upload_id, PartNumber=3, Body=b"hello")["ETag"]
    s3.upload_part_copy(Bucket=b, Key="big", UploadId=upload_id, PartNumber=4,
                        CopySource={"Bucket": b, "Key": "source"}, CopySourceRange="bytes=0-3")
    s3.abort_multipart_upload(Bucket=b, Key="big", UploadId=upload_id)
    assert [e.name for e in fake.events] == ["MultipartUpload:PartUploaded", "MultipartUpload:PartCopied",
                                             "MultipartUpload:Aborted"]
    uploaded, copied, aborted = (e.record["s3"]["object"] for e in fake.events)
    assert uploaded == {"key": "big", "size": 5, "eTag": etag.strip('"'), "sequencer": uploaded["sequencer"],
                        "uploadId": upload_id, "partNumber": 3}
    assert (copied["size"], copied["partNumber"]) == (4, 4)
    assert aborted == {"key": "big", "sequencer": aborted["sequencer"], "uploadId": upload_id}
    assert all(e.version_id is None and e.configuration_id == "mpu" for e in fake.events)
    assert fake.events[0].record["eventName"] == "MultipartUpload:PartUploaded"


def test_only_the_configured_step_and_only_on_success(backend: Any, bucket: str) -> None:
    s3, fake = backend.client, backend.fake
    notify(s3, bucket, ["s3:MultipartUpload:Aborted"])
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"x")
    with pytest.raises(ClientError):
        s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId="not-an-upload")
    assert len(fake.events) == 0
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
    assert [e.name for e in fake.events] == ["MultipartUpload:Aborted"]
