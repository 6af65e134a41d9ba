"""PostObject: a browser form upload (multipart/form-data POST to the bucket), as `generate_presigned_post`
builds it. Reached only over HTTP; botocore's model has no such operation (server/routes.py rule 5).

https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html and
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from pytest_s3fake.errors.codes import (
    AccessDenied,
    EntityTooLarge,
    EntityTooSmall,
    InvalidArgument,
    InvalidPolicyDocument,
)
from pytest_s3fake.formdata import parse_form
from pytest_s3fake.model import Store
from pytest_s3fake.operations.objects import put_object
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

#: Form fields that are not object headers and that a policy need not name.
_NOT_HEADERS = {"policy", "x-amz-signature", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
                "x-amz-security-token", "file", "key", "success_action_status", "success_action_redirect",
                "redirect", "awsaccesskeyid", "signature", "bucket"}
_HEADER_FIELDS = ("content-type", "cache-control", "content-disposition", "content-encoding", "expires",
                  "x-amz-storage-class", "x-amz-tagging", "x-amz-website-redirect-location")


def _check_policy(policy_b64: str, fields: dict[str, str], bucket: str, size: int, now: datetime) -> None:
    """The policy's expiration and every condition, as S3 checks them; InvalidPolicyDocument or AccessDenied."""
    try:
        policy = json.loads(base64.b64decode(policy_b64, validate=True))
        expiration = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
        conditions = policy.get("conditions", [])
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise InvalidPolicyDocument(f"Invalid Policy: Invalid JSON. {error}") from None
    if now > expiration:
        raise AccessDenied("Invalid according to Policy: Policy expired.")
    values = {**fields, "bucket": bucket}
    for condition in conditions:
        if isinstance(condition, dict):
            condition = ["eq", *next(iter(condition.items()))] if len(condition) == 1 else None
        if not isinstance(condition, list) or len(condition) != 3:
            raise InvalidPolicyDocument("Invalid Policy: Invalid Simple-Condition: wrong number of elements.")
        op, name, expected = condition
        if op == "content-length-range":
            if size < int(name):
                raise EntityTooSmall(proposed_size=size, min_size_allowed=int(name))
            if size > int(expected):
                raise EntityTooLarge(proposed_size=size, max_size_allowed=int(expected))
            continue
        field = str(name).lstrip("$").lower()
        got = values.get(field, "")
        if (op == "eq" and got != expected) or (op == "starts-with" and not got.startswith(str(expected))) \
                or op not in ("eq", "starts-with"):
            raise AccessDenied(f'Invalid according to Policy: Policy Condition failed: ["{op}", "${field}", '
                               f'"{expected}"]')


@operation("PostObject")
def post_object(store: Store, req: Request) -> Response:
    """Store the form's file under its `key` (with `${filename}`), after the policy's conditions."""
    fields, filename, data = parse_form(req.headers.get("content-type", ""), req.body)
    if "key" not in fields:
        raise InvalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check "
                              "the order of the fields.", argument_name="key", argument_value="")
    key = fields["key"].replace("${filename}", filename)
    fields["key"] = key
    if "policy" in fields:
        _check_policy(fields["policy"], fields, req.bucket or "", len(data), store.clock.now())
    headers: dict[str, Any] = {name: fields[name] for name in _HEADER_FIELDS if name in fields}
    headers.update({n: v for n, v in fields.items() if n.startswith("x-amz-meta-")})
    headers["content-length"] = str(len(data))
    base = req.url.split("?")[0].rstrip("/")
    put = replace(req, operation="PutObject", method="PUT", url=f"{base}/{quote(key)}", key=key,
                  query={}, headers=headers, body=data)
    stored = put_object(store, put)
    etag = stored.headers.get("ETag", "")
    answer = {"ETag": etag, "Location": f"{base}/{quote(key)}"}
    # The version id and the checksum PutObject stored (S3's default CRC64NVME when the form sent none:
    # LocalStack's AWS-validated test_post_object_default_checksum).
    answer.update({name: value for name, value in stored.headers.items()
                   if name == "x-amz-version-id" or name.startswith("x-amz-checksum-")})
    redirect = fields.get("success_action_redirect") or fields.get("redirect")
    if redirect:
        query = urlencode({"bucket": req.bucket, "key": key, "etag": etag})
        location = redirect + ("&" if "?" in redirect else "?") + query
        return Response.empty(303, {**answer, "Location": location})
    status = fields.get("success_action_status", "204")
    if status == "201":
        return Response.xml("PostResponse", {"Location": answer["Location"], "Bucket": req.bucket, "Key": key,
                                             "ETag": etag}, status=201, headers=answer)
    return Response.empty(200 if status == "200" else 204, answer)
