"""DeleteObjects through a real boto3 client: the request, integrity, and per-key results by versioning state.

Protection (MFA, Object Lock, bypass), ETag conditions, Requester Pays, faults and result order are in
test_delete_objects_protection.py.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import Backend, error_code

NO_SUCH_VERSION = "The specified version does not exist."


def keys_of(s3: Any, bucket: str) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def put(s3: Any, bucket: str, *keys: str) -> None:
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())


def objects(*keys: str) -> dict[str, Any]:
    return {"Objects": [{"Key": key} for key in keys]}


def strip(response: dict[str, Any]) -> dict[str, Any]:
    """The response without ResponseMetadata, after checking it was HTTP 200."""
    assert response.pop("ResponseMetadata")["HTTPStatusCode"] == 200
    return response


def fails(call: Callable[[], Any], code: str, status: int) -> ClientError:
    with pytest.raises(ClientError) as exc:
        call()
    assert error_code(exc) == code
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    return exc.value


def edit_request(s3: Any, edit: Callable[[Any], None]) -> None:
    """Run `edit(request)` on each DeleteObjects request after botocore signed it, before it is sent."""

    def hook(request: Any, **kwargs: Any) -> None:
        edit(request)

    s3.meta.events.register_first("before-send.s3.DeleteObjects", hook)


def replace_body(s3: Any, body: bytes) -> None:
    """Send `body` instead of botocore's XML, with a correct Content-MD5 and no other checksum."""

    def edit(request: Any) -> None:
        request.body = body
        for name in [n for n in request.headers if n.lower().startswith("x-amz-checksum-")]:
            del request.headers[name]
        del request.headers["x-amz-sdk-checksum-algorithm"]
        request.headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        request.headers["Content-Length"] = str(len(body))

    edit_request(s3, edit)


# --- the request --------------------------------------------------------------------------------------


def test_verbose_result_lists_every_key_in_request_order(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a", "b", "c")
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects("c", "a", "never-existed")))
    assert response == {"Deleted": [{"Key": "c"}, {"Key": "a"}, {"Key": "never-existed"}]}
    assert keys_of(s3, bucket) == ["b"]


@pytest.mark.moto_diverges(reason="moto mangles keys with CR, LF, or surrounding spaces")
def test_keys_with_cr_lf_markup_and_spaces_round_trip(s3: Any, bucket: str) -> None:
    keys = ["line\r\nbreak", "cr\ronly", "<a&b>\"'", " lead", "trail ", "  ", "tab\tkey", "unicodé/ключ"]
    put(s3, bucket, *keys)
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects(*keys)))
    assert response == {"Deleted": [{"Key": key} for key in keys]}
    assert keys_of(s3, bucket) == []


def test_thousand_keys_is_the_limit(s3: Any, bucket: str) -> None:
    put(s3, bucket, "k0", "k999")
    names = [f"k{i}" for i in range(1000)]
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects(*names)))
    assert response == {"Deleted": [{"Key": k} for k in names]}
    assert keys_of(s3, bucket) == []


@pytest.mark.moto_diverges(reason="moto deletes more than 1000 keys")
def test_more_than_thousand_keys_is_malformed_xml_and_deletes_nothing(s3: Any, bucket: str) -> None:
    put(s3, bucket, "k0")
    # botocore does not enforce the limit client-side: the 1001 objects reach S3, which refuses them.
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects(*(f"k{i}" for i in range(1001)))), "MalformedXML", 400)
    assert keys_of(s3, bucket) == ["k0"]


def test_empty_objects_list_is_malformed_xml(s3: Any, bucket: str) -> None:
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete={"Objects": []}), "MalformedXML", 400)


@pytest.mark.moto_diverges(reason="moto does not reject a body that is not well-formed XML")
@pytest.mark.parametrize("body", [
    b"<Delete><Object><Key>a</Key></Object>",  # unclosed
    b"not xml at all",
    b"<Other><Object><Key>a</Key></Object></Other>",  # wrong root
    b"<Delete><Object><VersionId>v</VersionId></Object></Delete>",  # an Object without Key
    b"<Delete><Object><Key>a</Key></Object><Quiet>maybe</Quiet></Delete>",
])
def test_body_that_is_not_a_delete_document_is_malformed_xml(s3: Any, bucket: str, body: bytes) -> None:
    put(s3, bucket, "a")
    replace_body(s3, body)
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("a")), "MalformedXML", 400)
    s3.meta.events.unregister("before-send.s3.DeleteObjects")  # the listing below must not be edited
    assert keys_of(s3, bucket) == ["a"]


@pytest.mark.moto_diverges(reason="moto accepts keys XML 1.0 cannot carry")
@pytest.mark.parametrize("bad_key", ["ctrl\x01char", "lone\ud800surrogate"])
def test_key_xml_cannot_carry_is_malformed_xml_and_deletes_nothing(s3: Any, bucket: str, bad_key: str) -> None:
    # botocore writes \x01 raw and a lone surrogate as `&#55296;`: neither is allowed in XML 1.0.
    put(s3, bucket, "ok")
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("ok", bad_key)), "MalformedXML", 400)
    assert keys_of(s3, bucket) == ["ok"]


def test_pretty_printed_body_is_accepted(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a", "b")
    replace_body(s3, b'<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n'
                     b"  <Object>\n    <Key>a</Key>\n  </Object>\n  <Quiet>false</Quiet>\n</Delete>\n")
    assert strip(s3.delete_objects(Bucket=bucket, Delete=objects("ignored"))) == {"Deleted": [{"Key": "a"}]}


# --- integrity ----------------------------------------------------------------------------------------


def sent_headers(s3: Any) -> dict[str, str]:
    seen: dict[str, str] = {}
    edit_request(s3, lambda request: seen.update({k.lower(): v for k, v in request.headers.items()}))
    return seen


def test_botocore_default_crc32_is_accepted(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    headers = sent_headers(s3)
    assert strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"))) == {"Deleted": [{"Key": "a"}]}
    assert "x-amz-checksum-crc32" in headers and "content-md5" not in headers


@pytest.mark.parametrize("algorithm", ["CRC32", "SHA1", "SHA256", "CRC32C", "CRC64NVME"])
def test_each_checksum_algorithm_is_accepted(s3: Any, bucket: str, algorithm: str) -> None:
    if algorithm in ("CRC32C", "CRC64NVME"):
        pytest.importorskip("awscrt")
    put(s3, bucket, "a")
    headers = sent_headers(s3)
    response = strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"), ChecksumAlgorithm=algorithm))
    assert response == {"Deleted": [{"Key": "a"}]}
    assert f"x-amz-checksum-{algorithm.lower()}" in headers
    assert keys_of(s3, bucket) == []


def test_when_required_still_sends_a_checksum(backend: Backend, bucket: str) -> None:
    # DeleteObjects is `requestChecksumRequired` in botocore's model, so "when_required" still sends CRC32.
    config = Config(request_checksum_calculation="when_required")
    s3 = backend.fake.client(config=config) if backend.fake else boto3.client("s3", region_name="us-east-1", config=config)
    put(s3, bucket, "a")
    headers = sent_headers(s3)
    assert strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"))) == {"Deleted": [{"Key": "a"}]}
    assert "x-amz-checksum-crc32" in headers


def test_content_md5_alone_is_accepted(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    body = b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object></Delete>'
    replace_body(s3, body)
    assert strip(s3.delete_objects(Bucket=bucket, Delete=objects("a"))) == {"Deleted": [{"Key": "a"}]}


@pytest.mark.moto_diverges(reason="moto does not require an integrity header")
def test_missing_integrity_header_is_invalid_request(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")

    def drop(request: Any) -> None:
        for name in [n for n in request.headers if n.lower().startswith(("x-amz-checksum-", "x-amz-sdk-checksum"))]:
            del request.headers[name]

    edit_request(s3, drop)
    error = fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("a")), "InvalidRequest", 400)
    assert error.response["Error"]["Message"] == "Missing required header for this request: Content-MD5 OR x-amz-checksum-*"
    s3.meta.events.unregister("before-send.s3.DeleteObjects")
    assert keys_of(s3, bucket) == ["a"]


@pytest.mark.moto_diverges(reason="moto does not check the checksum")
def test_wrong_checksum_is_bad_digest(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    edit_request(s3, lambda request: request.headers.__setitem__("x-amz-checksum-crc32", "AAAAAA=="))
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("a")), "BadDigest", 400)
    s3.meta.events.unregister("before-send.s3.DeleteObjects")
    assert keys_of(s3, bucket) == ["a"]


@pytest.mark.moto_diverges(reason="moto does not check Content-MD5")
@pytest.mark.parametrize(("md5", "code"), [
    (base64.b64encode(hashlib.md5(b"something else").digest()).decode(), "BadDigest"),
    ("not-base64!", "InvalidDigest"),
    (base64.b64encode(b"short").decode(), "InvalidDigest"),
])
def test_wrong_or_malformed_content_md5(s3: Any, bucket: str, md5: str, code: str) -> None:
    put(s3, bucket, "a")
    edit_request(s3, lambda request: request.headers.__setitem__("Content-MD5", md5))
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("a")), code, 400)
    s3.meta.events.unregister("before-send.s3.DeleteObjects")
    assert keys_of(s3, bucket) == ["a"]


# --- the bucket ---------------------------------------------------------------------------------------


def test_missing_bucket_is_no_such_bucket(s3: Any) -> None:
    error = fails(lambda: s3.delete_objects(Bucket="no-such-bucket", Delete=objects("a")), "NoSuchBucket", 404)
    assert error.response["Error"]["BucketName"] == "no-such-bucket"


@pytest.mark.moto_diverges(reason="moto ignores ExpectedBucketOwner")
def test_expected_bucket_owner_of_another_account_is_access_denied(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    fails(lambda: s3.delete_objects(Bucket=bucket, Delete=objects("a"), ExpectedBucketOwner="210987654321"),
          "AccessDenied", 403)
    assert keys_of(s3, bucket) == ["a"]


def test_expected_bucket_owner_that_matches_is_accepted(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    response = s3.delete_objects(Bucket=bucket, Delete=objects("a"), ExpectedBucketOwner="123456789012")
    assert strip(response) == {"Deleted": [{"Key": "a"}]}


# --- unversioned bucket -------------------------------------------------------------------------------


def test_unversioned_null_version_id_deletes_the_object(s3: Any, bucket: str) -> None:
    put(s3, bucket, "a")
    response = strip(s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a", "VersionId": "null"}]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": "null"}]}
    assert keys_of(s3, bucket) == []


@pytest.mark.moto_diverges(reason="moto reports any VersionId on an unversioned bucket as deleted")
@pytest.mark.parametrize("version_id", ["3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH", "not-a-version-id"])
def test_unversioned_other_version_id_is_no_such_version(s3: Any, bucket: str, version_id: str) -> None:
    put(s3, bucket, "a", "b")
    response = strip(s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": version_id}, {"Key": "b"}]}))
    assert response == {
        "Deleted": [{"Key": "b"}],
        "Errors": [{"Key": "a", "VersionId": version_id, "Code": "NoSuchVersion", "Message": NO_SUCH_VERSION}],
    }
    assert keys_of(s3, bucket) == ["a"]


# --- versioning Enabled -------------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto adds no delete marker for a key that never existed")
def test_enabled_no_version_id_adds_delete_markers_even_for_missing_keys(s3: Any, versioned_bucket: str) -> None:
    put(s3, versioned_bucket, "a")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete=objects("a", "never-existed")))
    markers = {m["Key"]: m["VersionId"] for m in s3.list_object_versions(Bucket=versioned_bucket)["DeleteMarkers"]}
    assert response == {"Deleted": [
        {"Key": "a", "DeleteMarker": True, "DeleteMarkerVersionId": markers["a"]},
        {"Key": "never-existed", "DeleteMarker": True, "DeleteMarkerVersionId": markers["never-existed"]},
    ]}
    assert len(s3.list_object_versions(Bucket=versioned_bucket)["Versions"]) == 1


def test_enabled_version_id_removes_that_version_and_previous_becomes_current(s3: Any, versioned_bucket: str) -> None:
    first = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"one")["VersionId"]
    second = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"two")["VersionId"]
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [{"Key": "a", "VersionId": second}]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": second}]}
    assert s3.get_object(Bucket=versioned_bucket, Key="a")["VersionId"] == first
    assert [v["VersionId"] for v in s3.list_object_versions(Bucket=versioned_bucket)["Versions"]] == [first]


@pytest.mark.moto_diverges(reason="moto omits DeleteMarker and DeleteMarkerVersionId when removing a marker")
def test_enabled_delete_marker_version_id_removes_the_marker(s3: Any, versioned_bucket: str) -> None:
    put(s3, versioned_bucket, "a")
    marker = s3.delete_object(Bucket=versioned_bucket, Key="a")["VersionId"]
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [{"Key": "a", "VersionId": marker}]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": marker, "DeleteMarker": True,
                                     "DeleteMarkerVersionId": marker}]}
    assert s3.get_object(Bucket=versioned_bucket, Key="a")["Body"].read() == b"a"


def test_enabled_all_versions_of_a_key_in_one_request(s3: Any, versioned_bucket: str) -> None:
    ids = [s3.put_object(Bucket=versioned_bucket, Key="a", Body=bytes([i]))["VersionId"] for i in range(3)]
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": v} for v in ids]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": v} for v in ids]}
    assert "Versions" not in s3.list_object_versions(Bucket=versioned_bucket)


@pytest.mark.moto_diverges(reason="moto does not report malformed version ids as NoSuchVersion")
def test_enabled_malformed_version_id_is_no_such_version(s3: Any, versioned_bucket: str) -> None:
    put(s3, versioned_bucket, "a")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": "garbage"}]}))
    assert response == {"Errors": [{"Key": "a", "VersionId": "garbage", "Code": "NoSuchVersion",
                                    "Message": NO_SUCH_VERSION}]}
    assert keys_of(s3, versioned_bucket) == ["a"]


def test_enabled_deleting_a_gone_version_again_is_reported_deleted(s3: Any, versioned_bucket: str) -> None:
    # Deleting a version is idempotent: a well-formed id that no longer exists is reported deleted,
    # as it is for DeleteObject (ceph s3-tests test_versioning_multi_object_delete, run against AWS).
    version = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"x")["VersionId"]
    request = {"Objects": [{"Key": "a", "VersionId": version}]}
    assert strip(s3.delete_objects(Bucket=versioned_bucket, Delete=request)) == {"Deleted": [{"Key": "a", "VersionId": version}]}
    assert strip(s3.delete_objects(Bucket=versioned_bucket, Delete=request)) == {"Deleted": [{"Key": "a", "VersionId": version}]}


# --- versioning Suspended -----------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto reports no delete marker on a Suspended bucket")
def test_suspended_replaces_null_version_with_null_delete_marker(s3: Any, versioned_bucket: str) -> None:
    kept = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"versioned")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"null version")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete=objects("a", "fresh")))
    assert response == {"Deleted": [
        {"Key": "a", "DeleteMarker": True, "DeleteMarkerVersionId": "null"},
        {"Key": "fresh", "DeleteMarker": True, "DeleteMarkerVersionId": "null"},
    ]}
    listing = s3.list_object_versions(Bucket=versioned_bucket)
    assert [(v["Key"], v["VersionId"]) for v in listing["Versions"]] == [("a", kept)]
    assert sorted((m["Key"], m["VersionId"], m["IsLatest"]) for m in listing["DeleteMarkers"]) == [
        ("a", "null", True), ("fresh", "null", True)]


def test_suspended_version_id_still_removes_that_version(s3: Any, versioned_bucket: str) -> None:
    kept = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"v1")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [{"Key": "a", "VersionId": kept}]}))
    assert response == {"Deleted": [{"Key": "a", "VersionId": kept}]}
    assert "Versions" not in s3.list_object_versions(Bucket=versioned_bucket)


# --- quiet mode ---------------------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto ignores Quiet")
def test_quiet_all_success_is_an_empty_result(s3: Any, versioned_bucket: str) -> None:
    put(s3, versioned_bucket, "a")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={**objects("a", "b"), "Quiet": True}))
    assert response == {}
    assert keys_of(s3, versioned_bucket) == []


@pytest.mark.moto_diverges(reason="moto does not report malformed version ids as NoSuchVersion")
def test_quiet_returns_only_errors(s3: Any, versioned_bucket: str) -> None:
    put(s3, versioned_bucket, "a")
    response = strip(s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "a"}, {"Key": "b", "VersionId": "bad"}], "Quiet": True}))
    assert response == {"Errors": [{"Key": "b", "VersionId": "bad", "Code": "NoSuchVersion",
                                    "Message": NO_SUCH_VERSION}]}


def test_quiet_false_is_verbose(s3: Any, bucket: str) -> None:
    response = strip(s3.delete_objects(Bucket=bucket, Delete={**objects("a"), "Quiet": False}))
    assert response == {"Deleted": [{"Key": "a"}]}
