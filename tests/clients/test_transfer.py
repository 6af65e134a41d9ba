"""boto3 managed transfers (s3transfer): multipart, threaded uploads, downloads and copies."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from boto3.s3.transfer import TransferConfig

from tests.conftest import Backend

MIB = 1024 * 1024
#: 5 MiB parts (S3's minimum), four threads: a 12 MiB file goes as parts of 5, 5 and 2 MiB.
CONFIG = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
PAYLOAD = os.urandom(12 * MIB)
PARTS = (5 * MIB, 5 * MIB, 2 * MIB)

pytestmark = pytest.mark.fake_only


def multipart_etag(data: bytes, size: int = 5 * MIB) -> str:
    digests = b"".join(hashlib.md5(data[i : i + size]).digest() for i in range(0, len(data), size))
    return f'"{hashlib.md5(digests).hexdigest()}-{-(-len(data) // size)}"'


def stored(backend: Backend, bucket: str, key: str) -> tuple[bytes, str, tuple[int, ...] | None]:
    assert backend.fake is not None
    version = backend.fake.store.bucket(bucket).current(key)
    assert version is not None and not version.is_delete_marker
    return version.body, version.etag, version.parts  # type: ignore[union-attr]


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.bin"
    path.write_bytes(PAYLOAD)
    return path


def test_upload_file_goes_multipart(backend: Backend, bucket: str, big_file: Path) -> None:
    backend.client.upload_file(str(big_file), bucket, "big.bin", Config=CONFIG, ExtraArgs={"Metadata": {"m": "1"}})
    body, etag, parts = stored(backend, bucket, "big.bin")
    assert body == PAYLOAD
    assert parts == PARTS
    assert etag == multipart_etag(PAYLOAD)
    assert backend.client.head_object(Bucket=bucket, Key="big.bin")["Metadata"] == {"m": "1"}
    assert backend.fake is not None
    assert len(backend.fake.store.bucket(bucket).uploads) == 0
    assert len(backend.fake.calls.of("UploadPart")) == 3


def test_upload_fileobj_goes_multipart(backend: Backend, bucket: str) -> None:
    backend.client.upload_fileobj(io.BytesIO(PAYLOAD), bucket, "obj.bin", Config=CONFIG)
    body, etag, parts = stored(backend, bucket, "obj.bin")
    assert (body, parts, etag) == (PAYLOAD, PARTS, multipart_etag(PAYLOAD))


def test_download_file_and_fileobj(backend: Backend, bucket: str, big_file: Path, tmp_path: Path) -> None:
    backend.client.upload_file(str(big_file), bucket, "big.bin", Config=CONFIG)
    target = tmp_path / "down.bin"
    backend.client.download_file(bucket, "big.bin", str(target), Config=CONFIG)
    assert target.read_bytes() == PAYLOAD
    sink = io.BytesIO()
    backend.client.download_fileobj(bucket, "big.bin", sink, Config=CONFIG)
    assert sink.getvalue() == PAYLOAD


def test_managed_copy_uses_part_copies(backend: Backend, bucket: str, big_file: Path) -> None:
    backend.client.upload_file(str(big_file), bucket, "src.bin", Config=CONFIG)
    backend.client.copy({"Bucket": bucket, "Key": "src.bin"}, bucket, "dst.bin", Config=CONFIG)
    body, etag, parts = stored(backend, bucket, "dst.bin")
    assert (body, parts, etag) == (PAYLOAD, PARTS, multipart_etag(PAYLOAD))
    assert backend.fake is not None
    assert len(backend.fake.calls.of("UploadPartCopy")) == 3


def test_small_upload_stays_single_part(backend: Backend, bucket: str, tmp_path: Path) -> None:
    path = tmp_path / "small.bin"
    path.write_bytes(b"small")
    backend.client.upload_file(str(path), bucket, "small.bin", Config=CONFIG)
    body, etag, parts = stored(backend, bucket, "small.bin")
    assert (body, parts) == (b"small", None)
    assert etag == f'"{hashlib.md5(b"small").hexdigest()}"'
