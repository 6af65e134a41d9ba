"""The restore model's arithmetic, checked with Hypothesis: expiry at midnight UTC, and the state read from
the clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.model import ObjectVersion, Restore
from pytest_s3fake.operations.restore import expiry, is_readable, restore_header, restore_status

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc))


@given(moments, st.integers(min_value=1, max_value=10_000))
def test_expiry_is_the_next_midnight_after_the_days(moment: datetime, days: int) -> None:
    """S3 dates a restored copy's expiry at midnight UTC (`expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"`)."""
    end = expiry(moment, days)
    assert (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    assert timedelta() <= end - (moment + timedelta(days=days)) < timedelta(days=1)


@given(moments, st.integers(min_value=0, max_value=3 * 24 * 3600), st.integers(min_value=1, max_value=5),
       st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_state_follows_the_clock(requested: datetime, wait: int, days: int, later: int) -> None:
    """Restoring until ready, readable until expiry, then archived again; the header and the listing
    status agree with readability at every moment."""
    ready = requested + timedelta(seconds=wait)
    version = ObjectVersion("k", "null", b"x", '"e"', requested, storage_class="GLACIER")
    version.restore = Restore(requested, ready, expiry(ready, days), "Standard", days)
    now = requested + timedelta(seconds=later)
    header = restore_header(version, now).get("x-amz-restore")
    status = restore_status(version, now)
    if now < ready:
        assert not is_readable(version, now)
        assert header == 'ongoing-request="true"' and status == {"IsRestoreInProgress": True}
    elif now < version.restore.expires:
        assert is_readable(version, now)
        assert header is not None and header.startswith('ongoing-request="false", expiry-date="')
        assert status is not None and status["IsRestoreInProgress"] is False
    else:
        assert not is_readable(version, now) and header is None and status is None
