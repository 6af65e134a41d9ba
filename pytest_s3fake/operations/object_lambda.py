"""WriteGetObjectResponse: what an S3 Object Lambda function sends back to answer a GetObject made
through an Object Lambda access point.

The fake has no access points and runs no Lambda, so nothing waits for the answer: it is accepted and
kept in the journal, which is what a test of the function wants to read (its body, `x-amz-fwd-status`,
`x-amz-fwd-header-*`, `x-amz-meta-*`; see docs/object-lambda.md). botocore sends it to the host
`{RequestRoute}.s3-object-lambda.{region}.amazonaws.com`, so the route arrives as the request's bucket
label too; it names no bucket and none needs to exist. The route and the token are required (S3's
message for a missing header); the forwarded status, when sent, is an HTTP status code (100-599).
"""

from __future__ import annotations

from pytest_s3fake import values
from pytest_s3fake.errors.codes import InvalidArgument, InvalidRequest
from pytest_s3fake.model import Store
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


@operation("WriteGetObjectResponse")
def write_get_object_response(store: Store, req: Request) -> Response:
    """Accept an Object Lambda function's answer (kept in the journal; no access point forwards it)."""
    for name in ("x-amz-request-route", "x-amz-request-token"):
        if not req.header(name):
            raise InvalidRequest(f"Missing required header for this request: {name}")
    status = req.header("x-amz-fwd-status")
    if status is not None:
        code = values.parse_integer(status)
        if code is None or not 100 <= code <= 599:
            raise InvalidArgument("Invalid status code", argument_name="x-amz-fwd-status", argument_value=status)
    return Response.empty()
