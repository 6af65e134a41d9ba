"""The botocore hook: one process-wide `Dispatcher` on `before-send`, routing S3 requests to the active fake.

The dispatcher sits on botocore's `before-send` event for every session, because it is added to
`botocore.handlers.BUILTIN_HANDLERS` when this module is imported (the pytest plugin imports it at
start-up, before any test module makes a client). botocore does everything around it for real:
parameter validation, serialization, checksums, signing, retries and parsing. With no fake active the
dispatcher lets the request through, or refuses it in no-network mode; with one, `attempt.py` answers
(prepared request -> Request -> fault check -> handler -> Reply), and `answer` turns the Reply into an
`AWSResponse` (or raises the injected network error).

This module imports nothing of the emulation: the plugin loads it in every pytest run, and a run that
never starts a fake should not pay for the model, the operations and the error catalog (about 55 ms).
"""

from __future__ import annotations

import inspect
import io
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import botocore.handlers
from botocore.awsrequest import AWSResponse

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake
    from pytest_s3fake.wire import Response

DOCS = "https://github.com/pytest-s3fake/pytest-s3fake/blob/main/docs"


class S3FakeError(RuntimeError):
    """A request the fake refuses to answer or to let through; raised to the caller unchanged."""


class NetworkBlockedError(S3FakeError):
    """No-network mode: a botocore request was made while no fake was active."""


class ServiceNotFakedError(S3FakeError):
    """A request for another AWS service while a fake is active."""


class Dispatcher:
    """Routes every botocore request to the active fake (the most recently started one)."""

    def __init__(self) -> None:
        self._active: list[S3Fake] = []
        self._lock = threading.Lock()
        self.no_network = False
        #: Ports of this process's running `S3Server`s: requests to them go over HTTP, not in-process.
        self._served: frozenset[int] = frozenset()

    def serve_over_http(self, port: int) -> None:
        with self._lock:
            self._served = self._served | {port}

    def stop_serving(self, port: int) -> None:
        with self._lock:
            self._served = self._served - {port}

    def _to_own_server(self, url: str) -> bool:
        """Whether `url` is addressed to one of this process's `S3Server`s on loopback: a client given
        `endpoint_url=server.endpoint_url` means to speak HTTP to it, even while a fake is active."""
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return False
        host = parts.hostname or ""
        return port in self._served and (host in ("127.0.0.1", "::1", "localhost") or host.endswith(".localhost"))

    def activate(self, fake: S3Fake) -> None:
        with self._lock:
            if fake in self._active:
                raise RuntimeError("this S3Fake is already started")
            self._active.append(fake)
        classic_transfers()

    def deactivate(self, fake: S3Fake) -> None:
        with self._lock:
            if fake in self._active:
                self._active.remove(fake)

    def started(self) -> tuple[S3Fake, ...]:
        """Every started fake, oldest first."""
        return tuple(self._active)

    def active(self) -> S3Fake | None:
        active = self._active
        return active[-1] if active else None

    def __call__(
        self, request: Any, event_name: str, **kwargs: Any
    ) -> AWSResponse | Coroutine[Any, Any, AWSResponse] | None:
        _, _, rest = event_name.partition(".")
        service, _, operation = rest.partition(".")
        if self._served and self._to_own_server(request.url):
            return None
        fake = self.active()
        if fake is None:
            if self.no_network and not _moto_mocking():
                raise NetworkBlockedError(
                    f"pytest-s3fake no-network mode: {service} {operation} was called with no S3Fake active, "
                    f"so it would have gone to AWS. Use the `s3fake` fixture or `@pytest.mark.s3fake`, or wrap "
                    f"the code in `with S3Fake():`. ({DOCS}/fixtures.md#no-network-mode)"
                )
            return None
        moto = _moto_mocking()
        if moto:
            _keep_moto_off_s3()
        if service != "s3":
            if service in fake.passthrough or moto:
                return None  # let it through: to the user's own mock (moto's `mock_aws`), or to AWS
            raise ServiceNotFakedError(
                f"pytest-s3fake answers S3 only; refusing {service} {operation} so it never reaches AWS. "
                f"To let {service} through (to your own mock, or a real endpoint), pass "
                f"S3Fake(passthrough=[{service!r}]) or @pytest.mark.s3fake(passthrough=[{service!r}])."
            )
        if _caller_awaits_handlers(sys._getframe(1)):
            from pytest_s3fake.aio import answer_async  # imports aiobotocore, only for aio clients

            return answer_async(fake, operation, request)
        return answer(fake, operation, request)


class _Body(io.BytesIO):
    """A response body botocore can read whole (`.stream()`) or as a StreamingBody (`.read(n)`)."""

    def stream(self, amt: int = 65536, decode_content: bool | None = None) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


def answer(fake: S3Fake, operation: str, request: Any) -> AWSResponse:
    """Answer one sync botocore attempt from `fake` (`attempt.respond`), after any injected latency:
    botocore's response object, or the injected network error raised where its HTTP layer raises it."""
    from pytest_s3fake.attempt import respond  # after the first request, a sys.modules look-up

    reply = respond(fake, operation, request)
    if reply.delay:
        time.sleep(reply.delay)
    if reply.error is not None:
        raise reply.error.with_traceback(None)
    assert reply.response is not None
    return to_aws_response(request.url, reply.response)


def to_aws_response(url: str, response: Response) -> AWSResponse:
    """botocore's response object for a finished `Response`."""
    headers: Any = dict(response.headers)  # AWSResponse takes any mapping (it keeps a HeadersDict)
    return AWSResponse(url, response.status, headers, _Body(response.body))


def _moto_mocking() -> bool:
    """Whether moto's `mock_aws` is active: then moto answers the services the fake does not (S3 stays
    ours, since this dispatcher runs before moto's handler), and no-network mode lets those through."""
    models = sys.modules.get("moto.core.models")
    return bool(getattr(getattr(models, "botocore_stubber", None), "enabled", False))


def _keep_moto_off_s3() -> None:
    """botocore runs every `before-send` handler and takes the first response, so moto's handler would
    also answer (and store) each S3 request the fake answered. Once per process, moto's handler class is
    taught to stand aside for S3 while a fake is active; everything else it answers as before."""
    stubber_type = type(sys.modules["moto.core.models"].botocore_stubber)
    if getattr(stubber_type, "_s3fake_stands_aside", False):
        return
    original = stubber_type.__call__

    def call(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        if event_name.startswith("before-send.s3.") and DISPATCHER.active() is not None:
            return None
        return original(self, event_name=event_name, request=request, **kwargs)

    stubber_type.__call__ = call
    stubber_type._s3fake_stands_aside = True


def _caller_awaits_handlers(emitter_frame: Any) -> bool:
    """True when the emitter calling us is a coroutine: aiobotocore's `AioHierarchicalEmitter._emit`,
    which awaits what handlers return. botocore's own emitter is a plain function and must get a plain
    AWSResponse, never a coroutine."""
    return bool(emitter_frame.f_code.co_flags & inspect.CO_COROUTINE)


#: The one dispatcher of this process.
DISPATCHER = Dispatcher()


def classic_transfers(**kwargs: Any) -> None:
    """While a fake is active, boto3's managed transfers (`upload_file`, `download_file`, ...) use
    s3transfer's classic manager, which sends through botocore, so the fake answers them.

    With awscrt installed, boto3 picks the CRT transfer manager on a CRT-optimised EC2 instance (or when
    `TransferConfig(preferred_transfer_client="crt")` asks for it); that client speaks HTTPS to AWS from
    native code, past botocore's events and past the socket guard. Once per process boto3's choice
    (`boto3.s3.transfer._should_use_crt`) is wrapped to answer "classic" while a fake is active; with none
    active it decides as before. Called when a fake starts and, as `creating-client-class.s3`, when an
    S3 client class is made (boto3 imports its transfer module for that client just after)."""
    module: Any = sys.modules.get("boto3.s3.transfer")
    if module is None:
        if "boto3" not in sys.modules or not kwargs:
            return  # not at fake start: boto3 imports it with its first client, and we come back then
        import boto3.s3.transfer

        module = boto3.s3.transfer
    original = getattr(module, "_should_use_crt", None)
    if original is None or getattr(original, "_s3fake_classic", False):
        return

    def should_use_crt(config: Any) -> bool:
        return DISPATCHER.active() is None and bool(original(config))

    should_use_crt._s3fake_classic = True  # type: ignore[attr-defined]
    module._should_use_crt = should_use_crt


def install() -> None:
    """Add the dispatcher to botocore's built-in handlers, once: every session made from now on has it.

    It goes first, so that with moto's `mock_aws` also active (moto appends its own `before-send`
    handler), S3 is answered by the fake and moto does no S3 work."""
    entry = ("before-send", DISPATCHER)
    if entry not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.insert(0, entry)
    transfers = ("creating-client-class.s3", classic_transfers)
    if transfers not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(transfers)


install()
