"""Fault injection through boto3: error arguments, retries in every botocore mode, network errors,
matching, removal, latency, probability, applied faults, and per-key DeleteObjects faults."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

import pytest_s3fake.transport as transport_module
from pytest_s3fake import FaultSpecError, S3Fake
from pytest_s3fake.errors import AccessDenied, InternalError, NoSuchKey, SlowDown
from tests.conftest import error_code

pytestmark = [pytest.mark.fake_only, pytest.mark.usefixtures("s3fake_no_backoff")]

MODES = ("legacy", "standard", "adaptive")


def client(fake: S3Fake, mode: str = "standard", attempts: int = 5) -> Any:
    """A client making at most `attempts` attempts per call (botocore's `max_attempts` counts retries)."""
    return fake.client(config=Config(retries={"mode": mode, "total_max_attempts": attempts}))


@pytest.fixture
def fake(s3fake: S3Fake) -> S3Fake:
    s3fake.create_bucket("b")
    return s3fake


# --- retries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_slowdown_twice_then_success_in_every_retry_mode(fake: S3Fake, mode: str) -> None:
    s3 = client(fake, mode)
    fault = fake.faults.add("PutObject", [SlowDown, SlowDown, None], bucket="b")
    response = s3.put_object(Bucket="b", Key="k", Body=b"data")
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert fault.hits == 2
    calls = fake.calls.of("PutObject")
    assert [c.attempt for c in calls] == [1, 2, 3]
    assert [c.error_code for c in calls] == ["SlowDown", "SlowDown", None]
    assert [c.status for c in calls] == [503, 503, 200]
    assert [c.faulted for c in calls] == [True, True, False]
    assert s3.get_object(Bucket="b", Key="k")["Body"].read() == b"data"


def test_retries_sleep_with_backoff_that_the_fixture_skips(fake: S3Fake,
                                                           s3fake_no_backoff: list[float]) -> None:
    fake.faults.add("PutObject", ["SlowDown", "SlowDown", None])
    client(fake).put_object(Bucket="b", Key="k", Body=b"x")
    # standard mode: rand(0, 1) * 2**i seconds for a throttling error; two retries, two waits.
    assert len(s3fake_no_backoff) == 2
    assert all(0 <= delay <= 2**i for i, delay in enumerate(s3fake_no_backoff))


def test_attempts_answered_by_a_fault_change_no_state(fake: S3Fake) -> None:
    s3 = client(fake, attempts=3)
    fake.faults.add("PutObject", "SlowDown", bucket="b")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="b", Key="new", Body=b"x")
    assert error_code(excinfo) == "SlowDown"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert fake.store.bucket("b").current("new") is None

    fake.store.put_object("b", "kept", b"x")
    fake.faults.add("DeleteObject", "InternalError", times=3)
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket="b", Key="kept")
    assert error_code(excinfo) == "InternalError"
    assert s3.get_object(Bucket="b", Key="kept")["Body"].read() == b"x"


def test_mixed_sequence_is_consumed_in_order(fake: S3Fake) -> None:
    fault = fake.faults.add("HeadBucket", ["SlowDown", InternalError, None])
    client(fake).head_bucket(Bucket="b")
    assert [c.error_code for c in fake.calls] == ["SlowDown", "InternalError", None]
    assert fault.hits == 2 and fault.exhausted
    client(fake).head_bucket(Bucket="b")
    assert fault.hits == 2


# --- network errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "name, cls",
    [("ReadTimeoutError", ReadTimeoutError), ("ConnectionClosedError", ConnectionClosedError),
     ("EndpointConnectionError", EndpointConnectionError), ("ConnectTimeoutError", ConnectTimeoutError)],
)
def test_network_errors_are_retried_by_botocore(fake: S3Fake, mode: str, name: str, cls: type) -> None:
    fake.store.put_object("b", "k", b"body")
    fault = fake.faults.add("GetObject", [name, cls, None], key="k")
    response = client(fake, mode).get_object(Bucket="b", Key="k")
    assert response["Body"].read() == b"body"
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert fault.hits == 2
    calls = fake.calls.of("GetObject")
    assert [(c.attempt, c.status, c.error_code) for c in calls] == [
        (1, 0, name), (2, 0, name), (3, 200, None)]


def test_read_timeout_retried_to_success(fake: S3Fake) -> None:
    fake.store.put_object("b", "k", b"body")
    fake.faults.add("GetObject", "ReadTimeoutError", times=1)
    assert client(fake).get_object(Bucket="b", Key="k")["Body"].read() == b"body"
    assert [c.attempt for c in fake.calls.of("GetObject")] == [1, 2]


def test_read_timeout_that_exhausts_retries_reaches_the_caller(fake: S3Fake) -> None:
    fault = fake.faults.add("GetObject", ReadTimeoutError)
    with pytest.raises(ReadTimeoutError) as excinfo:
        client(fake, attempts=3).get_object(Bucket="b", Key="k")
    assert 'Read timeout on endpoint URL: "https://s3.amazonaws.com/b/k"' in str(excinfo.value)
    assert fault.hits == 3
    assert [c.attempt for c in fake.calls] == [1, 2, 3]


def test_network_error_instance_is_raised_afresh_on_each_attempt(fake: S3Fake) -> None:
    error = ConnectionClosedError(endpoint_url="https://example.com")
    fake.faults.add("ListBuckets", error)
    with pytest.raises(ConnectionClosedError) as excinfo:
        client(fake, attempts=4).list_buckets()
    assert excinfo.value is error
    assert len(fake.calls) == 4


# --- the error argument --------------------------------------------------------------------------------


def test_unknown_code_is_a_clear_value_error(fake: S3Fake) -> None:
    with pytest.raises(ValueError, match="unknown fault 'SlowDownPlease'") as excinfo:
        fake.faults.add("PutObject", "SlowDownPlease")
    assert "Known codes: " in str(excinfo.value)
    assert "NoSuchKey" in str(excinfo.value) and "ReadTimeoutError" in str(excinfo.value)


def test_error_instance_keeps_its_own_message(fake: S3Fake) -> None:
    fake.faults.add("GetObject", AccessDenied("no reading k for you"), key="k")
    with pytest.raises(ClientError) as excinfo:
        client(fake).get_object(Bucket="b", Key="k")
    assert excinfo.value.response["Error"] == {"Code": "AccessDenied", "Message": "no reading k for you"}
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_error_class_raises_the_modeled_exception(fake: S3Fake) -> None:
    fake.store.put_object("b", "k", b"x")
    s3 = client(fake)
    fake.faults.add("GetObject", NoSuchKey)
    with pytest.raises(s3.exceptions.NoSuchKey) as excinfo:
        s3.get_object(Bucket="b", Key="k")
    assert excinfo.value.response["Error"]["Message"] == "The specified key does not exist."


def test_times_answers_the_first_n_attempts(fake: S3Fake) -> None:
    s3 = client(fake, attempts=1)
    fault = fake.faults.add("HeadBucket", "InternalError", times=2)
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            s3.head_bucket(Bucket="b")
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    s3.head_bucket(Bucket="b")
    assert fault.hits == 2 and fault.exhausted


def test_times_none_answers_every_matching_attempt(fake: S3Fake) -> None:
    fault = fake.faults.add("ListBuckets", "ServiceUnavailable")
    with pytest.raises(ClientError):
        client(fake, attempts=4).list_buckets()
    assert fault.hits == 4 and not fault.exhausted


@pytest.mark.parametrize(
    "args, kwargs, argument, message",
    [
        (("PutObject", ["SlowDown"]), {"times": 2}, "times", "sequence of outcomes or times="),
        (("PutObject", None), {}, "error", "needs an error, or a latency"),
        (("PutObject", [None, None]), {}, "error", "at least one error"),
        (("PutObject", "SlowDown"), {"times": 0}, "times", "must be at least 1"),
        (("PutObject", "SlowDown"), {"times": 1.5}, "times", "must be at least 1"),
        (("PutObject", "SlowDown"), {"probability": 0}, "probability", "in \\(0, 1\\]"),
        (("PutObject", "SlowDown"), {"probability": "1"}, "probability", "in \\(0, 1\\]"),
        (("PutObject", "SlowDown"), {"latency": -1}, "latency", ">= 0 seconds"),
        (("PutObject", "SlowDown"), {"seed": "x"}, "seed", "an int"),
        (("PutObject", "SlowDown"), {"bucket": 3}, "bucket", "a str"),
        (("PutObject", "SlowDown"), {"keys": "k"}, "keys", "a list of key names"),
        (("PutObject", "SlowDown"), {"keys": []}, "keys", "non-empty"),
        (("PutObject", "SlowDown"), {"keys": ["a", 1]}, "keys", "non-empty list of str"),
        (("PutObject", 503), {}, "error", "a fault outcome is"),
        (("PutObject", "NoSuchThing"), {}, "error", "unknown fault"),
        (("", "SlowDown"), {}, "operation", "botocore's operation name"),
        (("DeleteObjects", "ReadTimeoutError"), {"key": "k"}, "error", "must be an S3 error"),
        (("PutObject", None), {"latency": 0.1, "applied": True}, "applied", "applied=True needs an error"),
        (("DeleteObjects", "InternalError"), {"key": "k", "applied": True}, "applied", "cannot be applied"),
        (("DeleteObjects", "InternalError"), {"keys": ["k"], "applied": True}, "applied", "cannot be applied"),
        (("DeleteObjects", "ConnectionClosedError"), {"prefix": "p/"}, "error", "must be an S3 error"),
    ],
)
def test_invalid_faults_raise_one_value_error_naming_the_argument(
    fake: S3Fake, args: tuple[Any, ...], kwargs: dict[str, Any], argument: str, message: str
) -> None:
    """One exception type for every bad specification: a ValueError subclass, its message starting with
    the argument's name; nothing is added to the plan."""
    with pytest.raises(FaultSpecError, match=f"^{argument}: .*{message}") as raised:
        fake.faults.add(*args, **kwargs)
    assert isinstance(raised.value, ValueError)
    assert len(fake.faults) == 0


def test_keys_fails_exactly_the_named_keys(fake: S3Fake) -> None:
    s3 = client(fake, attempts=1)
    fault = fake.faults.add("PutObject", "SlowDown", keys=["a", "c"])
    outcomes = {}
    for key in "abcd":
        try:
            s3.put_object(Bucket="b", Key=key, Body=b"x")
            outcomes[key] = "ok"
        except ClientError as exc:
            outcomes[key] = exc.response["Error"]["Code"]
    assert outcomes == {"a": "SlowDown", "b": "ok", "c": "SlowDown", "d": "ok"}
    assert fault.hits == 2
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket="b")["Contents"]) == ["b", "d"]


def test_keys_inside_delete_objects_fail_only_those_keys(fake: S3Fake) -> None:
    s3 = client(fake, attempts=1)
    for key in "abc":
        s3.put_object(Bucket="b", Key=key, Body=b"x")
    fake.faults.add("DeleteObjects", "InternalError", keys=["a", "c"])
    out = s3.delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in "abc"]})
    assert sorted((e["Key"], e["Code"]) for e in out["Errors"]) == [("a", "InternalError"), ("c", "InternalError")]
    assert [d["Key"] for d in out["Deleted"]] == ["b"]
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket="b")["Contents"]) == ["a", "c"]


def test_faults_without_a_seed_draw_from_their_own_streams() -> None:
    """Two random faults on different operations must not fire in lock-step (issue 13, item 7)."""
    fake = S3Fake(seed=7)
    fake.create_bucket("b")
    with fake:
        s3 = client(fake, attempts=1)
        put = fake.faults.add("PutObject", "SlowDown", probability=0.5, optional=True)
        get = fake.faults.add("GetObject", "SlowDown", probability=0.5, optional=True)
        fired_put, fired_get = [], []
        for _ in range(64):
            before = put.hits
            with contextlib.suppress(ClientError):
                s3.put_object(Bucket="b", Key="k", Body=b"x")
            fired_put.append(put.hits > before)
            before = get.hits
            with contextlib.suppress(ClientError):
                s3.get_object(Bucket="b", Key="k")
            fired_get.append(get.hits > before)
    assert fired_put != fired_get
    assert 10 < sum(fired_put) < 54 and 10 < sum(fired_get) < 54
    # ... and the same seed repeats them exactly.
    def draws(seed: int) -> list[float]:
        fault = S3Fake(seed=seed).faults.add("PutObject", "SlowDown", probability=0.5)
        return [fault._rng.random() for _ in range(5)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)


# --- matching and removal ------------------------------------------------------------------------------


def test_any_operation_matches_every_operation(fake: S3Fake) -> None:
    s3 = client(fake, attempts=1)
    fault = fake.faults.add("*", "SlowDown", bucket="b", times=2)
    with pytest.raises(ClientError):
        s3.put_object(Bucket="b", Key="k", Body=b"x")
    with pytest.raises(ClientError):
        s3.list_objects_v2(Bucket="b")
    s3.list_objects_v2(Bucket="b")
    assert [c.operation for c in fake.calls.where(faulted=True)] == ["PutObject", "ListObjectsV2"]
    assert fault.hits == 2


def test_bucket_and_key_narrow_the_match(fake: S3Fake) -> None:
    fake.create_bucket("other")
    s3 = client(fake, attempts=1)
    fault = fake.faults.add("PutObject", "AccessDenied", bucket="b", key="secret")
    s3.put_object(Bucket="other", Key="secret", Body=b"x")
    s3.put_object(Bucket="b", Key="public", Body=b"x")
    s3.head_bucket(Bucket="b")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="b", Key="secret", Body=b"x")
    assert error_code(excinfo) == "AccessDenied"
    assert fault.hits == 1


def test_first_added_fault_answers(fake: S3Fake) -> None:
    first = fake.faults.add("HeadBucket", "SlowDown", times=1)
    second = fake.faults.add("*", "InternalError", times=1)
    with pytest.raises(ClientError):
        client(fake, attempts=2).head_bucket(Bucket="b")
    assert [c.status for c in fake.calls] == [503, 500]
    assert (first.hits, second.hits) == (1, 1)
    assert [c.fault for c in fake.calls] == [first, second]


def test_remove_and_clear(fake: S3Fake) -> None:
    s3 = client(fake, attempts=1)
    fault = fake.faults.add("HeadBucket", "InternalError")
    with pytest.raises(ClientError):
        s3.head_bucket(Bucket="b")
    fault.remove()
    s3.head_bucket(Bucket="b")
    assert fault.hits == 1 and fault not in list(fake.faults)
    fake.faults.add("HeadBucket", "InternalError", optional=True)
    fake.faults.add("ListBuckets", "InternalError", optional=True)
    fake.faults.clear()
    s3.head_bucket(Bucket="b")
    s3.list_buckets()
    assert len(fake.faults) == 0


def test_unfired_lists_only_faults_that_must_fire(fake: S3Fake) -> None:
    must = fake.faults.add("PutObject", "SlowDown", bucket="nobody-calls-this")
    fake.faults.add("PutObject", "SlowDown", bucket="nobody-calls-this-either", optional=True)
    assert fake.faults.unfired() == [must]
    must.remove()
    assert fake.faults.unfired() == []


def test_fault_repr_names_what_it_does() -> None:
    plan = S3Fake().faults
    assert repr(plan.add("PutObject", "SlowDown", bucket="b", times=2)) == \
        "Fault('PutObject', SlowDown, times=2, bucket='b', hits=0)"
    assert repr(plan.add("GetObject", [SlowDown, "ReadTimeoutError", None], key="k1")) == \
        "Fault('GetObject', [SlowDown, ReadTimeoutError, None], key='k1', hits=0)"
    assert repr(plan.add("*", None, latency=0.01)) == "Fault('*', latency=0.01, hits=0)"
    assert repr(plan.add("PutObject", "ReadTimeoutError", times=1, applied=True)) == \
        "Fault('PutObject', ReadTimeoutError, times=1, applied=True, hits=0)"
    assert repr(plan.add("PutObject", ["InternalError", None], applied=True)) == \
        "Fault('PutObject', [InternalError, None], applied=True, hits=0)"
    assert repr(plan.add("DeleteObjects", "AccessDenied", bucket="b", prefix="locked/")) == \
        "Fault('DeleteObjects', AccessDenied, bucket='b', prefix='locked/', hits=0)"


# --- latency and probability ---------------------------------------------------------------------------


def test_latency_delays_the_answer(fake: S3Fake, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(transport_module.time, "sleep", slept.append)
    delay = fake.faults.add("HeadBucket", None, latency=0.05)
    slow_error = fake.faults.add("ListBuckets", "InternalError", latency=0.02, times=1)
    s3 = client(fake, attempts=1)
    s3.head_bucket(Bucket="b")
    assert slept == [0.05]
    with pytest.raises(ClientError):
        s3.list_buckets()
    assert slept == [0.05, 0.02]
    assert (delay.hits, slow_error.hits) == (1, 1)
    # A delay-only fault does not answer the attempt: the handler does.
    assert [(c.status, c.faulted) for c in fake.calls] == [(200, False), (500, True)]


def test_per_key_latencies_add_up_and_are_slept_once_after_the_batch(
    fake: S3Fake, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[tuple[float, list[str]]] = []
    # What the store holds when the transport sleeps: the batch is answered first, outside the lock.
    monkeypatch.setattr(transport_module.time, "sleep",
                        lambda seconds: slept.append((seconds, sorted(fake.store.bucket("b").live_keys()))))
    for key in "abc":
        fake.store.put_object("b", key, b"x")
    fake.faults.add("DeleteObjects", "AccessDenied", key="a", latency=0.25)
    fake.faults.add("DeleteObjects", "SlowDown", key="b", latency=0.5)
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in "abc"]})
    assert [e["Key"] for e in response["Errors"]] == ["a", "b"]
    assert slept == [(0.75, ["a", "b"])]


def pattern(seed: int) -> list[bool]:
    with S3Fake() as fake:
        fake.create_bucket("b")
        s3 = client(fake, attempts=1)
        fake.faults.add("HeadBucket", "SlowDown", probability=0.3, seed=seed)
        for _ in range(40):
            try:
                s3.head_bucket(Bucket="b")
            except ClientError:
                pass
        return [call.faulted for call in fake.calls]


def test_probability_is_repeatable_given_the_seed() -> None:
    first = pattern(seed=7)
    assert first == pattern(seed=7)
    assert first != pattern(seed=8)
    assert 4 <= sum(first) <= 20  # about 30% of 40


# --- DeleteObjects: per-key faults -----------------------------------------------------------------------


def test_delete_objects_1000_keys_with_3_key_faults(fake: S3Fake) -> None:
    keys = [f"k{i:04d}" for i in range(1000)]
    for key in keys:
        fake.store.put_object("b", key, b"x")
    failing = {"k0007": "AccessDenied", "k0500": "InternalError", "k0999": "SlowDown"}
    faults = [fake.faults.add("DeleteObjects", code, bucket="b", key=key) for key, code in failing.items()]
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in keys]})
    assert len(response["Deleted"]) == 997
    assert {(e["Key"], e["Code"]) for e in response["Errors"]} == set(failing.items())
    messages = {e["Key"]: e["Message"] for e in response["Errors"]}
    assert messages["k0007"] == "Access Denied"
    assert sorted(fake.store.bucket("b").live_keys()) == sorted(failing)
    assert [f.hits for f in faults] == [1, 1, 1]
    # The request itself succeeded: one attempt, not answered by a fault.
    assert [(c.status, c.faulted) for c in fake.calls.of("DeleteObjects")] == [(200, False)]


def test_delete_objects_quiet_shows_only_the_key_faults(fake: S3Fake) -> None:
    for key in ("a", "b", "c"):
        fake.store.put_object("b", key, b"x")
    fake.faults.add("DeleteObjects", AccessDenied("locked by test"), key="b")
    response = client(fake).delete_objects(
        Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "c"}], "Quiet": True})
    assert "Deleted" not in response
    assert response["Errors"] == [{"Key": "b", "Code": "AccessDenied", "Message": "locked by test"}]
    assert list(fake.store.bucket("b").live_keys()) == ["b"]


def test_delete_objects_whole_request_fault_is_retried_before_any_delete(fake: S3Fake) -> None:
    fake.store.put_object("b", "a", b"x")
    fake.faults.add("DeleteObjects", ["SlowDown", None])
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}]})
    assert response["Deleted"] == [{"Key": "a"}]
    assert [(c.attempt, c.status) for c in fake.calls.of("DeleteObjects")] == [(1, 503), (2, 200)]


def test_any_operation_key_fault_fails_that_key_inside_delete_objects(fake: S3Fake) -> None:
    fake.store.put_object("b", "a", b"x")
    fake.store.put_object("b", "secret", b"x")
    fake.faults.add("*", "AccessDenied", key="secret")
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "secret"}]})
    assert response["Deleted"] == [{"Key": "a"}]
    assert [e["Key"] for e in response["Errors"]] == ["secret"]


# --- applied faults: the request takes effect, the answer is lost ----------------------------------------


def test_applied_timeout_makes_a_conditional_put_fail_on_its_retry(fake: S3Fake) -> None:
    # The classic lost response: the first PUT is stored, the client times out and retries, and the
    # retry meets its own write. A create-only PUT (If-None-Match: *) then fails with 412.
    fault = fake.faults.add("PutObject", "ReadTimeoutError", times=1, applied=True)
    with pytest.raises(ClientError) as caught:
        client(fake).put_object(Bucket="b", Key="k", Body=b"v1", IfNoneMatch="*")
    assert error_code(caught) == "PreconditionFailed"
    assert fake.store.bucket("b").current("k").body == b"v1"
    calls = fake.calls.of("PutObject")
    assert [(c.attempt, c.status, c.error_code, c.faulted) for c in calls] == [
        (1, 0, "ReadTimeoutError", True), (2, 412, "PreconditionFailed", False)]
    assert calls[0].fault is fault and fault.applied


def test_applied_s3_error_deletes_the_batch_and_answers_the_error(fake: S3Fake) -> None:
    for key in "ab":
        fake.store.put_object("b", key, b"x")
    fake.faults.add("DeleteObjects", "InternalError", times=1, applied=True)
    with pytest.raises(ClientError) as caught:
        client(fake, attempts=1).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "b"}]})
    assert error_code(caught) == "InternalError"
    assert fake.store.bucket("b").object_count() == 0
    # Retried, the same batch finds the keys gone and reports them deleted, as S3 does.
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "b"}]})
    assert [d["Key"] for d in response["Deleted"]] == ["a", "b"]


def test_applied_fault_on_a_request_s3_refuses_still_answers_the_fault(fake: S3Fake) -> None:
    fake.faults.add("PutObject", "SlowDown", times=1, applied=True)
    with pytest.raises(ClientError) as caught:
        client(fake, attempts=1).put_object(Bucket="missing", Key="k", Body=b"x")
    assert error_code(caught) == "SlowDown"  # the handler's NoSuchBucket was lost with the answer
    assert [b.name for b in fake.store.buckets()] == ["b"]


def test_unapplied_fault_changes_nothing_where_the_applied_one_writes(fake: S3Fake) -> None:
    fake.faults.add("PutObject", "InternalError", key="plain", times=1)
    fake.faults.add("PutObject", "InternalError", key="applied", times=1, applied=True)
    s3 = client(fake, attempts=1)
    for key in ("plain", "applied"):
        with pytest.raises(ClientError):
            s3.put_object(Bucket="b", Key=key, Body=b"x")
    assert sorted(fake.store.bucket("b").live_keys()) == ["applied"]


def test_applied_key_fault_on_any_operation_never_fails_a_key_inside_delete_objects(fake: S3Fake) -> None:
    # A key inside a batch can only fail and stay; a "*" fault that is applied fires on single-key calls.
    fake.store.put_object("b", "k", b"x")
    fault = fake.faults.add("*", "InternalError", key="k", times=1, applied=True)
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "k"}]})
    assert response["Deleted"] == [{"Key": "k"}] and "Errors" not in response
    assert fault.hits == 0
    with pytest.raises(ClientError):
        client(fake, attempts=1).put_object(Bucket="b", Key="k", Body=b"again")
    assert fake.store.bucket("b").current("k").body == b"again"


# --- prefix: every key under it ---------------------------------------------------------------------------


def test_prefix_narrows_single_key_calls_to_keys_under_it(fake: S3Fake) -> None:
    fault = fake.faults.add("PutObject", "AccessDenied", prefix="tmp/")
    s3 = client(fake, attempts=1)
    s3.put_object(Bucket="b", Key="tmpfile", Body=b"x")  # "tmp/" is a prefix of keys, not of words
    s3.put_object(Bucket="b", Key="keep/tmp/a", Body=b"x")
    with pytest.raises(ClientError) as caught:
        s3.put_object(Bucket="b", Key="tmp/a", Body=b"x")
    assert error_code(caught) == "AccessDenied"
    assert fault.hits == 1
    assert sorted(fake.store.bucket("b").live_keys()) == ["keep/tmp/a", "tmpfile"]


def test_prefix_fault_fails_every_key_under_it_inside_delete_objects(fake: S3Fake) -> None:
    keys = ["locked/a", "locked/b", "lockedc", "open/a"]
    for key in keys:
        fake.store.put_object("b", key, b"x")
    fault = fake.faults.add("DeleteObjects", "AccessDenied", prefix="locked/")
    response = client(fake).delete_objects(Bucket="b", Delete={"Objects": [{"Key": k} for k in keys]})
    assert sorted(d["Key"] for d in response["Deleted"]) == ["lockedc", "open/a"]
    assert sorted((e["Key"], e["Code"]) for e in response["Errors"]) == [
        ("locked/a", "AccessDenied"), ("locked/b", "AccessDenied")]
    assert fault.hits == 2
    assert sorted(fake.store.bucket("b").live_keys()) == ["locked/a", "locked/b"]


def test_applied_batch_keeps_the_latency_of_the_key_faults_it_met(
    fake: S3Fake, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(transport_module.time, "sleep", slept.append)
    for key in "ab":
        fake.store.put_object("b", key, b"x")
    fake.faults.add("DeleteObjects", "InternalError", times=1, applied=True)
    fake.faults.add("DeleteObjects", "AccessDenied", key="a", latency=0.25, times=1)
    with pytest.raises(ClientError):
        client(fake, attempts=1).delete_objects(Bucket="b", Delete={"Objects": [{"Key": "a"}, {"Key": "b"}]})
    assert sorted(fake.store.bucket("b").live_keys()) == ["a"]  # the batch took effect, "a" failed in it
    assert slept == [0.25]
