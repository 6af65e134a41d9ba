"""Workloads that need a fresh interpreter: import time and memory, each in its own subprocess.

Import time: pytest and boto3 are imported first, untimed (a pytest run that uses boto3 has both
already), then the backend's own import is timed. Memory: RSS growth after seeding N small objects
through the backend's store, after `gc.collect()`, in an unversioned and in a versioned bucket; the
floor is a plain `dict` of key -> bytes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What a test that uses S3 pays for: ours is the plugin plus the emulation its fixtures load on first
#: use; moto's, `mock_aws` and its S3 modules.
IMPORTS = {
    "ours": "import pytest_s3fake.plugin; import pytest_s3fake.fake, pytest_s3fake.attempt",
    "moto": "from moto import mock_aws; import moto.s3.models, moto.s3.responses",
}
#: What every pytest run pays once the plugin is installed, S3 or not: the plugin module and the hook.
STARTUP = "import pytest_s3fake.plugin"

_IMPORT = """
import time, pytest, boto3
start = time.perf_counter()
{statement}
print(time.perf_counter() - start)
"""

_RSS = """
import gc, os, resource
def rss():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: peak RSS is the best the platform offers (KiB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

MEMORY = {
    "ours": """
from pytest_s3fake import S3Fake
fake = S3Fake()
fake.store.create_bucket("memory", versioning={versioned})
put = fake.store.put_object
def seed(key, body):
    put("memory", key, body)
""",
    "moto": """
from moto import mock_aws
from moto.s3.models import s3_backends
mock = mock_aws()
mock.start()
backend = s3_backends["123456789012"]["aws"]
backend.create_bucket("memory", "us-east-1")
if {versioned}:
    backend.put_bucket_versioning("memory", "Enabled")
put = backend.put_object
def seed(key, body):
    put("memory", key, body)
""",
    "floor": """
objects = {}
def seed(key, body):
    objects[key] = body
""",
}

_MEMORY_RUN = """
gc.collect()
before = rss()
for i in range({count}):
    seed("objects/%08d" % i, b"%016d" % i)
gc.collect()
print(rss() - before)
"""


def installed_bytecode() -> None:
    """Compile our package's bytecode, as pip does when it installs a wheel (moto's and botocore's are
    compiled in site-packages). An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise
    compile every module from source in every fresh process: about 0.3 s a process on the quiet machine,
    0.75 s on a loaded one, which no installed user pays."""
    import compileall

    compileall.compile_dir(str(ROOT / "pytest_s3fake"), quiet=1)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def import_time(backend: str) -> float:
    """Seconds to import the backend once pytest and boto3 are loaded."""
    installed_bytecode()
    return float(_run(_IMPORT.format(statement=IMPORTS[backend])))


def startup_time() -> float:
    """Seconds to import the plugin alone (what pytest loads at start-up) once pytest and boto3 are."""
    return float(_run(_IMPORT.format(statement=STARTUP)))


def memory_per_object(backend: str, count: int, *, versioned: bool = False) -> float:
    """Bytes of RSS per small object (16-byte body, 16-character key) held by the backend, in a bucket
    with versioning Enabled when `versioned` (the floor has no versions: the same dict either way)."""
    seeding = MEMORY[backend].replace("{versioned}", str(versioned))
    grown = int(_run(_RSS + seeding + _MEMORY_RUN.format(count=count)))
    return grown / count

