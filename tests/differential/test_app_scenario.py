"""One application's life on an unversioned, an Enabled and a Suspended bucket, on the fake and on moto.

The app uploads, overwrites, lists (pages, delimiters, markers), copies, tags, deletes with
DeleteObjects in both modes, and reads back. The same calls run in each versioning state; where moto
departs from real S3 the call is listed in EXPECTED with the reason, and the fake's answer is S3's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.differential.transcript import Recorder, Scenario, assert_same_transcripts

BUCKET = "app-data"
UPLOADS = {
    "docs/guide.md": b"# guide",
    "docs/api/v1.md": b"v1 api",
    "docs/api/v2.md": b"v2 api",
    "img/logo.png": b"\x89PNG...",
    "reports/2024.csv": b"a,b\n1,2\n",
    "reports/2025.csv": b"a,b\n3,4\n",
    "readme.txt": b"hello",
}


def app(state: str) -> Scenario:
    def scenario(s3: Recorder) -> None:
        s3.call("create_bucket", Bucket=BUCKET)
        if state != "unversioned":
            s3.call("put_bucket_versioning", Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        first: dict[str, str] = {}
        for key, body in UPLOADS.items():
            response = s3.call("put_object", Bucket=BUCKET, Key=key, Body=body, ContentType="text/plain",
                               Metadata={"app": "demo"})
            first[key] = response.get("VersionId", "null")
        if state == "Suspended":
            s3.call("put_bucket_versioning", Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"})
        s3.call("get_bucket_versioning", Bucket=BUCKET)

        # Overwrite and read back.
        s3.call("put_object", Bucket=BUCKET, Key="reports/2024.csv", Body=b"a,b\n1,2\n5,6\n")
        s3.call("head_object", Bucket=BUCKET, Key="reports/2024.csv")
        s3.call("get_object", Bucket=BUCKET, Key="reports/2024.csv")
        s3.call("get_object", Bucket=BUCKET, Key="reports/2024.csv", VersionId=first["reports/2024.csv"])
        s3.call("get_object", Bucket=BUCKET, Key="docs/guide.md", Range="bytes=2-4")

        # Listings: delimiters, pages by continuation token, StartAfter, V1 markers, versions.
        s3.call("list_objects_v2", Bucket=BUCKET, Delimiter="/")
        s3.call("list_objects_v2", Bucket=BUCKET, Prefix="docs/", Delimiter="/")
        page = s3.call("list_objects_v2", Bucket=BUCKET, MaxKeys=3)
        while page.get("IsTruncated"):
            page = s3.call("list_objects_v2", Bucket=BUCKET, MaxKeys=3,
                           ContinuationToken=page["NextContinuationToken"])
        s3.call("list_objects_v2", Bucket=BUCKET, StartAfter="docs/api/v2.md", MaxKeys=2)
        page = s3.call("list_objects", Bucket=BUCKET, MaxKeys=4)
        s3.call("list_objects", Bucket=BUCKET, Marker=page["Contents"][-1]["Key"])
        page = s3.call("list_object_versions", Bucket=BUCKET, MaxKeys=3)
        while page.get("IsTruncated"):
            page = s3.call("list_object_versions", Bucket=BUCKET, MaxKeys=3, KeyMarker=page["NextKeyMarker"],
                           VersionIdMarker=page["NextVersionIdMarker"])
        s3.call("list_object_versions", Bucket=BUCKET, Prefix="reports/", Delimiter="/")

        # Copies: the current object with new metadata, and the first version of an overwritten key.
        s3.call("copy_object", Bucket=BUCKET, Key="archive/readme.txt", CopySource={"Bucket": BUCKET,
                "Key": "readme.txt"}, MetadataDirective="REPLACE", Metadata={"archived": "yes"})
        s3.call("head_object", Bucket=BUCKET, Key="archive/readme.txt")
        s3.call("copy_object", Bucket=BUCKET, Key="archive/2024-first.csv", CopySource={
            "Bucket": BUCKET, "Key": "reports/2024.csv", "VersionId": first["reports/2024.csv"]})
        s3.call("get_object", Bucket=BUCKET, Key="archive/2024-first.csv")

        # Tags: set, read, replace at upload time, remove.
        s3.call("put_object_tagging", Bucket=BUCKET, Key="img/logo.png",
                Tagging={"TagSet": [{"Key": "team", "Value": "web"}, {"Key": "size", "Value": "small"}]})
        s3.call("get_object_tagging", Bucket=BUCKET, Key="img/logo.png")
        s3.call("put_object", Bucket=BUCKET, Key="img/banner.png", Body=b"banner", Tagging="team=web&kind=ad")
        s3.call("get_object_tagging", Bucket=BUCKET, Key="img/banner.png")
        s3.call("delete_object_tagging", Bucket=BUCKET, Key="img/banner.png")
        s3.call("get_object_tagging", Bucket=BUCKET, Key="img/banner.png")

        # DeleteObjects, verbose then quiet: present keys, a missing key, a version.
        s3.call("delete_objects", Bucket=BUCKET, Delete={"Objects": [
            {"Key": "docs/api/v1.md"}, {"Key": "docs/missing.md"}, {"Key": "reports/2025.csv"}]})
        s3.call("delete_objects", Bucket=BUCKET, Delete={"Quiet": True, "Objects": [
            {"Key": "img/banner.png"}, {"Key": "reports/2024.csv", "VersionId": first["reports/2024.csv"]}]})

        # Read back.
        s3.call("get_object", Bucket=BUCKET, Key="docs/api/v1.md")
        s3.call("get_object", Bucket=BUCKET, Key="reports/2024.csv")
        s3.call("get_object", Bucket=BUCKET, Key="reports/2024.csv", VersionId=first["reports/2024.csv"])
        s3.call("list_objects_v2", Bucket=BUCKET)
        s3.call("list_object_versions", Bucket=BUCKET)

    return scenario


# Reasons shared by several calls (each is also a moto_diverges mark in tests/operations/).
TOKEN_ECHO = "moto does not echo ContinuationToken in ListObjectsV2"
V1_FIRST_PAGE = ("moto leaves out the empty Marker and Prefix S3 always sends, and sends NextMarker "
                 "without a delimiter (S3 sends it only with one)")
V1_MARKER_ECHO = "moto does not echo Marker or the empty Prefix in ListObjects"
QUIET = "moto ignores Quiet and lists every deleted key"
#: PutObject under Suspended sends none (moto agrees); GET, HEAD and CopyObject send `null`.
SUSPENDED_NULL_ID = "moto sends no x-amz-version-id: null for the null version under Suspended"
SUSPENDED_LOST = ("moto drops every other version when a Suspended write replaces the null version, so the "
                  "first version of reports/2024.csv is gone")

EXPECTED: dict[str, dict[int, str]] = {
    "unversioned": {17: TOKEN_ECHO, 18: TOKEN_ECHO, 20: V1_FIRST_PAGE, 21: V1_MARKER_ECHO, 37: QUIET},
    "Enabled": {
        18: TOKEN_ECHO, 19: TOKEN_ECHO, 21: V1_FIRST_PAGE, 22: V1_MARKER_ECHO,
        31: "moto sends no x-amz-version-id on PutObjectTagging",
        35: "moto sends no x-amz-version-id on DeleteObjectTagging",
        37: "moto adds no delete marker for docs/missing.md, a key that never existed",
        38: QUIET + " (and its marker ids are numbered one lower, see call 37)",
        43: "no delete marker for docs/missing.md in moto (see call 37)",
    },
    "Suspended": {
        12: SUSPENDED_NULL_ID, 13: SUSPENDED_NULL_ID,
        14: SUSPENDED_LOST, 19: TOKEN_ECHO, 20: TOKEN_ECHO, 22: V1_FIRST_PAGE, 23: V1_MARKER_ECHO,
        26: SUSPENDED_LOST, 27: SUSPENDED_LOST, 28: SUSPENDED_NULL_ID, 29: SUSPENDED_NULL_ID,
        30: SUSPENDED_LOST, 31: SUSPENDED_LOST + " (so the copy of it failed)",
        32: "moto sends no x-amz-version-id on PutObjectTagging",
        35: SUSPENDED_NULL_ID, 36: SUSPENDED_NULL_ID, 37: SUSPENDED_NULL_ID,
        38: "moto deletes the null version outright instead of replacing it with a null delete marker",
        39: QUIET,
        41: "moto's delete of the version it had lost (call 39) removed the current null version instead",
        43: "moto lacks the copy of the lost version and the null version it removed (calls 31, 41)",
        44: "moto has no null delete markers (call 38) and lost two versions (calls 14, 41)",
    },
}


@pytest.mark.parametrize("state", ["unversioned", "Enabled", "Suspended"])
def test_app_scenario(state: str, monkeypatch: pytest.MonkeyPatch) -> None:
    transcript: list[dict[str, Any]] = assert_same_transcripts(app(state), monkeypatch, EXPECTED[state])
    # The fake's own run: only the reads of deleted keys and versions fail. Without versioning the only
    # version of reports/2024.csv was the null one, so the key itself is gone.
    failed = [(entry["params"]["Key"], entry["error"], entry["status"]) for entry in transcript if "error" in entry]
    gone = [("reports/2024.csv", "NoSuchKey", 404)] if state == "unversioned" else []
    assert failed == [("docs/api/v1.md", "NoSuchKey", 404), *gone, ("reports/2024.csv", "NoSuchVersion", 404)]
