"""The fake's clock: real time by default (so time-travel libraries move it), frozen on request.

AWS-recorded: S3 keeps LastModified to the second; ListObjectsV2's reference example shows
`<LastModified>2009-10-12T17:50:30.000Z</LastModified>`
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pytest_s3fake import S3Fake
from pytest_s3fake.ids import Clock

time_machine = pytest.importorskip("time_machine")

T0 = datetime(2030, 1, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_real_clock_follows_time_machine() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        clock = Clock()
        assert clock.now() == T0
        traveller.shift(timedelta(seconds=3))
        assert clock.now() == T0 + timedelta(seconds=3)


def test_advance_is_an_offset_on_real_time() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        clock = Clock()
        clock.advance(days=1)
        traveller.shift(timedelta(seconds=2))
        assert clock.now() == T0 + timedelta(days=1, seconds=2)


def test_never_goes_backwards() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        clock = Clock()
        clock.now()
        traveller.move_to(T0 - timedelta(hours=1))
        assert clock.now() == T0


def test_whole_seconds() -> None:
    with time_machine.travel(T0 + timedelta(microseconds=700_000), tick=False):
        assert Clock().now() == T0


def test_frozen_clock_stays_until_advanced() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        clock = Clock("frozen")
        traveller.shift(timedelta(minutes=5))
        assert clock.now() == T0
        assert clock.advance(seconds=2) == T0 + timedelta(seconds=2)


def test_bad_mode_refused() -> None:
    with pytest.raises(ValueError, match="real"):
        Clock("wall")


def test_last_modified_moves_between_writes() -> None:
    """Two writes a few seconds apart get different LastModified, newest last (real default clock)."""
    with time_machine.travel(T0, tick=False) as traveller, S3Fake() as fake:
        client = fake.client()
        client.create_bucket(Bucket="bkt")
        client.put_object(Bucket="bkt", Key="old", Body=b"1")
        traveller.shift(timedelta(seconds=5))
        client.put_object(Bucket="bkt", Key="new", Body=b"2")
        listed = {o["Key"]: o["LastModified"] for o in client.list_objects_v2(Bucket="bkt")["Contents"]}
        assert listed["new"] - listed["old"] == timedelta(seconds=5)


def test_frozen_fake_repeats_timestamps() -> None:
    with S3Fake(clock="frozen") as fake:
        client = fake.client()
        client.create_bucket(Bucket="bkt")
        client.put_object(Bucket="bkt", Key="a", Body=b"1")
        client.put_object(Bucket="bkt", Key="b", Body=b"2")
        a, b = client.list_objects_v2(Bucket="bkt")["Contents"]
        assert a["LastModified"] == b["LastModified"]


@pytest.mark.s3fake(clock="frozen")
def test_marker_option(s3fake: S3Fake) -> None:
    assert s3fake.clock.mode == "frozen"
