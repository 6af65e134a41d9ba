"""`s3fake serve` and `python -m pytest_s3fake serve` as subprocesses."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import boto3
import pytest


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_the_endpoint_serves_and_stops_cleanly(stop: signal.Signals) -> None:
    process = subprocess.Popen([sys.executable, "-m", "pytest_s3fake", "serve", "--port", "0", "--region",
                                "eu-west-1", "--seed", "7"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert match, line
        client = boto3.client("s3", endpoint_url=match.group(1), region_name="eu-west-1",
                              aws_access_key_id="a", aws_secret_access_key="b")
        client.create_bucket(Bucket="bkt", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        client.put_object(Bucket="bkt", Key="k", Body=b"v")
        assert client.get_object(Bucket="bkt", Key="k")["Body"].read() == b"v"
        process.send_signal(stop)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def test_non_loopback_host_is_announced() -> None:
    process = subprocess.Popen([sys.executable, "-m", "pytest_s3fake", "serve", "--host", "0.0.0.0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        process.stdout.readline()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    finally:
        process.kill() if process.poll() is None else None
    assert "not a loopback address" in err
