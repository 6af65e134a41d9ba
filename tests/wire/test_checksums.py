"""pytest_s3fake.checksums against published check values; no botocore, no fake."""

from __future__ import annotations

import base64
import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake import checksums

CHECK_INPUT = b"123456789"


def b64(value: int, size: int) -> str:
    return base64.b64encode(value.to_bytes(size, "big")).decode()


# The CRC "check" values: each algorithm's CRC of the ASCII digits 1-9 (CRC catalogue; NVMe spec for CRC64).
@pytest.mark.parametrize(("algorithm", "expected"), [
    ("CRC32", b64(0xCBF43926, 4)),
    ("CRC32C", b64(0xE3069283, 4)),
    ("CRC64NVME", b64(0xAE8B14860A799888, 8)),
    ("SHA1", base64.b64encode(bytes.fromhex("f7c3bc1d808e04732adf679965ccc34ca7ae3441")).decode()),
    ("SHA256", base64.b64encode(bytes.fromhex(
        "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225")).decode()),
])
def test_check_values(algorithm: str, expected: str) -> None:
    assert checksums.compute(algorithm, CHECK_INPUT) == expected


@pytest.mark.parametrize(("algorithm", "expected"), [
    ("CRC32", "AAAAAA=="),
    ("CRC32C", "AAAAAA=="),
    ("CRC64NVME", "AAAAAAAAAAA="),
    ("SHA1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
    ("SHA256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
])
def test_empty_input(algorithm: str, expected: str) -> None:
    assert checksums.compute(algorithm, b"") == expected


def test_sha_values_of_abc() -> None:
    # FIPS 180 test vectors for "abc".
    assert base64.b64decode(checksums.compute("SHA1", b"abc")).hex() == "a9993e364706816aba3e25717850c26c9cd0d89d"
    assert base64.b64decode(checksums.compute("SHA256", b"abc")).hex() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_algorithms_and_header_names() -> None:
    assert checksums.ALGORITHMS == ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5", "XXHASH64",
                                   "XXHASH3", "XXHASH128")
    assert checksums.header_name("CRC64NVME") == "x-amz-checksum-crc64nvme"


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5"])
def test_well_formed(algorithm: str) -> None:
    value = checksums.compute(algorithm, b"data")
    assert checksums.is_well_formed(algorithm, value)
    digest = base64.b64decode(value)
    assert not checksums.is_well_formed(algorithm, base64.b64encode(digest + b"\0").decode())
    assert not checksums.is_well_formed(algorithm, base64.b64encode(digest[:-1]).decode())
    assert not checksums.is_well_formed(algorithm, "not base64!")


def test_content_md5() -> None:
    # RFC 1321 test vector: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72.
    assert base64.b64decode(checksums.content_md5(b"abc")).hex() == "900150983cd24fb0d6963f7d28e17f72"


# CRC64NVME values S3 computed (LocalStack's AWS-validated snapshots: test_multipart_if_match_etag,
# test_s3_checksum_no_automatic_sdk_calculation, test_complete_multipart_parts_checksum_default,
# test_s3_get_object_checksum[CRC64NVME]).
@pytest.mark.parametrize(("data", "expected"), [
    (b"test", "+bu+zv66sUM="),
    (b"test data..", "qUVrWYOrIAM="),
    (b"aaa", "Rnr2/5P7Gsk="),
    (b"test-checksum", "1f2xscCCZCU="),
])
def test_crc64nvme_matches_s3(data: bytes, expected: str) -> None:
    assert b64(checksums.crc64nvme_pure(data), 8) == expected
    assert checksums.compute("CRC64NVME", data) == expected


def _crc64nvme_bytewise(data: bytes) -> int:
    return checksums._reflected_crc(data, checksums._CRC64NVME_TABLE, 0xFFFFFFFFFFFFFFFF)


@given(st.binary(max_size=200))
def test_sliced_crc64nvme_equals_the_byte_at_a_time_definition(data: bytes) -> None:
    # Every length modulo 8 is covered: the 8-byte words and the tail bytes.
    assert checksums.crc64nvme_pure(data) == _crc64nvme_bytewise(data)


needs_awscrt = pytest.mark.skipif(importlib.util.find_spec("awscrt") is None, reason="awscrt is not installed")


@needs_awscrt
@given(st.binary(max_size=300))
def test_pure_crc64nvme_equals_awscrt(data: bytes) -> None:
    from awscrt import checksums as crt  # type: ignore[import-not-found]

    assert checksums.crc64nvme_pure(data) == crt.crc64nvme(data)


@needs_awscrt
def test_pure_crc64nvme_equals_awscrt_on_a_large_body() -> None:
    from awscrt import checksums as crt

    data = bytes(range(256)) * 4099 + b"tail"
    assert checksums.crc64nvme_pure(data) == crt.crc64nvme(data)


def test_sha512_of_abc() -> None:
    # FIPS 180 test vector for "abc".
    assert base64.b64decode(checksums.compute("SHA512", b"abc")).hex() == (
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    assert checksums.compute("MD5", b"abc") == checksums.content_md5(b"abc")


@pytest.mark.parametrize(("algorithm", "data", "expected"), [
    # The reference xxHash values (github.com/Cyan4973/xxHash, seed 0).
    ("XXHASH64", b"", "ef46db3751d8e999"),
    ("XXHASH64", b"abc", "44bc2cf5ad770999"),
    ("XXHASH3", b"", "2d06800538d394c2"),
    ("XXHASH3", b"abc", "78af5f94892f3950"),
    ("XXHASH128", b"", "99aa06d3014798d86001c324468d497f"),
    ("XXHASH128", b"abc", "06b05ab6733a618578af5f94892f3950"),
])
def test_xxhash_values(algorithm: str, data: bytes, expected: str) -> None:
    pytest.importorskip("awscrt.checksums", reason="the XXHASH family is computed by awscrt")
    assert base64.b64decode(checksums.compute(algorithm, data)).hex() == expected


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME"])
@given(pieces=st.lists(st.binary(max_size=300), min_size=1, max_size=5))
def test_combined_crcs_are_the_crc_of_the_joined_pieces(algorithm: str, pieces: list[bytes]) -> None:
    pytest.importorskip("awscrt.checksums", reason="the CRCs are combined by awscrt")
    values = [(checksums.compute(algorithm, p), len(p)) for p in pieces]
    assert checksums.combine(algorithm, values) == checksums.compute(algorithm, b"".join(pieces))


def test_what_cannot_be_combined_is_none() -> None:
    assert checksums.combine("SHA256", [(checksums.compute("SHA256", b"a"), 1)]) is None
    assert checksums.combine("CRC32", [(checksums.compute("CRC32", b"a"), 1), (None, 3)]) is None
    assert checksums.combine("CRC32", []) is None
