"""boto3 over real HTTP: the same store, faults and journal as in-process, through `S3Fake.serve`."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_s3fake import S3Fake
from pytest_s3fake.server import S3Server, app
from tests.server.conftest import http_client


def test_put_get_list_delete_path_style(fake: S3Fake, client: Any) -> None:
    client.create_bucket(Bucket="bkt")
    client.put_object(Bucket="bkt", Key="dir/a b+ü.txt", Body=b"hello")
    assert client.get_object(Bucket="bkt", Key="dir/a b+ü.txt")["Body"].read() == b"hello"
    assert [o["Key"] for o in client.list_objects_v2(Bucket="bkt")["Contents"]] == ["dir/a b+ü.txt"]
    assert fake.store.bucket("bkt").current("dir/a b+ü.txt").body == b"hello"
    result = client.delete_objects(Bucket="bkt", Delete={"Objects": [{"Key": "dir/a b+ü.txt"}, {"Key": "nope"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["dir/a b+ü.txt", "nope"]
    assert client.list_objects_v2(Bucket="bkt")["KeyCount"] == 0
    assert fake.calls.operations() == ["CreateBucket", "PutObject", "GetObject", "ListObjectsV2",
                                       "DeleteObjects", "ListObjectsV2"]


def test_head_has_no_body_and_errors_are_s3s(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("bkt")
    client.put_object(Bucket="bkt", Key="k", Body=b"x" * 1234)
    assert client.head_object(Bucket="bkt", Key="k")["ContentLength"] == 1234
    with pytest.raises(ClientError) as missing:
        client.head_object(Bucket="bkt", Key="missing")
    assert missing.value.response["Error"]["Code"] == "404"
    with pytest.raises(client.exceptions.NoSuchKey):
        client.get_object(Bucket="bkt", Key="missing")
    with pytest.raises(ClientError) as no_bucket:
        client.list_objects_v2(Bucket="nobucket")
    assert no_bucket.value.response["Error"]["Code"] == "NoSuchBucket"


def test_range_copy_multipart_and_versions(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("bkt", versioning=True)
    client.put_object(Bucket="bkt", Key="k", Body=b"0123456789")
    assert client.get_object(Bucket="bkt", Key="k", Range="bytes=2-4")["Body"].read() == b"234"
    client.copy_object(Bucket="bkt", Key="copy", CopySource={"Bucket": "bkt", "Key": "k"})
    upload = client.create_multipart_upload(Bucket="bkt", Key="big")["UploadId"]
    part1 = client.upload_part(Bucket="bkt", Key="big", UploadId=upload, PartNumber=1, Body=b"a" * 5 * 2**20)
    part2 = client.upload_part_copy(Bucket="bkt", Key="big", UploadId=upload, PartNumber=2,
                                    CopySource={"Bucket": "bkt", "Key": "k"})
    client.complete_multipart_upload(Bucket="bkt", Key="big", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": part1["ETag"]}, {"PartNumber": 2, "ETag": part2["CopyPartResult"]["ETag"]}]})
    assert client.get_object(Bucket="bkt", Key="big")["ContentLength"] == 5 * 2**20 + 10
    assert client.get_object(Bucket="bkt", Key="copy")["Body"].read() == b"0123456789"
    client.put_object_tagging(Bucket="bkt", Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    assert client.get_object_tagging(Bucket="bkt", Key="k")["TagSet"] == [{"Key": "a", "Value": "b"}]
    assert len(client.list_object_versions(Bucket="bkt")["Versions"]) == 3
    assert "CopyObject" in fake.calls.operations() and "UploadPartCopy" in fake.calls.operations()


def test_large_body_round_trip(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("bkt")
    body = bytes(range(256)) * (32 * 1024)  # 8 MiB
    client.put_object(Bucket="bkt", Key="big", Body=body)
    assert client.get_object(Bucket="bkt", Key="big")["Body"].read() == body


@pytest.mark.parametrize("checksum", ["CRC32", "SHA256"])
def test_flexible_checksums_arrive_checked(fake: S3Fake, client: Any, checksum: str) -> None:
    fake.create_bucket("bkt")
    client.put_object(Bucket="bkt", Key="k", Body=b"data", ChecksumAlgorithm=checksum)
    head = client.head_object(Bucket="bkt", Key="k", ChecksumMode="ENABLED")
    assert f"Checksum{checksum}" in head
    assert client.get_object(Bucket="bkt", Key="k")["Body"].read() == b"data"


def test_network_fault_resets_the_connection_and_botocore_retries(fake: S3Fake, client: Any) -> None:
    fake.create_bucket("bkt")
    fault = fake.faults.add("PutObject", "ConnectionClosedError", times=1)
    client.put_object(Bucket="bkt", Key="k", Body=b"v")
    assert fault.hits == 1
    calls = fake.calls.of("PutObject")
    assert [(c.attempt, c.status, c.error_code) for c in calls] == [(1, 0, "ConnectionClosedError"), (2, 200, None)]


def test_s3_error_fault_over_http(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    fake.faults.add("GetObject", "AccessDenied")
    client = http_client(server, retries={"max_attempts": 1})
    with pytest.raises(ClientError) as denied:
        client.get_object(Bucket="bkt", Key="k")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"


def test_applied_fault_stores_then_drops(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    fake.faults.add("PutObject", "ConnectionClosedError", applied=True)
    client = http_client(server, retries={"max_attempts": 1})
    with pytest.raises(Exception, match=r"Connection was closed|reset|aborted"):
        client.put_object(Bucket="bkt", Key="k", Body=b"v")
    assert fake.store.bucket("bkt").current("k").body == b"v"


def test_latency_fault_delays_and_is_journaled(fake: S3Fake, client: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(app, "time", SimpleNamespace(sleep=slept.append))
    fake.create_bucket("bkt")
    fault = fake.faults.add("ListObjectsV2", None, latency=0.25)
    client.list_objects_v2(Bucket="bkt")
    assert fault.hits == 1
    assert slept == [0.25]
    assert fake.calls.of("ListObjectsV2")[0].status == 200


def test_served_while_active_in_process(fake: S3Fake, server: S3Server) -> None:
    """With the fake also active, a client given the server's endpoint still speaks HTTP to it, and an
    in-process client sees the same store."""
    with fake:
        over_http = http_client(server)
        in_process = fake.client()
        in_process.create_bucket(Bucket="bkt")
        over_http.put_object(Bucket="bkt", Key="k", Body=b"v")
        assert in_process.get_object(Bucket="bkt", Key="k")["Body"].read() == b"v"
    put = fake.calls.of("PutObject")[0]
    assert put.headers["host"] == f"127.0.0.1:{server.port}"  # it came by socket
    # in-process: no socket, so no Host of the server's (botocore signing with awscrt adds a Host of AWS's)
    assert fake.calls.of("GetObject")[0].headers.get("host") != f"127.0.0.1:{server.port}"


def test_several_servers_at_once_each_serve_their_own_fake() -> None:
    one, two = S3Fake(), S3Fake()
    with one.serve() as first, two.serve() as second:
        assert first.port != second.port
        http_client(first).create_bucket(Bucket="only-one")
        assert [b["Name"] for b in http_client(second).list_buckets()["Buckets"]] == []
        assert [b["Name"] for b in http_client(first).list_buckets()["Buckets"]] == ["only-one"]


def test_server_life_cycle() -> None:
    fake = S3Fake()
    server = fake.serve()
    assert server.running and server.endpoint_url == f"http://127.0.0.1:{server.port}" and server.loopback
    server.stop()
    server.stop()  # idempotent
    assert not server.running
    assert repr(server).startswith("<S3Server stopped")


def test_sixteen_concurrent_clients(fake: S3Fake, server: S3Server) -> None:
    fake.create_bucket("bkt")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        client = http_client(server)
        try:
            for i in range(20):
                client.put_object(Bucket="bkt", Key=f"{n}/{i}", Body=f"{n}-{i}".encode())
                assert client.get_object(Bucket="bkt", Key=f"{n}/{i}")["Body"].read() == f"{n}-{i}".encode()
        except BaseException as error:  # collected for the assert below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fake.store.bucket("bkt").object_count() == 16 * 20
    assert len(fake.calls.of("PutObject")) == 320


def test_fixture_sets_the_endpoint_for_every_client(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os, boto3

        def test_env(s3fake, s3fake_server):
            assert os.environ["AWS_ENDPOINT_URL_S3"] == s3fake_server.endpoint_url
            client = boto3.client("s3")
            client.create_bucket(Bucket="bkt")
            assert s3fake.calls.of("CreateBucket")[0].headers["host"].endswith(str(s3fake_server.port))

        def test_each_test_its_own_fake(s3fake_server):
            assert boto3.client("s3").list_buckets()["Buckets"] == []
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
    assert boto3  # the module under test imports it


def test_fixture_gives_each_xdist_worker_its_own_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest

        @pytest.mark.parametrize("n", range(4))
        def test_put(s3fake_server, n):
            client = boto3.client("s3")
            client.create_bucket(Bucket=f"bkt{n}")
            assert [b["Name"] for b in client.list_buckets()["Buckets"]] == [f"bkt{n}"]
        """
    )
    pytester.runpytest_subprocess("-n", "2").assert_outcomes(passed=4)
