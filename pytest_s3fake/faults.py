"""Fault injection: answer matching requests with an S3 error, a transport error, or a delay.

A fault is checked once per HTTP attempt, before the handler runs, so botocore's retries consume it
exactly as they would consume real 503s, and an attempt a fault answered changes no state. Inside
DeleteObjects, a fault with a `key` fails only that key: it lands in the response's `Errors`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Union

from pytest_s3fake.errors import S3Error, error_class
from pytest_s3fake.wire import KeyFault, Request

#: What one attempt is answered with: an S3 error, an exception botocore raises (a transport error),
#: or None for "answer normally".
Outcome = Union[S3Error, BaseException, None]
#: What `faults.add` accepts for each outcome: an error code, an error class or instance, an exception
#: class or instance (for example `botocore.exceptions.ReadTimeoutError`), or None.
OutcomeLike = Union[str, S3Error, type[BaseException], BaseException, None]

ANY = "*"


def to_outcome(value: OutcomeLike) -> Outcome:
    """Normalise one outcome: `"SlowDown"`, `SlowDown`, `SlowDown("busy")`, an exception, or None."""
    if value is None or isinstance(value, BaseException):
        return value
    if isinstance(value, str):
        return error_class(value)()
    if isinstance(value, type) and issubclass(value, BaseException):
        return _instantiate(value)
    raise TypeError(f"a fault outcome is an S3 error code, an S3Error, an exception or None, not {value!r}")


def _instantiate(cls: type[BaseException]) -> BaseException:
    if issubclass(cls, S3Error):
        return cls()
    try:
        return cls()
    except TypeError:
        # botocore's connection errors take keyword arguments for their message.
        return cls(endpoint_url="https://s3.amazonaws.com", error="injected by pytest-s3fake")  # type: ignore[call-arg]


class Fault:
    """One injected fault; `hits` counts the attempts it answered with an error."""

    def __init__(
        self,
        plan: FaultPlan,
        operation: str,
        outcomes: Sequence[Outcome] | None,
        repeat: Outcome,
        *,
        bucket: str | None,
        key: str | None,
        optional: bool,
        latency: float,
        probability: float,
        seed: int,
    ) -> None:
        self._plan = plan
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.optional = optional
        self.latency = latency
        self.probability = probability
        self._rng = random.Random(seed)
        self._pending: Iterator[Outcome] | None = iter(outcomes) if outcomes is not None else None
        self._repeat = repeat
        self.hits = 0
        self.exhausted = False

    def __repr__(self) -> str:
        where = "".join(f", {name}={value!r}" for name, value in (("bucket", self.bucket), ("key", self.key)) if value)
        return f"Fault({self.operation!r}, {self.describe()}{where}, hits={self.hits})"

    def describe(self) -> str:
        outcome = self._repeat
        return type(outcome).__name__ if outcome is not None else "sequence"

    def matches(self, operation: str, bucket: str | None, key: str | None) -> bool:
        return (
            not self.exhausted
            and self.operation in (ANY, operation)
            and (self.bucket is None or self.bucket == bucket)
            and (self.key is None or self.key == key)
        )

    def fire(self) -> tuple[bool, Outcome]:
        """Consume one attempt: (applies, outcome). Called with the plan's lock held."""
        if self.probability < 1.0 and self._rng.random() >= self.probability:
            return False, None
        if self._pending is None:
            outcome = self._repeat
        else:
            try:
                outcome = next(self._pending)
            except StopIteration:
                self.exhausted = True
                return False, None
        if outcome is not None:
            self.hits += 1
        return True, outcome

    def remove(self) -> None:
        """Take this fault out of its plan; it answers no more requests."""
        self._plan.remove(self)


class FaultPlan:
    """The faults of one fake, in the order they were added (the first match answers)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)

    def add(
        self,
        operation: str,
        error: OutcomeLike | Iterable[OutcomeLike],
        *,
        bucket: str | None = None,
        key: str | None = None,
        times: int | None = None,
        optional: bool = False,
        latency: float = 0.0,
        probability: float = 1.0,
        seed: int = 0,
    ) -> Fault:
        """Answer requests for `operation` (botocore's name, or "*") with `error`.

        `error` is one outcome, or a sequence of them (`["SlowDown", "SlowDown", None]`: fail twice, then
        answer normally). `times=None` repeats a single outcome for every matching attempt; `times=n`
        answers the first n. `latency` (seconds) sleeps before answering; `probability` (with `seed`)
        fires at random. A fault that never fires fails the test at teardown unless `optional=True`.
        """
        if not isinstance(operation, str) or not operation:
            raise TypeError("operation must be botocore's operation name, such as 'PutObject', or '*'")
        if not 0.0 < probability <= 1.0:
            raise ValueError("probability must be in (0, 1]")
        if latency < 0:
            raise ValueError("latency must be >= 0 seconds")
        if isinstance(error, (str, BaseException, type)) or error is None:
            repeat = to_outcome(error)
            if times is not None and times < 1:
                raise ValueError("times must be at least 1 (or None for every matching request)")
            outcomes = None if times is None else [repeat] * times
        else:
            if times is not None:
                raise TypeError("give either a sequence of outcomes or times=, not both")
            outcomes = [to_outcome(item) for item in error]
            if not any(outcome is not None for outcome in outcomes):
                raise ValueError("a fault sequence needs at least one error")
            repeat = next(outcome for outcome in outcomes if outcome is not None)
        fault = Fault(self, operation, outcomes, repeat, bucket=bucket, key=key, optional=optional,
                      latency=latency, probability=probability, seed=seed)
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def unfired(self) -> list[Fault]:
        """Faults that never answered a request and are not optional: the teardown check reports them."""
        return [fault for fault in self._faults if fault.hits == 0 and not fault.optional]

    def _first(
        self, operation: str, bucket: str | None, key: str | None, *, keyed: bool | None = None
    ) -> tuple[Fault | None, Outcome]:
        """The first fault that matches and applies to this attempt; `keyed` keeps only faults with
        (True) or without (False) a key."""
        with self._lock:
            for fault in self._faults:
                if keyed is not None and (fault.key is not None) != keyed:
                    continue
                if fault.matches(operation, bucket, key):
                    applies, outcome = fault.fire()
                    if applies:
                        return fault, outcome
        return None, None

    def check(self, req: Request) -> tuple[Fault | None, Outcome]:
        """The fault that answers this whole attempt, if any. DeleteObjects' keyed faults are not
        whole-request faults: they fail single keys, through `key_fault`."""
        if req.operation == "DeleteObjects":
            fault, outcome = self._first(req.operation, req.bucket, None, keyed=False)
        else:
            fault, outcome = self._first(req.operation, req.bucket, req.key)
        if fault is not None and fault.latency:
            time.sleep(fault.latency)
        return fault, outcome

    def key_fault(self, bucket: str | None) -> KeyFault | None:
        """For DeleteObjects: a lookup that returns the error injected for one key, if any."""
        if not any(fault.key is not None for fault in self._faults):
            return None

        def lookup(key: str) -> S3Error | None:
            fault, outcome = self._first("DeleteObjects", bucket, key, keyed=True)
            if fault is not None and outcome is not None and not isinstance(outcome, S3Error):
                raise TypeError(f"{fault!r}: a per-key DeleteObjects fault must be an S3 error, not {outcome!r}")
            return outcome if isinstance(outcome, S3Error) else None

        return lookup
