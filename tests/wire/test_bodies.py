"""Large bodies through the botocore door (issue 13 item 4): read once, hashed once, never copied when
the caller's stream can hand its bytes over; the same object, ETag and checksums as before."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake import S3Fake, checksums
from pytest_s3fake.bodies import Digests, read_body
from pytest_s3fake.errors.codes import SlowDown
from pytest_s3fake.wire import Request

pytestmark = pytest.mark.fake_only
B = "bodies"


@pytest.fixture
def fake() -> Iterator[S3Fake]:
    with S3Fake() as fake:
        fake.create_bucket(B)
        yield fake


def crc32(data: bytes) -> str:
    return base64.b64encode((zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big")).decode()


def md5_etag(data: bytes) -> str:
    return f'"{hashlib.md5(data).hexdigest()}"'


class Sized(io.RawIOBase):
    """A caller's stream that is not a BytesIO: `read(n)` only, in uneven pieces."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._position, self._step = data, 0, step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size > 0, "read() without a size"
        piece = self._data[self._position: self._position + min(size, self._step)]
        self._position += len(piece)
        return piece


@pytest.mark.parametrize("size", [0, 1, 1 << 20, (5 << 20) + 3])  # 5 MiB: the ETag's MD5 on a second thread
def test_put_object_with_default_trailer_stores_the_callers_bytes(fake: S3Fake, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    answer = fake.client().put_object(Bucket=B, Key="k", Body=io.BytesIO(data))
    version = fake.store.bucket(B).current("k")
    assert version is not None and not version.is_delete_marker
    assert version.body == data  # type: ignore[union-attr]
    if size:
        assert version.body is data  # type: ignore[union-attr]  # handed over by the BytesIO, not copied
    assert answer["ETag"] == version.etag == md5_etag(data)  # type: ignore[union-attr]
    assert answer["ChecksumCRC32"] == version.checksums["CRC32"] == crc32(data)  # type: ignore[union-attr]
    assert fake.calls[-1].headers["x-amz-checksum-crc32"] == crc32(data)


def test_put_object_from_a_sized_stream(fake: S3Fake) -> None:
    data = bytes(range(251)) * 9000
    answer = fake.client().put_object(Bucket=B, Key="k", Body=Sized(data, 70_001))
    assert fake.store.bucket(B).current("k").body == data  # type: ignore[union-attr]
    assert answer["ETag"] == md5_etag(data) and answer["ChecksumCRC32"] == crc32(data)


def test_each_algorithm_of_a_trailer(fake: S3Fake) -> None:
    data = b"abc" * 100_000
    client = fake.client()
    for algorithm in ("CRC32", "SHA1", "SHA256"):  # CRC32C needs awscrt on the client side
        answer = client.put_object(Bucket=B, Key=algorithm, Body=io.BytesIO(data), ChecksumAlgorithm=algorithm)
        assert answer[f"Checksum{algorithm}"] == checksums.compute(algorithm, data)
        assert fake.store.bucket(B).current(algorithm).checksums == {  # type: ignore[union-attr]
            algorithm: checksums.compute(algorithm, data)
        }


def test_a_retried_put_reads_the_stream_again(fake: S3Fake) -> None:
    data = b"r" * (2 << 20)
    fault = fake.faults.add("PutObject", SlowDown(), times=1)
    answer = fake.client().put_object(Bucket=B, Key="k", Body=io.BytesIO(data))
    assert fault.hits == 1
    assert fake.store.bucket(B).current("k").body == data  # type: ignore[union-attr]
    assert answer["ChecksumCRC32"] == crc32(data)


def test_a_trailer_not_computed_by_botocore_is_still_checked(fake: S3Fake) -> None:
    """A checksum class that is not botocore's own (here one that lies) goes through the framed path,
    which takes the trailer's value as sent and checks it: S3's BadDigest."""
    from botocore.httpchecksum import Crc32Checksum

    class Lying(Crc32Checksum):
        def b64digest(self) -> str:
            return crc32(b"something else")

    client = fake.client()

    def swap(request: Any, **kwargs: Any) -> None:
        request.body._checksum_cls = Lying
        request.body._reset()

    client.meta.events.register_first("before-send.s3.PutObject", swap)
    with pytest.raises(ClientError) as excinfo:
        client.put_object(Bucket=B, Key="k", Body=io.BytesIO(b"payload" * 1000))
    assert excinfo.value.response["Error"]["Code"] == "BadDigest"
    assert fake.store.bucket(B).current("k") is None


def test_upload_part_and_complete(fake: S3Fake) -> None:
    client = fake.client()
    upload = client.create_multipart_upload(Bucket=B, Key="m")["UploadId"]
    first, second = b"a" * (5 << 20), b"b" * 1000
    etags = [client.upload_part(Bucket=B, Key="m", UploadId=upload, PartNumber=n, Body=io.BytesIO(body))["ETag"]
             for n, body in ((1, first), (2, second))]
    assert etags == [md5_etag(first), md5_etag(second)]
    client.complete_multipart_upload(Bucket=B, Key="m", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]})
    assert client.get_object(Bucket=B, Key="m")["Body"].read() == first + second


def test_content_md5_and_the_etag_share_one_md5(fake: S3Fake, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = checksums.content_md5
    monkeypatch.setattr(checksums, "content_md5", lambda data: calls.append(len(data)) or original(data))
    data = b"m" * 10_000
    md5 = base64.b64encode(hashlib.md5(data).digest()).decode()
    answer = fake.client().put_object(Bucket=B, Key="k", Body=data, ContentMD5=md5)
    assert answer["ETag"] == md5_etag(data)
    assert calls == [len(data)]


def test_digests_follow_the_body_a_replaced_request_carries() -> None:
    req = Request("PutObject", "PUT", "http://x/b/k", "b", "k", {}, {}, b"one")
    assert req.etag() == md5_etag(b"one")
    other = dataclasses.replace(req, body=b"two")
    assert other.etag() == md5_etag(b"two")
    assert other.checksum("CRC32") == crc32(b"two")
    assert req.checksum("CRC32") == crc32(b"one")
    overlapped = Digests(b"three")
    overlapped.start_md5()
    assert overlapped.get("MD5", b"three") == base64.b64encode(hashlib.md5(b"three").digest()).decode()


@given(st.lists(st.binary(min_size=1, max_size=3000), max_size=8))
def test_read_body_joins_any_pieces(pieces: list[bytes]) -> None:
    queue = list(pieces)
    reads = iter(lambda: queue.pop(0) if queue else b"", None)

    class Stream:
        def read(self, size: int) -> bytes:
            return next(reads)

    assert read_body(Stream()) == b"".join(pieces)
