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

The floor is the same suite against a responder that costs nothing: a run of ours records every
response the fake gave, in order, and a `before-send` handler hands them back in the same order (pytest's
order is fixed, so each call gets the answer it had). It pays what any in-process fake would (the
interpreter, pytest, a boto3 client per test, botocore's serialising and parsing), so `moto / floor` is the
best ratio against moto that any fake could show on this suite.
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

#: Added to ours' conftest for one run: every response the fake gives, in order, pickled at the end.
RECORDER = '''
import atexit, pickle
from pytest_s3fake import transport

_RESPONSES = []
_original = transport.to_aws_response

def _recording(url, response):
    _RESPONSES.append((response.status, dict(response.headers), bytes(response.body)))
    return _original(url, response)

transport.to_aws_response = _recording
atexit.register(lambda: pickle.dump(_RESPONSES, open({path!r}, "wb")))
'''

#: The floor's conftest: the recorded responses handed back in order at `before-send`.
FLOOR = '''
import io, pickle
import boto3
import pytest
from botocore.awsrequest import AWSResponse

_RESPONSES = iter(pickle.load(open({path!r}, "rb")))

class _Body(io.BytesIO):
    def stream(self, amt=65536, decode_content=None):
        while chunk := self.read(amt):
            yield chunk

def _replay(request, **kwargs):
    status, headers, body = next(_RESPONSES)
    return AWSResponse(request.url, status, headers, _Body(body))

@pytest.fixture
def client():
    made = boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")
    made.meta.events.register_first("before-send.s3", _replay)
    return made

@pytest.fixture
def throttle():
    return lambda operation: None  # the recorded SlowDown and its retry are in the replay
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


def _run(directory: Path, count: int, *options: str) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "-p", "no:xdist", *options, str(directory)], cwd=directory, env=env,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or f"{count} passed" not in done.stdout:
        raise AssertionError(f"the suite did not pass in {directory}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def measure(rounds: int = 3, count: int = TESTS, with_moto: bool = True) -> dict[str, float]:
    """Median seconds for each variant: 'ours', 'moto' (when installed), 'floor', 'fixture', 'bare'."""
    installed_bytecode()  # as an installed plugin has it (the generated tests are compiled in each run)
    with tempfile.TemporaryDirectory(prefix="s3fake-suite-") as root:
        recorded = Path(root) / "responses.pickle"
        variants: dict[str, tuple[str, str]] = {"ours": (CONFTEST["ours"], BODY)}
        if with_moto:
            variants["moto"] = (CONFTEST["moto"], BODY)
        variants["floor"] = (FLOOR.format(path=str(recorded)), BODY)
        variants["fixture"] = ("", OVERHEAD["fixture"])
        variants["bare"] = ("", OVERHEAD["bare"])
        #: Each backend without the other's plugin, as its users run it (moto has no pytest plugin).
        options = {"moto": ("-p", "no:s3fake"), "floor": ("-p", "no:s3fake")}
        dirs = {}
        for name, (conftest, body) in {**variants, "recorder": (CONFTEST["ours"] + RECORDER.format(
                path=str(recorded)), BODY)}.items():
            dirs[name] = Path(root) / name
            dirs[name].mkdir()
            _write(dirs[name], conftest, body, count)
        _run(dirs["recorder"], count)  # the responses the floor replays
        samples: dict[str, list[float]] = {name: [] for name in variants}
        order = list(variants)
        for round_ in range(rounds + 1):  # the first round warms the file cache and is dropped
            shift = round_ % len(order)
            for name in [*order[shift:], *order[:shift]]:
                elapsed = _run(dirs[name], count, *options.get(name, ()))
                if round_:
                    samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    from benchmarks.backends import moto_available

    values = measure(with_moto=moto_available())
    overhead = (values["fixture"] - values["bare"]) / TESTS
    moto = values.get("moto")
    print(f"{TESTS}-test suite, whole process: ours {values['ours']:.2f} s"
          + (f", moto {moto:.2f} s" if moto else "") + f", floor {values['floor']:.2f} s")
    print(f"ours/floor {values['ours'] / values['floor']:.2f}x"
          + (f", moto/ours {moto / values['ours']:.1f}x (target 10x), moto/floor {moto / values['floor']:.1f}x "
             "(the best any in-process fake could reach)" if moto else ""))
    print(f"plugin's own per-test cost {overhead * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
