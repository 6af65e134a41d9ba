"""Memory: many small objects fit in a bounded amount, and bodies are stored without copies.

The bound is measured with tracemalloc in a fresh subprocess (so other tests' garbage does not count),
over the store's own structures: keys and bodies are made before measuring, since a user's data costs
what it costs. Figures for a million objects are in docs/reliability.md.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from botocore.config import Config

from pytest_s3fake import S3Fake
from pytest_s3fake.model import ObjectVersion

pytestmark = pytest.mark.fake_only

COUNT = 50_000
#: Measured at about 540 bytes per object (unversioned) and 660 (versioning Enabled); the bound
#: leaves room for Python versions and allocator differences, not for an extra copy per object.
MAX_BYTES_PER_OBJECT = 1000

MEASURE = """
import gc, sys, tracemalloc
from pytest_s3fake import S3Fake
count, versioning = int(sys.argv[1]), sys.argv[2] == "versioned"
fake = S3Fake()
fake.create_bucket("mem", versioning=versioning)
keys = ["objects/%08d" % i for i in range(count)]
bodies = [b"%016d" % i for i in range(count)]
gc.collect()
tracemalloc.start()
for key, body in zip(keys, bodies):
    fake.store.put_object("mem", key, body)
gc.collect()
print(tracemalloc.get_traced_memory()[0] // count)
"""


@pytest.mark.parametrize("versioning", ["unversioned", "versioned"])
def test_bytes_per_small_object(versioning: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(COUNT), versioning],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    per_object = int(out.stdout)
    assert 0 < per_object < MAX_BYTES_PER_OBJECT, per_object


def test_seeded_body_is_the_callers_bytes() -> None:
    with S3Fake() as fake:
        fake.create_bucket("mem")
        body = b"x" * 1024
        assert fake.store.put_object("mem", "k", body).body is body


def test_put_and_get_do_not_copy_the_body() -> None:
    """PutObject stores the caller's very bytes object; the journal and GetObject share it, no copies."""
    with S3Fake() as fake:
        # Without a checksum trailer botocore sends the bytes as they are. With one (the default for
        # PutObject) the aws-chunked framing is decoded, which makes the one copy it needs.
        client = fake.client(config=Config(request_checksum_calculation="when_required"))
        client.create_bucket(Bucket="mem")
        payload = bytes(range(256)) * 4096
        client.put_object(Bucket="mem", Key="k", Body=payload)
        stored = fake.store.bucket("mem").current("k")
        assert isinstance(stored, ObjectVersion) and stored.body is payload
        assert fake.calls.of("PutObject")[0].body is payload
        assert client.get_object(Bucket="mem", Key="k")["Body"].read() == payload
