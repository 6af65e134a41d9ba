"""Stateful model check: random S3 call sequences through boto3, checked against an obvious reference.

Each example starts its own `S3Fake` with one bucket and runs up to `STEPS` calls drawn from PutObject,
DeleteObject (with and without a version id), DeleteObjects (version ids, ETag conditions, Quiet on
and off), versioning switches, CopyObject, GetObject and the three listings, on a five-key alphabet
so that keys collide. After every step the fake's store must equal the reference: the same versions
and delete markers of every key, newest first, with the same ids and bodies.

The reference is a dict `key -> [RefVersion, ...]` (oldest first) and S3's versioning rules
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html): Enabled writes add a version
with a fresh id; unversioned and Suspended writes replace the `null` version; a delete without a
version id adds a delete marker (Enabled: fresh id, Suspended: `null`) or removes the `null` version
(unversioned); a delete with a version id removes exactly that version. Version ids are opaque: the
reference learns each one from the response that created it and only checks it is fresh.

Examples are derandomized, so CI runs the same sequences every time and a failure prints its minimal
sequence of `state.<rule>(...)` calls. `S3FAKE_STATEFUL_EXAMPLES=2000` runs a longer, random soak.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from pytest_s3fake import S3Fake

BUCKET = "state-bucket"
KEY_NAMES = ("a", "a/b", "a/c", "b", "é")
KEYS = st.sampled_from(KEY_NAMES)
BODIES = st.binary(max_size=4)
PREFIXES = st.sampled_from(["", "a", "a/", "b", "z"])
DELIMITERS = st.sampled_from([None, "/"])
PAGE_SIZES = st.integers(min_value=1, max_value=4)
NULL = "null"
ENABLED, SUSPENDED = "Enabled", "Suspended"
NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
WRONG_ETAG = '"00000000000000000000000000000000"'

SOAK = int(os.environ.get("S3FAKE_STATEFUL_EXAMPLES", "0"))
EXAMPLES = SOAK or 100
STEPS = 50


@dataclass
class RefVersion:
    """One version in the reference: the fake's id for it, and its body (None for a delete marker)."""

    key: str
    version_id: str
    body: bytes | None

    @property
    def is_marker(self) -> bool:
        return self.body is None


class Reference:
    """Versioning status and each key's versions, oldest first."""

    def __init__(self) -> None:
        self.status = ""
        self.keys: dict[str, list[RefVersion]] = {}

    def current(self, key: str) -> RefVersion | None:
        history = self.keys.get(key)
        return history[-1] if history else None

    def find(self, key: str, version_id: str) -> RefVersion | None:
        return next((v for v in self.keys.get(key, []) if v.version_id == version_id), None)

    def add(self, version: RefVersion) -> None:
        """Make `version` current; a new null version (object or marker) replaces the old one."""
        if version.version_id == NULL:
            self.remove(version.key, NULL)
        self.keys.setdefault(version.key, []).append(version)

    def remove(self, key: str, version_id: str) -> RefVersion | None:
        found = self.find(key, version_id)
        if found is not None:
            self.keys[key].remove(found)
            if not self.keys[key]:
                del self.keys[key]
        return found

    def live(self) -> list[str]:
        """Keys whose current version is an object, in S3's (UTF-8 byte, i.e. code point) order."""
        return sorted(k for k, history in self.keys.items() if not history[-1].is_marker)


def listed(keys: list[str], prefix: str, delimiter: str | None) -> list[tuple[str, str]]:
    """What a listing shows for `keys` (sorted): ("key", k) entries and ("prefix", p) roll-ups, in order."""
    out: list[tuple[str, str]] = []
    for key in keys:
        if not key.startswith(prefix):
            continue
        cut = key.find(delimiter, len(prefix)) if delimiter else -1
        if cut < 0:
            out.append(("key", key))
        elif ("prefix", key[: cut + 1]) not in out:
            out.append(("prefix", key[: cut + 1]))
    return out


def etag(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def code_of(error: ClientError) -> tuple[str, int]:
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


@functools.cache
def shared_client() -> Any:
    """One client for all examples (one costs more than a run); each example's fake answers it."""
    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    client.meta.events.register("before-parse.s3.ListObjectVersions", _keep_raw_body)
    return client


#: Raw ListObjectVersions bodies: boto3 splits `<Version>` and `<DeleteMarker>` into two lists, so only
#: the XML shows whether they are interleaved in the right order.
RAW_PAGES: list[bytes] = []


def _keep_raw_body(response_dict: dict[str, Any], **kwargs: Any) -> None:
    RAW_PAGES.append(response_dict["body"])


# Version ids the fake handed out, as (key, id): current, superseded, or deleted since.
VERSION = "versions"


class S3Model(RuleBasedStateMachine):
    versions = Bundle(VERSION)
    #: A version the reference knows, or the `null` version of any key (which may or may not exist).
    addressed = st.one_of(versions, KEYS.map(lambda key: (key, NULL)))

    def __init__(self) -> None:
        super().__init__()
        self.fake = S3Fake().start()
        self.s3 = shared_client()
        self.s3.create_bucket(Bucket=BUCKET)
        self.ref = Reference()
        self.issued: set[str] = set()

    @initialize(history=st.sampled_from([(), (ENABLED,), (ENABLED, SUSPENDED)]))
    def start_versioning(self, history: tuple[str, ...]) -> None:
        """Start a third of the runs in each versioning state, so every state gets long sequences."""
        for status in history:
            self.set_versioning(status)

    def teardown(self) -> None:
        self.fake.stop()

    def fresh(self, version_id: str) -> str:
        """A version id the fake just made: well-formed and never seen before in this run."""
        assert version_id != NULL and len(version_id) == 32 and version_id not in self.issued, version_id
        self.issued.add(version_id)
        return version_id

    def written(self, key: str, body: bytes | None, response: dict[str, Any], *, copy: bool = False) -> RefVersion:
        """The reference version for a write (PutObject, CopyObject): a fresh id when Enabled, else null.
        Under Suspended, CopyObject says `null` and PutObject sends no version id at all."""
        if self.ref.status == ENABLED:
            version = RefVersion(key, self.fresh(response["VersionId"]), body)
        else:
            assert response.get("VersionId") == (NULL if self.ref.status and copy else None)
            version = RefVersion(key, NULL, body)
        self.ref.add(version)
        return version

    def marked(self, key: str, marker_id: str | None) -> RefVersion | None:
        """Apply a delete without a version id; `marker_id` is what the fake said the new marker is."""
        if self.ref.status == "":
            assert marker_id is None
            self.ref.remove(key, NULL)
            return None
        expected_null = self.ref.status == SUSPENDED
        assert marker_id is not None
        version = RefVersion(key, NULL if expected_null else self.fresh(marker_id), None)
        if expected_null:
            assert marker_id == NULL
        self.ref.add(version)
        return version

    # --- writes ----------------------------------------------------------------------------------------

    @rule(target=versions, key=KEYS, body=BODIES)
    def put(self, key: str, body: bytes) -> Any:
        response = self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
        assert response["ETag"] == etag(body)
        version = self.written(key, body, response)
        return (key, version.version_id) if version.version_id != NULL else multiple()

    @rule(target=versions, key=KEYS)
    def delete(self, key: str) -> Any:
        response = self.s3.delete_object(Bucket=BUCKET, Key=key)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert response.get("DeleteMarker", False) is (self.ref.status != "")
        marker = self.marked(key, response.get("VersionId"))
        return (key, marker.version_id) if marker is not None and marker.version_id != NULL else multiple()

    @rule(address=addressed)
    def delete_version(self, address: tuple[str, str]) -> None:
        key, version_id = address
        existing = self.ref.find(key, version_id)
        response = self.s3.delete_object(Bucket=BUCKET, Key=key, VersionId=version_id)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
        # Deleting a version is idempotent: a version that is gone is answered like a deleted one.
        assert response["VersionId"] == version_id
        assert response.get("DeleteMarker", False) is (existing is not None and existing.is_marker)
        self.ref.remove(key, version_id)

    @rule(target=versions, data=st.data(), quiet=st.booleans())
    def delete_objects(self, data: st.DataObject, quiet: bool) -> Any:
        # One entry per key (S3 does not say in which order it applies entries for the same key):
        # a plain delete, a delete of a version the run has seen, or a delete conditional on an ETag.
        chosen = data.draw(st.lists(KEYS, min_size=1, max_size=len(KEY_NAMES), unique=True), label="keys")
        entries: list[dict[str, str]] = []
        for key in chosen:
            known = sorted(v for k, v in self.ref_ids() if k == key)
            kind = data.draw(
                st.sampled_from(["plain", "version", "etag", "wrong-etag"]), label=f"{key} entry"
            )
            entry = {"Key": key}
            if kind == "version":
                entry["VersionId"] = data.draw(st.sampled_from([NULL, *known]), label=f"{key} version")
            elif kind == "etag":
                current = self.ref.current(key)
                entry["ETag"] = (
                    etag(current.body) if current is not None and current.body is not None else WRONG_ETAG
                )
            elif kind == "wrong-etag":
                entry["ETag"] = WRONG_ETAG
            entries.append(entry)
        response = self.s3.delete_objects(Bucket=BUCKET, Delete={"Objects": entries, "Quiet": quiet})
        deleted = {(d["Key"], d.get("VersionId")): d for d in response.get("Deleted", [])}
        errors = {e["Key"]: e for e in response.get("Errors", [])}
        assert len(deleted) == len(response.get("Deleted", [])) and len(errors) == len(
            response.get("Errors", [])
        )
        new_ids: list[tuple[str, str]] = []
        for entry in entries:
            key, version_id = entry["Key"], entry.get("VersionId")
            current = self.ref.current(key)
            if "ETag" in entry and (current is None or current.is_marker):
                assert errors.pop(key)["Code"] == "NoSuchKey"
                continue
            if "ETag" in entry and entry["ETag"] != etag(current.body or b""):
                assert errors.pop(key)["Code"] == "PreconditionFailed"
                continue
            result = {} if quiet else deleted.pop((key, version_id))
            if version_id is not None:
                existing = self.ref.remove(key, version_id)
                was_marker = existing is not None and existing.is_marker
                assert result.get("DeleteMarker", False) is (was_marker and not quiet)
                continue
            # In Quiet mode the new marker's id is not in the response; the store has it.
            latest = self.fake.store.bucket(BUCKET).current(key)
            marker_id = (
                result.get("DeleteMarkerVersionId")
                if not quiet
                else (latest.version_id if latest is not None and self.ref.status else None)
            )
            assert result.get("DeleteMarker", False) is (not quiet and self.ref.status != "")
            marker = self.marked(key, marker_id)
            if marker is not None and marker.version_id != NULL:
                new_ids.append((key, marker.version_id))
        assert not deleted and not errors, (deleted, errors)
        return multiple(*new_ids)

    def ref_ids(self) -> list[tuple[str, str]]:
        return [(v.key, v.version_id) for history in self.ref.keys.values() for v in history]

    @rule(status=st.sampled_from([ENABLED, SUSPENDED]))
    def set_versioning(self, status: str) -> None:
        # Only buckets that were versioned are suspended here: that is the state S3's docs define.
        if status == SUSPENDED and self.ref.status == "":
            return
        self.s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": status})
        self.ref.status = status
        assert self.s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == status

    @rule(target=versions, source=st.one_of(KEYS.map(lambda key: (key, None)), addressed), key=KEYS)
    def copy(self, source: tuple[str, str | None], key: str) -> Any:
        source_key, source_id = source
        copy_source: dict[str, str] = {"Bucket": BUCKET, "Key": source_key}
        if source_id is not None:
            copy_source["VersionId"] = source_id
        # Copying an object onto itself is refused unless something changes, so self-copies replace metadata.
        directive = "REPLACE" if source_key == key else "COPY"
        original = self.ref.current(source_key) if source_id is None else self.ref.find(source_key, source_id)
        try:
            response = self.s3.copy_object(
                Bucket=BUCKET, Key=key, CopySource=copy_source, MetadataDirective=directive
            )
        except ClientError as error:
            if source_id is None:
                assert original is None or original.is_marker
                assert code_of(error) == ("NoSuchKey", 404)
            elif original is None:
                assert code_of(error) == ("NoSuchVersion", 404)
            else:  # naming a delete marker as the copy source is a 400
                assert original.is_marker
                assert code_of(error) == ("InvalidRequest", 400)
            return multiple()
        assert original is not None and original.body is not None
        assert response["CopyObjectResult"]["ETag"] == etag(original.body)
        # S3 names the source version only when it has a real id, never `null`.
        named = original.version_id if self.ref.status and original.version_id != NULL else None
        assert response.get("CopySourceVersionId") == named
        version = self.written(key, original.body, response, copy=True)
        return (key, version.version_id) if version.version_id != NULL else multiple()

    # --- reads -----------------------------------------------------------------------------------------

    @rule(key=KEYS)
    def get(self, key: str) -> None:
        current = self.ref.current(key)
        try:
            response = self.s3.get_object(Bucket=BUCKET, Key=key)
        except ClientError as error:
            assert current is None or current.is_marker
            assert code_of(error) == ("NoSuchKey", 404)
            headers = error.response["ResponseMetadata"]["HTTPHeaders"]
            assert headers.get("x-amz-delete-marker") == ("true" if current is not None else None)
            assert headers.get("x-amz-version-id") == (current.version_id if current is not None else None)
            return
        assert current is not None and current.body is not None
        assert response["Body"].read() == current.body
        assert response["ETag"] == etag(current.body)
        assert response.get("VersionId") == (current.version_id if self.ref.status else None)

    @rule(address=addressed)
    def get_version(self, address: tuple[str, str]) -> None:
        key, version_id = address
        version = self.ref.find(key, version_id)
        try:
            response = self.s3.get_object(Bucket=BUCKET, Key=key, VersionId=version_id)
        except ClientError as error:
            if version is None:
                assert code_of(error) == ("NoSuchVersion", 404)
            else:  # a delete marker cannot be read by its version id
                assert version.is_marker
                assert code_of(error) == ("MethodNotAllowed", 405)
            return
        assert version is not None and version.body is not None
        assert response["Body"].read() == version.body
        if self.ref.status:
            assert response["VersionId"] == version_id

    @rule(v2=st.booleans(), prefix=PREFIXES, delimiter=DELIMITERS, page_size=PAGE_SIZES)
    def list_objects(self, v2: bool, prefix: str, delimiter: str | None, page_size: int) -> None:
        kwargs: dict[str, Any] = {
            "Bucket": BUCKET,
            "Prefix": prefix,
            "PaginationConfig": {"PageSize": page_size},
        }
        if delimiter is not None:
            kwargs["Delimiter"] = delimiter
        paginator = self.s3.get_paginator("list_objects_v2" if v2 else "list_objects")
        seen: list[tuple[str, str]] = []
        for page in paginator.paginate(**kwargs):
            # Within a page S3 sends Contents and CommonPrefixes as two lists; each is sorted.
            entries = [("key", c["Key"]) for c in page.get("Contents", [])]
            entries += [("prefix", p["Prefix"]) for p in page.get("CommonPrefixes", [])]
            assert len(entries) <= page_size
            seen += sorted(entries, key=lambda entry: entry[1])
            for item in page.get("Contents", []):
                current = self.ref.current(item["Key"])
                assert current is not None and current.body is not None
                assert (item["ETag"], item["Size"]) == (etag(current.body), len(current.body))
        assert seen == listed(self.ref.live(), prefix, delimiter)

    @rule(prefix=PREFIXES, delimiter=DELIMITERS, page_size=PAGE_SIZES)
    def list_versions(self, prefix: str, delimiter: str | None, page_size: int) -> None:
        kwargs: dict[str, Any] = {
            "Bucket": BUCKET,
            "Prefix": prefix,
            "PaginationConfig": {"PageSize": page_size},
        }
        if delimiter is not None:
            kwargs["Delimiter"] = delimiter
        RAW_PAGES.clear()
        prefixes: list[tuple[str, str]] = []
        for page in self.s3.get_paginator("list_object_versions").paginate(**kwargs):
            prefixes += [("prefix", p["Prefix"]) for p in page.get("CommonPrefixes", [])]
            for item in page.get("Versions", []):
                version = self.ref.find(item["Key"], item["VersionId"])
                assert version is not None and version.body is not None
                assert (item["ETag"], item["Size"]) == (etag(version.body), len(version.body))
        seen = [entry for raw in RAW_PAGES for entry in version_entries(raw, page_size)]
        expected: list[tuple[str, str, str, bool]] = []
        for kind, name in listed(sorted(self.ref.keys), prefix, delimiter):
            if kind == "key":
                history = self.ref.keys[name]
                expected += [
                    ("DeleteMarker" if v.is_marker else "Version", v.key, v.version_id, v is history[-1])
                    for v in reversed(history)
                ]
        assert seen == expected
        assert prefixes == [
            entry for entry in listed(sorted(self.ref.keys), prefix, delimiter) if entry[0] == "prefix"
        ]

    # --- after every step ------------------------------------------------------------------------------

    @invariant()
    def store_matches_reference(self) -> None:
        bucket = self.fake.store.bucket(BUCKET)
        assert bucket.versioning == self.ref.status
        for key in KEY_NAMES:
            actual = [(v.version_id, None if v.is_delete_marker else v.body) for v in bucket.versions(key)]
            assert actual == [(v.version_id, v.body) for v in reversed(self.ref.keys.get(key, []))], key
        assert list(bucket.all_keys()) == sorted(self.ref.keys)
        assert list(bucket.live_keys()) == self.ref.live()


def version_entries(raw: bytes, page_size: int) -> list[tuple[str, str, str, bool]]:
    """(element, Key, VersionId, IsLatest) of each `<Version>` / `<DeleteMarker>`, in document order.

    botocore asks for `encoding-type=url` and decodes keys itself; from the raw XML we decode them here.
    """
    entries = []
    root = ElementTree.fromstring(raw)
    decode = unquote if root.findtext(NS + "EncodingType") == "url" else str
    for element in root:
        tag = element.tag.removeprefix(NS)
        if tag in ("Version", "DeleteMarker"):
            entries.append(
                (
                    tag,
                    decode(element.findtext(NS + "Key") or ""),
                    element.findtext(NS + "VersionId") or "",
                    element.findtext(NS + "IsLatest") == "true",
                )
            )
    assert len(entries) <= page_size
    return entries


S3Model.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    derandomize=not SOAK,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestS3Model = pytest.mark.fake_only(S3Model.TestCase)
