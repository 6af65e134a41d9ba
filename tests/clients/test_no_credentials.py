"""With no credentials configured anywhere, a fake started by hand answers S3 calls and no credential
provider touches the network (issue 13 item 5); the environment is restored exactly at stop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.fake_only

SCRIPT = r"""
import json, os, socket, sys

seen = []
real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

def getaddrinfo(host, *args, **kwargs):
    seen.append(("dns", str(host)))
    return real_getaddrinfo(host, *args, **kwargs)

def connect(self, address):
    seen.append(("connect", str(address[0])))
    raise OSError("the test forbids connections")

socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect

import boto3
from pytest_s3fake import S3Fake

before = dict(os.environ)
mode = sys.argv[1]
if mode == "with":
    with S3Fake():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="bkt")
        names = [b["Name"] for b in client.list_buckets()["Buckets"]]
else:
    fake = S3Fake().start()
    nested = S3Fake().start()
    client = boto3.client("s3", region_name="us-east-1")
    names = [b["Name"] for b in client.list_buckets()["Buckets"]]
    fake.stop()  # out of order: the environment stays until the last fake stops
    assert os.environ.get("AWS_EC2_METADATA_DISABLED") == "true"
    nested.stop()
print(json.dumps({"names": names, "seen": seen, "restored": dict(os.environ) == before}))
"""


@pytest.mark.parametrize("mode", ["with", "start"])
def test_no_credentials_and_no_metadata_lookups(tmp_path: Path, mode: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HOME=str(tmp_path),
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_CONTAINER_CREDENTIALS_FULL_URI="http://169.254.170.2/creds",
    )
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["names"] == (["bkt"] if mode == "with" else [])
    metadata = [entry for entry in result["seen"] if entry[1].startswith("169.254.")]
    assert metadata == []
    assert result["restored"] is True
