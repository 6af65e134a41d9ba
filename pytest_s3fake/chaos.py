"""Chaos runs (`pytest --s3fake-chaos=RATE[:SEED]`): retryable faults injected into a fraction of every call.

One `ChaosFault` per test answers each S3 attempt, with probability RATE, with one of the failures real
S3 clients meet and must retry: `SlowDown` (503), `InternalError` (500), a reset connection, a read
timeout, or a lost response (the request took effect, then the client timed out: `applied=True`). Its
random stream is derived from SEED and the test's node id, so one test rerun with the same SEED meets
the same faults in the same places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from botocore.exceptions import ConnectionClosedError, ReadTimeoutError

from pytest_s3fake.errors.codes import InternalError, SlowDown
from pytest_s3fake.faults import ANY, Fault, FaultPlan, FaultSpecError, Outcome, _realize, _Spec

#: (name shown in the report, outcome, applied)
CHAOS_OUTCOMES: tuple[tuple[str, _Spec, bool], ...] = (
    ("SlowDown", SlowDown(), False),
    ("InternalError", InternalError(), False),
    ("ConnectionClosedError", ConnectionClosedError, False),
    ("ReadTimeoutError", ReadTimeoutError, False),
    ("lost response (applied=True, then ReadTimeoutError)", ReadTimeoutError, True),
)


@dataclass(frozen=True)
class ChaosSettings:
    rate: float
    seed: int

    @classmethod
    def parse(cls, text: str, default_seed: int) -> ChaosSettings:
        """`RATE` or `RATE:SEED`, RATE in (0, 1]."""
        rate_text, _, seed_text = text.partition(":")
        try:
            rate = float(rate_text)
            seed = int(seed_text) if seed_text else default_seed
        except ValueError:
            raise FaultSpecError(f"--s3fake-chaos: expected RATE[:SEED], such as 0.1 or 0.1:42, not {text!r}") from None
        if not 0.0 < rate <= 1.0:
            raise FaultSpecError(f"--s3fake-chaos: RATE must be in (0, 1], not {rate_text!r}")
        return cls(rate, seed)

    def option(self) -> str:
        return f"--s3fake-chaos={self.rate:g}:{self.seed}"


class ChaosFault(Fault):
    """Fires on any S3 attempt with probability `rate`, with a random retryable failure each time."""

    def __init__(self, plan: FaultPlan, settings: ChaosSettings, test_id: str) -> None:
        super().__init__(plan, ANY, None, SlowDown(), times=None, bucket=None, key=None, optional=True,
                         latency=0.0, probability=settings.rate, seed=f"chaos:{settings.seed}:{test_id}")
        self._choice = random.Random(f"chaos-outcome:{settings.seed}:{test_id}")
        #: What fired, in order, as `Operation: outcome` lines for the terminal summary.
        self.fired: list[str] = []
        self._operation = ""

    def matches(self, operation: str, bucket: str | None, key: str | None) -> bool:
        self._operation = operation
        return True

    def describe(self) -> str:
        return f"chaos, probability={self.probability:g}"

    def fire(self, url: str) -> tuple[bool, Outcome]:
        if self._rng.random() >= self.probability:
            return False, None
        name, spec, applied = CHAOS_OUTCOMES[self._choice.randrange(len(CHAOS_OUTCOMES))]
        self.applied = applied  # read by attempt.respond right after this attempt's check
        self.hits += 1
        self.fired.append(f"{self._operation}: {name}")
        return True, _realize(spec, url)


def add_chaos(plan: FaultPlan, settings: ChaosSettings, test_id: str) -> ChaosFault:
    """Give a fake's plan its chaos fault; faults the test adds itself still match first."""
    fault = ChaosFault(plan, settings, test_id)
    plan.chaos = fault
    return fault
