"""The AWS CLI (v1), run in-process: its own botocore session is answered by the fake like any other.

awscli >= 1.45 vendors botocore and s3transfer and, once imported, aliases the top-level `botocore`
and `s3transfer` names to its copies for modules not yet imported. Both are imported first here, so the
CLI runs on the same botocore as everything else, the one whose built-in handlers include the fake's.
"""

from __future__ import annotations

import json
from pathlib import Path

import botocore.session  # noqa: F401  (import before awscli, see the module docstring)
import pytest
import s3transfer.manager  # noqa: F401

from pytest_s3fake import S3Fake

clidriver = pytest.importorskip("awscli.clidriver")

MIB = 1024 * 1024


@pytest.fixture
def fake(s3fake: S3Fake, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> S3Fake:
    """The fake, with the CLI's environment: dummy credentials, no user config, no pager."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": s3fake.region, "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"), "AWS_PAGER": ""}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    s3fake.create_bucket("cli-bucket")
    return s3fake


def aws(*args: str) -> int:
    """Run one `aws` command line in this process; returns its exit code."""
    return int(clidriver.create_clidriver().main(list(args)))


def stored_keys(fake: S3Fake) -> list[str]:
    return list(fake.store.bucket("cli-bucket").live_keys())


def test_cp_up_and_down_multipart(fake: S3Fake, tmp_path: Path) -> None:
    payload = bytes(range(256)) * (40 * 1024)  # 10 MiB: the CLI's 8 MiB threshold makes it multipart
    source = tmp_path / "big.bin"
    source.write_bytes(payload)
    assert aws("s3", "cp", str(source), "s3://cli-bucket/dir/big.bin") == 0
    version = fake.store.bucket("cli-bucket").current("dir/big.bin")
    assert version is not None and version.body == payload  # type: ignore[union-attr]
    assert version.parts == (8 * MIB, 2 * MIB)  # type: ignore[union-attr]
    target = tmp_path / "back.bin"
    assert aws("s3", "cp", "s3://cli-bucket/dir/big.bin", str(target)) == 0
    assert target.read_bytes() == payload


def test_ls(fake: S3Fake, capsys: pytest.CaptureFixture[str]) -> None:
    fake.store.put_object("cli-bucket", "top.txt", b"12345")
    fake.store.put_object("cli-bucket", "dir/inner.txt", b"x")
    assert aws("s3", "ls", "s3://cli-bucket/") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[-1] for line in out] == ["dir/", "top.txt"]
    assert out[1].split()[-2] == "5"


def test_rm_recursive(fake: S3Fake) -> None:
    for key in ("a/1", "a/2", "b/3"):
        fake.store.put_object("cli-bucket", key, b"x")
    assert aws("s3", "rm", "s3://cli-bucket/a/", "--recursive") == 0
    assert stored_keys(fake) == ["b/3"]


def test_sync_uploads_only_what_changed(fake: S3Fake, tmp_path: Path) -> None:
    local = tmp_path / "tree"
    (local / "sub").mkdir(parents=True)
    (local / "one.txt").write_text("one")
    (local / "sub" / "two.txt").write_text("two")
    # sync re-uploads a file whose mtime is newer than the object's LastModified; the fake's clock is
    # frozen at its start, so move it past the files' mtimes, as real time would have moved on.
    fake.clock.advance(seconds=5)
    assert aws("s3", "sync", str(local), "s3://cli-bucket/tree") == 0
    assert stored_keys(fake) == ["tree/one.txt", "tree/sub/two.txt"]
    puts_before = len(fake.calls.of("PutObject"))
    (local / "three.txt").write_text("three")
    assert aws("s3", "sync", str(local), "s3://cli-bucket/tree") == 0
    assert len(fake.calls.of("PutObject")) == puts_before + 1
    assert fake.store.bucket("cli-bucket").current("tree/three.txt").body == b"three"  # type: ignore[union-attr]


def test_s3api_delete_objects_from_file(fake: S3Fake, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for key in ("x", "y", "z"):
        fake.store.put_object("cli-bucket", key, b"1")
    spec = tmp_path / "delete.json"
    spec.write_text(json.dumps({"Objects": [{"Key": "x"}, {"Key": "y"}], "Quiet": False}))
    assert aws("s3api", "delete-objects", "--bucket", "cli-bucket", "--delete", f"file://{spec}") == 0
    answer = json.loads(capsys.readouterr().out)
    assert sorted(d["Key"] for d in answer["Deleted"]) == ["x", "y"]
    assert stored_keys(fake) == ["z"]
