"""The compact ObjectVersion (model/compact.py): every field reads back what was written, whatever is kept."""

from __future__ import annotations

import dataclasses
import sys
from datetime import datetime, timezone

from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.ids import Ids
from pytest_s3fake.model.compact import LAZY_ETAG_MAX, md5_etag, pack_id, unpack_id
from pytest_s3fake.model.versions import EMPTY, NULL, ObjectVersion

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"


def test_a_plain_small_object_keeps_only_its_slots() -> None:
    version = ObjectVersion("k", NULL, b"16 bytes of data", md5_etag(b"16 bytes of data"), NOW)
    assert version._rare is None and sys.getsizeof(version) <= 80
    assert version.etag == md5_etag(b"16 bytes of data") and version.metadata is EMPTY
    assert (version.content_type, version.storage_class, version.seq) == ("binary/octet-stream", "STANDARD", 0)


def test_every_field_reads_back_what_was_written() -> None:
    values = {"key": "k", "version_id": Ids(3).version_id(), "body": b"x" * (LAZY_ETAG_MAX + 1), "etag": '"abc-2"',
              "last_modified": NOW, "content_type": "text/plain", "metadata": {"a": "b"}, "headers": {},
              "checksums": {"CRC32": "AAAAAA=="}, "checksum_type": "COMPOSITE", "storage_class": "GLACIER",
              "tags": {"t": "1"}, "retention_mode": "GOVERNANCE", "retain_until": NOW, "legal_hold": False,
              "parts": (1, 2), "seq": 7}
    names = [f.name for f in dataclasses.fields(ObjectVersion)]
    values = {name: values[name] for name in names if name in values}  # fields other branches add keep defaults
    version = ObjectVersion(**values)
    for name, value in values.items():
        assert getattr(version, name) == value, name
    assert version.headers == {} and version.headers is values["headers"]  # an empty dict passed stays that dict
    version.tags = EMPTY
    version.etag = md5_etag(version.body)
    assert version.tags is EMPTY and version.etag == md5_etag(version.body)
    assert repr(version).startswith("ObjectVersion(key='k', version_id=")


def test_setting_a_field_after_construction_keeps_the_others() -> None:
    version = ObjectVersion("k", NULL, b"x", md5_etag(b"x"), NOW)
    version.retention_mode, version.legal_hold = "COMPLIANCE", True
    assert (version.retention_mode, version.legal_hold, version.content_type) == ("COMPLIANCE", True,
                                                                                  "binary/octet-stream")
    assert version.etag == md5_etag(b"x")


def test_a_stored_etag_other_than_the_md5_of_a_small_body_is_kept() -> None:
    version = ObjectVersion("k", NULL, b"x", '"multipart-3"', NOW)
    assert version.etag == '"multipart-3"'


@given(st.text(alphabet=ID_ALPHABET, min_size=32, max_size=32))
def test_generated_version_ids_pack_into_24_bytes_and_back(version_id: str) -> None:
    packed = pack_id(version_id)
    assert isinstance(packed, bytes) and len(packed) == 24
    assert unpack_id(packed) == version_id


@given(st.text(max_size=40))
def test_any_other_version_id_is_kept_as_is(version_id: str) -> None:
    assert unpack_id(pack_id(version_id)) == version_id
    version = ObjectVersion("k", version_id, b"", md5_etag(b""), NOW)
    assert version.version_id == version_id
