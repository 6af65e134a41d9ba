"""Directory-bucket (S3 Express One Zone) operations and GetObjectTorrent on a store of general
purpose buckets. Which operations are directory-bucket only, and that S3 ended BitTorrent, is AWS's
API reference; the refusals' codes are our choice (docs/differences.md). moto 5 has none of them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import error_code

NO_MOTO = "moto 5 does not implement this operation"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_no_directory_buckets(s3: Any, bucket: str) -> None:
    """General purpose buckets are not directory buckets: the list is empty."""
    got = s3.list_directory_buckets()
    assert got["Buckets"] == [] and "ContinuationToken" not in got


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_create_session_on_general_purpose_bucket(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.create_session(Bucket=bucket)
    assert error_code(exc) == "InvalidRequest"
    with pytest.raises(ClientError) as exc:
        s3.create_session(Bucket="no-such-bucket")
    assert error_code(exc) == "NoSuchBucket"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_rename_object_on_general_purpose_bucket(s3: Any, bucket: str) -> None:
    """Refused, and nothing is renamed."""
    s3.put_object(Bucket=bucket, Key="old", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.rename_object(Bucket=bucket, Key="new", RenameSource="old")
    assert error_code(exc) == "InvalidRequest"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["old"]


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_torrent_refused_once_the_object_is_found(s3: Any, bucket: str) -> None:
    """The object is looked up as GetObject does (404 NoSuchKey), then the torrent is refused."""
    with pytest.raises(ClientError) as exc:
        s3.get_object_torrent(Bucket=bucket, Key="missing")
    assert error_code(exc) == "NoSuchKey"
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    with pytest.raises(ClientError) as exc:
        s3.get_object_torrent(Bucket=bucket, Key="k")
    assert error_code(exc) == "InvalidRequest"
