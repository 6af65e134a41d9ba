"""Answering one HTTP attempt, whatever door it came by: Incoming -> Request -> fault check -> handler ->
journal -> Reply.

A door hands over an `Incoming` (method, URL, headers, body) and gets back a `Reply`: a finished
`Response` (with S3's request-id, date and length headers), or a network error to stand for a lost
connection, and a delay to wait first. The botocore door (`transport.answer`, `aio.answer_async`) turns
the Reply into botocore's response object or raises the error where botocore's HTTP layer raises it; the
HTTP door (`server/app.py`) writes the response to its socket, or resets the connection. No handler
knows which door a request came by.

Every S3 error (from the wire, a fault or a handler) is rendered here, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_
from pytest_s3fake.ids import http_date
from pytest_s3fake.journal import Call
from pytest_s3fake.operations import OPERATIONS
from pytest_s3fake.operations.access import authorize
from pytest_s3fake.transport import DOCS
from pytest_s3fake.wire import Request, Response, build_request, error_response

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake


@dataclass(frozen=True, slots=True)
class Incoming:
    """One HTTP request as a door received it, before S3 reads anything from it.

    `url` is absolute (scheme, host as the client addressed it, path and query, percent-encoded as sent);
    `headers` any mapping of names to str or bytes values (names in any case); `body` bytes, or anything
    `bodies.read_body` reads: a stream with `read()`, an iterable of bytes, str or None. botocore's prepared
    request has the same four attributes, so the botocore door passes it as it is.
    """

    method: str
    url: str
    headers: Mapping[str, Any]
    body: object = b""


@dataclass(frozen=True, slots=True)
class Reply:
    """How one attempt is answered: a finished response, or a network error that stands for a lost
    connection; either after `delay` seconds, which the door waits (sleeps, awaits, or holds the socket)."""

    response: Response | None
    error: BaseException | None = None
    delay: float = 0.0


def respond(fake: S3Fake, operation: str, incoming: Any) -> Reply:
    """Build the Request, apply faults, run the handler, record the journal: the attempt's Reply.

    `incoming` is an `Incoming`, or any object with its four attributes (botocore's prepared request).
    Every S3 error (from the wire, a fault or a handler) is rendered here, in one place; any other
    exception from a handler is a bug and propagates with its traceback. A fault answers before the
    handler runs, unless it is `applied`: then the handler runs first and its answer is dropped.
    """
    request_id, host_id = fake.ids.request_id(), fake.ids.host_id()
    req = Request(operation, incoming.method, incoming.url, None, None, {}, {}, b"")
    fault, delay = None, 0.0
    try:
        if fake.verify_signatures and operation not in UNSIGNED_OPERATIONS:
            check_signature(fake, incoming)
        req = build_request(operation, incoming)
        if fake.verify_signatures and operation == "PostObject":
            from pytest_s3fake.sigv4 import verify_post

            verify_post(fake, req)
        fault, outcome = fake.faults.check(req)
        delay = fault.latency if fault is not None else 0.0
        if outcome is None:
            fault = None  # no fault, or a delay-only one: the handler answers this attempt
            response, key_delay = _dispatch(fake, req, request_id, host_id)
            delay += key_delay
        else:
            assert fault is not None
            if fault.applied:
                delay += _take_effect(fake, req, request_id, host_id)
            if isinstance(outcome, S3Error):
                raise outcome
            # A network error: the botocore door raises it where botocore's HTTP layer raises it, so its
            # retry modes see it; the HTTP door drops the connection instead.
            fake.calls.append(_call(req, None, request_id, fault, transport_error=outcome))
            return Reply(None, outcome, delay)
    except S3Error as error:
        response = error_response(error, method=req.method, request_id=request_id, host_id=host_id)
    fake.calls.append(_call(req, response, request_id, fault))
    return Reply(_finish(fake, response, request_id, host_id), None, delay)


#: Requests S3 authenticates otherwise: a CORS preflight carries no credentials, and a browser form
#: (PostObject) is signed by its policy, which the handler checks from the form's fields.
UNSIGNED_OPERATIONS = frozenset({"", "PostObject", "Preflight"})


def check_signature(fake: S3Fake, incoming: Any) -> None:
    """Raise S3's error unless `incoming` is signed (SigV4, header or query) by a pair the fake knows."""
    from pytest_s3fake.sigv4 import verify_request

    verify_request(fake, incoming)


def answer_outside(fake: S3Fake, operation: str, incoming: Any, produce: Callable[[Request], Response]) -> Reply:
    """Answer `incoming` with `produce(req)` instead of an operation's handler, and journal it: a request
    no route matches (`operation` is then "" and `produce` raises MethodNotAllowed), a CORS preflight, or
    one whose signature does not check out. `produce` may raise an S3Error; no fault applies."""
    request_id, host_id = fake.ids.request_id(), fake.ids.host_id()
    try:
        req = build_request(operation, incoming)
    except S3Error:
        req = Request(operation, incoming.method, incoming.url, None, None, {}, {}, b"")
    try:
        response = produce(req)
    except S3Error as error:
        response = error_response(error, method=req.method, request_id=request_id, host_id=host_id)
    fake.calls.append(_call(req, response, request_id, None))
    return Reply(_finish(fake, response, request_id, host_id))


def refuse(fake: S3Fake, operation: str, incoming: Any, error: S3Error) -> Reply:
    """Answer `incoming` with `error` before any operation runs, and journal it."""

    def raise_error(req: Request) -> Response:
        raise error

    return answer_outside(fake, operation, incoming, raise_error)


def _dispatch(fake: S3Fake, req: Request, request_id: str = "", host_id: str = "") -> tuple[Response, float]:
    """The handler's response, and the latency of the per-key DeleteObjects faults that fired. On a
    bucket with notifications, the handler runs through `fake.events`, which records their events."""
    handler = OPERATIONS.get(req.operation)
    if handler is None:
        raise NotImplementedError_(
            f"pytest-s3fake does not implement {req.operation} yet; see {DOCS}/supported-operations.md",
            operation=req.operation,
        )
    key_faults = fake.faults.key_fault(req) if req.operation == "DeleteObjects" else None
    if key_faults is not None:
        req = replace(req, key_fault=key_faults)
    with fake.store.lock:
        req = authorize(fake.store, req)  # a bucket policy's explicit Deny
        watched = fake.events.watch(fake.store, req)
        if watched is None:
            response = handler(fake.store, req)
        else:
            response = fake.events.run(watched, handler, fake.store, req, request_id, host_id)
    return response, key_faults.delay if key_faults is not None else 0.0


def _take_effect(fake: S3Fake, req: Request, request_id: str, host_id: str) -> float:
    """Run the handler for an applied fault: the request changes state as it would have, and whatever
    it answered (even an S3 error) is lost, as a response is when the connection drops on its way back.
    Returns the latency of the per-key faults it met, as `_dispatch` does."""
    try:
        return _dispatch(fake, req, request_id, host_id)[1]
    except S3Error:
        return 0.0


def _call(req: Request, response: Response | None, request_id: str, fault: Any,
          transport_error: BaseException | None = None) -> Call:
    error_code = None
    if response is not None and response.status >= 300:
        error_code = response.error_code or str(response.status)
    elif transport_error is not None:
        error_code = type(transport_error).__name__
    return Call(
        operation=req.operation, method=req.method, bucket=req.bucket, key=req.key, query=req.query,
        headers=req.headers, body=req.body, status=response.status if response is not None else 0,
        error_code=error_code, attempt=req.attempt, request_id=request_id, fault=fault,
    )


def _finish(fake: S3Fake, response: Response, request_id: str, host_id: str) -> Response:
    """The response with the headers S3 puts on every answer; the handler's own headers win."""
    headers = {
        "x-amz-request-id": request_id,
        "x-amz-id-2": host_id,
        "Date": http_date(fake.clock.now()),
        "Server": "AmazonS3",
    }
    headers.update(response.headers)
    headers.setdefault("Content-Length", str(len(response.body)))
    return Response(response.status, headers, response.body, response.error_code)
