"""Property: paginating random key sets gives exactly what a plain sorted list gives.

Random keys (unicode, `/`-heavy, prefixes of one another), prefixes, delimiters (`/` and others, some
longer than one character) and page sizes; each example seeds a fresh `S3Fake` through its store and
lists with botocore's paginators, whose markers and tokens must neither skip nor repeat an entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.model import Version
from pytest_s3fake.operations.deleting import delete_current

BUCKET = "prop-bucket"
KEYS = st.text(alphabet=["a", "b", "/", "/", "-", "|", "ü", "日"], min_size=1, max_size=6)
KEY_SETS = st.lists(KEYS, min_size=0, max_size=25, unique=True)
DELIMITERS = st.sampled_from([None, "/", "|", "-", "a/", "日"])
PAGE_SIZES = st.integers(min_value=1, max_value=6)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def client() -> Any:
    """One client for the module: each example starts its own fake, which then answers it."""
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


def utf8_sorted(keys: list[str]) -> list[str]:
    return sorted(keys, key=lambda k: k.encode("utf-8"))


def reference(keys: list[str], prefix: str, delimiter: str | None) -> tuple[list[str], list[str]]:
    """(keys, common prefixes) a listing returns, computed the obvious way from a sorted list."""
    contents, prefixes = [], []
    for key in utf8_sorted(keys):
        if not key.startswith(prefix):
            continue
        cut = key.find(delimiter, len(prefix)) if delimiter else -1
        if cut < 0:
            contents.append(key)
        elif (common := key[: cut + len(delimiter or "")]) not in prefixes:
            prefixes.append(common)
    return contents, prefixes


def prefixes(keys: list[str]) -> st.SearchStrategy[str]:
    """Often a real prefix of a key (so listings are non-trivial), sometimes anything."""
    anything = st.text(alphabet=["a", "/", "ü"], max_size=2)
    if not keys:
        return anything
    of_a_key = st.sampled_from(keys).flatmap(lambda key: st.integers(0, len(key)).map(lambda n: key[:n]))
    return st.one_of(of_a_key, anything)


def paginate(client: Any, operation: str, page_size: int, **kwargs: Any) -> Iterator[dict[str, Any]]:
    kwargs = {name: value for name, value in kwargs.items() if value is not None}
    for page in client.get_paginator(operation).paginate(Bucket=BUCKET, PaginationConfig={"PageSize": page_size},
                                                         **kwargs):
        assert len(page.get("Contents", [])) + len(page.get("Versions", [])) + len(page.get("DeleteMarkers", [])) \
            + len(page.get("CommonPrefixes", [])) <= page_size
        yield page


@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2"])
@SETTINGS
@given(data=st.data(), keys=KEY_SETS, delimiter=DELIMITERS, page_size=PAGE_SIZES)
def test_listing_pages_match_sorted_reference(client: Any, operation: str, data: st.DataObject, keys: list[str],
                                              delimiter: str | None, page_size: int) -> None:
    prefix = data.draw(prefixes(keys))
    with S3Fake() as fake:
        fake.create_bucket(BUCKET)
        for key in keys:
            fake.store.put_object(BUCKET, key, b"x")
        contents, common = [], []
        for page in paginate(client, operation, page_size, Prefix=prefix, Delimiter=delimiter):
            contents += [c["Key"] for c in page.get("Contents", [])]
            common += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert (contents, common) == reference(keys, prefix, delimiter)


@SETTINGS
@given(data=st.data(), keys=KEY_SETS, delimiter=DELIMITERS, page_size=PAGE_SIZES)
def test_version_pages_match_sorted_reference(client: Any, data: st.DataObject, keys: list[str],
                                              delimiter: str | None, page_size: int) -> None:
    prefix = data.draw(prefixes(keys))
    # Per key: how many object versions, then whether a delete marker is on top.
    shapes = data.draw(st.lists(st.tuples(st.integers(min_value=1, max_value=3), st.booleans()),
                                min_size=len(keys), max_size=len(keys)))
    with S3Fake() as fake:
        fake.create_bucket(BUCKET, versioning=True)
        bucket = fake.store.bucket(BUCKET)
        for key, (count, deleted) in zip(keys, shapes, strict=False):
            for _ in range(count):
                fake.store.put_object(BUCKET, key, b"x")
            if deleted:
                delete_current(bucket, key, fake.clock.now())
        history: dict[str, tuple[Version, ...]] = {key: bucket.versions(key) for key in keys}
        versions, markers, common = [], [], []
        for page in paginate(client, "list_object_versions", page_size, Prefix=prefix, Delimiter=delimiter):
            versions += [(v["Key"], v["VersionId"], v["IsLatest"]) for v in page.get("Versions", [])]
            markers += [(m["Key"], m["VersionId"], m["IsLatest"]) for m in page.get("DeleteMarkers", [])]
            common += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    listed_keys, expected_common = reference(keys, prefix, delimiter)
    expected = [(key, v.version_id, i == 0, v.is_delete_marker)
                for key in listed_keys for i, v in enumerate(history[key])]
    assert versions == [(k, v, latest) for k, v, latest, is_marker in expected if not is_marker]
    assert markers == [(k, v, latest) for k, v, latest, is_marker in expected if is_marker]
    assert common == expected_common
