"""Properties of lifecycle rule matching and scheduling, checked with hypothesis.

- `due` is the midnight UTC after `start + days` (S3's rounding, as the x-amz-expiration header recorded
  against AWS shows it: LocalStack TestS3BucketLifecycle snapshots).
- Narrowing a filter (a longer prefix, one more tag, a tighter size bound) never takes more objects.
- The header and the run agree: what `x-amz-expiration` announces is when `lifecycle.run()` expires it.
- Any valid configuration reads back as it was put.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.model.lifecycle import LifecycleRule
from pytest_s3fake.operations.lifecycle_match import applies, due

pytestmark = pytest.mark.fake_only

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                       timezones=st.just(timezone.utc))
keys = st.text(alphabet="ab/", max_size=6)
tag_sets = st.dictionaries(st.sampled_from("xyz"), st.sampled_from("01"), max_size=3)
sizes = st.integers(min_value=0, max_value=50)


@st.composite
def rules(draw: Any) -> LifecycleRule:
    low = draw(st.none() | sizes)
    high = draw(st.none() | st.integers(min_value=(low or 0) + 1, max_value=60))
    return LifecycleRule(id="r", enabled=True, prefix=draw(keys), tags=tuple(draw(tag_sets).items()),
                         size_greater_than=low, size_less_than=high, expiration_days=1)


@settings(deadline=None)  # pure, but the shared CI machine can stall any example
@given(moments, st.integers(min_value=0, max_value=3650))
def test_due_is_the_next_midnight(start: datetime, days: int) -> None:
    when = due(start, days)
    assert (when.hour, when.minute, when.second, when.microsecond) == (0, 0, 0, 0)
    assert start + timedelta(days=days) < when <= start + timedelta(days=days + 1)


@settings(deadline=None)
@given(rules(), keys, sizes, tag_sets, st.data())
def test_narrowing_never_takes_more(rule: LifecycleRule, key: str, size: int, tags: dict[str, str], data: Any) -> None:
    narrower = data.draw(st.sampled_from([
        dataclasses.replace(rule, prefix=rule.prefix + data.draw(keys)),
        dataclasses.replace(rule, tags=(*rule.tags, ("w", data.draw(st.sampled_from("01"))))),
        dataclasses.replace(rule, size_greater_than=(rule.size_greater_than or 0) + 1),
        dataclasses.replace(rule, size_less_than=max(1, (rule.size_less_than or 60) - 1)),
        dataclasses.replace(rule, enabled=False),
    ]))
    if applies(narrower, key, size, tags):
        assert applies(rule, key, size, tags)
    unfiltered = LifecycleRule(id="all", enabled=True)
    assert applies(unfiltered, key, size, tags)


HEADER = re.compile(r'expiry-date="(.+)", rule-id="(.+)"')


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moments, st.integers(min_value=1, max_value=400), st.booleans())
def test_header_and_run_agree(start: datetime, days: int, versioned: bool) -> None:
    with S3Fake(clock="frozen", clock_start=start.replace(microsecond=0)) as fake:
        s3 = fake.client()
        fake.create_bucket("lc-bucket", versioning=versioned)
        s3.put_bucket_lifecycle_configuration(Bucket="lc-bucket", LifecycleConfiguration={"Rules": [
            {"ID": "r", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": days}}]})
        header = s3.put_object(Bucket="lc-bucket", Key="k", Body=b"x")["Expiration"]
        match = HEADER.fullmatch(header)
        assert match is not None and match.group(2) == "r"
        when = parsedate_to_datetime(match.group(1))
        assert fake.lifecycle.run(at=when - timedelta(seconds=1)) == []
        done = fake.lifecycle.run(at=when)
        assert [a.action for a in done] == ["DeleteMarkerCreated" if versioned else "Expired"]


filters = st.one_of(
    st.just({}),
    keys.map(lambda p: {"Prefix": p}),
    st.builds(lambda k, v: {"Tag": {"Key": k, "Value": v}}, st.sampled_from("xyz"), st.sampled_from("01")),
    sizes.map(lambda n: {"ObjectSizeGreaterThan": n}),
    st.builds(lambda p, t: {"And": {"Prefix": p, "Tags": [{"Key": k, "Value": v} for k, v in t.items()]}},
              keys, tag_sets.filter(bool)),
)
actions = st.one_of(
    st.integers(1, 999).map(lambda d: {"Expiration": {"Days": d}}),
    st.integers(1, 999).map(lambda d: {"NoncurrentVersionExpiration": {"NoncurrentDays": d}}),
    st.integers(0, 99).map(lambda d: {"Transitions": [{"Days": d, "StorageClass": "GLACIER"}]}),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(filters, actions, st.sampled_from(["Enabled", "Disabled"])), min_size=1, max_size=4))
def test_valid_configurations_read_back(drawn: list[tuple[dict[str, Any], dict[str, Any], str]]) -> None:
    sent = [{"ID": f"rule-{i}", "Filter": rule_filter, "Status": status, **action}
            for i, (rule_filter, action, status) in enumerate(drawn)]
    with S3Fake() as fake:
        s3 = fake.client()
        fake.create_bucket("lc-bucket")
        s3.put_bucket_lifecycle_configuration(Bucket="lc-bucket", LifecycleConfiguration={"Rules": sent})
        assert s3.get_bucket_lifecycle_configuration(Bucket="lc-bucket")["Rules"] == sent
