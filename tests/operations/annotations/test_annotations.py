"""Object annotations through boto3, modelled from botocore's model documentation (the AWS API
reference for Put/Get/Delete/ListObjectAnnotations and their error shapes); no AWS recording we know
shows them. moto 5 has none of these operations (its halves are moto_diverges)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from tests.conftest import error_code

NO_MOTO = "moto 5 does not implement object annotations"


def _put(s3: Any, bucket: str, name: str, payload: bytes = b"label", **extra: Any) -> Any:
    return s3.put_object_annotation(Bucket=bucket, Key="k", AnnotationName=name, AnnotationPayload=payload, **extra)


@pytest.fixture
def obj(s3: Any, bucket: str) -> str:
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    return bucket


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_put_get_delete(s3: Any, obj: str) -> None:
    put = _put(s3, obj, "review", b'{"status": "approved"}')
    assert (put["Key"], put["AnnotationName"], put["ServerSideEncryption"]) == ("k", "review", "AES256")
    got = s3.get_object_annotation(Bucket=obj, Key="k", AnnotationName="review")
    assert got["AnnotationPayload"].read() == b'{"status": "approved"}'
    assert got["ETag"] == put["ETag"] and got["ContentLength"] == 22
    _put(s3, obj, "review", b"replaced")  # not versioned: Put replaces
    assert s3.get_object_annotation(Bucket=obj, Key="k", AnnotationName="review")["AnnotationPayload"].read() == b"replaced"
    s3.delete_object_annotation(Bucket=obj, Key="k", AnnotationName="review")
    with pytest.raises(ClientError) as exc:
        s3.get_object_annotation(Bucket=obj, Key="k", AnnotationName="review")
    assert error_code(exc) == "NoSuchAnnotation"
    s3.delete_object_annotation(Bucket=obj, Key="k", AnnotationName="review")  # gone already: still 204


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_list_pages_in_name_order(s3: Any, obj: str) -> None:
    for name in ("c", "a/2", "b", "a/1"):
        _put(s3, obj, name)
    first = s3.list_object_annotations(Bucket=obj, Key="k", MaxAnnotationResults=2)
    assert [a["AnnotationName"] for a in first["Annotations"]] == ["a/1", "a/2"]
    assert first["AnnotationCount"] == 2 and first["Annotations"][0]["Size"] == 5
    rest = s3.list_object_annotations(Bucket=obj, Key="k", ContinuationToken=first["NextContinuationToken"])
    assert [a["AnnotationName"] for a in rest["Annotations"]] == ["b", "c"]
    assert "NextContinuationToken" not in rest
    prefixed = s3.list_object_annotations(Bucket=obj, Key="k", AnnotationPrefix="a/")
    assert [a["AnnotationName"] for a in prefixed["Annotations"]] == ["a/1", "a/2"]


@pytest.mark.moto_diverges(reason=NO_MOTO)
@pytest.mark.parametrize(("name", "payload", "code", "status"), [
    ("aws-label", b"x", "InvalidAnnotationName", 400),  # reserved prefix, any case
    ("S3thing", b"x", "InvalidAnnotationName", 400),
    ("n" * 513, b"x", "AnnotationNameTooLong", 400),
    ("ok", b"\xff\xfe", "UnsupportedMediaType", 415),  # not UTF-8
    ("ok", b"x" * (1024 * 1024 + 1), "InvalidRequest", 400),  # over 1 MiB
])
def test_put_refused(s3: Any, obj: str, name: str, payload: bytes, code: str, status: int) -> None:
    with pytest.raises(ClientError) as exc:
        _put(s3, obj, name, payload)
    assert (error_code(exc), exc.value.response["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
    assert s3.list_object_annotations(Bucket=obj, Key="k").get("Annotations", []) == []


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_object_if_match(s3: Any, obj: str) -> None:
    """`x-amz-object-if-match`: the write happens only while the object's ETag is the one given."""
    object_etag = s3.head_object(Bucket=obj, Key="k")["ETag"]
    _put(s3, obj, "a", ObjectIfMatch=object_etag)
    with pytest.raises(ClientError) as exc:
        _put(s3, obj, "b", ObjectIfMatch='"0123456789abcdef0123456789abcdef"')
    assert error_code(exc) == "PreconditionFailed"
    with pytest.raises(ClientError) as exc:
        s3.delete_object_annotation(Bucket=obj, Key="k", AnnotationName="a", ObjectIfMatch='"00"')
    assert error_code(exc) == "PreconditionFailed"
    assert [a["AnnotationName"] for a in s3.list_object_annotations(Bucket=obj, Key="k")["Annotations"]] == ["a"]


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_annotations_belong_to_their_version(s3: Any, versioned_bucket: str) -> None:
    """Each version has its own; a new version of the key starts with none."""
    v1 = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")["VersionId"]
    _put(s3, versioned_bucket, "first")
    v2 = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2")["VersionId"]
    assert s3.list_object_annotations(Bucket=versioned_bucket, Key="k").get("Annotations", []) == []
    old = s3.list_object_annotations(Bucket=versioned_bucket, Key="k", VersionId=v1)
    assert [a["AnnotationName"] for a in old["Annotations"]] == ["first"]
    assert old["ObjectVersionId"] == v1
    put = _put(s3, versioned_bucket, "second", VersionId=v1)
    assert put["ObjectVersionId"] == v1 and v1 != v2


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_missing_object(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        _put(s3, bucket, "a")
    assert error_code(exc) == "NoSuchKey"
    with pytest.raises(ClientError) as exc:
        s3.list_object_annotations(Bucket=bucket, Key="k")
    assert error_code(exc) == "NoSuchKey"


@pytest.mark.fake_only
def test_limit_per_object(backend: Any, obj: str) -> None:
    """At most 1,000 annotations per object: a new name past that is AnnotationLimitExceeded; an
    existing one can still be replaced."""
    from pytest_s3fake.model.versions import Annotation

    version = backend.fake.store.bucket(obj).current("k")
    now = backend.fake.clock.now()
    version.annotations = {f"n{i:04d}": Annotation(f"n{i:04d}", b"x", '"e"', now) for i in range(1000)}
    with pytest.raises(ClientError) as exc:
        _put(backend.client, obj, "one-more")
    assert error_code(exc) == "AnnotationLimitExceeded"
    _put(backend.client, obj, "n0000", b"replaced")


@pytest.mark.fake_only
def test_annotation_events(backend: Any, obj: str) -> None:
    """s3:ObjectAnnotation:Put and :Delete are event types of botocore's model: recorded like tagging's."""
    s3, fake = backend.client, backend.fake
    s3.put_bucket_notification_configuration(Bucket=obj, NotificationConfiguration={"QueueConfigurations": [
        {"QueueArn": "arn:aws:sqs:us-east-1:123456789012:q", "Events": ["s3:ObjectAnnotation:*"]}]})
    _put(s3, obj, "a")
    s3.delete_object_annotation(Bucket=obj, Key="k", AnnotationName="a")
    assert [e.name for e in fake.events] == ["ObjectAnnotation:Put", "ObjectAnnotation:Delete"]


@pytest.fixture(scope="module")
def client() -> Any:
    import boto3

    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


NAMES = st.text(alphabet=["a", "b", "/", "-", "ü", "日"], min_size=1, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, max_size=12, unique=True), page=st.integers(1, 5), prefix=st.sampled_from(["", "a", "b/"]))
def test_paging_returns_each_name_once_in_order(client: Any, names: list[str], page: int, prefix: str) -> None:
    """Property: following the continuation tokens lists exactly the names with the prefix, in UTF-8 order."""
    with S3Fake():
        client.create_bucket(Bucket="prop-bucket")
        client.put_object(Bucket="prop-bucket", Key="k", Body=b"x")
        for name in names:
            client.put_object_annotation(Bucket="prop-bucket", Key="k", AnnotationName=name, AnnotationPayload=b"v")
        seen: list[str] = []
        params: dict[str, Any] = {"Bucket": "prop-bucket", "Key": "k", "MaxAnnotationResults": page,
                                  "AnnotationPrefix": prefix}
        while True:
            got = client.list_object_annotations(**params)
            batch = [a["AnnotationName"] for a in got.get("Annotations", [])]
            assert len(batch) <= page and got["AnnotationCount"] == len(batch)
            seen += batch
            if "NextContinuationToken" not in got:
                break
            params["ContinuationToken"] = got["NextContinuationToken"]
        assert seen == sorted((n for n in names if n.startswith(prefix)), key=lambda n: n.encode("utf-8"))


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_copy_object_copies_annotations_unless_excluded(s3: Any, obj: str) -> None:
    """botocore's model: CopyObject's AnnotationDirective is COPY by default, or EXCLUDE."""
    _put(s3, obj, "a", b"one")
    s3.copy_object(Bucket=obj, Key="copy", CopySource={"Bucket": obj, "Key": "k"})
    got = s3.get_object_annotation(Bucket=obj, Key="copy", AnnotationName="a")
    assert got["AnnotationPayload"].read() == b"one"
    s3.copy_object(Bucket=obj, Key="bare", CopySource={"Bucket": obj, "Key": "k"}, AnnotationDirective="EXCLUDE")
    assert s3.list_object_annotations(Bucket=obj, Key="bare").get("Annotations", []) == []
    s3.delete_object_annotation(Bucket=obj, Key="copy", AnnotationName="a")  # the copy's own, apart
    assert s3.get_object_annotation(Bucket=obj, Key="k", AnnotationName="a")["AnnotationPayload"].read() == b"one"
