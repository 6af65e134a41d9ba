"""ListObjects, ListObjectsV2 and ListObjectVersions through a real boto3 client: fields, paging, errors."""

from __future__ import annotations

import hashlib
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.conftest import Backend, error_code

KEYS = ["a/1", "a/2", "a/b/3", "b", "c/x", "d"]


def _put(s3: Any, bucket: str, keys: list[str]) -> None:
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())


def _etag(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def _assert_invalid_argument(excinfo: pytest.ExceptionInfo[Any], message: str) -> None:
    assert error_code(excinfo) == "InvalidArgument"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert excinfo.value.response["Error"]["Message"] == message


# --- ListObjectsV2 ---------------------------------------------------------------------------------------


def test_list_v2_fields(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k1", Body=b"hello")
    s3.put_object(Bucket=bucket, Key="k0", Body=b"hi", StorageClass="STANDARD_IA")
    resp = s3.list_objects_v2(Bucket=bucket)
    assert (resp["Name"], resp["Prefix"], resp["MaxKeys"], resp["KeyCount"]) == (bucket, "", 1000, 2)
    assert resp["IsTruncated"] is False
    assert resp["EncodingType"] == "url"  # botocore asks for url encoding and decodes the keys itself
    assert "Delimiter" not in resp and "NextContinuationToken" not in resp and "CommonPrefixes" not in resp
    first, second = resp["Contents"]
    assert (first["Key"], first["Size"], first["ETag"], first["StorageClass"]) == ("k0", 2, _etag(b"hi"), "STANDARD_IA")
    assert (second["Key"], second["Size"], second["ETag"], second["StorageClass"]) == ("k1", 5, _etag(b"hello"), "STANDARD")
    assert "Owner" not in first
    head = s3.head_object(Bucket=bucket, Key="k1")
    assert second["LastModified"] == head["LastModified"]


@pytest.mark.moto_diverges(reason="moto leaves ChecksumType out of listings")
def test_list_v2_checksum_fields(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"data", ChecksumAlgorithm="SHA256")
    (entry,) = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert entry["ChecksumAlgorithm"] == ["SHA256"]
    assert entry["ChecksumType"] == "FULL_OBJECT"


@pytest.mark.moto_diverges(reason="moto gives objects an owner id other than ListBuckets' Owner.ID")
def test_list_v2_fetch_owner(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"")
    (entry,) = s3.list_objects_v2(Bucket=bucket, FetchOwner=True)["Contents"]
    assert entry["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_list_v2_prefix_and_delimiter(s3: Any, bucket: str) -> None:
    _put(s3, bucket, KEYS)
    resp = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [c["Key"] for c in resp["Contents"]] == ["b", "d"]
    assert resp["CommonPrefixes"] == [{"Prefix": "a/"}, {"Prefix": "c/"}]
    assert (resp["Delimiter"], resp["KeyCount"]) == ("/", 4)
    resp = s3.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/")
    assert [c["Key"] for c in resp["Contents"]] == ["a/1", "a/2"]
    assert resp["CommonPrefixes"] == [{"Prefix": "a/b/"}]
    assert resp["Prefix"] == "a/"


def test_list_v2_start_after(s3: Any, bucket: str) -> None:
    _put(s3, bucket, KEYS)
    resp = s3.list_objects_v2(Bucket=bucket, StartAfter="a/2")
    assert [c["Key"] for c in resp["Contents"]] == ["a/b/3", "b", "c/x", "d"]
    assert resp["StartAfter"] == "a/2"
    # The start-after key need not exist.
    assert [c["Key"] for c in s3.list_objects_v2(Bucket=bucket, StartAfter="bz")["Contents"]] == ["c/x", "d"]


@pytest.mark.moto_diverges(reason="moto does not echo ContinuationToken")
def test_list_v2_pages_with_tokens(s3: Any, bucket: str) -> None:
    _put(s3, bucket, KEYS)
    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, Delimiter="/")
    assert first["IsTruncated"] is True
    assert (first["KeyCount"], first["CommonPrefixes"], [c["Key"] for c in first["Contents"]]) == (2, [{"Prefix": "a/"}], ["b"])
    token = first["NextContinuationToken"]
    second = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, Delimiter="/", ContinuationToken=token)
    assert second["ContinuationToken"] == token
    assert second["CommonPrefixes"] == [{"Prefix": "c/"}]
    assert [c["Key"] for c in second["Contents"]] == ["d"]
    assert second["IsTruncated"] is False and "NextContinuationToken" not in second


def test_list_v2_truncation_is_exact_when_the_rest_rolls_up(s3: Any, bucket: str) -> None:
    _put(s3, bucket, ["a/1", "a/2", "a/3"])
    resp = s3.list_objects_v2(Bucket=bucket, Delimiter="/", MaxKeys=1)
    assert resp["CommonPrefixes"] == [{"Prefix": "a/"}]
    assert resp["IsTruncated"] is False


def test_list_v2_max_keys_zero(s3: Any, bucket: str) -> None:
    _put(s3, bucket, ["a", "b"])
    resp = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert (resp["KeyCount"], resp["MaxKeys"], resp["IsTruncated"]) == (0, 0, False)
    assert "Contents" not in resp and "NextContinuationToken" not in resp


@pytest.mark.moto_diverges(reason="moto accepts a continuation token it did not issue")
def test_list_v2_invalid_continuation_token(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, ContinuationToken="not-a-token")
    _assert_invalid_argument(exc, "The continuation token provided is incorrect")


@pytest.mark.moto_diverges(reason="moto accepts a negative max-keys")
def test_list_v2_negative_max_keys(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, MaxKeys=-1)
    _assert_invalid_argument(exc, "Provided max-keys not an integer or within integer range")


@pytest.mark.moto_diverges(reason="moto ignores an unknown encoding-type")
@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2", "list_object_versions"])
def test_invalid_encoding_type(s3: Any, bucket: str, operation: str) -> None:
    with pytest.raises(ClientError) as exc:
        getattr(s3, operation)(Bucket=bucket, EncodingType="base64")
    _assert_invalid_argument(exc, "Invalid Encoding Method specified in Request")


@pytest.mark.moto_diverges(reason="moto does not percent-encode keys for encoding-type=url")
def test_explicit_url_encoding_returns_encoded_names(s3: Any, bucket: str) -> None:
    # botocore decodes only when it chose the encoding itself; a caller who asks gets S3's raw values.
    _put(s3, bucket, ["d e+f/ü", "x"])
    resp = s3.list_objects_v2(Bucket=bucket, EncodingType="url", Delimiter="/", Prefix="d e", StartAfter="d e ")
    assert resp["CommonPrefixes"] == [{"Prefix": "d%20e%2Bf/"}]
    assert (resp["Prefix"], resp["StartAfter"], resp["Delimiter"]) == ("d%20e", "d%20e%20", "/")
    resp = s3.list_objects_v2(Bucket=bucket, EncodingType="url")
    assert [c["Key"] for c in resp["Contents"]] == ["d%20e%2Bf/%C3%BC", "x"]


def test_unicode_and_special_keys_round_trip(s3: Any, bucket: str) -> None:
    keys = sorted(["a b", "a+b", "a%2Bb", "ü/ß", "日本/語", "tab\there", "q?x=1&y"], key=lambda k: k.encode())
    _put(s3, bucket, keys)
    assert [c["Key"] for c in s3.list_objects_v2(Bucket=bucket)["Contents"]] == keys
    assert [c["Key"] for c in s3.list_objects(Bucket=bucket)["Contents"]] == keys
    assert [v["Key"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]] == keys


# --- ListObjects (V1) ------------------------------------------------------------------------------------


@pytest.mark.moto_diverges(reason="moto leaves out the empty <Marker> S3 always sends")
def test_list_v1_fields_and_marker(s3: Any, bucket: str) -> None:
    _put(s3, bucket, KEYS)
    resp = s3.list_objects(Bucket=bucket, MaxKeys=2)
    assert (resp["Marker"], resp["Prefix"], resp["MaxKeys"], resp["IsTruncated"]) == ("", "", 2, True)
    assert "NextMarker" not in resp  # only with a delimiter
    assert [c["Key"] for c in resp["Contents"]] == ["a/1", "a/2"]
    assert resp["Contents"][0]["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]
    resp = s3.list_objects(Bucket=bucket, Marker="a/2")
    assert resp["Marker"] == "a/2"
    assert [c["Key"] for c in resp["Contents"]] == ["a/b/3", "b", "c/x", "d"]


@pytest.mark.moto_diverges(reason="moto does not count CommonPrefixes against max-keys in ListObjects")
def test_list_v1_next_marker_with_delimiter(s3: Any, bucket: str) -> None:
    _put(s3, bucket, KEYS)
    resp = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=1)
    assert (resp["CommonPrefixes"], resp["NextMarker"], resp["IsTruncated"]) == ([{"Prefix": "a/"}], "a/", True)
    resp = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=1, Marker="a/")
    assert [c["Key"] for c in resp["Contents"]] == ["b"]
    assert resp["NextMarker"] == "b"


# --- ListObjectVersions ----------------------------------------------------------------------------------


def _history(s3: Any, bucket: str) -> dict[str, list[str]]:
    """Put two versions of `a`, one of `b` then delete it, one of `c`: {key: version ids newest first}."""
    ids: dict[str, list[str]] = {"a": [], "b": [], "c": []}
    for key in ("a", "a", "b", "c"):
        ids[key].insert(0, s3.put_object(Bucket=bucket, Key=key, Body=key.encode())["VersionId"])
    ids["b"].insert(0, s3.delete_object(Bucket=bucket, Key="b")["VersionId"])
    return ids


def test_list_versions_fields(s3: Any, versioned_bucket: str) -> None:
    ids = _history(s3, versioned_bucket)
    resp = s3.list_object_versions(Bucket=versioned_bucket)
    assert (resp["KeyMarker"], resp["VersionIdMarker"], resp["IsTruncated"]) == ("", "", False)
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in resp["Versions"]] == [
        ("a", ids["a"][0], True), ("a", ids["a"][1], False), ("b", ids["b"][1], False), ("c", ids["c"][0], True)]
    (marker,) = resp["DeleteMarkers"]
    assert (marker["Key"], marker["VersionId"], marker["IsLatest"]) == ("b", ids["b"][0], True)
    assert marker["Owner"]["ID"] == resp["Versions"][0]["Owner"]["ID"]
    version = resp["Versions"][0]
    assert (version["Size"], version["ETag"], version["StorageClass"]) == (1, _etag(b"a"), "STANDARD")


def test_list_versions_unversioned_bucket_lists_null_versions(s3: Any, bucket: str) -> None:
    _put(s3, bucket, ["x"])
    (version,) = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert (version["Key"], version["VersionId"], version["IsLatest"]) == ("x", "null", True)


@pytest.mark.fake_only
def test_list_versions_interleaves_versions_and_markers_on_the_wire(backend: Backend, versioned_bucket: str) -> None:
    s3 = backend.client
    _history(s3, versioned_bucket)
    bodies: list[bytes] = []
    s3.meta.events.register("before-parse.s3.ListObjectVersions",
                            lambda response_dict, **_: bodies.append(response_dict["body"]))
    s3.list_object_versions(Bucket=versioned_bucket, Prefix="b")
    body = bodies[0].decode()
    assert body.index("<DeleteMarker>") < body.index("<Version>")


@pytest.mark.moto_diverges(reason="moto's key-marker alone does not skip the marker key's versions")
def test_list_versions_markers(s3: Any, versioned_bucket: str) -> None:
    ids = _history(s3, versioned_bucket)
    first = s3.list_object_versions(Bucket=versioned_bucket, MaxKeys=2)
    assert first["IsTruncated"] is True
    assert (first["NextKeyMarker"], first["NextVersionIdMarker"]) == ("a", ids["a"][1])
    second = s3.list_object_versions(Bucket=versioned_bucket, MaxKeys=2, KeyMarker="a", VersionIdMarker=ids["a"][0])
    assert (second["KeyMarker"], second["VersionIdMarker"]) == ("a", ids["a"][0])
    assert [v["VersionId"] for v in second["Versions"]] == [ids["a"][1]]
    assert [m["VersionId"] for m in second["DeleteMarkers"]] == [ids["b"][0]]
    assert (second["NextKeyMarker"], second["NextVersionIdMarker"]) == ("b", ids["b"][0])
    # A key marker alone starts after every version of that key.
    third = s3.list_object_versions(Bucket=versioned_bucket, KeyMarker="b")
    assert [v["Key"] for v in third["Versions"]] == ["c"]


def test_list_versions_delimiter(s3: Any, versioned_bucket: str) -> None:
    _put(s3, versioned_bucket, ["a/1", "a/1", "a/2", "b"])
    first = s3.list_object_versions(Bucket=versioned_bucket, Delimiter="/", MaxKeys=1)
    assert (first["CommonPrefixes"], first["NextKeyMarker"], first["IsTruncated"]) == ([{"Prefix": "a/"}], "a/", True)
    second = s3.list_object_versions(Bucket=versioned_bucket, Delimiter="/", KeyMarker="a/")
    assert [v["Key"] for v in second["Versions"]] == ["b"]
    assert "CommonPrefixes" not in second


@pytest.mark.moto_diverges(reason="moto accepts a version-id-marker without a key-marker")
def test_list_versions_version_marker_needs_key_marker(s3: Any, versioned_bucket: str) -> None:
    with pytest.raises(ClientError) as exc:
        s3.list_object_versions(Bucket=versioned_bucket, VersionIdMarker="null")
    _assert_invalid_argument(exc, "A version-id marker cannot be specified without a key marker.")


# --- errors shared by the three --------------------------------------------------------------------------

LISTINGS = ["list_objects", "list_objects_v2", "list_object_versions"]


@pytest.mark.parametrize("operation", LISTINGS)
def test_no_such_bucket(s3: Any, operation: str) -> None:
    with pytest.raises(ClientError) as exc:
        getattr(s3, operation)(Bucket="no-such-bucket")
    assert error_code(exc) == "NoSuchBucket"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.moto_diverges(reason="moto ignores ExpectedBucketOwner on listings")
@pytest.mark.parametrize("operation", LISTINGS)
def test_expected_bucket_owner_mismatch(s3: Any, bucket: str, operation: str) -> None:
    with pytest.raises(ClientError) as exc:
        getattr(s3, operation)(Bucket=bucket, ExpectedBucketOwner="999999999999")
    assert error_code(exc) == "AccessDenied"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


# --- paginators ------------------------------------------------------------------------------------------

MANY = [f"{d}/{n:02d}" for d in ("p", "q/r", "s") for n in range(7)] + [f"top{n}" for n in range(5)]


def _paginate_keys(s3: Any, bucket: str, operation: str, delimiter: str | None) -> tuple[list[str], list[str]]:
    _put(s3, bucket, MANY)
    kwargs: dict[str, Any] = {"Bucket": bucket, "PaginationConfig": {"PageSize": 3}}
    if delimiter:
        kwargs["Delimiter"] = delimiter
    keys, prefixes = [], []
    for resp in s3.get_paginator(operation).paginate(**kwargs):
        keys += [c["Key"] for c in resp.get("Contents", [])]
        prefixes += [p["Prefix"] for p in resp.get("CommonPrefixes", [])]
    return keys, prefixes


@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2"])
def test_paginators_return_every_key_once(s3: Any, bucket: str, operation: str) -> None:
    assert _paginate_keys(s3, bucket, operation, None) == (sorted(MANY), [])


def test_v2_paginator_with_delimiter_returns_every_entry_once(s3: Any, bucket: str) -> None:
    expected = ([f"top{n}" for n in range(5)], ["p/", "q/", "s/"])
    assert _paginate_keys(s3, bucket, "list_objects_v2", "/") == expected


@pytest.mark.moto_diverges(reason="moto repeats CommonPrefixes on every ListObjects page")
def test_v1_paginator_with_delimiter_returns_every_entry_once(s3: Any, bucket: str) -> None:
    expected = ([f"top{n}" for n in range(5)], ["p/", "q/", "s/"])
    assert _paginate_keys(s3, bucket, "list_objects", "/") == expected


@pytest.mark.parametrize("delimiter", [None, "/"])
def test_version_paginator_returns_every_entry_once(s3: Any, versioned_bucket: str, delimiter: str | None) -> None:
    _put(s3, versioned_bucket, MANY + MANY[:10])
    for key in MANY[5:9]:
        s3.delete_object(Bucket=versioned_bucket, Key=key)
    everything = s3.list_object_versions(Bucket=versioned_bucket, **({"Delimiter": delimiter} if delimiter else {}))
    kwargs: dict[str, Any] = {"Bucket": versioned_bucket, "PaginationConfig": {"PageSize": 4}}
    if delimiter:
        kwargs["Delimiter"] = delimiter
    versions, markers, prefixes = [], [], []
    for resp in s3.get_paginator("list_object_versions").paginate(**kwargs):
        versions += [(v["Key"], v["VersionId"]) for v in resp.get("Versions", [])]
        markers += [(m["Key"], m["VersionId"]) for m in resp.get("DeleteMarkers", [])]
        prefixes += [p["Prefix"] for p in resp.get("CommonPrefixes", [])]
    assert versions == [(v["Key"], v["VersionId"]) for v in everything.get("Versions", [])]
    assert markers == [(m["Key"], m["VersionId"]) for m in everything.get("DeleteMarkers", [])]
    assert prefixes == [p["Prefix"] for p in everything.get("CommonPrefixes", [])]
    assert len(versions) == (5 if delimiter else len(MANY) + 10)
    assert len(markers) == (0 if delimiter else 4)


def test_paginate_delete_paginate_v2(s3: Any, bucket: str) -> None:
    _put(s3, bucket, MANY)
    seen: list[str] = []
    for resp in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 4}):
        page = [c["Key"] for c in resp["Contents"]]
        seen += page
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in page]})
    assert seen == sorted(MANY)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_paginate_delete_paginate_v1(s3: Any, bucket: str) -> None:
    _put(s3, bucket, MANY)
    seen: list[str] = []
    for resp in s3.get_paginator("list_objects").paginate(Bucket=bucket, PaginationConfig={"PageSize": 4}):
        page = [c["Key"] for c in resp["Contents"]]
        seen += page
        for key in page:
            s3.delete_object(Bucket=bucket, Key=key)
    assert seen == sorted(MANY)


@pytest.mark.moto_diverges(reason="moto answers MalformedXML to a DeleteObjects of listed versions")
def test_paginate_delete_paginate_versions(s3: Any, versioned_bucket: str) -> None:
    _put(s3, versioned_bucket, MANY + MANY)
    for key in MANY[:6]:
        s3.delete_object(Bucket=versioned_bucket, Key=key)
    seen = []
    paginator = s3.get_paginator("list_object_versions")
    for resp in paginator.paginate(Bucket=versioned_bucket, PaginationConfig={"PageSize": 5}):
        page = [(v["Key"], v["VersionId"]) for v in resp.get("Versions", []) + resp.get("DeleteMarkers", [])]
        seen += page
        s3.delete_objects(Bucket=versioned_bucket,
                          Delete={"Objects": [{"Key": k, "VersionId": v} for k, v in page]})
    assert len(seen) == len(set(seen)) == 2 * len(MANY) + 6
    assert "Versions" not in s3.list_object_versions(Bucket=versioned_bucket)


@pytest.mark.moto_diverges(reason="moto's version markers skip entries once the previous page is deleted")
def test_resource_object_versions_delete_empties_the_bucket(backend: Backend, versioned_bucket: str) -> None:
    # boto3's collection lists a page, deletes it with DeleteObjects, and lists on from the same markers.
    s3 = backend.client
    _put(s3, versioned_bucket, MANY + MANY)
    resource = boto3.resource("s3", region_name="us-east-1", aws_access_key_id="testing",
                              aws_secret_access_key="testing")
    resource.Bucket(versioned_bucket).object_versions.page_size(7).delete()
    assert "Versions" not in s3.list_object_versions(Bucket=versioned_bucket)
    s3.delete_bucket(Bucket=versioned_bucket)


def test_continuation_token_for_a_deleted_key_continues(s3: Any, bucket: str) -> None:
    _put(s3, bucket, ["a", "b", "c", "d"])
    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)
    s3.delete_object(Bucket=bucket, Key="b")
    second = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, ContinuationToken=first["NextContinuationToken"])
    assert [c["Key"] for c in second["Contents"]] == ["c", "d"]


@pytest.mark.moto_diverges(reason="moto cannot continue from a deleted version's marker")
def test_version_marker_for_a_deleted_version_continues(s3: Any, versioned_bucket: str) -> None:
    ids = [s3.put_object(Bucket=versioned_bucket, Key="k", Body=str(n).encode())["VersionId"] for n in range(4)]
    first = s3.list_object_versions(Bucket=versioned_bucket, MaxKeys=2)
    assert first["NextVersionIdMarker"] == ids[2]
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=ids[2])
    second = s3.list_object_versions(Bucket=versioned_bucket, KeyMarker="k", VersionIdMarker=ids[2])
    assert [v["VersionId"] for v in second["Versions"]] == [ids[1], ids[0]]


@pytest.mark.moto_diverges(reason="moto does not answer x-amz-request-charged on listings")
@pytest.mark.parametrize("operation", LISTINGS)
def test_requester_pays_listing_reports_the_charge(s3: Any, bucket: str, operation: str) -> None:
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    assert getattr(s3, operation)(Bucket=bucket, RequestPayer="requester")["RequestCharged"] == "requester"
    assert "RequestCharged" not in getattr(s3, operation)(Bucket=bucket)
