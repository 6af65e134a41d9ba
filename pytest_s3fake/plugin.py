"""The pytest plugin: fixtures `s3fake`, `s3fake_module`, `s3fake_session`, `s3fake_client`, `s3fake_bucket`,
`s3fake_server`, `s3fake_no_backoff`; marker `s3fake`; no-network mode; chaos runs (`--s3fake-chaos`).

No emulation logic lives here. Importing this module (pytest does it at start-up through the `pytest11`
entry point) installs the process-wide botocore hook, so clients made at import time are covered too.
The emulation itself (`pytest_s3fake.fake` and all behind it) is imported when a fixture first needs
it, so a run that never uses S3 does not pay for it.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import pytest

from pytest_s3fake.transport import DISPATCHER, DOCS

if TYPE_CHECKING:
    # From mypy-boto3-s3 (the `typing` extra); without it a type checker sees the client as Any.
    from mypy_boto3_s3 import S3Client

    from pytest_s3fake.chaos import ChaosSettings
    from pytest_s3fake.fake import S3Fake
    from pytest_s3fake.netguard import Guard
    from pytest_s3fake.server import S3Server

_CALL_FAILED = pytest.StashKey[bool]()
#: The fakes a test started in its call phase and that were still started when it ended.
_STARTED_IN_CALL: pytest.StashKey[list[S3Fake]] = pytest.StashKey()
_SESSION_ENV = pytest.StashKey[pytest.MonkeyPatch]()
_CHAOS: pytest.StashKey[ChaosSettings | None] = pytest.StashKey()
#: (node id, what the chaos fault fired) for each test that failed while chaos faults fired on it.
_CHAOS_FAILURES = pytest.StashKey[list[tuple[str, list[str]]]]()


@dataclass(frozen=True, kw_only=True)
class S3FakeOptions:
    """Options of `@pytest.mark.s3fake(...)`. Test, class and module markers merge; the closest wins."""

    #: Buckets to create before the test (without S3 calls).
    buckets: Sequence[str] = ()
    #: Versioning of those buckets: False, True / "Enabled", or "Suspended".
    versioning: bool | str = False
    #: Create those buckets with Object Lock enabled (which turns versioning on).
    object_lock: bool = False
    region: str = "us-east-1"
    account_id: str = "123456789012"
    #: Seed for version ids, request ids and any randomness; the same seed repeats a run exactly.
    seed: int = 0
    #: "real" (the default): timestamps follow the process's time; "frozen": they stay at the fake's start.
    clock: str = "real"
    #: Other AWS services whose requests may leave the process (e.g. ["sts"]); by default all are refused.
    passthrough: Sequence[str] = ()
    #: Return DeleteObjects results in seeded random order, to catch code that relies on order.
    shuffle_delete_results: bool = False
    #: Faults for the whole test: each a dict of `faults.add` arguments, or an (operation, error) pair.
    faults: Sequence[Mapping[str, Any] | Sequence[Any]] = ()
    #: Fail the test at teardown when a fault never fired (per fault: `optional=True`).
    check_faults: bool = True


_OPTION_NAMES = [f.name for f in fields(S3FakeOptions)]


def marker_options(node: pytest.Item | pytest.Collector) -> S3FakeOptions:
    """Merge the `s3fake` markers on a test, farthest (module) first, so the closest wins."""
    merged: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers("s3fake"))):
        if marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.s3fake takes keyword options only, got positional {marker.args!r} on {node.nodeid}"
            )
        merged.update(marker.kwargs)
    unknown = [name for name in merged if name not in _OPTION_NAMES]
    if unknown:
        import difflib  # only for a typo's message

        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, _OPTION_NAMES, n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise pytest.UsageError(
            f"@pytest.mark.s3fake got unknown option {', '.join(hints)} on {node.nodeid}. "
            f"Valid options: {', '.join(_OPTION_NAMES)}. See {DOCS}/fixtures.md#the-marker"
        )
    return S3FakeOptions(**merged)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("s3fake", "pytest-s3fake")
    group.addoption(
        "--s3fake-no-network",
        action="store_true",
        default=None,
        help="fail any botocore request made while no S3Fake is active (it would have reached AWS)",
    )
    group.addoption(
        "--s3fake-chaos",
        metavar="RATE[:SEED]",
        default=None,
        help="inject retryable S3 faults (SlowDown, InternalError, reset, read timeout, lost response) into "
             "that fraction of every S3 call of every test using the s3fake fixture; SEED repeats a run",
    )
    parser.addini("s3fake_no_network", "fail botocore requests made outside an active S3Fake", type="bool",
                  default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "s3fake(**options): run the test with an active S3Fake (the s3fake fixture); options: "
        + ", ".join(_OPTION_NAMES),
    )
    chaos = config.getoption("s3fake_chaos")
    config.stash[_CHAOS] = None
    config.stash[_CHAOS_FAILURES] = []
    if chaos is not None:
        import random

        from pytest_s3fake.chaos import ChaosSettings
        from pytest_s3fake.faults import FaultSpecError

        try:
            config.stash[_CHAOS] = ChaosSettings.parse(chaos, default_seed=random.SystemRandom().randrange(10**6))
        except FaultSpecError as exc:
            raise pytest.UsageError(str(exc)) from None
    flag = config.getoption("s3fake_no_network")
    DISPATCHER.no_network = bool(flag if flag is not None else config.getini("s3fake_no_network"))
    if DISPATCHER.no_network:
        # Nothing may reach AWS in this run, so real credentials are of no use: dummy ones for the whole
        # session let a client made at import time (before any fixture runs) sign its requests, and keep
        # botocore from asking the instance metadata service for credentials over the network.
        environment = pytest.MonkeyPatch()
        _isolate_environment(environment, region=None)
        environment.setenv("AWS_EC2_METADATA_DISABLED", "true")
        config.stash[_SESSION_ENV] = environment


def pytest_unconfigure(config: pytest.Config) -> None:
    DISPATCHER.no_network = False
    environment = config.stash.get(_SESSION_ENV, None)
    if environment is not None:
        environment.undo()


def pytest_report_header(config: pytest.Config) -> str | None:
    chaos = config.stash.get(_CHAOS, None)
    return f"s3fake chaos: rate {chaos.rate:g}, seed {chaos.seed} ({chaos.option()})" if chaos else None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    chaos = config.stash.get(_CHAOS, None)
    failures = config.stash.get(_CHAOS_FAILURES, [])
    if chaos is None:
        return
    write = terminalreporter.write_line
    terminalreporter.section("s3fake chaos")
    if not failures:
        write(f"no test failed while chaos faults fired on it ({chaos.option()})")
        return
    write(f"{len(failures)} test(s) failed while chaos faults fired on them: code that does not retry, or that "
          "is not idempotent when a response is lost")
    for nodeid, fired in failures:
        write(f"{nodeid}")
        for line in fired[:5]:
            write(f"    {line}")
        if len(fired) > 5:
            write(f"    ... and {len(fired) - 5} more")
        write(f"    rerun: pytest {chaos.option()} '{nodeid}'")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_CALL_FAILED] = True
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    before = DISPATCHER.started()
    guard: Guard | None = None
    if DISPATCHER.no_network:  # every socket, not only botocore's: urllib on a presigned URL too
        from pytest_s3fake.netguard import GUARD

        guard = GUARD
        guard.on()
    try:
        return (yield)
    finally:
        if guard is not None:
            guard.off()
        item.stash[_STARTED_IN_CALL] = [fake for fake in DISPATCHER.started() if fake not in before]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    leaked = [fake for fake in item.stash.get(_STARTED_IN_CALL, []) if fake.started]
    if leaked:
        listed = "\n".join(
            f"  - {fake!r}, buckets: {[bucket.name for bucket in fake.store.buckets()]}" for fake in leaked
        )
        for fake in leaked:
            fake.stop()  # so later tests do not see its buckets
        pytest.fail(
            f"pytest-s3fake: the test started {len(leaked)} S3Fake(s) and never stopped them:\n{listed}\n"
            "A started fake answers every later test in the process, which then sees its buckets. Use "
            "`with S3Fake():`, call `fake.stop()` (in a finally), or use the s3fake fixture. "
            f"See {DOCS}/fixtures.md#a-fake-left-started",
            pytrace=False,
        )
    return result


def _isolate_environment(monkeypatch: pytest.MonkeyPatch, region: str | None) -> None:
    """Dummy credentials and no shared config, so nothing can pick up real AWS settings. `region=None`
    keeps the user's `AWS_DEFAULT_REGION`."""
    from pytest_s3fake.fake import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DUMMY_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DUMMY_SECRET_KEY)
    if region is not None:
        monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/pytest-s3fake/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/pytest-s3fake/credentials")
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL",
                 "AWS_ENDPOINT_URL_S3", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)


def _build_fake(options: S3FakeOptions) -> S3Fake:
    from pytest_s3fake.fake import S3Fake

    fake = S3Fake(region=options.region, account_id=options.account_id, seed=options.seed, clock=options.clock,
                  passthrough=options.passthrough, shuffle_delete_results=options.shuffle_delete_results)
    for name in options.buckets:
        fake.create_bucket(name, versioning=options.versioning, object_lock=options.object_lock)
    for spec in options.faults:
        if isinstance(spec, Mapping):
            fake.faults.add(**spec)
        else:
            fake.faults.add(*spec)
    return fake


def _check_faults(fake: S3Fake, options: S3FakeOptions, node: pytest.Item | Any) -> None:
    unfired = fake.faults.unfired()
    if unfired and options.check_faults and not node.stash.get(_CALL_FAILED, False):
        listed = "\n".join(f"  - {fault!r}" for fault in unfired)
        pytest.fail(
            f"pytest-s3fake: {len(unfired)} fault(s) never fired:\n{listed}\n"
            "A fault that never fires usually means the code under test did not make the call you expected. "
            "Pass optional=True to faults.add() for a fault that may not fire, or check_faults=False to the "
            f"marker. See {DOCS}/faults.md#unfired-faults",
            pytrace=False,
        )


@pytest.fixture
def s3fake(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Fake]:
    """An active `S3Fake`, fresh for each test, configured by any `@pytest.mark.s3fake(...)` options."""
    options = marker_options(request.node)
    _isolate_environment(monkeypatch, options.region)
    fake = _build_fake(options)
    chaos_settings = request.config.stash.get(_CHAOS, None)
    chaos = None
    if chaos_settings is not None:
        from pytest_s3fake.chaos import add_chaos

        request.getfixturevalue("s3fake_no_backoff")  # chaos finds missing retries, without waiting them out
        chaos = add_chaos(fake.faults, chaos_settings, request.node.nodeid)
    with fake:
        yield fake
    if chaos is not None and chaos.fired and request.node.stash.get(_CALL_FAILED, False):
        request.config.stash[_CHAOS_FAILURES].append((request.node.nodeid, list(chaos.fired)))
    _check_faults(fake, options, request.node)


def _shared_fake(request: pytest.FixtureRequest) -> Iterator[S3Fake]:
    """A fake for a module or the session: options from the module's marker (or defaults), environment
    isolated for its whole life. Tests share its state; call `fake.reset()` to start one afresh."""
    options = marker_options(request.node) if isinstance(request.node, pytest.Module) else S3FakeOptions()
    environment = pytest.MonkeyPatch()
    _isolate_environment(environment, options.region)
    try:
        with _build_fake(options) as fake:
            yield fake
    finally:
        environment.undo()


@pytest.fixture(scope="module")
def s3fake_module(request: pytest.FixtureRequest) -> Iterator[S3Fake]:
    """One active `S3Fake` for every test of a module (set up once, e.g. buckets made by a module fixture);
    options come from a module-level `pytestmark = pytest.mark.s3fake(...)`."""
    yield from _shared_fake(request)


@pytest.fixture(scope="session")
def s3fake_session(request: pytest.FixtureRequest) -> Iterator[S3Fake]:
    """One active `S3Fake` for the whole session (per xdist worker), with default options."""
    yield from _shared_fake(request)


@pytest.fixture
def s3fake_client(s3fake: S3Fake) -> S3Client:
    """A boto3 S3 client with dummy credentials in the fake's region (typed with mypy-boto3-s3's
    `S3Client` when that is installed)."""
    client: S3Client = s3fake.client()
    return client


@pytest.fixture
def s3fake_server(s3fake: S3Fake, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """A running HTTP endpoint on loopback for the test's `s3fake`, on a free port of its own (so each
    pytest-xdist worker has its own). For the test's life it sets `AWS_ENDPOINT_URL_S3` to the server's
    URL, so boto3, the AWS CLI and other SDKs that read it talk to this server, and dummy credentials
    (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` = `testing`, `AWS_DEFAULT_REGION` and `AWS_REGION` =
    the fake's region); see docs/server.md."""
    server = s3fake.serve()
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", server.endpoint_url)
    monkeypatch.setenv("AWS_REGION", s3fake.region)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3fake_bucket(s3fake: S3Fake, request: pytest.FixtureRequest) -> Callable[..., str]:
    """A factory for fresh buckets: `name = s3fake_bucket(versioning=True)`."""
    counter = itertools.count(1)

    def make(name: str | None = None, *, versioning: bool | str = False, object_lock: bool = False) -> str:
        return s3fake.create_bucket(name or f"s3fake-bucket-{next(counter)}", versioning=versioning,
                                    object_lock=object_lock)

    return make


class _RecordedSleep:
    """Stands in for the `time` module inside `botocore.endpoint`: `sleep` records instead of waiting."""

    def __init__(self, delays: list[float]) -> None:
        self.delays = delays

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture
def s3fake_no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore retries at once instead of sleeping; returns the back-off delays it asked for, in order.

    botocore waits between retries (up to seconds for throttling codes such as SlowDown). This skips the
    waits without changing how many attempts are made. Adaptive mode's client-side rate limiter is told
    it never has to wait either (its token bucket would otherwise block after a throttling error).
    """
    import botocore.endpoint
    import botocore.retries.bucket

    from pytest_s3fake import aio  # imported here: it imports asyncio, which a sync test run never needs

    delays: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", _RecordedSleep(delays))
    monkeypatch.setattr(botocore.retries.bucket.TokenBucket, "_sleep_amount", lambda self, amount: 0.0,
                        raising=False)
    aio.skip_backoff(monkeypatch, delays)  # aiobotocore's retries too, where it is installed
    return delays


@pytest.fixture(autouse=True)
def _s3fake_marker(request: pytest.FixtureRequest) -> None:
    """`@pytest.mark.s3fake` turns the `s3fake` fixture on by itself, unless the test uses a module- or
    session-wide fake (the marker then configures that one)."""
    shared = {"s3fake_module", "s3fake_session"}.intersection(request.fixturenames)
    if not shared and request.node.get_closest_marker("s3fake") is not None:
        request.getfixturevalue("s3fake")
