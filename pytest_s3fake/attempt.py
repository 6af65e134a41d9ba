"""Answering one HTTP attempt: botocore's prepared request -> Request -> fault check -> handler -> journal
-> AWSResponse. `transport.Dispatcher` calls `answer` for sync clients; `aio.answer_async` calls
`respond` and awaits the delay itself.

Every S3 error (from the wire, a fault or a handler) is rendered here, in one place.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from botocore.awsrequest import AWSResponse

from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_
from pytest_s3fake.ids import http_date
from pytest_s3fake.journal import Call
from pytest_s3fake.operations import OPERATIONS
from pytest_s3fake.transport import DOCS
from pytest_s3fake.wire import Request, Response, build_request, error_response

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake


class _Body(io.BytesIO):
    """A response body botocore can read whole (`.stream()`) or as a StreamingBody (`.read(n)`)."""

    def stream(self, amt: int = 65536, decode_content: bool | None = None) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


@dataclass(frozen=True, slots=True)
class Reply:
    """How one attempt is answered: a response, or a network error to raise where botocore's HTTP layer
    raises it; either after `delay` seconds, which the caller sleeps (or awaits, for an async client)."""

    response: AWSResponse | None
    error: BaseException | None = None
    delay: float = 0.0

    def deliver(self) -> AWSResponse:
        if self.error is not None:
            raise self.error.with_traceback(None)
        assert self.response is not None
        return self.response


def answer(fake: S3Fake, operation: str, aws_request: Any) -> AWSResponse:
    """Answer one HTTP attempt from `fake`, after any injected latency."""
    reply = respond(fake, operation, aws_request)
    if reply.delay:
        time.sleep(reply.delay)
    return reply.deliver()


def respond(fake: S3Fake, operation: str, aws_request: Any) -> Reply:
    """Build the Request, apply faults, run the handler, record the journal: the attempt's Reply.

    Every S3 error (from the wire, a fault or a handler) is rendered here, in one place; any other
    exception from a handler is a bug and propagates with its traceback. A fault answers before the
    handler runs, unless it is `applied`: then the handler runs first and its answer is dropped.
    """
    request_id, host_id = fake.ids.request_id(), fake.ids.host_id()
    req = Request(operation, aws_request.method, aws_request.url, None, None, {}, {}, b"")
    fault, delay = None, 0.0
    try:
        req = build_request(operation, aws_request)
        fault, outcome = fake.faults.check(req)
        delay = fault.latency if fault is not None else 0.0
        if outcome is None:
            fault = None  # no fault, or a delay-only one: the handler answers this attempt
            response, key_delay = _dispatch(fake, req)
            delay += key_delay
        else:
            assert fault is not None
            if fault.applied:
                delay += _take_effect(fake, req)
            if isinstance(outcome, S3Error):
                raise outcome
            # A network error, raised where botocore's HTTP layer raises it, so its retry modes see it.
            fake.calls.append(_call(req, None, request_id, fault, transport_error=outcome))
            return Reply(None, outcome, delay)
    except S3Error as error:
        response = error_response(error, method=req.method, request_id=request_id, host_id=host_id)
    fake.calls.append(_call(req, response, request_id, fault))
    return Reply(_to_aws_response(fake, aws_request.url, response, request_id, host_id), None, delay)


def _dispatch(fake: S3Fake, req: Request) -> tuple[Response, float]:
    """The handler's response, and the latency of the per-key DeleteObjects faults that fired."""
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
        response = handler(fake.store, req)
    return response, key_faults.delay if key_faults is not None else 0.0


def _take_effect(fake: S3Fake, req: Request) -> float:
    """Run the handler for an applied fault: the request changes state as it would have, and whatever
    it answered (even an S3 error) is lost, as a response is when the connection drops on its way back.
    Returns the latency of the per-key faults it met, as `_dispatch` does."""
    try:
        return _dispatch(fake, req)[1]
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


def _to_aws_response(fake: S3Fake, url: str, response: Response, request_id: str, host_id: str) -> AWSResponse:
    headers = {
        "x-amz-request-id": request_id,
        "x-amz-id-2": host_id,
        "Date": http_date(fake.clock.now()),
        "Server": "AmazonS3",
    }
    headers.update(response.headers)
    headers.setdefault("Content-Length", str(len(response.body)))
    # botocore-stubs type the headers as HTTPHeaders; botocore itself reads any mapping.
    return AWSResponse(url, response.status, cast(Any, headers), _Body(response.body))
