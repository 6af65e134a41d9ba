"""`ids.iso8601` (LastModified in every listing) against the strftime form it replaced, for any UTC moment."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.ids import iso8601


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(timezone.utc)))
def test_iso8601_is_s3s_millisecond_form(moment: datetime) -> None:
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert iso8601(moment) == expected
    assert iso8601(moment.replace(tzinfo=None)) == expected
