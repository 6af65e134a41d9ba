"""Without awscrt, a large body's CRC64NVME or CRC32C is computed in pure Python: said once, with the fix."""

from __future__ import annotations

import warnings

import pytest

from pytest_s3fake import checksums


@pytest.mark.parametrize("algorithm", ["CRC64NVME", "CRC32C"])
def test_a_large_pure_python_crc_warns_once(monkeypatch: pytest.MonkeyPatch, algorithm: str) -> None:
    monkeypatch.setitem(checksums._CRT, algorithm.lower(), None)  # as without awscrt
    monkeypatch.setattr(checksums, "_WARNED", set())
    monkeypatch.setattr(checksums, "SLOW_WARNING_BYTES", 4096)  # keep the pure-Python work small
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checksums.compute(algorithm, b"x" * 100)  # small: nothing to say
        first = checksums.compute(algorithm, b"x" * 5000)
        checksums.compute(algorithm, b"y" * 5000)  # said already
    assert [w.category for w in caught] == [checksums.SlowChecksumWarning]
    assert "pytest-s3fake[crt]" in str(caught[0].message) and algorithm in str(caught[0].message)
    expected = checksums.crc64nvme_pure(b"x" * 5000).to_bytes(8, "big") if algorithm == "CRC64NVME" else None
    if expected is not None:
        import base64

        assert first == base64.b64encode(expected).decode()  # the value is the same, only slower
