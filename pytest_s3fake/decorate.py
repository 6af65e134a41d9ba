"""`mock_s3(**options)`: an `S3Fake` as a decorator (functions, coroutines, classes) or a context manager.

The pytest fixtures are the usual way in; this is the way for code that is not a fixture's test: a
`unittest.TestCase`, a helper script, a test ported from moto's `@mock_aws`. Each decorated call gets a
fresh fake built from `options` (the keyword arguments of `S3Fake`), so calls never see each other's
buckets. Inside, `pytest_s3fake.active_fake()` returns it; on a TestCase it is also `self.s3fake`.
"""

from __future__ import annotations

import functools
import inspect
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, cast

from pytest_s3fake.fake import S3Fake
from pytest_s3fake.transport import DISPATCHER

T = TypeVar("T")


def active_fake() -> S3Fake:
    """The fake answering S3 requests right now (the most recently started); RuntimeError when none is."""
    fake = DISPATCHER.active()
    if fake is None:
        raise RuntimeError("no S3Fake is active: use the s3fake fixture, @mock_s3(), or `with S3Fake():`")
    return fake


class mock_s3:  # named as moto's decorators are, since it stands in for them
    """Decorate a function, a coroutine function or a class, or use `with mock_s3() as fake:`.

    - A function or coroutine function runs inside a fresh fake, per call.
    - A `unittest.TestCase` class: `setUpClass` and `tearDownClass` run inside one class-wide fake (also
      `cls.s3fake`); each test method, with its `setUp` and `tearDown`, runs inside a fresh fake that
      starts from a copy of what `setUpClass` left (so buckets made there exist, and no test sees another
      test's writes); the method's fake is `self.s3fake`.
    - Any other class: each `test_*` method runs inside a fresh fake, as a decorated function does.
    """

    def __init__(self, **options: Any) -> None:
        S3Fake(**options)  # a bad option fails here, at decoration, not in the middle of a test
        self._options = options
        self._fakes: list[S3Fake] = []

    def _new(self) -> S3Fake:
        return S3Fake(**self._options)

    # --- context manager -------------------------------------------------------------------------------

    def __enter__(self) -> S3Fake:
        fake = self._new().start()
        self._fakes.append(fake)
        return fake

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._fakes.pop().stop()

    # --- decorator -------------------------------------------------------------------------------------

    def __call__(self, target: T) -> T:
        if isinstance(target, type):
            if issubclass(target, unittest.TestCase):
                return cast(T, self._test_case(target))
            for name, member in list(vars(target).items()):
                if name.startswith("test") and callable(member):
                    setattr(target, name, self._function(member))
            return target
        if callable(target):
            return cast(T, self._function(target))
        raise TypeError(f"mock_s3 decorates a function or a class, not {target!r}")

    def _function(self, func: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._new():
                    return await func(*args, **kwargs)

            return run_async

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._new():
                return func(*args, **kwargs)

        return run

    def _test_case(self, case: type[unittest.TestCase]) -> type[unittest.TestCase]:
        new_fake = self._new
        set_up_class = case.__dict__.get("setUpClass")
        tear_down_class = case.__dict__.get("tearDownClass")
        set_up = case.setUp

        def run_set_up_class(cls: type[unittest.TestCase]) -> None:
            fake = new_fake().start()
            cls.s3fake = fake  # type: ignore[attr-defined]
            try:
                if set_up_class is not None:
                    set_up_class.__func__(cls)
                else:
                    super(case, cls).setUpClass()  # type: ignore[misc]
            except BaseException:
                fake.stop()
                raise

        def run_tear_down_class(cls: type[unittest.TestCase]) -> None:
            try:
                if tear_down_class is not None:
                    tear_down_class.__func__(cls)
                else:
                    super(case, cls).tearDownClass()  # type: ignore[misc]
            finally:
                cls.__dict__["s3fake"].stop()
                del cls.s3fake  # type: ignore[attr-defined]

        @functools.wraps(set_up)
        def run_set_up(test: unittest.TestCase) -> None:
            fake = new_fake()
            class_fake = type(test).__dict__.get("s3fake") or getattr(type(test), "s3fake", None)
            if isinstance(class_fake, S3Fake):
                fake._copy_state_from(class_fake)
            fake.start()
            test.s3fake = fake  # type: ignore[attr-defined]
            test.addCleanup(fake.stop)  # cleanups run after tearDown, so tearDown is inside the fake too
            set_up(test)

        case.setUpClass = classmethod(run_set_up_class)  # type: ignore[assignment,method-assign]
        case.tearDownClass = classmethod(run_tear_down_class)  # type: ignore[assignment,method-assign]
        case.setUp = run_set_up  # type: ignore[method-assign,assignment]
        return case
