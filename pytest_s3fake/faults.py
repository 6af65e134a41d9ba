"""Fault injection: answer matching requests with an S3 error, a network error, or a delay.

A fault is checked once per HTTP attempt, before the handler runs, so botocore's retries consume it
exactly as they would consume real 503s, and an attempt a fault answered changes no state, unless the
fault is `applied`: then the handler runs first and its answer is lost, replaced by the fault's (a write
that took effect while the client saw a timeout). Inside DeleteObjects, a fault with a `key` fails only
that key: it lands in the response's `Errors` and the object stays, while the rest of the batch is
deleted. A fault's latency is not slept here: `attempt.py` sleeps it (or `aio.py` awaits it, for an async
client) after the attempt is answered, outside the store's lock.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Iterator
from typing import Any, cast

from botocore.exceptions import (
    BotoCoreError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from pytest_s3fake.errors import CATALOG, S3Error, error_class
from pytest_s3fake.wire import Request

#: What one attempt is answered with: an S3 error, an exception raised where botocore's HTTP layer
#: would raise it (a network error), or None for "answer normally".
Outcome = S3Error | BaseException | None
#: What `faults.add` accepts for each outcome: an S3 error code or a network error name (see
#: `NETWORK_ERRORS`), an `S3Error` class or instance, an exception class or instance, or None.
OutcomeLike = str | S3Error | type[BaseException] | BaseException | None
#: An outcome as a fault keeps it: exception classes are instantiated per attempt, with the request's URL.
_Spec = S3Error | BaseException | type[BaseException] | None

ANY = "*"


class FaultSpecError(ValueError, TypeError):
    """A fault specification `faults.add` cannot use; the message names the argument.

    A `ValueError` (and, for code written against earlier releases, a `TypeError`)."""

#: botocore's own network errors, by name. botocore raises these from its HTTP layer and every retry
#: mode (legacy, standard, adaptive) retries them; a connection reset reaches users as
#: `ConnectionClosedError`, which is what botocore turns urllib3's `ProtocolError` into.
NETWORK_ERRORS: dict[str, type[BaseException]] = {
    "ReadTimeoutError": ReadTimeoutError,
    "ConnectTimeoutError": ConnectTimeoutError,
    "ConnectionClosedError": ConnectionClosedError,
    "EndpointConnectionError": EndpointConnectionError,
}


def _to_spec(value: OutcomeLike) -> _Spec:
    """Normalise one outcome: `"SlowDown"`, `SlowDown`, `SlowDown("busy")`, `"ReadTimeoutError"`, or None."""
    if value is None or isinstance(value, BaseException):
        return value
    if isinstance(value, str):
        if value in NETWORK_ERRORS:
            return NETWORK_ERRORS[value]
        if value not in CATALOG:
            raise FaultSpecError(
                f"error: unknown fault {value!r}: not an S3 error code from the catalog (docs/errors.md) nor a "
                f"network error ({', '.join(NETWORK_ERRORS)}). Known codes: {', '.join(sorted(CATALOG))}"
            )
        return error_class(value)()
    if isinstance(value, type) and issubclass(value, S3Error):
        return value()
    if isinstance(value, type) and issubclass(value, BaseException):
        _realize(value, "https://s3.amazonaws.com/")  # fail now, not mid-test, if it cannot be built
        return value
    raise FaultSpecError(
        f"error: a fault outcome is an S3 error code, an S3Error, an exception or None, not {value!r}"
    )


def _realize(spec: _Spec, url: str) -> Outcome:
    """The outcome for one attempt; an exception class becomes a fresh instance naming the request's URL."""
    if not isinstance(spec, type):
        return spec
    try:
        if issubclass(spec, BotoCoreError):
            # botocore's errors format their message from keyword arguments, as its HTTP layer passes them.
            botocore_error: Any = spec
            return cast(BaseException, botocore_error(endpoint_url=url, error="injected by pytest-s3fake"))
        return spec()
    except (TypeError, KeyError) as exc:
        raise FaultSpecError(f"error: cannot build {spec.__name__} for a fault; pass an instance instead") from exc


def _name(spec: _Spec) -> str:
    if spec is None:
        return "None"
    if isinstance(spec, S3Error):
        return spec.code
    return spec.__name__ if isinstance(spec, type) else type(spec).__name__


class Fault:
    """One injected fault, returned by `faults.add`. `hits` counts the attempts it answered."""

    def __init__(
        self,
        plan: FaultPlan,
        operation: str,
        sequence: list[_Spec] | None,
        repeat: _Spec,
        *,
        times: int | None,
        bucket: str | None,
        key: str | None,
        optional: bool,
        latency: float,
        probability: float,
        seed: int | str,
        applied: bool = False,
        prefix: str | None = None,
        keys: frozenset[str] | None = None,
    ) -> None:
        self._plan = plan
        self.operation = operation
        self.bucket = bucket
        self.key = key
        #: Only keys that start with this (for DeleteObjects: those keys inside the batch).
        self.prefix = prefix
        #: Only these keys (for DeleteObjects: those keys inside the batch).
        self.keys = keys
        self.optional = optional
        self.latency = latency
        #: The request takes effect before the fault answers it (the real answer is lost on the way back).
        self.applied = applied
        self.probability = probability
        self._rng = random.Random(seed)
        self._sequence = sequence
        self._repeat = repeat
        self.times = times
        self._remaining = times
        self._used = 0
        #: Attempts this fault answered (with an error, or with its delay for a delay-only fault).
        self.hits = 0
        #: True once a sequence or `times` is used up: the fault then matches nothing.
        self.exhausted = False

    def __repr__(self) -> str:
        where = "".join(f", {name}={value!r}" for name, value in
                        (("bucket", self.bucket), ("key", self.key), ("prefix", self.prefix),
                         ("keys", sorted(self.keys) if self.keys else None)) if value)
        return f"Fault({self.operation!r}, {self.describe()}{where}, hits={self.hits})"

    def describe(self) -> str:
        """What the fault answers with, as a user wrote it: `SlowDown`, `[SlowDown, SlowDown, None]`."""
        if self._sequence is not None:
            text = "[" + ", ".join(_name(spec) for spec in self._sequence) + "]"
            return f"{text}, applied=True" if self.applied else text
        text = _name(self._repeat) if self._repeat is not None else f"latency={self.latency}"
        if self.times is not None:
            text = f"{text}, times={self.times}"
        return f"{text}, applied=True" if self.applied else text

    @property
    def keyed(self) -> bool:
        """Whether the fault names keys (`key`, `keys` or `prefix`): inside DeleteObjects it fails those
        keys only."""
        return self.key is not None or self.prefix is not None or self.keys is not None

    @property
    def network(self) -> bool:
        """Whether any outcome is a network error rather than an S3 error."""
        specs = self._sequence if self._sequence is not None else [self._repeat]
        return any(spec is not None and not isinstance(spec, S3Error) for spec in specs)

    def matches(self, operation: str, bucket: str | None, key: str | None) -> bool:
        return (
            not self.exhausted
            and self.operation in (ANY, operation)
            and (self.bucket is None or self.bucket == bucket)
            and (self.key is None or self.key == key)
            and (self.prefix is None or (key is not None and key.startswith(self.prefix)))
            and (self.keys is None or key in self.keys)
        )

    def fire(self, url: str) -> tuple[bool, Outcome]:
        """Consume one attempt: (fired, outcome). Called with the plan's lock held.

        A sequence's `None` consumes its attempt without firing, so the request is answered normally.
        """
        if self.probability < 1.0 and self._rng.random() >= self.probability:
            return False, None
        if self._sequence is not None:
            spec = self._sequence[self._used]
            self._used += 1
            self.exhausted = self._used == len(self._sequence)
            if spec is None:
                return False, None
        else:
            spec = self._repeat
            if self._remaining is not None:
                self._remaining -= 1
                self.exhausted = self._remaining == 0
        self.hits += 1
        return True, _realize(spec, url)

    def remove(self) -> None:
        """Take this fault out of its plan: it answers no more requests, and teardown no longer checks it."""
        self._plan.remove(self)


class FaultPlan:
    """`s3fake.faults`: the faults of one fake, in the order they were added (the first match answers)."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        #: The fake's seed: each fault's random stream is derived from it and the fault's place in the plan.
        self.seed = seed
        self._added = 0
        #: A chaos run's fault (see chaos.py): tried on every whole attempt no other fault answered.
        self.chaos: Fault | None = None

    def __iter__(self) -> Iterator[Fault]:
        with self._lock:
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
        keys: Iterable[str] | None = None,
        prefix: str | None = None,
        times: int | None = None,
        optional: bool = False,
        latency: float = 0.0,
        probability: float = 1.0,
        seed: int | None = None,
        applied: bool = False,
    ) -> Fault:
        """Answer requests for `operation` (botocore's name, or "*") with `error`; returns the `Fault`.

        `error` is one outcome, or a sequence of them (`["SlowDown", "SlowDown", None]`: fail twice, then
        answer normally). `times=None` repeats a single outcome for every matching attempt; `times=n`
        answers the first n. `bucket`, `key`, `keys` (any of them) and `prefix` (keys that start with it)
        narrow the match. `error=None` with a `latency` is a delay-only fault. `latency` (seconds) delays
        the answer; `probability` fires at random, repeatably: each fault draws from its own stream, seeded
        by `seed` or else by the fake's seed and the fault's place in the plan. `applied=True` lets the
        request take effect before the error answers it. A fault that never fires fails the test at
        teardown unless `optional=True`. Any argument it cannot use raises `FaultSpecError` naming it.
        """
        if not isinstance(operation, str) or not operation:
            raise FaultSpecError("operation: must be botocore's operation name, such as 'PutObject', or '*'")
        for name, value in (("bucket", bucket), ("key", key), ("prefix", prefix)):
            if value is not None and not isinstance(value, str):
                raise FaultSpecError(f"{name}: must be a str or None, not {value!r}")
        key_set: frozenset[str] | None = None
        if keys is not None:
            if isinstance(keys, str) or not isinstance(keys, Iterable):
                raise FaultSpecError(f"keys: must be a list of key names (for one key, use key=), not {keys!r}")
            key_set = frozenset(keys)
            if not key_set or not all(isinstance(item, str) for item in key_set):
                raise FaultSpecError(f"keys: must be a non-empty list of str, not {keys!r}")
        if not isinstance(probability, (int, float)) or not 0.0 < probability <= 1.0:
            raise FaultSpecError(f"probability: must be in (0, 1], not {probability!r}")
        if not isinstance(latency, (int, float)) or latency < 0:
            raise FaultSpecError(f"latency: must be >= 0 seconds, not {latency!r}")
        if times is not None and (not isinstance(times, int) or times < 1):
            raise FaultSpecError(f"times: must be at least 1 (or None for every matching request), not {times!r}")
        if seed is not None and not isinstance(seed, int):
            raise FaultSpecError(f"seed: must be an int or None, not {seed!r}")
        sequence: list[_Spec] | None = None
        if isinstance(error, (str, BaseException, type)) or not isinstance(error, Iterable):
            repeat = _to_spec(error)
            if repeat is None and not latency:
                raise FaultSpecError("error: a fault needs an error, or a latency for a delay-only fault")
        else:
            if times is not None:
                raise FaultSpecError("times: give either a sequence of outcomes or times=, not both")
            sequence = [_to_spec(item) for item in error]
            if not any(spec is not None for spec in sequence):
                raise FaultSpecError("error: a fault sequence needs at least one error")
            repeat = None
        if applied and sequence is None and repeat is None:
            raise FaultSpecError("applied: applied=True needs an error to answer with once the request took effect")
        with self._lock:
            place = self._added
            self._added += 1
        # Without a seed of its own, each fault gets its own stream: two faults never fire in lock-step.
        stream = seed if seed is not None else f"{self.seed}:{place}:{operation}"
        fault = Fault(self, operation, sequence, repeat, times=times, bucket=bucket, key=key,
                      optional=optional, latency=latency, probability=probability, seed=stream, applied=applied,
                      prefix=prefix, keys=key_set)
        if operation == "DeleteObjects" and fault.keyed and applied:
            raise FaultSpecError("applied: a per-key DeleteObjects fault leaves its key undeleted, so it cannot be "
                                 "applied=True; for a batch that is applied and then fails, leave out key=, keys= "
                                 "and prefix=")
        if operation == "DeleteObjects" and fault.keyed and fault.network:
            raise FaultSpecError("error: a per-key DeleteObjects fault fails one key inside the batch, so it must "
                                 "be an S3 error; for a network error on the whole request, leave out key=, keys= "
                                 "and prefix=")
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def unfired(self) -> list[Fault]:
        """Faults that never answered a request and are not optional: the teardown check reports them."""
        with self._lock:
            return [fault for fault in self._faults if fault.hits == 0 and not fault.optional]

    def _fire_first(
        self, req: Request, key: str | None, *, keyed: bool | None
    ) -> tuple[Fault | None, Outcome]:
        """The first fault that matches and fires for this attempt. `keyed` keeps only faults with (True)
        or without (False) a key; the per-key DeleteObjects lookup also skips network and applied faults."""
        fired: Fault | None = None
        outcome: Outcome = None
        with self._lock:
            for fault in self._faults:
                if keyed is not None and fault.keyed != keyed:
                    continue
                if keyed and (fault.network or fault.applied):
                    continue  # a key inside a batch fails with an S3 error, and stays
                if fault.matches(req.operation, req.bucket, key):
                    applies, outcome = fault.fire(req.url)
                    if applies:
                        fired = fault
                        break
            chaos = self.chaos
            if fired is None and chaos is not None and not keyed and chaos.matches(req.operation, req.bucket, key):
                applies, outcome = chaos.fire(req.url)
                if applies:
                    fired = chaos
        return fired, outcome

    def check(self, req: Request) -> tuple[Fault | None, Outcome]:
        """The fault that fires on this whole attempt, if any, and its outcome (None: delay only).

        DeleteObjects' keyed faults are not whole-request faults: they fail single keys, via `key_fault`.
        """
        if not self._faults and self.chaos is None:
            return None, None
        if req.operation == "DeleteObjects":
            return self._fire_first(req, None, keyed=False)
        return self._fire_first(req, req.key, keyed=None)

    def key_fault(self, req: Request) -> KeyFaults | None:
        """For DeleteObjects: a lookup that returns the error injected for one key of the batch, if any."""
        if not any(fault.keyed for fault in self._faults):
            return None
        return KeyFaults(self, req)


class KeyFaults:
    """The per-key faults of one DeleteObjects attempt: called with each key, it returns the key's error
    (if a keyed fault fires for it) and adds that fault's latency to `delay`, which `transport.answer` sleeps
    once the whole batch is answered."""

    def __init__(self, plan: FaultPlan, req: Request) -> None:
        self._plan = plan
        self._req = req
        self.delay = 0.0

    def __call__(self, key: str) -> S3Error | None:
        fault, outcome = self._plan._fire_first(self._req, key, keyed=True)
        if fault is not None:
            self.delay += fault.latency
        return outcome if isinstance(outcome, S3Error) else None
