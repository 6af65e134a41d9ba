"""The recipes of docs/faults.md, as tests. Each recipe's code block appears verbatim below, and
`test_every_recipe_in_the_docs_is_here_verbatim` fails when the doc and this file drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError

from pytest_s3fake.errors import AccessDenied

pytestmark = pytest.mark.fake_only

DOC = Path(__file__).resolve().parent.parent / "docs" / "faults.md"


def recipe_blocks() -> list[str]:
    """The ```python blocks of the doc's "Recipes" section."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_every_recipe_in_the_docs_is_here_verbatim() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    blocks = recipe_blocks()
    assert len(blocks) == 8
    for block in blocks:
        assert block in source, f"docs/faults.md recipe differs from tests/test_fault_recipes.py:\n{block}"


# --- recipes: keep each block identical to docs/faults.md ------------------------------------------------


def test_upload_survives_throttling(s3fake, s3fake_no_backoff):
    s3fake.create_bucket("uploads")
    s3 = s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    fault = s3fake.faults.add("PutObject", ["SlowDown", "SlowDown", None], bucket="uploads")

    s3.put_object(Bucket="uploads", Key="report.csv", Body=b"a,b\n")

    assert fault.hits == 2
    assert [call.attempt for call in s3fake.calls.of("PutObject")] == [1, 2, 3]
    assert s3fake.store.bucket("uploads").current("report.csv").body == b"a,b\n"


def delete_keys(s3, bucket, keys):
    """Code under test: delete in batches of 1000; return the keys S3 did not delete."""
    failed = []
    for start in range(0, len(keys), 1000):
        batch = [{"Key": key} for key in keys[start:start + 1000]]
        response = s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        failed += [error["Key"] for error in response.get("Errors", [])]
    return failed


def test_delete_reports_the_keys_s3_refused(s3fake, s3fake_client):
    s3fake.create_bucket("logs")
    keys = [f"2024/{i:05d}.log" for i in range(2500)]
    for key in keys:
        s3fake.store.put_object("logs", key, b"")
    s3fake.faults.add("DeleteObjects", "InternalError", bucket="logs", key=keys[10])
    s3fake.faults.add("DeleteObjects", "SlowDown", bucket="logs", key=keys[2400])

    assert delete_keys(s3fake_client, "logs", keys) == [keys[10], keys[2400]]
    assert list(s3fake.store.bucket("logs").live_keys()) == [keys[10], keys[2400]]
    deletes = s3fake.calls.of("DeleteObjects")
    assert [len(call.objects) for call in deletes] == [1000, 1000, 500]
    assert all(call.quiet for call in deletes)


def copy_readable(s3, source, target, keys):
    """Code under test: copy what it may read; return the keys it was denied."""
    denied = []
    for key in keys:
        try:
            body = s3.get_object(Bucket=source, Key=key)["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] != "AccessDenied":
                raise
            denied.append(key)
            continue
        s3.put_object(Bucket=target, Key=key, Body=body)
    return denied


def test_copy_skips_the_one_key_it_may_not_read(s3fake, s3fake_client):
    s3fake.create_bucket("source")
    s3fake.create_bucket("target")
    keys = ["a.txt", "secret.txt", "b.txt"]
    for key in keys:
        s3fake.store.put_object("source", key, b"text")
    s3fake.faults.add("GetObject", AccessDenied("Denied by bucket policy"), bucket="source", key="secret.txt")

    assert copy_readable(s3fake_client, "source", "target", keys) == ["secret.txt"]
    assert list(s3fake.store.bucket("target").live_keys()) == ["a.txt", "b.txt"]


def upload_in_order(s3, bucket, files):
    """Code under test: upload in order, stop at the first failure; return how many were uploaded."""
    for done, (key, body) in enumerate(files):
        try:
            s3.put_object(Bucket=bucket, Key=key, Body=body)
        except ClientError:
            return done
    return len(files)


def test_internal_error_mid_batch_stops_cleanly(s3fake, s3fake_no_backoff):
    s3fake.create_bucket("backups")
    s3 = s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    files = [(f"part-{i}", b"data") for i in range(5)]
    s3fake.faults.add("PutObject", "InternalError", bucket="backups", key="part-2")

    assert upload_in_order(s3, "backups", files) == 2
    assert list(s3fake.store.bucket("backups").live_keys()) == ["part-0", "part-1"]
    failed = s3fake.calls.where("PutObject", key="part-2")
    assert [(call.attempt, call.status, call.error_code) for call in failed] == [
        (1, 500, "InternalError"), (2, 500, "InternalError"), (3, 500, "InternalError")]


def count_keys(make_client, bucket):
    """Code under test: on ExpiredToken, make a client with fresh credentials and try once more."""
    try:
        return make_client().list_objects_v2(Bucket=bucket)["KeyCount"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ExpiredToken":
            raise
        return make_client().list_objects_v2(Bucket=bucket)["KeyCount"]


def test_expired_token_makes_a_fresh_client(s3fake):
    s3fake.create_bucket("data")
    s3fake.store.put_object("data", "k", b"")
    clients = []

    def make_client():
        clients.append(s3fake.client())
        return clients[-1]

    s3fake.faults.add("ListObjectsV2", "ExpiredToken", times=1)

    assert count_keys(make_client, "data") == 1
    assert len(clients) == 2
    # botocore does not retry ExpiredToken: one failed attempt, then the fresh client's call.
    assert [(call.attempt, call.error_code) for call in s3fake.calls] == [(1, "ExpiredToken"), (1, None)]


def test_download_survives_a_read_timeout(s3fake, s3fake_no_backoff):
    s3fake.create_bucket("media")
    s3fake.store.put_object("media", "clip.mp4", b"frames")
    s3 = s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    s3fake.faults.add("GetObject", "ReadTimeoutError", times=1)

    assert s3.get_object(Bucket="media", Key="clip.mp4")["Body"].read() == b"frames"
    assert [call.error_code for call in s3fake.calls] == ["ReadTimeoutError", None]


def test_read_timeouts_that_outlast_retries_reach_the_caller(s3fake, s3fake_no_backoff):
    s3fake.create_bucket("media")
    s3 = s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    s3fake.faults.add("GetObject", "ReadTimeoutError")

    with pytest.raises(ReadTimeoutError):
        s3.get_object(Bucket="media", Key="clip.mp4")
    assert [call.attempt for call in s3fake.calls] == [1, 2, 3]


def test_create_only_upload_meets_its_own_write_on_retry(s3fake, s3fake_client, s3fake_no_backoff):
    s3fake.create_bucket("b")
    s3fake.faults.add("PutObject", "ReadTimeoutError", times=1, applied=True)

    with pytest.raises(ClientError) as excinfo:
        s3fake_client.put_object(Bucket="b", Key="k", Body=b"v1", IfNoneMatch="*")
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"
    assert s3fake_client.get_object(Bucket="b", Key="k")["Body"].read() == b"v1"
    assert [c.error_code for c in s3fake.calls.of("PutObject")] == ["ReadTimeoutError", "PreconditionFailed"]
