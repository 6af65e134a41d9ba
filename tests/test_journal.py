"""The call journal, `s3fake.calls`: one entry per HTTP attempt, with the request, the answer and filters."""

from __future__ import annotations

import functools
import operator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake

pytestmark = [pytest.mark.fake_only, pytest.mark.usefixtures("s3fake_no_backoff")]


@pytest.fixture
def s3(s3fake: S3Fake) -> Any:
    s3fake.create_bucket("b")
    return s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))


def test_each_attempt_is_recorded_in_order(s3fake: S3Fake, s3: Any) -> None:
    s3.put_object(Bucket="b", Key="dir/k ü", Body=b"hello", Metadata={"m": "v"})
    s3.get_object(Bucket="b", Key="dir/k ü")
    with pytest.raises(ClientError):
        s3.get_object(Bucket="b", Key="missing")
    s3.list_objects_v2(Bucket="b", Prefix="dir/")
    assert s3fake.calls.operations() == ["PutObject", "GetObject", "GetObject", "ListObjectsV2"]
    put, get, missing, listing = s3fake.calls
    assert (put.method, put.bucket, put.key, put.body, put.status) == ("PUT", "b", "dir/k ü", b"hello", 200)
    assert put.headers["x-amz-meta-m"] == "v"
    assert (get.error_code, missing.status, missing.error_code) == (None, 404, "NoSuchKey")
    assert listing.query == {"list-type": "2", "prefix": "dir/", "encoding-type": "url"}
    assert listing.key is None
    assert all(call.attempt == 1 and not call.faulted for call in s3fake.calls)
    assert len({call.request_id for call in s3fake.calls}) == 4
    assert put.request_id == s3fake.calls[0].request_id


def test_request_id_matches_the_response(s3fake: S3Fake, s3: Any) -> None:
    response = s3.head_bucket(Bucket="b")
    assert s3fake.calls[-1].request_id == response["ResponseMetadata"]["RequestId"]


def test_filters(s3fake: S3Fake, s3: Any) -> None:
    s3fake.create_bucket("other")
    s3fake.faults.add("PutObject", ["SlowDown", None], key="a")
    s3.put_object(Bucket="b", Key="a", Body=b"x")
    s3.put_object(Bucket="other", Key="a", Body=b"x")
    s3.head_bucket(Bucket="b")
    calls = s3fake.calls
    assert [c.attempt for c in calls.of("PutObject")] == [1, 2, 1]
    assert [c.operation for c in calls.of("HeadBucket", "PutObject")] == ["PutObject"] * 3 + ["HeadBucket"]
    assert [c.bucket for c in calls.where("PutObject", key="a", status=200)] == ["b", "other"]
    assert [c.attempt for c in calls.where(error_code="SlowDown")] == [1]
    assert [c.operation for c in calls.where(faulted=True)] == ["PutObject"]
    assert len(calls.where(faulted=False, bucket="b")) == 2
    assert calls[1:3] == calls.snapshot()[1:3]
    calls.clear()
    assert len(calls) == 0 and calls.operations() == []


def test_the_code_retried_exactly_twice(s3fake: S3Fake, s3: Any) -> None:
    s3fake.faults.add("GetObject", ["InternalError", "SlowDown", None])
    s3fake.store.put_object("b", "k", b"x")
    s3.get_object(Bucket="b", Key="k")
    attempts = [call.attempt for call in s3fake.calls.of("GetObject")]
    assert attempts == [1, 2, 3]
    assert sum(attempt > 1 for attempt in attempts) == 2


def test_delete_objects_body_is_parsed_on_demand(s3fake: S3Fake, s3: Any) -> None:
    keys = [f"k{i}" for i in range(2500)]
    for start in range(0, len(keys), 1000):
        batch = keys[start:start + 1000]
        s3.delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
    s3.delete_objects(Bucket="b", Delete={"Objects": [{"Key": "x", "VersionId": "null"}]})
    calls = s3fake.calls.of("DeleteObjects")
    assert all(len(call.objects) <= 1000 for call in calls)
    assert [len(call.keys) for call in calls] == [1000, 1000, 500, 1]
    assert [call.quiet for call in calls] == [True, True, True, False]
    assert functools.reduce(operator.iadd, (call.keys for call in calls[:3]), []) == keys
    assert calls[3].objects == [{"Key": "x", "VersionId": "null"}]
    assert calls[3].xml == {"Delete": {"@xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                                       "Object": [{"Key": "x", "VersionId": "null"}]}}


def test_xml_is_for_xml_operations_only(s3fake: S3Fake, s3: Any) -> None:
    s3.put_object(Bucket="b", Key="doc.xml", Body=b"<Delete><Quiet>true</Quiet></Delete>")
    s3.put_bucket_tagging(Bucket="b", Tagging={"TagSet": [{"Key": "team", "Value": "x"}]})
    s3.head_bucket(Bucket="b")
    put, tagging, head = s3fake.calls
    # PutObject's body is object bytes, not a request document, even when it looks like XML.
    assert put.xml is None and put.objects == [] and put.quiet is False
    assert tagging.xml is not None
    assert tagging.xml["Tagging"]["TagSet"]["Tag"] == [{"Key": "team", "Value": "x"}]
    assert head.xml is None


def test_network_fault_is_recorded_with_status_zero(s3fake: S3Fake, s3: Any) -> None:
    fault = s3fake.faults.add("HeadBucket", ["ConnectionClosedError", None])
    s3.head_bucket(Bucket="b")
    first, second = s3fake.calls
    assert (first.status, first.error_code, first.fault) == (0, "ConnectionClosedError", fault)
    assert (second.status, second.error_code, second.fault, second.attempt) == (200, None, None, 2)


def test_recording_does_not_parse_bodies(s3fake: S3Fake, s3: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import pytest_s3fake.journal

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the journal parsed a body on the hot path")

    monkeypatch.setattr(pytest_s3fake.journal, "parse_xml", refuse)
    s3.delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}]})
    assert s3fake.calls[0].operation == "DeleteObjects"
    with pytest.raises(AssertionError, match="hot path"):
        _ = s3fake.calls[0].keys  # only reading it parses
