"""ABAC status through boto3: PutBucketAbac and GetBucketAbac (botocore's model documentation; ABAC is
off until enabled, per the S3 user guide). moto 5 has neither operation."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import error_code

NO_MOTO = "moto 5 does not implement ABAC"


@pytest.mark.moto_diverges(reason=NO_MOTO)
def test_disabled_until_enabled(s3: Any, bucket: str) -> None:
    assert s3.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Disabled"}
    s3.put_bucket_abac(Bucket=bucket, AbacStatus={"Status": "Enabled"})
    assert s3.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Enabled"}
    s3.put_bucket_abac(Bucket=bucket, AbacStatus={"Status": "Disabled"})
    assert s3.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Disabled"}


@pytest.mark.fake_only
def test_unknown_status_is_malformed(backend: Any, bucket: str) -> None:
    """A status outside the schema's enumeration is MalformedXML, and the stored status stays."""
    backend.client.put_bucket_abac(Bucket=bucket, AbacStatus={"Status": "Enabled"})
    unvalidated = backend.fake.client(config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as exc:
        unvalidated.put_bucket_abac(Bucket=bucket, AbacStatus={"Status": "Sometimes"})
    assert error_code(exc) == "MalformedXML"
    assert backend.client.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Enabled"}


def test_missing_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_abac(Bucket="no-such-bucket")
    assert error_code(exc) == "NoSuchBucket"
