"""`operations/config_schema.conform`: configuration documents checked against botocore's shapes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.errors.codes import MalformedXML
from pytest_s3fake.operations.config_schema import conform

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)
rules = st.fixed_dictionaries(
    {"AllowedMethod": st.lists(st.sampled_from(["GET", "PUT"]), min_size=1, max_size=3),
     "AllowedOrigin": st.lists(texts, min_size=1, max_size=3)},
    optional={"MaxAgeSeconds": st.integers(0, 10**6), "ID": texts, "ExposeHeader": st.lists(texts, max_size=2)},
)


@given(st.lists(rules, min_size=1, max_size=4))
def test_conform_is_idempotent_and_keeps_values_as_texts(cors_rules: list[dict[str, Any]]) -> None:
    once = conform("CORSConfiguration", {"CORSRule": cors_rules})
    assert conform("CORSConfiguration", once) == once
    for sent, kept in zip(cors_rules, once["CORSRule"], strict=True):
        assert kept["AllowedMethod"] == sent["AllowedMethod"]
        if "MaxAgeSeconds" in sent:
            assert kept["MaxAgeSeconds"] == str(sent["MaxAgeSeconds"])


def test_wrapped_lists_read_alike_parsed_or_unwrapped() -> None:
    """xmltodict gives `{"Field": [...]}`; the wire layer's shape check gives the list itself."""
    base = {"Id": "i", "IsEnabled": "true", "IncludedObjectVersions": "All", "Schedule": {"Frequency": "Daily"},
            "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::d", "Format": "CSV"}}}
    parsed = conform("InventoryConfiguration", {**base, "OptionalFields": {"Field": ["Size", "ETag"]}})
    typed = conform("InventoryConfiguration", {**base, "IsEnabled": True, "OptionalFields": ["Size", "ETag"]})
    assert parsed == typed
    assert parsed["OptionalFields"] == {"Field": ["Size", "ETag"]}


@pytest.mark.parametrize("doc", [
    {"CORSRule": [{"AllowedMethod": "GET"}]},                                   # required AllowedOrigin missing
    {"CORSRule": [{"AllowedMethod": "GET", "AllowedOrigin": "*", "Bogus": "x"}]},  # unknown element
    {"CORSRule": [{"AllowedMethod": "GET", "AllowedOrigin": "*", "MaxAgeSeconds": "ten"}]},
    {"CORSRule": "text"},
])
def test_what_does_not_fit_is_malformed(doc: dict[str, Any]) -> None:
    with pytest.raises(MalformedXML):
        conform("CORSConfiguration", doc)
