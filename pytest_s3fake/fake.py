"""`S3Fake`: one emulated S3. Owns one Store, one FaultPlan and the call journal."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pytest_s3fake.events import EventLog
from pytest_s3fake.faults import FaultPlan
from pytest_s3fake.ids import Clock, Ids
from pytest_s3fake.journal import Journal
from pytest_s3fake.lifecycle import LifecycleRunner
from pytest_s3fake.model import Store
from pytest_s3fake.sigv4 import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Signatures
from pytest_s3fake.transport import DISPATCHER

if TYPE_CHECKING:
    from pytest_s3fake.server import S3Server

DUMMY_ACCESS_KEY = DEFAULT_ACCESS_KEY
DUMMY_SECRET_KEY = DEFAULT_SECRET_KEY


class _Environment:
    """The process environment while any fake is started: credentials that need no network.

    botocore looks for credentials before it sends anything, so a client made with none configured
    would ask the EC2 instance metadata service (169.254.169.254) or the container endpoint
    (169.254.170.2) first. While a fake is started: dummy keys (unless keys are already set), metadata
    look-ups off, no container endpoint. The first fake to start saves the variables it changes; the
    last to stop puts back exactly what was there.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._saved: dict[str, str | None] = {}

    def changes(self) -> dict[str, str | None]:
        wanted: dict[str, str | None] = {
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": None,
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": None,
        }
        if not os.environ.get("AWS_ACCESS_KEY_ID"):
            wanted.update(AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY,
                          AWS_SESSION_TOKEN=None)
        return wanted

    def acquire(self) -> None:
        with self._lock:
            self._users += 1
            if self._users > 1:
                return
            wanted = self.changes()
            self._saved = {name: os.environ.get(name) for name in wanted}
            _apply(wanted)

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                _apply(self._saved)
                self._saved = {}


def _apply(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


ENVIRONMENT = _Environment()


class S3Fake:
    """An in-memory S3 that answers every botocore S3 request in the process while it is started.

    Use it as a context manager (`with S3Fake() as s3:`), through `start()` / `stop()`, or through the
    `s3fake` pytest fixture. Each instance has its own buckets, faults and journal; the most recently
    started one answers. Requests for other AWS services are refused unless named in `passthrough`.
    `clock="real"` (the default) follows the process's time; `clock="frozen"` stops it at the fake's start
    (or `clock_start`) so timestamps repeat exactly; `fake.clock.advance(...)` moves either on.
    """

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        seed: int = 0,
        clock: str = "real",
        clock_start: datetime | None = None,
        passthrough: Iterable[str] = (),
        shuffle_delete_results: bool = False,
        verify_signatures: bool = False,
    ) -> None:
        if not (account_id.isdigit() and len(account_id) == 12):
            raise ValueError(f"account_id must be 12 digits, like an AWS account id, not {account_id!r}")
        self.region = region
        self.account_id = account_id
        self.seed = seed
        self.ids = Ids(seed)
        self.clock = Clock(clock, start=clock_start)
        self._shuffle_delete_results = shuffle_delete_results
        self.store = self._new_store()
        self.faults = FaultPlan(seed)
        self.calls = Journal()
        #: The event notifications S3 would have sent (events.py).
        self.events = EventLog()
        #: Lifecycle rules applied on demand: `fake.lifecycle.run()` (lifecycle.py).
        self.lifecycle = LifecycleRunner(self)
        self.passthrough = frozenset(passthrough)
        #: SigV4 checking (docs/server.md#signatures): off, any credentials work; on, only known pairs.
        self.verify_signatures = verify_signatures
        self.signatures = Signatures()
        self._lock = threading.Lock()
        self._started = False

    def _new_store(self) -> Store:
        store = Store(region=self.region, account_id=self.account_id, ids=self.ids, clock=self.clock)
        if self._shuffle_delete_results:
            store.delete_results_rng = random.Random(self.seed)
        return store

    def reset(self) -> None:
        """Empty the fake: no buckets, no faults, an empty journal and event log, ids from the seed again.

        As fresh as a new `S3Fake` with the same options, for a module- or session-wide fake shared by
        many tests; it stays started (or stopped), and its clock keeps going (time never runs backwards).
        """
        with self._lock:
            self.ids = Ids(self.seed)
            store = self._new_store()
            with self.store.lock:
                self.store = store
            self.faults.clear()
            self.calls.clear()
            self.events.clear()

    def _copy_state_from(self, other: S3Fake) -> None:
        """Start from a deep copy of `other`'s buckets and MFA devices (the class decorator's set-up)."""
        import copy

        # The copies draw ids from this fake and read this fake's clock, not the other's.
        memo: dict[int, Any] = {id(other.ids): self.ids, id(other.clock): self.clock}
        with other.store.lock:
            buckets = copy.deepcopy(other.store._buckets, memo)
            devices = dict(other.store.mfa_devices)
        self.store._buckets = buckets
        self.store.mfa_devices = devices

    # --- life cycle ------------------------------------------------------------------------------------

    def start(self) -> S3Fake:
        with self._lock:
            if not self._started:
                DISPATCHER.activate(self)
                ENVIRONMENT.acquire()
                self._started = True
        return self

    def stop(self) -> None:
        with self._lock:
            if self._started:
                DISPATCHER.deactivate(self)
                ENVIRONMENT.release()
                self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def __enter__(self) -> S3Fake:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "started" if self._started else "stopped"
        return f"<S3Fake {state} region={self.region} account={self.account_id}>"

    # --- conveniences ----------------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> Any:
        """A boto3 S3 client with dummy credentials in the fake's region (keyword arguments override)."""
        import boto3

        options: dict[str, Any] = {
            "region_name": self.region,
            "aws_access_key_id": DUMMY_ACCESS_KEY,
            "aws_secret_access_key": DUMMY_SECRET_KEY,
        }
        options.update(kwargs)
        return boto3.client("s3", **options)

    def create_bucket(self, name: str, *, versioning: bool | str = False, object_lock: bool = False) -> str:
        """Seed a bucket without an S3 call (no name validation); returns its name."""
        self.store.create_bucket(name, versioning=versioning or "", object_lock=object_lock)
        return name

    def add_credentials(self, access_key: str, secret_key: str) -> None:
        """Register a credential pair; with `verify_signatures=True` only known pairs are accepted
        (the default pair `testing`/`testing` is always known)."""
        self.signatures.add(access_key, secret_key)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> S3Server:
        """An HTTP endpoint for this fake, started: `with fake.serve() as server: server.endpoint_url`.

        It serves this fake's store, faults and journal whether or not the fake is active in-process.
        Port 0 lets the OS choose a free port. Binds loopback only unless `host` says otherwise.
        """
        from pytest_s3fake.server import S3Server

        return S3Server(self, host, port).start()

    def add_mfa_device(self, serial: str, code: str) -> None:
        """Register an MFA device: from now on only `"SERIAL CODE"` pairs registered here are valid."""
        self.store.add_mfa_device(serial, code)
