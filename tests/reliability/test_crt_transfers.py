"""boto3's managed transfers while a fake is active: always s3transfer's classic manager, which sends
through botocore, never the CRT manager, whose native HTTPS client would go to AWS past every hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3.s3.transfer
import pytest

from pytest_s3fake import S3Fake
from pytest_s3fake.transport import classic_transfers


def test_crt_choice_is_classic_while_a_fake_is_active(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As on a CRT-optimised instance: boto3 would choose the CRT manager for every transfer."""
    monkeypatch.setattr(boto3.s3.transfer, "_should_use_crt", lambda config: True)
    config = boto3.s3.transfer.TransferConfig()
    with S3Fake() as fake:
        client = fake.client()  # a new client class: the choice is wrapped again
        assert boto3.s3.transfer._should_use_crt(config) is False
        client.create_bucket(Bucket="bkt")
        source = tmp_path / "f.bin"
        source.write_bytes(b"payload" * 1000)
        client.upload_file(str(source), "bkt", "f.bin")
        client.download_file("bkt", "f.bin", str(tmp_path / "back.bin"))
        assert fake.store.bucket("bkt").current("f.bin").body == source.read_bytes()  # type: ignore[union-attr]
        assert (tmp_path / "back.bin").read_bytes() == source.read_bytes()
    assert boto3.s3.transfer._should_use_crt(config) is True  # no fake: boto3 decides as before


def test_a_fake_started_after_boto3_imported_wraps_the_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boto3.s3.transfer, "_should_use_crt", lambda config: True)
    with S3Fake():  # no client made: starting is enough
        assert boto3.s3.transfer._should_use_crt(boto3.s3.transfer.TransferConfig()) is False


def test_real_crt_manager_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With awscrt installed, an explicit `preferred_transfer_client="crt"` would upload from native code."""
    pytest.importorskip("awscrt.s3")
    chosen: list[Any] = []
    original = boto3.s3.transfer.create_transfer_manager

    def spy(*args: Any, **kwargs: Any) -> Any:
        manager = original(*args, **kwargs)
        chosen.append(type(manager).__name__)
        return manager

    monkeypatch.setattr(boto3.s3.transfer, "create_transfer_manager", spy)
    with S3Fake() as fake:
        client = fake.client()
        classic_transfers()
        client.create_bucket(Bucket="bkt")
        source = tmp_path / "f.bin"
        source.write_bytes(b"x" * 100)
        client.upload_file(str(source), "bkt", "k", Config=boto3.s3.transfer.TransferConfig(
            preferred_transfer_client="crt"))
        assert fake.store.bucket("bkt").current("k").body == b"x" * 100  # type: ignore[union-attr]
    assert chosen == ["TransferManager"]
