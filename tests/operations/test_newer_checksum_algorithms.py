"""The checksum algorithms botocore 1.44.18 added to S3's model: SHA512 always; the XXHASH family, which
botocore (and the fake) compute with awscrt. Sent, checked, stored and answered like SHA256."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

pytestmark = [pytest.mark.fake_only]


def algorithms() -> list[str]:
    try:
        import awscrt.checksums  # noqa: F401
    except ImportError:
        return ["SHA512"]
    return ["SHA512", "XXHASH64", "XXHASH3", "XXHASH128"]


@pytest.mark.parametrize("algorithm", algorithms())
def test_a_put_with_the_algorithm_is_stored_and_answered(s3: Any, bucket: str, algorithm: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"payload", ChecksumAlgorithm=algorithm)
    value = put[f"Checksum{algorithm}"]
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head[f"Checksum{algorithm}"] == value
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")  # botocore validates it on read
    assert got["Body"].read() == b"payload"
    if algorithm == "SHA512":
        assert value == base64.b64encode(hashlib.sha512(b"payload").digest()).decode()


def test_a_wrong_sha512_is_bad_digest_and_stores_nothing(s3: Any, bucket: str) -> None:
    wrong = base64.b64encode(hashlib.sha512(b"other").digest()).decode()
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"payload", ChecksumSHA512=wrong)
    assert error_code(exc) == "BadDigest"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
