"""Record a scenario's S3 calls as a transcript, normalize it, and compare the fake's with moto's.

A transcript holds, for each call, the operation, its parameters, and either the parsed response
(without ResponseMetadata, bodies read) or the error code and HTTP status. Normalization replaces what
legitimately differs between two correct S3s: version ids, upload ids and continuation tokens become
numbered placeholders in order of first appearance (so "the same version as call 3" still shows),
dates become `<date>`, owner ids `<owner-N>`, and long bodies a length and MD5.
"""

from __future__ import annotations

import hashlib
import pprint
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.response import StreamingBody

from pytest_s3fake import S3Fake

#: Fields whose values are opaque ids, each mapped to numbered placeholders of its kind.
ID_KINDS = {
    "VersionId": "version", "VersionIdMarker": "version", "NextVersionIdMarker": "version",
    "DeleteMarkerVersionId": "version", "CopySourceVersionId": "version",
    "UploadId": "upload", "UploadIdMarker": "upload", "NextUploadIdMarker": "upload",
    "ContinuationToken": "token", "NextContinuationToken": "token",
    "ID": "owner",
}
#: Fields that depend on the account, not on S3 behaviour.
ACCOUNT_FIELDS = {"DisplayName"}
#: Response fields real S3 sends and moto leaves out. When moto's answer lacks one of these where the
#: fake's has it, the field is not compared; any other difference in it (a different value) still fails.
MOTO_OMITS = {
    # Every object is encrypted with SSE-S3 by default since January 2023, and S3 says so:
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
    "ServerSideEncryption": "moto sends no x-amz-server-side-encryption for default SSE-S3",
    "ChecksumType": "moto does not report ChecksumType (FULL_OBJECT for a whole-object CRC32)",
    "ChecksumAlgorithm": "moto lists no ChecksumAlgorithm in ListObjects (V1) or ListObjectVersions",
    "EncodingType": "moto does not echo encoding-type=url in ListObjectVersions",
}
#: Bodies longer than this are recorded as length and MD5.
BODY_INLINE = 64


@dataclass
class Entry:
    operation: str
    params: dict[str, Any]
    #: {"response": {...}} on success, {"error": code, "status": http_status} on failure.
    outcome: dict[str, Any]


@dataclass
class Recorder:
    """Wraps a boto3 client: `rec.call("put_object", Bucket=..., ...)` makes the call and records it."""

    client: Any
    #: Record an exception other than ClientError as `{"crash": type name}` and go on. Only for moto,
    #: whose handlers raise e.g. KeyError for an unknown upload id; the fake's bugs propagate.
    record_crashes: bool = False
    entries: list[Entry] = field(default_factory=list)

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """The parsed response (bodies read into bytes), or `{}` when S3 answered an error."""
        try:
            response = getattr(self.client, operation)(**params)
        except ClientError as error:
            meta = error.response["ResponseMetadata"]
            code = error.response.get("Error", {}).get("Code")
            self.entries.append(Entry(operation, params, {"error": code, "status": meta["HTTPStatusCode"]}))
            return {}
        except Exception as crash:
            if not self.record_crashes:
                raise
            self.entries.append(Entry(operation, params, {"crash": type(crash).__name__}))
            return {}
        response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        if isinstance(response.get("Body"), StreamingBody):
            response["Body"] = response["Body"].read()
        self.entries.append(Entry(operation, params, {"response": response}))
        return response


Scenario = Callable[[Recorder], None]


class _Normalizer:
    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}

    def placeholder(self, kind: str, value: str) -> str:
        if kind == "version" and value == "null":
            return value  # "null" is S3's real id of the null version: compared as is
        name = self.seen.get((kind, value))
        if name is None:
            count = sum(1 for seen_kind, _ in self.seen if seen_kind == kind)
            name = self.seen[(kind, value)] = f"<{kind}-{count + 1}>"
        return name

    def value(self, key: str | None, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: self.value(k, v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(key, v) for v in value]
        if isinstance(value, datetime):
            return "<date>"
        if isinstance(value, (bytes, bytearray)) and len(value) > BODY_INLINE:
            return f"<{len(value)} bytes md5={hashlib.md5(value).hexdigest()}>"
        if key in ACCOUNT_FIELDS:
            return "<account>"
        if key in ID_KINDS and isinstance(value, str):
            return self.placeholder(ID_KINDS[key], value)
        return value


def normalize(entries: list[Entry]) -> list[dict[str, Any]]:
    """Each entry as a plain dict with ids, dates, owners and long bodies replaced (see module doc)."""
    norm = _Normalizer()
    return [
        {"operation": e.operation, "params": norm.value(None, e.params), **norm.value(None, e.outcome)}
        for e in entries
    ]


def run_on_fake(scenario: Scenario) -> list[Entry]:
    """The scenario's transcript against a fresh S3Fake."""
    with S3Fake() as fake:
        recorder = Recorder(fake.client())
        scenario(recorder)
    return recorder.entries


def run_on_moto(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> list[Entry]:
    """The scenario's transcript against moto's mock_aws (skips the test when moto is not installed)."""
    moto = pytest.importorskip("moto")
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        recorder = Recorder(boto3.client("s3", region_name="us-east-1"), record_crashes=True)
        scenario(recorder)
    return recorder.entries


def _differing(fake: list[dict[str, Any]], moto: list[dict[str, Any]]) -> Iterator[int]:
    for index in range(max(len(fake), len(moto))):
        if index >= len(fake) or index >= len(moto) or fake[index] != moto[index]:
            yield index


_MISSING = "<absent>"


def field_diff(fake: Any, moto: Any, path: str = "") -> Iterator[str]:
    """One line per differing leaf: `path: fake=... moto=...` (lists compared item by item)."""
    if isinstance(fake, dict) and isinstance(moto, dict):
        for key in sorted(fake.keys() | moto.keys()):
            yield from field_diff(fake.get(key, _MISSING), moto.get(key, _MISSING), f"{path}.{key}")
    elif isinstance(fake, list) and isinstance(moto, list) and len(fake) == len(moto):
        for index, (one, other) in enumerate(zip(fake, moto, strict=False)):
            yield from field_diff(one, other, f"{path}[{index}]")
    elif fake != moto:
        yield f"  {path or '.'}: fake={pprint.pformat(fake, width=100)} moto={pprint.pformat(moto, width=100)}"


def without_moto_omissions(fake: Any, moto: Any) -> Any:
    """`fake` minus the MOTO_OMITS fields that `moto` lacks at the same place."""
    if isinstance(fake, dict) and isinstance(moto, dict):
        return {key: without_moto_omissions(value, moto.get(key)) for key, value in fake.items()
                if key in moto or key not in MOTO_OMITS}
    if isinstance(fake, list) and isinstance(moto, list) and len(fake) == len(moto):
        return [without_moto_omissions(one, other) for one, other in zip(fake, moto, strict=False)]
    return fake


def assert_same_transcripts(scenario: Scenario, monkeypatch: pytest.MonkeyPatch,
                            expected: Mapping[int, str] | None = None) -> list[dict[str, Any]]:
    """Run `scenario` on the fake and on moto; the normalized transcripts must differ exactly at `expected`.

    `expected` maps a call index to why moto answers that call differently from real S3 (the fake
    follows S3). A difference not listed fails, and so does a listed one that disappeared (moto fixed
    it, or the scenario changed): the list stays true, like a strict xfail. Returns the fake's transcript.
    """
    expected = dict(expected or {})
    transcript = normalize(run_on_fake(scenario))
    moto = normalize(run_on_moto(scenario, monkeypatch))
    fake = [without_moto_omissions(one, other) for one, other in zip(transcript, moto, strict=False)] + transcript[len(moto):]
    differing = set(_differing(fake, moto))
    report = []
    for index in sorted(differing ^ expected.keys()):
        status = "listed as expected but equal" if index in expected else "unexpected difference"
        one: Any = fake[index] if index < len(fake) else _MISSING
        other: Any = moto[index] if index < len(moto) else _MISSING
        operation = (fake if index < len(fake) else moto)[index]["operation"]
        lines = "\n".join(field_diff(one, other)) or "  (no difference)"
        report.append(f"call {index} {operation} ({status}):\n{lines}")
    assert not report, "transcripts differ from the expected differences:\n" + "\n".join(report)
    return transcript
