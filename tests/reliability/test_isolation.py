"""Isolation: no state leaks between two fakes, between tests, or between pytest-xdist workers.

The fakes here are started and stopped by hand, nested and out of order; the user suite runs in a
subprocess under `-p xdist -n 2`, the way a project that uses our fixtures runs its tests in CI.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def buckets(client: object) -> list[str]:
    return [b["Name"] for b in client.list_buckets()["Buckets"]]  # type: ignore[attr-defined]


def test_two_fakes_nested_never_share_state() -> None:
    outer = S3Fake(seed=1).start()
    try:
        client = outer.client()
        client.create_bucket(Bucket="outer")
        client.put_object(Bucket="outer", Key="k", Body=b"outer")
        with S3Fake(seed=1) as inner:
            # The most recently started fake answers, and it starts empty.
            assert buckets(client) == []
            client.create_bucket(Bucket="inner")
            client.create_bucket(Bucket="outer")  # same name, different fake: no conflict
            client.put_object(Bucket="outer", Key="k", Body=b"inner")
            assert inner.store.bucket("outer").current("k").body == b"inner"  # type: ignore[union-attr]
        # The outer fake answers again, exactly as it was.
        assert buckets(client) == ["outer"]
        assert client.get_object(Bucket="outer", Key="k")["Body"].read() == b"outer"
        assert outer.calls.operations() == ["CreateBucket", "PutObject", "ListBuckets", "GetObject"]
        assert inner.calls.operations() == ["ListBuckets", "CreateBucket", "CreateBucket", "PutObject"]
    finally:
        outer.stop()


def test_stopping_fakes_out_of_order() -> None:
    first, second = S3Fake().start(), S3Fake().start()
    client = first.client()
    client.create_bucket(Bucket="second-bucket")
    first.stop()  # not the active one: the second keeps answering
    assert buckets(client) == ["second-bucket"]
    second.stop()
    assert first.store.get_bucket("second-bucket") is None
    # Restarted, the first fake answers with its own (empty) state.
    with first:
        assert buckets(client) == []


def test_same_seed_same_ids_in_separate_fakes() -> None:
    """Two fakes with one seed hand out the same version ids: ids come from the fake, not the process."""
    ids = []
    for _ in range(2):
        with S3Fake(seed=7) as fake:
            client = fake.client()
            client.create_bucket(Bucket="bkt")
            client.put_bucket_versioning(Bucket="bkt", VersioningConfiguration={"Status": "Enabled"})
            ids.append([client.put_object(Bucket="bkt", Key="k", Body=b"x")["VersionId"] for _ in range(3)])
    assert ids[0] == ids[1] and len(set(ids[0])) == 3


def test_a_stopped_fake_answers_nothing() -> None:
    fake = S3Fake()
    with fake:
        fake.client().create_bucket(Bucket="bkt")
    with S3Fake() as other:
        client = other.client()
        with pytest.raises(ClientError) as excinfo:
            client.head_bucket(Bucket="bkt")
        assert excinfo.value.response["Error"]["Code"] == "404"
    assert fake.store.get_bucket("bkt") is not None and len(other.calls) == 1


USER_SUITE = """
import boto3
import pytest

# A client made at import time, before any fake exists: the process-wide hook still covers it. botocore
# looks credentials up when the client is made, so it needs its own (the fixture's come later).
MODULE_CLIENT = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


@pytest.mark.parametrize("n", range(12))
def test_same_bucket_name_everywhere(s3fake_client, n):
    assert s3fake_client.list_buckets()["Buckets"] == []
    s3fake_client.create_bucket(Bucket="shared-name")
    s3fake_client.put_bucket_versioning(Bucket="shared-name", VersioningConfiguration={"Status": "Enabled"})
    first = s3fake_client.put_object(Bucket="shared-name", Key="k", Body=str(n).encode())["VersionId"]
    # Every test starts from the same seed, so every test sees the same first version id.
    assert first == FIRST_ID


@pytest.mark.s3fake(buckets=["marked"], versioning=True)
@pytest.mark.parametrize("n", range(12))
def test_marker_and_module_client(s3fake, n):
    MODULE_CLIENT.put_object(Bucket="marked", Key=f"k{n}", Body=b"x")
    assert [o["Key"] for o in MODULE_CLIENT.list_objects_v2(Bucket="marked")["Contents"]] == [f"k{n}"]
    assert len(s3fake.calls) == 2


@pytest.mark.parametrize("n", range(12))
def test_bucket_factory(s3fake_bucket, s3fake_client, n):
    name = s3fake_bucket()
    assert name == "s3fake-bucket-1"
    assert [b["Name"] for b in s3fake_client.list_buckets()["Buckets"]] == [name]
"""


def test_user_suite_passes_under_xdist(pytester: pytest.Pytester) -> None:
    """A user's suite with our fixtures, marker and an import-time client, on two xdist workers."""
    from pytest_s3fake import S3Fake as Fake

    with Fake() as fake:  # the id a fresh fake with the default seed gives the user test's first put
        client = fake.client()
        client.list_buckets()
        client.create_bucket(Bucket="shared-name")
        client.put_bucket_versioning(Bucket="shared-name", VersioningConfiguration={"Status": "Enabled"})
        first_id = client.put_object(Bucket="shared-name", Key="k", Body=b"")["VersionId"]
    pytester.makepyfile(test_user=f"FIRST_ID = {first_id!r}\n" + USER_SUITE)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=36)
    result.stdout.fnmatch_lines(["*2 workers [[]36 items[]]*"])
