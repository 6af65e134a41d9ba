"""A whole suite's time: the same 200 tests under pytest, on the fake and on moto, each a fresh process.

    python -m benchmarks --only suite          # part of the full run
    python -m benchmarks.suite                 # alone: prints its rows

The suite is what users' suites are made of: each test creates a bucket and puts, lists, deletes with
DeleteObjects, cleans up a versioned bucket, and a few meet throttling (a fault on the fake; on moto,
which has no faults, the same calls without one). It is written to a temporary directory and run with
`python -m pytest -q -p no:randomly -p no:cacheprovider` as a subprocess, so each measure includes
interpreter start, collection, imports and fixtures: what a developer waits for. A third run of 200 tests
that ask for the fixture and make no call, against 200 tests that ask for nothing, gives the plugin's own
per-test cost (fixture set-up and tear-down beyond the calls).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.probes import installed_bytecode

TESTS = 200

CONFTEST = {
    "ours": '''
import pytest

@pytest.fixture
def client(s3fake):
    return s3fake.client()

@pytest.fixture
def throttle(s3fake):
    def add(operation):
        s3fake.faults.add(operation, "SlowDown", times=1)
    return add
''',
    "moto": '''
import boto3
import pytest
from moto import mock_aws

@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield boto3.client("s3", region_name="us-east-1")

@pytest.fixture
def throttle():
    return lambda operation: None  # moto has no faults: the same calls, without one
''',
}

BODY = '''
import pytest
from botocore.config import Config

@pytest.fixture(autouse=True)
def _no_backoff_wait(monkeypatch):
    import botocore.endpoint, time as real_time
    class T:
        def __getattr__(self, name):
            return getattr(real_time, name)
        def sleep(self, seconds):
            pass
    monkeypatch.setattr(botocore.endpoint, "time", T())

@pytest.mark.parametrize("n", range({count}))
def test_case(client, throttle, n):
    bucket = f"bucket-{{n}}"
    kind = n % 4
    if kind == 0:  # create, put, list
        client.create_bucket(Bucket=bucket)
        for i in range(5):
            client.put_object(Bucket=bucket, Key=f"k/{{i}}", Body=b"x" * 100)
        assert client.list_objects_v2(Bucket=bucket, Prefix="k/")["KeyCount"] == 5
    elif kind == 1:  # DeleteObjects of a prefix
        client.create_bucket(Bucket=bucket)
        for i in range(10):
            client.put_object(Bucket=bucket, Key=f"tmp/{{i}}", Body=b"x")
        keys = [{{"Key": o["Key"]}} for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
        client.delete_objects(Bucket=bucket, Delete={{"Objects": keys, "Quiet": True}})
        assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    elif kind == 2:  # versioned clean-up
        client.create_bucket(Bucket=bucket)
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={{"Status": "Enabled"}})
        for i in range(3):
            client.put_object(Bucket=bucket, Key="v", Body=str(i).encode())
        client.delete_object(Bucket=bucket, Key="v")
        versions = client.list_object_versions(Bucket=bucket)
        objects = [{{"Key": v["Key"], "VersionId": v["VersionId"]}}
                   for v in versions.get("Versions", []) + versions.get("DeleteMarkers", [])]
        client.delete_objects(Bucket=bucket, Delete={{"Objects": objects}})
        assert "Versions" not in client.list_object_versions(Bucket=bucket)
    else:  # throttled once, retried by botocore
        client.create_bucket(Bucket=bucket)
        throttle("PutObject")
        client.put_object(Bucket=bucket, Key="k", Body=b"x")
        assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"
'''

#: The plugin's own cost: the fixture and nothing else, against no fixture at all.
OVERHEAD = {
    "fixture": '''
import pytest

@pytest.mark.parametrize("n", range({count}))
def test_case(s3fake, n):
    pass
''',
    "bare": '''
import pytest

@pytest.mark.parametrize("n", range({count}))
def test_case(n):
    pass
''',
}


def _write(directory: Path, conftest: str, body: str, count: int) -> None:
    (directory / "conftest.py").write_text(conftest)
    (directory / "test_suite.py").write_text(body.format(count=count))


def _run(directory: Path, count: int) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "-p", "no:xdist", str(directory)], cwd=directory, env=env, capture_output=True,
                          text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or f"{count} passed" not in done.stdout:
        raise AssertionError(f"the suite did not pass in {directory}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def measure(rounds: int = 3, count: int = TESTS, with_moto: bool = True) -> dict[str, float]:
    """Median seconds for each variant: 'ours', 'moto' (when installed), 'fixture', 'bare'."""
    variants: dict[str, tuple[str, str]] = {"ours": (CONFTEST["ours"], BODY)}
    if with_moto:
        variants["moto"] = (CONFTEST["moto"], BODY)
    variants["fixture"] = ("", OVERHEAD["fixture"])
    variants["bare"] = ("", OVERHEAD["bare"])
    samples: dict[str, list[float]] = {name: [] for name in variants}
    installed_bytecode()  # as an installed plugin has it (the generated tests are compiled in each run)
    with tempfile.TemporaryDirectory(prefix="s3fake-suite-") as root:
        dirs = {}
        for name, (conftest, body) in variants.items():
            dirs[name] = Path(root) / name
            dirs[name].mkdir()
            _write(dirs[name], conftest, body, count)
        order = list(variants)
        for round_ in range(rounds + 1):  # the first round warms the file cache and is dropped
            shift = round_ % len(order)
            for name in [*order[shift:], *order[:shift]]:
                elapsed = _run(dirs[name], count)
                if round_:
                    samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    from benchmarks.backends import moto_available

    values = measure(with_moto=moto_available())
    overhead = (values["fixture"] - values["bare"]) / TESTS
    print(f"{TESTS}-test suite, whole process: ours {values['ours']:.2f} s"
          + (f", moto {values['moto']:.2f} s, moto/ours {values['moto'] / values['ours']:.1f}x" if "moto" in values
             else "")
          + f"; plugin's own per-test cost {overhead * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
